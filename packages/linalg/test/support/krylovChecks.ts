/**
 * Checks for the Krylov solvers (svds, eigsh, svdLowRank) that need no reference vectors:
 * orthonormality, residuals and subspace distance, computed with @svd/tensor's matmul only (no
 * linalg code). Part of the linalg test support module (./index.ts).
 */
import { type Tensor, adjoint, eye, matmul, mul, sub, tensor } from '@svd/tensor';

/** Frobenius norm of any tensor (complex: over both parts), scaled so that 1e300 entries do not overflow. */
export function frob(t: Tensor): number {
  const x = t.toTypedArray();
  let big = 0;
  for (let i = 0; i < x.length; i++) big = Math.max(big, Math.abs(x[i]!));
  if (big === 0 || !Number.isFinite(big)) return big;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! / big) ** 2;
  return big * Math.sqrt(s);
}

/** ‖XᴴX − I‖_F for a matrix with orthonormal columns. */
export function orthonormalityError(X: Tensor): number {
  const k = X.shape[1]!;
  return frob(sub(matmul(adjoint(X), X), eye(k, k, { dtype: X.dtype })));
}

/** X·diag(s) (columns scaled by the real vector s). */
export function scaleColumns(X: Tensor, s: Tensor): Tensor {
  return mul(X, tensor(s.toTypedArray(), { shape: [1, s.shape[0]!], dtype: s.dtype }));
}

/**
 * Distance between the column spaces of two matrices with orthonormal columns (same count):
 * ‖Y − X·(Xᴴ·Y)‖_F, the Frobenius norm of the sines of the principal angles. Invariant to any
 * unitary mixing inside either basis (signs, phases, rotations within repeated values).
 */
export function subspaceDistance(X: Tensor, Y: Tensor): number {
  return frob(sub(Y, matmul(X, matmul(adjoint(X), Y))));
}
