import * as T from '@svd/tensor';
import type { Tensor } from '@svd/tensor';
import { checkBoolean, checkMatrix, checkOptions, checkSquare } from './checkInput.js';
import { relabelLinAlgError } from './errors.js';
import { solveTriangular } from './solveTriangular.js';

export interface CholeskySolveOptions {
  /** The factor is upper triangular U with A = Uᴴ·U (default false: lower L with A = L·Lᴴ). */
  upper?: boolean;
}

/**
 * Solves A·X = B given the Cholesky factor of A (LAPACK potrs, `scipy.linalg.cho_solve`,
 * `torch.cholesky_solve`): with A = L·Lᴴ, X = L⁻ᴴ·(L⁻¹·B); with `upper`, A = Uᴴ·U. Only the
 * named triangle of the factor is read. B is a vector [n] or a stack [..., n, k] whose batch
 * axes broadcast with the factor's.
 *
 * @throws LinAlgError for a zero on the factor's diagonal or on NaN/±Inf; ShapeError for a
 *   non-square factor or mismatched B.
 *
 * @example
 * const L = cholesky(tensor([[4, 2], [2, 3]]));
 * choleskySolve(L, tensor([6, 5])).toArray(); // [1, 1]
 */
export function choleskySolve(L: Tensor, B: Tensor, options: CholeskySolveOptions = {}): Tensor {
  const op = 'choleskySolve';
  const opts = checkOptions(op, options, ['upper']);
  const upper = checkBoolean(op, 'upper', opts.upper, false);
  checkSquare(op, checkMatrix(op, L, 'the Cholesky factor'));
  try {
    // L·Lᴴ: solve L·Y = B, then Lᴴ·X = Y as conj(L)ᵀ; Uᴴ·U: Uᴴ·Y = B first, then U·X = Y.
    const Lh = T.conj(L);
    if (upper) {
      const y = solveTriangular(Lh, B, { lower: false, transpose: true });
      return solveTriangular(L, y, { lower: false });
    }
    const y = solveTriangular(L, B, { lower: true });
    return solveTriangular(Lh, y, { lower: true, transpose: true });
  } catch (err) {
    throw relabelLinAlgError(err, op, undefined);
  }
}

/**
 * The inverse of A = L·Lᴴ (or Uᴴ·U with `upper`) from its Cholesky factor (LAPACK potri,
 * `torch.cholesky_inverse`): A⁻¹ = L⁻ᴴ·L⁻¹, Hermitian. Only the named triangle is read.
 *
 * @throws LinAlgError for a zero on the factor's diagonal or on NaN/±Inf; ShapeError for a
 *   non-square factor.
 *
 * @example
 * choleskyInverse(tensor([[2, 0], [1, 1]])).toArray(); // inverse of [[4, 2], [2, 2]]: [[0.5, -0.5], [-0.5, 1]]
 */
export function choleskyInverse(L: Tensor, options: CholeskySolveOptions = {}): Tensor {
  const op = 'choleskyInverse';
  const opts = checkOptions(op, options, ['upper']);
  const upper = checkBoolean(op, 'upper', opts.upper, false);
  const t = checkMatrix(op, L, 'the Cholesky factor');
  checkSquare(op, t);
  const n = t.shape[t.ndim - 1]!;
  const eye = T.broadcastTo(T.eye(n, n, { dtype: t.dtype }), t.shape);
  try {
    const X = choleskySolve(t, eye, { upper });
    // Exactly Hermitian, as potri returns it (it fills one triangle and mirrors it).
    return T.scale(T.add(X, T.adjoint(X)), 0.5);
  } catch (err) {
    throw relabelLinAlgError(err, op, undefined);
  }
}
