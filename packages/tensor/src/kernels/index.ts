/**
 * The named hot kernels of @svd/tensor. They work on raw typed arrays (no Tensor), so
 * @svd/linalg can call them on sub-blocks of its work buffers.
 */
export { gemm } from './gemm.js';
export { complexGemm } from './complexGemm.js';
export {
  type ComplexScalar,
  type GemmOutput,
  type RealArray,
  type StridedOperand,
  conjugated,
  rowMajor,
  transposed,
} from './gemmOperand.js';
