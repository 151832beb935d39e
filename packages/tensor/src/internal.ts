/**
 * Helpers the sibling packages (tape, linalg) share with @svd/tensor, exported as the `internal`
 * namespace. Not semver-stable: they exist so that @svd/tape and @svd/linalg allocate buffers and
 * word error messages exactly as @svd/tensor does, not for applications.
 */
export { allocate } from './dtype.js';
export { fmtShape } from './errors.js';
export { poolTesting as threadPoolTesting } from './threads/threadPool.js';
export { gemmParallelTesting } from './threads/parallelGemm.js';
export { gemvParallelTesting } from './threads/parallelGemv.js';
