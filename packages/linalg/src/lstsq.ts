import * as T from '@svd/tensor';
import { ShapeError, type Tensor, ValueError, epsOf, internal, isComplex, promoteTypes, realDType } from '@svd/tensor';

const { fmtShape } = internal;
import { checkFinite, checkMatrix, checkOptions, checkTolerance } from './checkInput.js';
import { roundTo, toDouble } from './doublePrecision.js';
import { fromTensor } from './batch.js';
import { svd } from './svd.js';

export interface LstsqOptions {
  /**
   * Relative cutoff: singular values ≤ rcond·S[0] are treated as zero. Default max(m, n)·ε
   * (NumPy's `rcond=None`), ε of the input precision.
   */
  rcond?: number;
}

/**
 * Least-squares solution of A·X ≈ B for each matrix A (m×n) on the last two axes, with NumPy's
 * semantics for every shape: the minimum-norm X that minimises ‖B − A·X‖₂, computed from the
 * thin SVD as X = V·diag(1/S)·Uᴴ·B over the singular values above rcond·S[0] (as LAPACK gelsd).
 *
 * Returns `[X, residuals, rank, S]`:
 * - X: [..., n, k] for B [..., m, k]; [..., n] for a vector B [m].
 * - residuals: the squared 2-norm of each column of B − A·X, shape [..., k] ([..., 1] for a
 *   vector B) — but only when m > n and every matrix has full rank n; otherwise an empty
 *   [..., 0] (NumPy's and PyTorch's rule).
 * - rank: the effective rank (a float64 tensor of the batch shape, integer-valued).
 * - S: the singular values, [..., min(m, n)], real.
 *
 * Batch axes of A and a matrix B broadcast (NumPy 2); a 1-D B is shared by every matrix.
 * Rank-deficient, wide and tall A are all fine; nothing here is ever singular. float32 /
 * complex64 are computed in double precision and rounded once.
 *
 * @throws LinAlgError on NaN/±Inf; ShapeError when B's rows differ from A's.
 *
 * @example
 * const [x, res, rank, s] = lstsq(tensor([[1, 0], [1, 1], [1, 2]]), tensor([1, 2, 4]));
 * x.toArray();   // [0.8333…, 1.5]: the least-squares line through (0, 1), (1, 2), (2, 4)
 * res.toArray(); // [0.1666…]; rank.item() === 2
 */
export function lstsq(
  A: Tensor,
  B: Tensor,
  options: LstsqOptions = {},
): [X: Tensor, residuals: Tensor, rank: Tensor, S: Tensor] {
  const op = 'lstsq';
  const opts = checkOptions(op, options, ['rcond']);
  const At = checkMatrix(op, A, 'the coefficient matrix');
  if (!(B instanceof T.Tensor)) throw new ValueError(op, 'the right-hand side must be a Tensor');
  const m = At.shape[At.ndim - 2]!;
  const n = At.shape[At.ndim - 1]!;
  const vector = B.ndim === 1;
  if (B.ndim === 0 || B.shape[vector ? 0 : B.ndim - 2] !== m) {
    throw new ShapeError(
      op,
      `expected the right-hand side to be [${m}] or [..., ${m}, k] for a coefficient matrix of shape ${fmtShape(At.shape)}, got shape ${fmtShape(B.shape)}`,
    );
  }
  const dtype = promoteTypes(At.dtype, B.dtype);
  const rcond = checkTolerance(op, 'rcond', opts.rcond) ?? Math.max(m, n) * epsOf(dtype);
  const a = fromTensor(op, At);
  checkFinite(op, a.data, a.count, m, n, 'all', 'the coefficient matrix', a.width);
  const Bm = vector ? T.reshape(B, [m, 1]) : B;
  const bb = fromTensor(op, Bm);
  checkFinite(op, bb.data, bb.count, m, Bm.shape[Bm.ndim - 1]!, 'all', 'the right-hand side', bb.width);

  const Ad = toDouble(At);
  const Bd = toDouble(Bm);
  const [U, S, V] = svd(Ad);
  const k = Math.min(m, n);
  // keep[i] = S[i] > rcond·S[0], per matrix (S[0] broadcast along the last axis).
  const first = T.slice(S, ...S.shape.slice(0, -1).map(() => null), [0, Math.min(k, 1)]);
  const keep = T.greater(S, T.scale(first, rcond));
  const invS = T.where(keep, T.reciprocal(T.where(keep, S, 1)), 0);
  const UhB = T.matmul(T.adjoint(U), Bd);
  const Xd = T.matmul(V, T.mul(T.unsqueeze(invS, -1), UhB));
  const rank = T.sum(T.where(keep, 1, 0), { axes: -1 });
  const batch = Xd.shape.slice(0, -2);
  const fullRank = m > n && Array.from(rank.toTypedArray(false)).every((r) => r === n);
  let residuals: Tensor;
  if (fullRank) {
    const R = T.sub(T.matmul(Ad, Xd), Bd);
    const sq = isComplex(R.dtype) ? T.add(T.square(T.real(R)), T.square(T.imag(R))) : T.square(R);
    residuals = T.sum(sq, { axes: -2 });
  } else {
    residuals = T.zeros([...batch, 0]);
  }
  const X = vector ? T.reshape(Xd, [...batch, n]) : Xd;
  const real = realDType(dtype);
  return [
    roundTo(X, dtype),
    roundTo(residuals, real),
    roundTo(T.broadcastTo(rank, batch), 'float64'),
    roundTo(S, real),
  ];
}
