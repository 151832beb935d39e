import * as T from '@svd/tensor';
import type { Tensor } from '@svd/tensor';
import { checkFinite } from './checkInput.js';
import { readMatrixBatch } from './batch.js';
import { roundTo, toDouble } from './doublePrecision.js';
import { svd } from './svd.js';

/**
 * Right polar decomposition A = Q·P of each matrix (m×n) on the last two axes, from the thin
 * SVD A = U·S·Vᴴ: Q = U·Vᴴ (m×n, orthonormal columns for m ≥ n, orthonormal rows for m < n) and
 * P = V·S·Vᴴ (n×n, Hermitian positive semi-definite), as `scipy.linalg.polar(A, side='right')`.
 *
 * Q and P are unique when A has full column rank, whatever its singular values are (repeated
 * ones included): Q is the unitary factor closest to A. Complex input gives complex Q and P.
 * float32 / complex64 are computed in double precision and rounded once.
 *
 * @throws LinAlgError on NaN/±Inf in A.
 *
 * @example
 * const [Q, P] = polar(tensor([[0, 2], [-3, 0]]));
 * // Q = [[0, 1], [-1, 0]] (a rotation), P = [[3, 0], [0, 2]]; A = Q·P
 */
export function polar(A: Tensor): [Q: Tensor, P: Tensor] {
  const op = 'polar';
  const b = readMatrixBatch(op, A);
  checkFinite(op, b.data, b.count, b.rows, b.cols, 'all', 'the input', b.width);
  const [U, S, V] = svd(toDouble(A));
  const Vh = T.adjoint(V);
  const Q = T.matmul(U, Vh);
  const P = T.matmul(T.mul(V, T.unsqueeze(S, -2)), Vh);
  // V·S·Vᴴ is Hermitian in exact arithmetic; averaging with its adjoint makes it exactly so.
  const Ph = T.scale(T.add(P, T.adjoint(P)), 0.5);
  return [roundTo(Q, A.dtype), roundTo(Ph, A.dtype)];
}
