import * as T from '@svd/tensor';
import { type Var, add, adjoint, concat, conj, constant, matmul, neg, slice, sub, tril, triu } from '@svd/tape';
import { solveTriangular } from './solveTriangular.js';

/*
 * A = P·L·U for m×n A, k = min(m, n): L m×k unit lower, U k×n upper. PyTorch's
 * `linalg_lu_backward` / `linalg_lu_jvp` for m ≠ n, derived from the square rule on the leading
 * k×k block plus the rest solved by the square factor.
 * Wide (m < n; U = [U₁ U₂], L square): with M = Lᴴ·L̄ − triu(Ū)·Uᴴ,
 *   Ā = P·L⁻ᴴ·[ tril₋₁(M)·U₁⁻ᴴ + triu(Ū₁),  Ū₂ ];
 *   jvp: F = L⁻¹·(PᵀdA)₁·U₁⁻¹, dL = L·tril₋₁(F), dU₁ = triu(F)·U₁, dU₂ = L⁻¹·((PᵀdA)₂ − dL·U₂).
 * Tall (m > n; L = [L₁; L₂], U square): with M = Ū·Uᴴ − Lᴴ·tril₋₁(L̄),
 *   Ā = P·[ L₁⁻ᴴ·triu(M) + tril₋₁(L̄₁);  L̄₂ ]·U⁻ᴴ;
 *   jvp: F = L₁⁻¹·(PᵀdA)₁·U⁻¹, dU = triu(F)·U, dL₁ = L₁·tril₋₁(F), dL₂ = ((PᵀdA)₂ − L₂·dU)·U⁻¹.
 * Every solve is the differentiable `solveTriangular`, so both are differentiable again.
 */

/** x[..., a:b, :] (axis −2) or x[..., a:b] (axis −1). */
function part(x: Var, axis: -2 | -1, a: number, b: number): Var {
  const specs: T.SliceSpec[] = x.shape.map(() => null);
  specs[x.ndim + axis] = [a, b];
  return slice(x, ...specs);
}

function zerosLike(x: Var, rows: number, cols: number): Var {
  return constant(T.zeros([...x.shape.slice(0, -2), rows, cols], { dtype: x.dtype }));
}

/** L⁻¹·Y, L⁻ᴴ·Y (L square unit lower), Y·U⁻¹ and Y·U⁻ᴴ (U square upper). */
const lowerSolve = (L: Var, Y: Var) => solveTriangular(L, Y, { lower: true, unitDiagonal: true });
const lowerAdjointSolve = (L: Var, Y: Var) =>
  solveTriangular(conj(L), Y, { lower: true, unitDiagonal: true, transpose: true });
const upperRightSolve = (Y: Var, U: Var) =>
  adjoint(solveTriangular(conj(U), adjoint(Y), { lower: false, transpose: true }));
const upperAdjointRightSolve = (Y: Var, U: Var) => adjoint(solveTriangular(U, adjoint(Y), { lower: false }));

/** Ā of a rectangular A = P·L·U from the cotangents of L and U (either may be absent). */
export function rectangularLuPullback(P: T.Tensor, Lf: Var, Uf: Var, gL: Var | null, gU: Var | null): Var | null {
  if (!gL && !gU) return null;
  const m = Lf.shape[Lf.ndim - 2]!;
  const n = Uf.shape[Uf.ndim - 1]!;
  let Y: Var;
  if (m < n) {
    const U1 = part(Uf, -1, 0, m);
    let M: Var | null = gL ? matmul(adjoint(Lf), gL) : null;
    if (gU) M = M ? sub(M, matmul(triu(gU), adjoint(Uf))) : neg(matmul(triu(gU), adjoint(Uf)));
    let X = upperAdjointRightSolve(tril(M!, -1), U1);
    if (gU) X = add(X, triu(part(gU, -1, 0, m)));
    Y = lowerAdjointSolve(Lf, concat([X, gU ? part(gU, -1, m, n) : zerosLike(Lf, m, n - m)], -1));
  } else {
    const L1 = part(Lf, -2, 0, n);
    let M: Var | null = gU ? matmul(gU, adjoint(Uf)) : null;
    if (gL) M = M ? sub(M, matmul(adjoint(Lf), tril(gL, -1))) : neg(matmul(adjoint(Lf), tril(gL, -1)));
    let X = lowerAdjointSolve(L1, triu(M!));
    if (gL) X = add(X, tril(part(gL, -2, 0, n), -1));
    Y = upperAdjointRightSolve(concat([X, gL ? part(gL, -2, n, m) : zerosLike(Uf, m - n, n)], -2), Uf);
  }
  return matmul(constant(P), Y);
}

/** The tangents (dL, dU) of a rectangular A = P·L·U. */
export function rectangularLuTangents(P: T.Tensor, Lf: Var, Uf: Var, dA: Var): [Var, Var] {
  const m = Lf.shape[Lf.ndim - 2]!;
  const n = Uf.shape[Uf.ndim - 1]!;
  const PtdA = matmul(constant(T.contiguous(T.adjoint(P))), dA);
  if (m < n) {
    const U1 = part(Uf, -1, 0, m);
    const F = upperRightSolve(lowerSolve(Lf, part(PtdA, -1, 0, m)), U1);
    const dL = matmul(Lf, tril(F, -1));
    const dU2 = lowerSolve(Lf, sub(part(PtdA, -1, m, n), matmul(dL, part(Uf, -1, m, n))));
    return [dL, concat([matmul(triu(F), U1), dU2], -1)];
  }
  const L1 = part(Lf, -2, 0, n);
  const F = upperRightSolve(lowerSolve(L1, part(PtdA, -2, 0, n)), Uf);
  const dU = matmul(triu(F), Uf);
  const dL2 = upperRightSolve(sub(part(PtdA, -2, n, m), matmul(part(Lf, -2, n, m), dU)), Uf);
  return [concat([matmul(L1, tril(F, -1)), dL2], -2), dU];
}
