/** Float64 SVD kernels on raw row-major Float64Array buffers (no Tensor dependency). */
export {
  svdKernel,
  bidiagonalSvdValues,
  type SvdJob,
  type SvdKernelOptions,
  type SvdKernelResult,
  type SvdTarget,
} from './svdKernel.js';
