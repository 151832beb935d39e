// ESM consumer of the packed tarballs (run by tools/release-check/test/pack.test.ts from a scratch
// project outside the workspace). Keep in step with consumer.cjs and scenario() in the test.
import { uvAdjoint, gradcheck } from '@svd/gradcheck';
import { kernels as linalgKernels, svdvals } from '@svd/linalg';
import { svd } from '@svd/ops-svd';
import { backward, variable } from '@svd/tape';
import { internal, randn, setThreads } from '@svd/tensor';

const A = variable(randn([4, 6], { seed: 2018 }));
const [U, S, V] = svd(A);
backward([U, S, V], [randn([4, 4], { seed: 1 }), randn([4], { seed: 2 }), randn([6, 4], { seed: 3 })]);
const report = gradcheck(uvAdjoint((a) => svd(a)), [A.value]);

// A batch on the thread pool: one matrix per thread, the workers running the packed linalg's
// bundled batch kernels; the bits must be those of one thread.
setThreads(2);
linalgKernels.batchParallelTesting.setCrossoverScale(0);
await internal.threadPoolTesting.warmUp();
const B = randn([64, 24, 24], { seed: 7 });
let batchPartsByWorkers = 0;
let batchSingularValues = [];
for (let r = 0; r < 20; r++) {
  batchSingularValues = Array.from(svdvals(B).toTypedArray());
  batchPartsByWorkers += internal.threadPoolTesting.lastJobChunksByWorkers();
}
console.log(
  JSON.stringify({
    format: 'esm',
    grad: Array.from(A.grad.toTypedArray()),
    singularValues: Array.from(svdvals(A.value).toTypedArray()),
    gradcheck: report.ok,
    batchSingularValues,
    batchOnWorkers: batchPartsByWorkers > 0,
  }),
);
