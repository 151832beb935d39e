/**
 * Typed errors raised by the SVD kernels.
 *
 * Kept minimal and free of imports so the kernels stay a leaf module; the lead will move this
 * class to the shared kernel errors. `code` and `op` mirror @svd/tensor's SvdError so a wrapper
 * can re-throw without changing what users see.
 */
export class ConvergenceError extends Error {
  readonly code = 'CONVERGENCE' as const;
  /** The operation that failed, e.g. 'svd'. */
  readonly op: string;
  /** Inner QR steps performed before giving up. */
  readonly iterations: number;
  constructor(op: string, what: string, iterations: number) {
    super(`${op}: ${what} did not converge after ${iterations} iterations`);
    this.op = op;
    this.iterations = iterations;
    this.name = 'ConvergenceError';
  }
}
