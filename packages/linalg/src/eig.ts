import type { Tensor } from '@svd/tensor';
import { complexOutputTensor, readMatrixBatch } from './batch.js';
import { checkFinite } from './checkInput.js';
import { mapBatch } from './threads/parallelBatch.js';

/**
 * Eigendecomposition A·V = V·diag(W) of each general square matrix on the last two axes.
 *
 * Returns `[W, V]`, both complex (complex128, or complex64 for float32/complex64 input — computed
 * in double precision and rounded once), even for real A, as NumPy and PyTorch do. The columns of
 * V are the right eigenvectors, each of unit 2-norm. Phase convention: each column is multiplied
 * by the unit complex number that makes its largest-modulus component real and positive (the
 * first such component on exact ties). For real A, complex eigenvalues come in adjacent
 * conjugate pairs (positive imaginary part first) with conjugate eigenvectors, and eigenvectors
 * of real eigenvalues are exactly real. Eigenvalues are in the order the QR iteration deflates
 * them, as LAPACK's (not sorted).
 *
 * Algorithm: LAPACK dgeev / zgeev — power-of-two range scaling, balancing (dgebal: permutation
 * and power-of-two scaling), Householder Hessenberg reduction (dgehd2), shifted QR on the
 * Hessenberg matrix (dlahqr: Francis double shift in real arithmetic with standardised 2×2
 * blocks for real input; zlahqr: single-shift complex QR for complex input; exceptional shifts;
 * at most 30·max(10, n) iterations), eigenvectors by back substitution on the triangular Schur
 * form (ztrevc; the real Schur form's 2×2 blocks are first split into the conjugate pair),
 * back-transformation, un-balancing, normalisation. For a defective matrix (a Jordan block) the
 * eigenvectors are finite but (nearly) parallel, as LAPACK's.
 *
 * @throws ShapeError for non-square input or rank < 2; LinAlgError on NaN/±Inf; ConvergenceError
 *   if the QR iteration hits its cap.
 *
 * @example
 * const [W, V] = eig(tensor([[0, -1], [1, 0]]));
 * W.toArray(); // [[0, 1], [0, -1]]: the rotation's eigenvalues ±i as [re, im] pairs
 * // A·V ≈ V·diag(W); each column of V has unit norm
 */
export function eig(A: Tensor): [W: Tensor, V: Tensor] {
  return eigImpl('eig', A, true) as [Tensor, Tensor];
}

/**
 * The eigenvalues of each general square matrix (complex, in `eig`'s order; no eigenvectors are
 * formed, so this is cheaper). See `eig`.
 *
 * @example
 * eigvals(tensor([[2, 0], [0, 3]])).toArray(); // [[2, 0], [3, 0]]
 */
export function eigvals(A: Tensor): Tensor {
  return eigImpl('eigvals', A, false)[0];
}

function eigImpl(op: string, A: Tensor, vectors: boolean): [Tensor] | [Tensor, Tensor] {
  const b = readMatrixBatch(op, A, { square: true });
  const { rows: n, count, batchShape, width } = b;
  checkFinite(op, b.data, count, n, n, 'all', 'the input', width);
  const [W, V] = mapBatch(b, { kind: 'eig', op, vectors });
  const Wt = complexOutputTensor(W!, [...batchShape, n], b.dtype);
  if (!vectors) return [Wt];
  return [Wt, complexOutputTensor(V!, [...batchShape, n, n], b.dtype)];
}
