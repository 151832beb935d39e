import type { Tensor } from '@svd/tensor';
import { type MatrixBatch, complexOutputTensor, outputTensor, readMatrixBatch } from './batch.js';
import { checkBoolean, checkFinite, checkOptions } from './checkInput.js';
import { complexSvdKernel } from './kernels/complex/complexSvdKernel.js';
import { type SvdJob, type SvdKernelResult, type SvdTarget, svdKernel } from './kernels/svd/svdKernel.js';
import { mapBatch } from './threads/parallelBatch.js';

/**
 * The real or complex SVD kernel, by the batch's element width; with a `target` the results are
 * written into the caller's output buffers (see SvdTarget).
 */
export function svdOf(
  b: MatrixBatch,
  a: Float64Array,
  m: number,
  n: number,
  job: SvdJob,
  target?: SvdTarget,
): SvdKernelResult {
  const options = target === undefined ? {} : { target };
  return b.width === 2 ? complexSvdKernel(a, m, n, job, options) : svdKernel(a, m, n, job, options);
}

export interface SvdOptions {
  /** Full factors (U m×m, V n×n) instead of thin ones (U m×k, V n×k, k = min(m, n)). Default false. */
  full?: boolean;
}

/**
 * Singular value decomposition A = U·diag(S)·Vᴴ of each matrix on the last two axes.
 *
 * Returns `[U, S, V]` — **V, not Vᴴ** — with S real, non-negative and descending. Thin by
 * default: U is m×k and V n×k; `{ full: true }` gives U m×m and V n×n (the extra columns
 * complete an orthonormal basis). Leading axes are a batch.
 *
 * Sign convention (deterministic, from the algorithm): each pair (uᵢ, vᵢ) is what the
 * Householder bidiagonalisation and the bidiagonal QR produce, with any negative singular value
 * made positive by negating vᵢ. Inside a repeated singular value the basis is arbitrary.
 *
 * Complex input (complex128; complex64 computed in complex128 and rounded): U and V are complex,
 * S real. Phase convention: none imposed — (uᵢ, vᵢ) is what zgesvd's path produces (complex
 * Householder reflectors with real β onto a real bidiagonal, then real rotations), so it is
 * deterministic but only uᵢvᵢᴴ is unique (up to the basis inside a repeated value).
 *
 * Algorithm: LAPACK dgesvd's path — power-of-two scaling into the safe range, QR first for
 * m ≥ 1.6·n (transpose for wide input), Householder bidiagonalisation (blocked, dgebrd, from 96
 * columns on), implicit zero-shift QR on the bidiagonal (dbdsqr) with a 6·k² step cap; vectors
 * for k ≥ 112 by bidiagonal divide and conquer (dgesdd's route; complex input too, on the real
 * bidiagonal of the complex reduction).
 *
 * @throws LinAlgError on NaN/±Inf input; ConvergenceError if the QR iteration hits its cap;
 *   ShapeError for rank < 2.
 *
 * @example
 * const [U, S, V] = svd(tensor([[3, 0], [4, 5]]));
 * // S = [6.708…, 2.236…]; A ≈ U·diag(S)·Vᵀ
 */
export function svd(A: Tensor, options: SvdOptions = {}): [U: Tensor, S: Tensor, V: Tensor] {
  const op = 'svd';
  const opts = checkOptions(op, options, ['full']);
  const full = checkBoolean(op, 'full', opts.full, false);
  const b = readMatrixBatch(op, A);
  const { rows: m, cols: n, count, batchShape } = b;
  checkFinite(op, b.data, count, m, n, 'all', 'the input', b.width);
  const k = Math.min(m, n);
  const uCols = full ? m : k;
  const vCols = full ? n : k;
  // One matrix per thread for large batches (threads/parallelBatch.ts); same bits either way. Each
  // matrix's results are written straight into the stacked outputs (batchTasks.ts, SvdTarget),
  // free of −0 (cleared per matrix, by the thread that computed it).
  const [U, S, V] = mapBatch(b, { kind: 'svd', job: full ? 'full' : 'thin' });
  const vectors = b.width === 2 ? complexOutputTensor : outputTensor;
  return [
    vectors(U!, [...batchShape, m, uCols], b.dtype, true),
    outputTensor(S!, [...batchShape, k], b.dtype, true),
    vectors(V!, [...batchShape, n, vCols], b.dtype, true),
  ];
}

/**
 * The singular values of each matrix on the last two axes, descending (length min(m, n)).
 * Cheaper than `svd`: no singular vectors are accumulated. Same values as `svd(A)[1]` up to
 * rounding (LAPACK's test 7 bounds the difference by a few ulp·S[0]).
 *
 * @example
 * svdvals(tensor([[3, 0], [4, 5]])).toArray(); // [6.70820393249937, 2.2360679774997894]
 */
export function svdvals(A: Tensor): Tensor {
  const op = 'svdvals';
  const b = readMatrixBatch(op, A);
  const { rows: m, cols: n, count, batchShape } = b;
  checkFinite(op, b.data, count, m, n, 'all', 'the input', b.width);
  const k = Math.min(m, n);
  const [S] = mapBatch(b, { kind: 'svd', job: 'none' });
  return outputTensor(S!, [...batchShape, k], b.dtype, true);
}
