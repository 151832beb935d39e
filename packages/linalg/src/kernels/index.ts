/**
 * Float64 dense linear-algebra kernels on raw row-major Float64Array buffers. Internal: the
 * public API in ../*.ts wraps them in Tensors. Exported from the package as the `kernels`
 * namespace for authors of differentiation rules and benchmarks; not semver-stable.
 *
 * One set of shared numeric helpers (machine constants, safe hypot / norm, Householder
 * reflectors, Givens rotations, power-of-two range scaling, −0 cleanup) serves both the dense
 * kernels in this folder and the SVD kernels in ./svd.
 */
export { ConvergenceError, LinAlgError, NotPositiveDefiniteError } from '../errors.js';
export { BIGNUM, EPS, SAFE_MAX, SAFE_MIN, SMLNUM, ULP, powerOfTwo } from './machineConstants.js';
export { clearNegativeZeros } from './negativeZero.js';
export { safeHypot } from './safeHypot.js';
export { safeNorm2 } from './safeNorm2.js';
export { maxAbs, safeRangeExponent, scaleByPowerOfTwo } from './powerOfTwoScaling.js';
export { applyReflectorLeft, generateReflector, generateReflectorNonNegative } from './householderReflector.js';
export { GivensRotation } from './givensRotation.js';
export { eigen2x2Out, symmetric2x2Eigen } from './symmetric2x2Eigen.js';
export { extractR, formQ, householderQR } from './householderQR.js';
export { formTridiagonalQ, symmetricTridiagonalize } from './symmetricTridiagonalize.js';
export { blockedTridiagonalize } from './blockedTridiagonalize.js';
export { tridiagonalQL } from './tridiagonalQL.js';
export { tridiagonalDivideConquer } from './tridiagonalDivideConquer.js';
export { symmetricBackTransform } from './symmetricBackTransform.js';
export { symmetricEigen } from './symmetricEigen.js';
export { choleskyFactor } from './choleskyFactor.js';
export { luFactor } from './luFactor.js';
export { triangularSolve } from './triangularSolve.js';
export type { TriangularSolveOptions } from './triangularSolve.js';
export { matrixChainOrder } from './matrixChainOrder.js';
export { bidiagonalSvdValues, svdKernel } from './svd/index.js';
export type { SvdJob, SvdKernelOptions, SvdKernelResult, SvdTarget } from './svd/index.js';
// Complex (interleaved re, im) kernels: zlarfg-style reflectors with real β, so the SVD and the
// Hermitian eigensolver finish on the real bidiagonal / tridiagonal iterations above.
export {
  applyComplexReflectorLeft,
  applyComplexReflectorRight,
  generateComplexReflector,
} from './complex/complexHouseholderReflector.js';
export { complexBidiagonalize } from './complex/complexBidiagonalize.js';
export type { ComplexBidiagonal } from './complex/complexBidiagonalize.js';
export {
  complexHouseholderQR,
  extractComplexR,
  formComplexQ,
  normalizeQRSigns,
} from './complex/complexHouseholderQR.js';
export { formHermitianTridiagonalQ, hermitianTridiagonalize } from './complex/hermitianTridiagonalize.js';
export { blockedHermitianTridiagonalize } from './complex/blockedHermitianTridiagonalize.js';
export { hermitianBackTransform } from './complex/hermitianBackTransform.js';
export { hermitianEigen } from './complex/hermitianEigen.js';
export { complexCholesky } from './complex/complexCholesky.js';
export { complexLU } from './complex/complexLU.js';
export { complexTriangularSolve } from './complex/complexTriangularSolve.js';
export { complexSvdKernel } from './complex/complexSvdKernel.js';
// General (non-symmetric) eigenproblem: dgeev / zgeev.
export { generalEigen } from './eig/generalEigen.js';
// The norm family's argument handling and bodies, so @svd/ops-svd validates and words errors identically.
export { normDispatch, resolveMatrixNormArgs, resolveVectorNormArgs } from '../normDispatch.js';
export type { NormPlan } from '../normDispatch.js';
export { vectorNormAlong } from '../vectorNorm.js';
export { matrixNormAlong } from '../matrixNorm.js';
export { rectangularLU } from './rectangularLU.js';
// One matrix per thread for batches: the crossover hook for tests and benchmarks.
export { batchParallelTesting } from '../threads/parallelBatch.js';
