// Type-checked (never run) under moduleResolution node16 as CommonJS: `import x = require()`
// resolves each package's "require" types (dist/index.d.cts).
import gradcheckPkg = require('@svd/gradcheck');
import linalg = require('@svd/linalg');
import opsSvd = require('@svd/ops-svd');
import tape = require('@svd/tape');
import tensor = require('@svd/tensor');

const A: tape.Var = tape.variable(tensor.randn([4, 6], { seed: 2018 }));
const [U, S, V] = opsSvd.svd(A);
tape.backward([U, S, V], [tensor.randn([4, 4], { seed: 1 }), tensor.randn([4], { seed: 2 }), tensor.randn([6, 4], { seed: 3 })]);
const values: tensor.Tensor = linalg.svdvals(A.value);
const ok: boolean = gradcheckPkg.gradcheck(gradcheckPkg.uvAdjoint((a: tape.Var) => opsSvd.svd(a)), [A.value]).ok;
export = { values, ok, grad: A.grad };

// @ts-expect-error a Tensor is not a number
const notANumber: number = values;
void notANumber;
