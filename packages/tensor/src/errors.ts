/**
 * Typed errors shared by every @svd package. Each carries a stable `code` for programs and a
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
  | 'GRADCHECK';

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

/** Incompatible or invalid shapes. */
export class ShapeError extends SvdError {
  constructor(op: string, message: string) {
    super('SHAPE', op, message);
  }
}

/** A dtype the operation does not accept. */
export class DTypeError extends SvdError {
  constructor(op: string, message: string) {
    super('DTYPE', op, message);
  }
}

/** An argument value out of its domain (a bad option, a non-finite input, ...). */
export class ValueError extends SvdError {
  constructor(op: string, message: string) {
    super('VALUE', op, message);
  }
}

/** An index or axis out of range. */
export class IndexError extends SvdError {
  constructor(op: string, message: string) {
    super('INDEX', op, message);
  }
}

/** Formats a shape the way messages print it: [3, 4]. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
