/**
 * Typed errors shared by every `@svd` package. Each carries a stable `code` for programs and a
 * message for people that names the operation, the argument, and what was expected versus got.
 */
export type SvdErrorCode =
  | 'SHAPE'
  | 'DTYPE'
  | 'VALUE'
  | 'INDEX'
  | 'LINALG'
  | 'CONVERGENCE'
  | 'NOT_POSITIVE_DEFINITE'
  | 'RULE'
  | 'TAPE'
  | 'GAUGE'
  | 'GRADCHECK'
  | 'THREAD';

/**
 * Base class of every error the `@svd` packages throw: `code` is stable for programs to branch on,
 * `op` names the operation, and the message says what was expected versus got.
 *
 * @example
 * try { matmul(A, B); } catch (e) { if (e instanceof SvdError && e.code === 'SHAPE') console.error(e.op); }
 */
export class SvdError extends Error {
  readonly code: SvdErrorCode;
  /** The operation that raised it, e.g. 'matmul'. */
  readonly op: string;
  constructor(code: SvdErrorCode, op: string, message: string) {
    super(`${op}: ${message}`);
    this.code = code;
    this.op = op;
    this.name = new.target.name;
  }
}

/**
 * Incompatible or invalid shapes (code 'SHAPE').
 *
 * @example
 * matmul(zeros([2, 3]), zeros([2, 3])); // throws ShapeError
 */
export class ShapeError extends SvdError {
  constructor(op: string, message: string) {
    super('SHAPE', op, message);
  }
}

/**
 * A dtype the operation does not accept (code 'DTYPE').
 *
 * @example
 * max(tensor([[1, 0]], { dtype: 'complex128' })); // throws DTypeError: complex input is not ordered
 */
export class DTypeError extends SvdError {
  constructor(op: string, message: string) {
    super('DTYPE', op, message);
  }
}

/**
 * An argument value out of its domain (a bad option, a non-finite input, ...) (code 'VALUE').
 *
 * @example
 * arange(0, 1, 0); // throws ValueError: step must be finite and non-zero
 */
export class ValueError extends SvdError {
  constructor(op: string, message: string) {
    super('VALUE', op, message);
  }
}

/**
 * An index or axis out of range (code 'INDEX').
 *
 * @example
 * sum(zeros([2, 3]), { axes: 2 }); // throws IndexError
 */
export class IndexError extends SvdError {
  constructor(op: string, message: string) {
    super('INDEX', op, message);
  }
}

/**
 * A worker thread of the thread pool stopped working during a call (code 'THREAD'): it died and
 * its share could not be rerun on the calling thread, or it made no progress for the stall timeout.
 * The pool replaces the worker; the output of the failed call is left unwritten.
 *
 * @example
 * try { matmul(A, B); } catch (e) { if (e instanceof ThreadError) setThreads(1); }
 */
export class ThreadError extends SvdError {
  constructor(op: string, message: string) {
    super('THREAD', op, message);
  }
}

/**
 * Formats a shape the way messages print it: [3, 4].
 *
 * @example
 * throw new ShapeError('myOp', `expected a matrix, got shape ${fmtShape(t.shape)}`);
 */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
