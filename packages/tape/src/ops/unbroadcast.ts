import { type DType, isComplex } from '@svd/tensor';
import type { Var } from '../Var.js';
import { real } from './complexParts.js';
import { castReal, reshape } from './views.js';
import { sum } from './reductions.js';

/**
 * Brings a cotangent computed on a broadcast result back to an input's shape and dtype: sums over
 * the axes broadcasting added or stretched, and takes the real part (and precision) for a real
 * input that met a complex one — the conjugate-Wirtinger cotangent of a real variable is real.
 * Rules with broadcasting inputs call it in their backward.
 *
 * @example
 * backward: ([g], { inputs: [a] }) => unbroadcast(g!, a!.shape, a!.dtype)
 */
export function unbroadcast(g: Var, shape: readonly number[], dtype: DType): Var {
  let out = g;
  const lead = out.ndim - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < out.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && out.shape[i] !== 1)) axes.push(i);
  }
  if (axes.length > 0) out = reshape(sum(out, { axes }), shape);
  else if (lead > 0) out = reshape(out, shape);
  if (!isComplex(dtype) && isComplex(out.dtype)) out = real(out);
  if (out.dtype !== dtype) out = castReal(out, dtype);
  return out;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
