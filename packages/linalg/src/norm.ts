import { type Tensor, ValueError, describeValue, isTensor } from '@svd/tensor';
import { matrixNormAlong } from './matrixNorm.js';
import { type NormOptions, normDispatch } from './normDispatch.js';
import { vectorNormAlong } from './vectorNorm.js';

/**
 * numpy.linalg.norm: dispatches to `vectorNorm` or `matrixNorm` exactly as NumPy does.
 * - no `ord`, no `axes`: the 2-norm of all elements, flattened (Frobenius for a matrix), any rank;
 * - an `ord` and no `axes`: a vector norm of a 1-D tensor, a matrix norm of a 2-D one (rank ≥ 3
 *   needs `axes`: ShapeError);
 * - one axis: a vector norm (default ord 2); two axes: a matrix norm (default 'fro').
 * `ord` 'fro' / 'nuc' over one axis, or a vector-only ord (3, 0.5, …) over two, is a ValueError.
 * For the batched matrix norm of the last two axes use `matrixNorm(A, { ord })`.
 *
 * @example
 * norm(tensor([[3, 4], [0, 0]])).item();                 // 5 (Frobenius)
 * norm(tensor([[1, -2], [3, 4]]), { ord: 1 }).item();     // 6 (max column sum: a matrix norm)
 * norm(tensor([[1, -2], [3, 4]]), { ord: 1, axes: 1 }).toArray(); // [3, 7] (row 1-norms)
 */
export function norm(x: Tensor, options: NormOptions = {}): Tensor {
  const op = 'norm';
  if (!isTensor(x)) throw new ValueError(op, `the input must be a Tensor, got ${describeValue(x)}`);
  const plan = normDispatch(op, x.ndim, options);
  if (plan.kind === 'matrix') return matrixNormAlong(op, x, plan.ord, plan.axes, plan.keepdims);
  return vectorNormAlong(op, x, plan.ord, plan.axes, plan.keepdims);
}
