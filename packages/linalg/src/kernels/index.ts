/**
 * Float64 dense linear-algebra kernels on raw row-major Float64Array buffers.
 * No Tensor types here: the public linalg API wraps these. (kernels/svd is wired separately.)
 */
export { ConvergenceError, KernelError, NotPositiveDefiniteError } from './errors.js';
export type { KernelErrorCode } from './errors.js';
export { EPS_HALF_ULP, SAFE_MAX, SAFE_MIN, ULP, powerOfTwo } from './floatConstants.js';
export { clearNegativeZeros } from './negativeZero.js';
export { safeHypot } from './safeHypot.js';
export { safeNorm2 } from './safeNorm2.js';
export { applyReflectorLeft, generateReflector, generateReflectorNonNegative } from './householderReflector.js';
export { extractR, formQ, householderQR } from './householderQR.js';
export { eigen2x2Out, planeRotation, rotationOut, symmetric2x2Eigen } from './planeRotation.js';
export { formTridiagonalQ, symmetricTridiagonalize } from './symmetricTridiagonalize.js';
export { tridiagonalQL } from './tridiagonalQL.js';
export { symmetricEigen } from './symmetricEigen.js';
export { choleskyFactor } from './choleskyFactor.js';
export { luFactor } from './luFactor.js';
export { triangularSolve } from './triangularSolve.js';
export type { TriangularSolveOptions } from './triangularSolve.js';
