/**
 * The named hot kernels of @svd/tensor. They work on raw typed arrays (no Tensor), so
 * @svd/linalg can call them on sub-blocks of its work buffers.
 */
export { type RealArray, gemm } from './gemm.js';
export { complexGemm } from './complexGemm.js';
