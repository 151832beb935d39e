/**
 * @svd/linalg — dense linear algebra on @svd/tensor tensors: SVD, QR, symmetric eigen,
 * Cholesky, LU, solvers, inverse, determinants, pseudo-inverse, rank, norms, condition numbers.
 *
 * Every decomposition acts on the last two axes; leading axes are a batch. Plain tensors in,
 * plain tensors (or plain tuples of tensors) out. float64 and complex128 are native; float32 and
 * complex64 are computed in double precision and rounded once.
 */
export { ConvergenceError, LinAlgError, NotPositiveDefiniteError } from './errors.js';
export type { LinAlgErrorCode } from './errors.js';
export { svd, svdvals } from './svd.js';
export type { SvdOptions } from './svd.js';
export { qr } from './qr.js';
export type { QrMode, QrOptions } from './qr.js';
export { eigh, eigvalsh } from './eigh.js';
export type { EighOptions, Uplo } from './eigh.js';
export { eig, eigvals } from './eig.js';
export { cholesky } from './cholesky.js';
export type { CholeskyOptions } from './cholesky.js';
export { lu } from './lu.js';
export { solve } from './solve.js';
export { solveTriangular } from './solveTriangular.js';
export type { SolveTriangularOptions } from './solveTriangular.js';
export { inv } from './inv.js';
export { det, slogdet } from './det.js';
export { pinv } from './pinv.js';
export type { PinvOptions } from './pinv.js';
export { matrixRank } from './matrixRank.js';
export type { MatrixRankOptions } from './matrixRank.js';
export { norm } from './norm.js';
export type { MatrixNormOrd } from './norm.js';
export { cond } from './cond.js';
/** Raw float64 / interleaved-complex row-major kernels, for authors of differentiation rules and benchmarks. Not semver-stable. */
export * as kernels from './kernels/index.js';
export { matrixExp } from './matrixExp.js';
export { lstsq } from './lstsq.js';
export type { LstsqOptions } from './lstsq.js';
export { polar } from './polar.js';
export { luFactor } from './luFactor.js';
export { luSolve } from './luSolve.js';
export { choleskySolve, choleskyInverse } from './choleskySolve.js';
export type { CholeskySolveOptions } from './choleskySolve.js';
export { matrixPower } from './matrixPower.js';
export { multiDot } from './multiDot.js';
export { svds } from './svds.js';
export type { KrylovMethod, SvdsOptions } from './svds.js';
export type { LinearOperator } from './krylov/linearOperator.js';
export { eigsh } from './eigsh.js';
export type { EigshOptions, EigshWhich } from './eigsh.js';
export { svdLowRank } from './svdLowRank.js';
export type { SvdLowRankOptions } from './svdLowRank.js';
