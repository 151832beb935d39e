import * as T from '@svd/tensor';
import { ShapeError, type Tensor, ValueError, internal, promoteTypes } from '@svd/tensor';

const { fmtShape } = internal;
import { checkFinite } from './checkInput.js';
import { fromTensor } from './batch.js';
import { roundTo, toDouble } from './doublePrecision.js';
import { matrixChainOrder } from './kernels/matrixChainOrder.js';

/**
 * The product A₁·A₂·…·Aₙ of two or more matrices in the cheapest order, as
 * `numpy.linalg.multi_dot`: the parenthesisation minimising the scalar multiplications is found
 * by the matrix-chain dynamic programme (O(n³) in the number of matrices; ties go to the
 * earliest split, as NumPy). A 1-D first argument is a row vector and a 1-D last argument a
 * column vector; their axes are removed from the result (a vector, or a scalar tensor of shape
 * [] when both ends are vectors). Every other argument must be 2-D. Mixed dtypes promote; float32
 * / complex64 are computed in double precision and rounded once.
 *
 * @throws ValueError for fewer than two arrays; ShapeError for wrong ranks or inner dimensions
 *   that do not match; LinAlgError on NaN/±Inf.
 *
 * @example
 * const A = randn([10, 100]), B = randn([100, 5]), C = randn([5, 50]);
 * multiDot([A, B, C]); // computed as (A·B)·C: 7500 multiplications instead of 75000
 */
export function multiDot(arrays: readonly Tensor[]): Tensor {
  const op = 'multiDot';
  if (!Array.isArray(arrays) || arrays.length < 2) {
    throw new ValueError(
      op,
      `expected an array of at least two tensors, got ${Array.isArray(arrays) ? arrays.length : typeof arrays}`,
    );
  }
  const last = arrays.length - 1;
  let dtype = arrays[0]!.dtype;
  const mats = arrays.map((t, i) => {
    if (!(t instanceof T.Tensor)) throw new ValueError(op, `argument ${i} must be a Tensor`);
    dtype = promoteTypes(dtype, t.dtype);
    const vectorOk = i === 0 || i === last;
    if (!(t.ndim === 2 || (vectorOk && t.ndim === 1))) {
      throw new ShapeError(
        op,
        `argument ${i} must be 2-D${vectorOk ? ' (or 1-D at either end)' : ''}, got shape ${fmtShape(t.shape)}`,
      );
    }
    const m = t.ndim === 1 ? (i === 0 ? T.reshape(t, [1, t.shape[0]!]) : T.reshape(t, [t.shape[0]!, 1])) : t;
    const b = fromTensor(op, m);
    checkFinite(op, b.data, 1, b.rows, b.cols, 'all', `argument ${i}`, b.width);
    return toDouble(m);
  });
  const dims = [mats[0]!.shape[0]!];
  mats.forEach((m, i) => {
    if (m.shape[0] !== dims[i]) {
      throw new ShapeError(
        op,
        `arguments ${i - 1} and ${i} cannot be multiplied: shapes ${fmtShape(arrays[i - 1]!.shape)} and ${fmtShape(arrays[i]!.shape)}`,
      );
    }
    dims.push(m.shape[1]!);
  });
  const split = matrixChainOrder(dims);
  const product = (i: number, j: number): Tensor =>
    i === j ? mats[i]! : T.matmul(product(i, split[i]![j]!), product(split[i]![j]! + 1, j));
  let out = product(0, last);
  const shape: number[] = [];
  if (arrays[0]!.ndim === 2) shape.push(out.shape[0]!);
  if (arrays[last]!.ndim === 2) shape.push(out.shape[1]!);
  out = T.reshape(out, shape);
  return roundTo(out, dtype);
}
