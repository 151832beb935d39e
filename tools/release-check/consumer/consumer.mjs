// ESM consumer of the packed tarballs (run by tools/release-check/test/pack.test.ts from a scratch
// project outside the workspace). Keep in step with consumer.cjs and scenario() in the test.
import { uvAdjoint, gradcheck } from '@svd/gradcheck';
import { svdvals } from '@svd/linalg';
import { svd } from '@svd/ops-svd';
import { backward, variable } from '@svd/tape';
import { randn } from '@svd/tensor';

const A = variable(randn([4, 6], { seed: 2018 }));
const [U, S, V] = svd(A);
backward([U, S, V], [randn([4, 4], { seed: 1 }), randn([4], { seed: 2 }), randn([6, 4], { seed: 3 })]);
const report = gradcheck(uvAdjoint((a) => svd(a)), [A.value]);
console.log(
  JSON.stringify({
    format: 'esm',
    grad: Array.from(A.grad.toTypedArray()),
    singularValues: Array.from(svdvals(A.value).toTypedArray()),
    gradcheck: report.ok,
  }),
);
