import { type Tensor, epsOf } from '@svd/tensor';
import { Stack, forEachMatrix, outputTensor, readMatrixBatch } from './batch.js';
import { checkFinite, checkOptions, checkTolerance } from './checkInput.js';
import { svdOf } from './svd.js';

export interface MatrixRankOptions {
  /**
   * Absolute threshold: singular values > tol count. Default S[0]·max(m, n)·ε with ε the
   * machine epsilon of the input dtype (NumPy's default).
   */
  tol?: number;
}

/**
 * Numerical rank of each matrix on the last two axes: the number of singular values above the
 * threshold. Returns a float64 tensor of the batch shape (0-d for a single matrix; `.item()`
 * gives the number). The rank of an empty matrix is 0.
 *
 * @example
 * const r = matrixRank(tensor([[1, 2], [2, 4]])); // float64 0-d tensor
 * r.item(); // 1
 */
export function matrixRank(A: Tensor, options: MatrixRankOptions = {}): Tensor {
  const op = 'matrixRank';
  const opts = checkOptions(op, options, ['tol']);
  const tol = checkTolerance(op, 'tol', opts.tol);
  const b = readMatrixBatch(op, A);
  const { rows: m, cols: n, count, batchShape } = b;
  checkFinite(op, b.data, count, m, n, 'all', 'the input', b.width);
  const R = new Stack(count, 1);
  forEachMatrix(b, (a, k) => {
    const s = svdOf(b, a, m, n, 'none').s;
    const cutoff = tol ?? (s.length > 0 ? s[0]! * Math.max(m, n) * epsOf(b.dtype) : 0);
    let r = 0;
    while (r < s.length && s[r]! > cutoff) r++;
    R.putScalar(k, r);
  });
  return outputTensor(R.data(), batchShape, 'float64');
}
