import type { Tensor } from '@svd/tensor';
import { complexOutputTensor, outputTensor, readMatrixBatch } from './batch.js';
import { checkChoice, checkFinite, checkOptions } from './checkInput.js';
import { mapBatch } from './threads/parallelBatch.js';

export type QrMode = 'reduced' | 'complete' | 'r';

export interface QrOptions {
  /**
   * 'reduced' (default): Q m×k, R k×n with k = min(m, n). 'complete': Q m×m, R m×n.
   * 'r': R only (k×n), returned as the one-element tuple `[R]`.
   */
  mode?: QrMode;
}

/**
 * Householder QR factorisation A = Q·R of each matrix on the last two axes (tall, square and
 * wide matrices alike; leading axes are a batch).
 *
 * Returns a plain tuple: `[Q, R]` for modes 'reduced' and 'complete', and `[R]` for mode 'r'
 * (Q is not formed). R is upper triangular (trapezoidal for wide input).
 *
 * Sign convention: diag(R) ≥ 0 (LAPACK DGEQRFP), so for full-rank A the factors are unique.
 * Complex input: A = Q·R with Q unitary (QᴴQ = I) and diag(R) real and ≥ 0 (zgeqrf's reflectors,
 * whose β is real, followed by a sign flip of row j of R and column j of Q where β < 0).
 *
 * @example
 * const [Q, R] = qr(A);                       // reduced
 * const [Qc, Rc] = qr(A, { mode: 'complete' });
 * const [R1] = qr(A, { mode: 'r' });
 */
export function qr(A: Tensor, options: { mode: 'r' }): [R: Tensor];
export function qr(A: Tensor, options?: { mode?: 'reduced' | 'complete' }): [Q: Tensor, R: Tensor];
export function qr(A: Tensor, options?: QrOptions): [Q: Tensor, R: Tensor] | [R: Tensor];
export function qr(A: Tensor, options: QrOptions = {}): [Q: Tensor, R: Tensor] | [R: Tensor] {
  const op = 'qr';
  const opts = checkOptions(op, options, ['mode']);
  const mode = checkChoice<QrMode>(op, 'mode', opts.mode, ['reduced', 'complete', 'r'], 'reduced');
  const b = readMatrixBatch(op, A);
  const { rows: m, cols: n, count, batchShape } = b;
  checkFinite(op, b.data, count, m, n, 'all', 'the input', b.width);
  const k = Math.min(m, n);
  const qCols = mode === 'complete' ? m : k;
  const rRows = mode === 'complete' ? m : k;
  const [R, Q] = mapBatch(b, { kind: 'qr', mode });
  const out = b.width === 2 ? complexOutputTensor : outputTensor;
  const Rt = out(R!, [...batchShape, rRows, n], b.dtype);
  if (mode === 'r') return [Rt];
  return [out(Q!, [...batchShape, m, qCols], b.dtype), Rt];
}
