/**
 * @svd/tensor — N-d strided float64/float32/complex tensors: creation, views, broadcasting
 * elementwise ops, reductions, matmul, tensordot, einsum.
 *
 * The public surface is this explicit list (`api-report.md` beside this package records it; a
 * test fails when the two differ). Two namespaces are not semver-stable: `kernels` (raw GEMM on
 * typed arrays and its wasm switch) and `internal` (helpers the sibling packages share).
 */
export type { Buffer, ComplexDType, DType, RealDType } from './dtype.js';
export {
  DTYPES,
  complexDType,
  epsOf,
  isComplex,
  isDType,
  isSinglePrecision,
  itemWidth,
  promoteTypes,
  realDType,
} from './dtype.js';
export type { SvdErrorCode } from './errors.js';
export { DTypeError, IndexError, ShapeError, SvdError, ThreadError, ValueError } from './errors.js';
export { getThreads, setThreads } from './threads/threadConfig.js';
export { broadcastShapes } from './shape.js';
export type { ComplexPair, NestedArray } from './Tensor.js';
export { Tensor } from './Tensor.js';
export { isTensor } from './brand.js';
export { describeValue } from './describeValue.js';
export { checkTensor } from './checkTensor.js';
export type { CreationOptions, TensorOptions } from './creation.js';
export { arange, diag, eye, full, linspace, ones, onesLike, scalar, tensor, zeros, zerosLike } from './creation.js';
export type { SliceSpec } from './views.js';
export {
  adjoint,
  broadcastTensors,
  broadcastTo,
  conj,
  contiguous,
  diagonal,
  expand,
  flatten,
  matrixTranspose,
  permute,
  reshape,
  slice,
  squeeze,
  swapAxes,
  transpose,
  unsqueeze,
} from './views.js';
export type { Operandish } from './elementwise.js';
export {
  abs,
  add,
  addScalar,
  angle,
  conjPhysical,
  cos,
  div,
  equal,
  exp,
  greater,
  greaterEqual,
  less,
  lessEqual,
  log,
  maximum,
  minimum,
  mul,
  neg,
  notEqual,
  pow,
  reciprocal,
  scale,
  sign,
  sin,
  sqrt,
  square,
  sub,
  tanh,
  where,
} from './elementwise.js';
export type { ArgOptions, NormOptions, ReduceOptions } from './reductions.js';
export { argmax, argmin, max, mean, min, norm, prod, sum } from './reductions.js';
export { concat, diagEmbed, flip, outer, stack, trace, tril, triu } from './structure.js';
export type { RandomOptions } from './random.js';
export { Rng, rand, randn, randomOrthogonal, randomUniform } from './random.js';
export type { FormatOptions } from './format.js';
export { formatTensor } from './format.js';
export type { CloseOptions } from './compare.js';
export { allFinite, allclose, arrayEqual, isFinite, isclose } from './compare.js';
export { dot, matmul, vdot } from './matmul.js';
export type { TensordotAxes } from './tensordot.js';
export { tensordot } from './tensordot.js';
export { einsum } from './einsum.js';
export { complex, imag, real } from './complexParts.js';
/**
 * Raw row-major kernels on typed arrays (`gemm`, `complexGemm`) and the switch between their
 * JavaScript and WebAssembly paths, for @svd/linalg and the benchmarks. Not semver-stable.
 */
export * as kernels from './kernels/index.js';
/**
 * Helpers shared with the sibling packages, tape and linalg (buffer allocation, shape formatting for error
 * messages). Not semver-stable; applications should not need them.
 */
export * as internal from './internal.js';
