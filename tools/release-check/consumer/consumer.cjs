// CommonJS consumer of the packed tarballs: the same computation as consumer.mjs, through require().
const { uvAdjoint, gradcheck } = require('@svd/gradcheck');
const { kernels: linalgKernels, svdvals } = require('@svd/linalg');
const { svd } = require('@svd/ops-svd');
const { backward, variable } = require('@svd/tape');
const { internal, randn, setThreads } = require('@svd/tensor');

const A = variable(randn([4, 6], { seed: 2018 }));
const [U, S, V] = svd(A);
backward([U, S, V], [randn([4, 4], { seed: 1 }), randn([4], { seed: 2 }), randn([6, 4], { seed: 3 })]);
const report = gradcheck(uvAdjoint((a) => svd(a)), [A.value]);

// A batch on the thread pool (as in consumer.mjs).
setThreads(2);
linalgKernels.batchParallelTesting.setCrossoverScale(0);
internal.threadPoolTesting.warmUp().then(() => {
  const B = randn([64, 24, 24], { seed: 7 });
  let batchPartsByWorkers = 0;
  let batchSingularValues = [];
  for (let r = 0; r < 20; r++) {
    batchSingularValues = Array.from(svdvals(B).toTypedArray());
    batchPartsByWorkers += internal.threadPoolTesting.lastJobChunksByWorkers();
  }
  console.log(
    JSON.stringify({
      format: 'cjs',
      grad: Array.from(A.grad.toTypedArray()),
      singularValues: Array.from(svdvals(A.value).toTypedArray()),
      gradcheck: report.ok,
      batchSingularValues,
      batchOnWorkers: batchPartsByWorkers > 0,
    }),
  );
});
