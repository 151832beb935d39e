import type { Tensor } from '@svd/tensor';
import { Stack, complexOutputTensor, forEachMatrix, outputTensor, readMatrixBatch } from './batch.js';
import { checkFinite } from './checkInput.js';
import { complexLuSolve, luSolve } from './solve.js';

/**
 * The inverse of each square matrix on the last two axes (LU with partial pivoting, then
 * A⁻¹ = solve(A, I)). The inverse of a 0×0 matrix is 0×0.
 *
 * @throws LinAlgError for a singular matrix ("inv: the matrix is singular (U[1,1] is exactly
 *   zero)") or NaN/±Inf input; ShapeError for non-square input.
 *
 * @example
 * inv(tensor([[2, 0], [0, 4]])).toArray(); // [[0.5, 0], [0, 0.25]]
 */
export function inv(A: Tensor): Tensor {
  const op = 'inv';
  const b = readMatrixBatch(op, A, { square: true });
  const { rows: n, count, batchShape } = b;
  const w = b.width;
  checkFinite(op, b.data, count, n, n, 'all', 'the input', w);
  const eye = new Float64Array(n * n * w);
  for (let i = 0; i < n; i++) eye[(i * n + i) * w] = 1;
  const X = new Stack(count, n * n * w);
  forEachMatrix(b, (a, k) => X.put(k, (w === 2 ? complexLuSolve : luSolve)(op, a, n, eye, n)));
  return (w === 2 ? complexOutputTensor : outputTensor)(X.data(), [...batchShape, n, n], b.dtype);
}
