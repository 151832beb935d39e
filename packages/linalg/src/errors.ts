import { SvdError } from '@svd/tensor';

/**
 * Errors raised by @svd/linalg. All three extend @svd/tensor's `SvdError` (stable `code`,
 * `op`, message prefixed by the operation). `ConvergenceError` and `NotPositiveDefiniteError`
 * are also `LinAlgError`s, so `err instanceof LinAlgError` catches every numerical failure of a
 * decomposition, the way NumPy's `LinAlgError` does.
 */

/** Codes a linear-algebra failure can carry. */
export type LinAlgErrorCode = 'LINALG' | 'CONVERGENCE' | 'NOT_POSITIVE_DEFINITE';

/**
 * The input cannot be decomposed or solved: non-finite entries, a singular matrix, ...
 * The base class of every linear-algebra failure, so one `instanceof` check catches them all.
 *
 * @example
 * try {
 *   inv(tensor([[1, 2], [2, 4]]));
 * } catch (e) {
 *   if (e instanceof LinAlgError) console.log(e.message);
 *   // "inv: the matrix is singular (U[1,1] is exactly zero)" (e.code === 'LINALG')
 * }
 */
export class LinAlgError extends SvdError {
  constructor(op: string, message: string, code: LinAlgErrorCode = 'LINALG') {
    super(code, op, message);
  }
}

/**
 * An iterative algorithm hit its iteration cap (svd's bidiagonal QR, eigh's QL/QR): reported
 * instead of looping forever or returning unconverged values.
 *
 * @example
 * try {
 *   svd(A);
 * } catch (e) {
 *   if (e instanceof ConvergenceError) console.warn(e.code, e.iterations); // 'CONVERGENCE', steps performed
 * }
 */
export class ConvergenceError extends LinAlgError {
  /** Inner steps or sweeps performed before giving up, when the kernel counts them. */
  readonly iterations: number | undefined;
  constructor(op: string, message: string, iterations?: number) {
    super(op, message, 'CONVERGENCE');
    this.iterations = iterations;
  }
}

/**
 * Cholesky met a leading minor that is not positive definite.
 *
 * @example
 * try {
 *   cholesky(tensor([[1, 2], [2, 1]]));
 * } catch (e) {
 *   if (e instanceof NotPositiveDefiniteError) e.order; // 2: the leading 2×2 minor is not positive definite
 * }
 */
export class NotPositiveDefiniteError extends LinAlgError {
  /** 1-based order of the first leading minor that is not positive definite (LAPACK's INFO). */
  readonly order: number;
  constructor(op: string, order: number, suffix = '') {
    super(op, `the leading minor of order ${order} is not positive definite${suffix}`, 'NOT_POSITIVE_DEFINITE');
    this.order = order;
  }
}

/**
 * The same error re-issued for the public operation `op` (a kernel may report 'svd' when the
 * user called `svdvals`), with " at batch element k" appended when `batchElement` is given.
 * Errors that are not linear-algebra failures are returned unchanged.
 */
export function relabelLinAlgError(err: unknown, op: string, batchElement: number | undefined): unknown {
  if (!(err instanceof LinAlgError)) return err;
  const suffix = batchElement === undefined ? '' : ` at batch element ${batchElement}`;
  if (err.op === op && suffix === '') return err;
  if (err instanceof NotPositiveDefiniteError) return new NotPositiveDefiniteError(op, err.order, suffix);
  const detail = err.message.startsWith(`${err.op}: `) ? err.message.slice(err.op.length + 2) : err.message;
  if (err instanceof ConvergenceError) return new ConvergenceError(op, detail + suffix, err.iterations);
  return new LinAlgError(op, detail + suffix, err.code as LinAlgErrorCode);
}
