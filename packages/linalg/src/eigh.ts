import type { Tensor } from '@svd/tensor';
import { complexOutputTensor, outputTensor, readMatrixBatch } from './batch.js';
import { checkChoice, checkFinite, checkOptions } from './checkInput.js';
import { mapBatch } from './threads/parallelBatch.js';

export type Uplo = 'L' | 'U';

export interface EighOptions {
  /** Which triangle to read: 'L' (default, lower) or 'U' (upper). The other is never read. */
  uplo?: Uplo;
}

/**
 * Eigendecomposition A = V·diag(W)·Vᵀ of each real symmetric (or complex Hermitian, A = V·diag(W)·Vᴴ)
 * matrix on the last two axes.
 *
 * Returns `[W, V]`: W ascending, V orthogonal with the eigenvectors as COLUMNS. Only the
 * `uplo` triangle (diagonal included) is read, so whatever the other triangle holds — even NaN
 * — changes nothing. Sign convention: each eigenvector's largest-magnitude component is
 * positive (the first such component on exact ties); inside a repeated eigenvalue the basis is
 * arbitrary.
 *
 * Complex input (complex128 / complex64): A is Hermitian, A = V·diag(W)·Vᴴ with W real and V
 * unitary. Only the `uplo` triangle is read, and the imaginary parts of the diagonal are
 * ignored (taken as 0, as LAPACK zheev does). Phase convention: each eigenvector is scaled by
 * the unit complex number that makes its largest-magnitude component real and positive.
 * Algorithm: zheev's / zheevd's — reduction to a REAL symmetric tridiagonal by complex Householder
 * reflectors (zhetrd), the same real tridiagonal solver as below, and V = Q·Z.
 *
 * Algorithm: LAPACK dsyev's / dsyevd's path — power-of-two scaling, Householder
 * tridiagonalisation (blocked, dsytrd, for n > 48), then implicit QL/QR (dsteqr, at most 30·n
 * sweeps) for values only and for vectors below n = 56, otherwise divide and conquer on the
 * tridiagonal (dstedc) with the reflectors applied to its eigenvectors in blocks (dormtr).
 *
 * @throws ShapeError for non-square input; ValueError for a bad `uplo`; LinAlgError on NaN/±Inf
 *   in the read triangle; ConvergenceError if the iteration hits its cap.
 *
 * @example
 * const [W, V] = eigh(tensor([[2, 1], [1, 2]]));
 * W.toArray(); // [1, 3]; the columns of V are the eigenvectors, A ≈ V·diag(W)·Vᵀ
 * const [Wu, Vu] = eigh(A, { uplo: 'U' }); // read the upper triangle instead
 */
export function eigh(A: Tensor, options: EighOptions = {}): [W: Tensor, V: Tensor] {
  return eighImpl('eigh', A, options, true) as [Tensor, Tensor];
}

/**
 * The eigenvalues of each symmetric matrix, ascending (no eigenvectors formed). See `eigh`.
 *
 * @example
 * eigvalsh(tensor([[2, 1], [1, 2]])).toArray(); // [1, 3]
 */
export function eigvalsh(A: Tensor, options: EighOptions = {}): Tensor {
  return eighImpl('eigvalsh', A, options, false)[0];
}

function eighImpl(op: string, A: Tensor, options: EighOptions, vectors: boolean): [Tensor] | [Tensor, Tensor] {
  const opts = checkOptions(op, options, ['uplo']);
  const uplo = checkChoice<Uplo>(op, 'uplo', opts.uplo, ['L', 'U'], 'L');
  const b = readMatrixBatch(op, A, { square: true });
  const { rows: n, count, batchShape } = b;
  checkFinite(op, b.data, count, n, n, uplo === 'L' ? 'lower' : 'upper', 'the input', b.width, true);
  const [W, V] = mapBatch(b, { kind: 'eigh', op, uplo, vectors });
  const Wt = outputTensor(W!, [...batchShape, n], b.dtype);
  if (!vectors) return [Wt];
  return [Wt, (b.width === 2 ? complexOutputTensor : outputTensor)(V!, [...batchShape, n, n], b.dtype)];
}
