import { isTapeVar, isTensor } from './brand.js';
import { describeValue } from './describeValue.js';
import { ValueError } from './errors.js';
import type { Tensor } from './Tensor.js';

/*
 * Argument checks at the entry of every public op. A plain number is the only non-Tensor an op
 * ever reads as data (a rank-0 tensor); anything else, and a tape Var in particular, is refused
 * here with a message that says what arrived — rather than read as NaN or failing deep inside
 * a kernel with a bare TypeError.
 */

function refuse(op: string, x: unknown, what: string, expected: string): ValueError {
  const got = describeValue(x);
  if (isTapeVar(x)) {
    return new ValueError(
      op,
      `${what} must be ${expected}, got ${got}. @svd/tensor ops do not record gradients: use \`${op}\` from @svd/tape to differentiate through it, or pass the Var's \`.value\` for a plain Tensor result`,
    );
  }
  return new ValueError(op, `${what} must be ${expected}, got ${got}`);
}

/**
 * Returns `x` if it is a Tensor (from any copy of this package), else throws a `ValueError`
 * naming `op`, the argument (`what`) and what it got; for a tape Var the message says to use the
 * @svd/tape op of the same name or the Var's `.value`.
 *
 * @example
 * const A = checkTensor('myOp', input, 'the matrix'); // throws unless input is a Tensor
 */
export function checkTensor(op: string, x: unknown, what = 'the input'): Tensor {
  if (isTensor(x)) return x;
  throw refuse(op, x, what, 'a Tensor');
}

/** Like `checkTensor`, also accepting a plain number (an elementwise operand, read as rank 0). */
export function checkOperand(op: string, x: unknown, what: string): Tensor | number {
  if (typeof x === 'number' || isTensor(x)) return x;
  throw refuse(op, x, what, 'a Tensor or a number');
}

/** Checks every entry of a list argument (`concat`, `stack`, `einsum` operands). */
export function checkTensorList(op: string, xs: unknown, what: string): Tensor[] {
  if (!Array.isArray(xs)) throw new ValueError(op, `${what} must be an array of Tensors, got ${describeValue(xs)}`);
  return xs.map((x, i) => checkTensor(op, x, `${what}[${i}]`));
}
