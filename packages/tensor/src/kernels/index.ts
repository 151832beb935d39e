/**
 * The named hot kernels of @svd/tensor. They work on raw typed arrays (no Tensor), so
 * @svd/linalg can call them on sub-blocks of its work buffers. Exported from the package as the
 * `kernels` namespace; not semver-stable.
 */
export { gemm } from './gemm.js';
export { gemmLowerBlocks } from './gemmLowerBlocks.js';
export { sharedWorkArray } from '../threads/sharedWorkArray.js';
export { complexGemm } from './complexGemm.js';
export { addTransposedProduct, gemvWorkspace, rowProducts } from './gemv.js';
export {
  type ComplexScalar,
  type GemmOutput,
  type RealArray,
  type StridedOperand,
  conjugated,
  rowMajor,
  transposed,
} from './gemmOperand.js';
export { type GemmPath, gemmPath, setGemmPath, wasmGemmAvailable, wasmSimdSupported } from './gemmWasm.js';
export { Code, F64, I32, V128, type ValType, wasmModule } from './wasmEmit.js';
export { PAGE as WASM_PAGE } from './wasmPanelArena.js';
export { wasmZgemmAvailable } from './complexGemmWasm.js';
export {
  type TaskModule,
  parallelTasksAvailable,
  runParallelTasks,
} from '../threads/parallelTasks.js';
