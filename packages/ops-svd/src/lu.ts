import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import { type Var, add, adjoint, conj, constant, defineRule, matmul, tril, triu } from '@svd/tape';
import { solveTriangular } from './solveTriangular.js';

/*
 * A = P·L·U with L unit lower and U upper triangular (square A). The pullback is PyTorch's
 * `linalg_lu_backward`:  Ā = P·L⁻ᴴ·[tril₋₁(Lᴴ·L̄) + triu(Ū·Uᴴ)]·U⁻ᴴ,
 * and the jvp, with F = L⁻¹·Pᵀ·dA·U⁻¹:  dL = L·tril₋₁(F),  dU = triu(F)·U.
 * The permutation is piecewise constant, so it has no derivative. Triangular solves go through
 * the differentiable `solveTriangular`, so both are differentiable again.
 */

/** The factors of a compact LU as Vars: L = tril₋₁(LU) + I, U = triu(LU). */
export function splitCompact(LU: Var): [Var, Var] {
  const n = LU.shape[LU.ndim - 1]!;
  return [add(tril(LU, -1), constant(T.eye(n, n, { dtype: LU.dtype }))), triu(LU)];
}

/** P·L⁻ᴴ·X·U⁻ᴴ for the permutation matrix P (a constant). */
function sandwich(P: T.Tensor, Lf: Var, Uf: Var, X: Var): Var {
  const right = adjoint(solveTriangular(Uf, adjoint(X), { lower: false })); // X·U⁻ᴴ
  const left = solveTriangular(conj(Lf), right, { lower: true, unitDiagonal: true, transpose: true }); // L⁻ᴴ·(…)
  return matmul(constant(P), left);
}

/** Ā from the cotangents of L and U (either may be absent). */
export function luPullback(P: T.Tensor, Lf: Var, Uf: Var, gL: Var | null, gU: Var | null): Var | null {
  let X: Var | null = gL ? tril(matmul(adjoint(Lf), gL), -1) : null;
  if (gU) {
    const u = triu(matmul(gU, adjoint(Uf)));
    X = X ? add(X, u) : u;
  }
  return X ? sandwich(P, Lf, Uf, X) : null;
}

/** F = L⁻¹·Pᵀ·dA·U⁻¹ and the tangents (dL, dU) = (L·tril₋₁(F), triu(F)·U). */
export function luTangents(P: T.Tensor, Lf: Var, Uf: Var, dA: Var): [Var, Var] {
  const PtdA = matmul(constant(T.contiguous(T.adjoint(P))), dA);
  const left = solveTriangular(Lf, PtdA, { lower: true, unitDiagonal: true });
  const F = adjoint(solveTriangular(conj(Uf), adjoint(left), { lower: false, transpose: true })); // (…)·U⁻¹
  return [matmul(Lf, tril(F, -1)), matmul(triu(F), Uf)];
}

/** The permutation matrices P (A = P·L·U) of getrf pivots (0-based), batched, in `dtype`. */
export function permutationFromPivots(pivots: T.Tensor, dtype: T.DType): T.Tensor {
  const n = pivots.shape[pivots.ndim - 1]!;
  const batch = pivots.shape.slice(0, -1);
  const piv = pivots.toTypedArray(false);
  const count = n === 0 ? 0 : piv.length / n;
  const P = T.zeros([...batch, n, n], { dtype });
  const w = dtype === 'complex128' || dtype === 'complex64' ? 2 : 1;
  const data = P.toTypedArray(false);
  for (let k = 0; k < count; k++) {
    const rows = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < n; i++) {
      const p = piv[k * n + i]!;
      [rows[i], rows[p]] = [rows[p]!, rows[i]!];
    }
    // Row i of P_s⁻¹·A is row rows[i] of A, so P_s[rows[i], i] = 1.
    for (let i = 0; i < n; i++) data[(k * n * n + rows[i]! * n + i) * w] = 1;
  }
  return new T.Tensor(data, dtype, [...batch, n, n]);
}

const luFactorRule = defineRule({
  name: 'luFactor',
  forward: (a: T.Tensor) => {
    const [LU, piv] = L.luFactor(a);
    return { outputs: [LU, piv], saved: permutationFromPivots(piv, a.dtype) };
  },
  backward: ([g], ctx) => {
    if (!g) return [null];
    const [Lf, Uf] = splitCompact(ctx.outputs[0]!);
    return [luPullback(ctx.saved as T.Tensor, Lf, Uf, tril(g, -1), triu(g))];
  },
  jvp: ([dA], ctx) => {
    if (!dA) return [null, null];
    const [Lf, Uf] = splitCompact(ctx.outputs[0]!);
    const [dL, dU] = luTangents(ctx.saved as T.Tensor, Lf, Uf, dA);
    return [add(dL, dU), null];
  },
});

const luRule = defineRule({
  name: 'lu',
  forward: (a: T.Tensor) => L.lu(a),
  backward: ([, gL, gU], ctx) => {
    const [P, Lf, Uf] = ctx.outputs as [Var, Var, Var];
    return [luPullback(P.value, Lf, Uf, gL ?? null, gU ?? null)];
  },
  jvp: ([dA], ctx) => {
    if (!dA) return [null, null, null];
    const [P, Lf, Uf] = ctx.outputs as [Var, Var, Var];
    const [dL, dU] = luTangents(P.value, Lf, Uf, dA);
    return [null, dL, dU];
  },
});

/**
 * LU factorisation A = P·L·U (square, partial pivoting, as `scipy.linalg.lu`), differentiable in
 * L and U with PyTorch's rule; P is piecewise constant. Accepts a Tensor or a Var.
 *
 * @example
 * const [P, Lf, U] = lu(variable(tensor([[1, 2], [3, 4]])));
 */
export function lu(a: T.Tensor): [T.Tensor, T.Tensor, T.Tensor];
export function lu(a: Var): [Var, Var, Var];
export function lu(a: T.Tensor | Var): [T.Tensor, T.Tensor, T.Tensor] | [Var, Var, Var] {
  if (a instanceof T.Tensor) return L.lu(a);
  return luRule(a) as [Var, Var, Var];
}

/**
 * Compact LU `[LU, pivots]` (getrf; 0-based pivots as SciPy), differentiable in LU: the same rule
 * as `lu` on L = tril₋₁(LU) + I and U = triu(LU). pivots is a constant. Accepts a Tensor or a Var.
 *
 * @example
 * const [LU, piv] = luFactor(variable(tensor([[1, 2], [3, 4]])));
 */
export function luFactor(a: T.Tensor): [T.Tensor, T.Tensor];
export function luFactor(a: Var): [Var, Var];
export function luFactor(a: T.Tensor | Var): [T.Tensor, T.Tensor] | [Var, Var] {
  if (a instanceof T.Tensor) return L.luFactor(a);
  return luFactorRule(a) as [Var, Var];
}
