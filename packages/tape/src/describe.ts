import { Tensor, internal } from '@svd/tensor';
import { Var } from './Var.js';

const { fmtShape } = internal;

/** A short description of any value for error messages: "Tensor float64 [3, 2]", "number 3". */
export function describeValue(x: unknown): string {
  if (x instanceof Tensor) return `a Tensor of dtype ${x.dtype} and shape ${fmtShape(x.shape)}`;
  if (x instanceof Var) return `a Var of dtype ${x.dtype} and shape ${fmtShape(x.shape)}`;
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  return `a ${typeof x} (${String(x).slice(0, 40)})`;
}
