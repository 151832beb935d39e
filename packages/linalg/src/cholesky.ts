import type { Tensor } from '@svd/tensor';
import { complexOutputTensor, outputTensor, readMatrixBatch } from './batch.js';
import { checkBoolean, checkFinite, checkOptions } from './checkInput.js';
import { mapBatch } from './threads/parallelBatch.js';

export interface CholeskyOptions {
  /**
   * false (default): read the LOWER triangle and return L with A = L·Lᵀ.
   * true: read the UPPER triangle and return U with A = Uᵀ·U (= Uᴴ·U).
   * Either way only that triangle (diagonal included) is read.
   */
  upper?: boolean;
}

/**
 * Cholesky factor of each symmetric positive definite matrix on the last two axes.
 *
 * Returns a single tensor: lower-triangular L (A = L·Lᵀ) by default, upper-triangular U
 * (A = Uᵀ·U, U = Lᵀ) with `{ upper: true }`. The diagonal is positive and the other triangle of
 * the result is exactly zero. Only the triangle named by `upper` is read.
 *
 * Complex input: A Hermitian positive definite, A = L·Lᴴ (upper: A = Uᴴ·U with U = Lᴴ); diag(L)
 * real and positive; the imaginary parts of the diagonal are ignored (as zpotrf does).
 *
 * @throws NotPositiveDefiniteError (a LinAlgError, code 'NOT_POSITIVE_DEFINITE') naming the
 *   1-based order of the first leading minor that is not positive definite, e.g.
 *   "cholesky: the leading minor of order 3 is not positive definite"; ShapeError for
 *   non-square input; LinAlgError on NaN/±Inf in the read triangle.
 *
 * @example
 * const A = tensor([[4, 2], [2, 3]]);
 * cholesky(A).toArray();                  // L = [[2, 0], [1, 1.414…]], A = L·Lᵀ
 * cholesky(A, { upper: true }).toArray(); // U = [[2, 1], [0, 1.414…]], A = Uᵀ·U
 */
export function cholesky(A: Tensor, options: CholeskyOptions = {}): Tensor {
  const op = 'cholesky';
  const opts = checkOptions(op, options, ['upper']);
  const upper = checkBoolean(op, 'upper', opts.upper, false);
  const b = readMatrixBatch(op, A, { square: true });
  const { rows: n, count, batchShape } = b;
  checkFinite(op, b.data, count, n, n, upper ? 'upper' : 'lower', 'the input', b.width, true);
  const [L] = mapBatch(b, { kind: 'cholesky', upper });
  return (b.width === 2 ? complexOutputTensor : outputTensor)(L!, [...batchShape, n, n], b.dtype);
}
