/**
 * Minimal typed errors for the float64 kernels.
 *
 * They deliberately do not import anything from @svd/tensor so the kernels stay a leaf module;
 * the shape mirrors @svd/tensor's SvdError (`code`, `op`, message prefixed by the operation),
 * so a wrapper can re-throw or re-parent them without changing what users see.
 */
export type KernelErrorCode = 'CONVERGENCE' | 'NOT_POSITIVE_DEFINITE';

export class KernelError extends Error {
  readonly code: KernelErrorCode;
  /** The operation that raised it, e.g. 'eigh'. */
  readonly op: string;
  constructor(code: KernelErrorCode, op: string, message: string) {
    super(`${op}: ${message}`);
    this.code = code;
    this.op = op;
    this.name = new.target.name;
  }
}

/** An iterative algorithm hit its iteration cap (or was fed values it cannot converge on). */
export class ConvergenceError extends KernelError {
  constructor(op: string, message: string) {
    super('CONVERGENCE', op, message);
  }
}

/** Cholesky met a leading minor that is not positive definite. */
export class NotPositiveDefiniteError extends KernelError {
  /** 1-based order of the first leading minor that is not positive definite (LAPACK's INFO). */
  readonly order: number;
  constructor(op: string, order: number) {
    super('NOT_POSITIVE_DEFINITE', op, `the leading minor of order ${order} is not positive definite`);
    this.order = order;
  }
}
