// An ESM app that mixes the packed builds (run by the "mixing the ESM and CJS builds" case of
// tools/release-check/test/pack.test.ts): @svd/tensor and @svd/tape come through `import` (ESM
// build), @svd/linalg and @svd/ops-svd through `require` (CJS build, which loads the CJS builds
// of tensor and tape): two Tensor classes and two Var classes in one process. Tensors and Vars
// are recognised by Symbol.for brands, so everything below must work and give the numbers of a
// single-build run.
import { createRequire } from 'node:module';
import { backward, isVar, Var, variable } from '@svd/tape';
import { Tensor, isTensor, randn, tensor } from '@svd/tensor';

const require = createRequire(import.meta.url);
const linalg = require('@svd/linalg');
const opsSvd = require('@svd/ops-svd');
const tensorCjs = require('@svd/tensor');
const tapeCjs = require('@svd/tape');

// The case: import { tensor } from '@svd/tensor' + require('@svd/linalg').svd(tensor(...)).
const [, S0] = linalg.svd(tensor([[3, 1, 2], [1, 4, 0]]));

// The pack test's scenario with the ESM tape and the CJS rules: ESM Var in, CJS Vars out, ESM backward.
const A = variable(randn([4, 6], { seed: 2018 }));
const [U, S, V] = opsSvd.svd(A);
backward([U, S, V], [randn([4, 4], { seed: 1 }), randn([4], { seed: 2 }), randn([6, 4], { seed: 3 })]);

console.log(
  JSON.stringify({
    twoTensorClasses: tensorCjs.Tensor !== Tensor,
    twoVarClasses: tapeCjs.Var !== Var,
    svdS: Array.from(S0.toTypedArray()),
    cjsResultIsTensor: isTensor(S0) && S0 instanceof Tensor && tensorCjs.isTensor(tensor([1])),
    cjsOutputIsVar: isVar(U) && U instanceof Var && tapeCjs.isVar(A),
    grad: Array.from(A.grad.toTypedArray()),
    singularValues: Array.from(linalg.svdvals(A.value).toTypedArray()),
  }),
);
