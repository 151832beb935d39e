import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import { type Var, add, adjoint, concat, conj, constant, defineRule, matmul, slice, tril, triu } from '@svd/tape';
import { rectangularLuPullback, rectangularLuTangents } from './luRectangular.js';
import { solveTriangular } from './solveTriangular.js';

/*
 * A = P·L·U with L unit lower and U upper triangular (square A). The pullback is PyTorch's
 * `linalg_lu_backward`:  Ā = P·L⁻ᴴ·[tril₋₁(Lᴴ·L̄) + triu(Ū·Uᴴ)]·U⁻ᴴ,
 * and the jvp, with F = L⁻¹·Pᵀ·dA·U⁻¹:  dL = L·tril₋₁(F),  dU = triu(F)·U.
 * The permutation is piecewise constant, so it has no derivative. Triangular solves go through
 * the differentiable `solveTriangular`, so both are differentiable again.
 */

/** The factors of a compact LU as Vars: L = tril₋₁(LU) + I (m×k), U = triu(LU) (k×n), k = min(m, n). */
export function splitCompact(LU: Var): [Var, Var] {
  const m = LU.shape[LU.ndim - 2]!;
  const n = LU.shape[LU.ndim - 1]!;
  if (m === n) return [add(tril(LU, -1), constant(T.eye(n, n, { dtype: LU.dtype }))), triu(LU)];
  const k = Math.min(m, n);
  const batch: T.SliceSpec[] = LU.shape.slice(0, -2).map(() => null);
  const Lpart = m > n ? tril(LU, -1) : slice(tril(LU, -1), ...batch, null, [0, k]);
  const Upart = m > n ? slice(triu(LU), ...batch, [0, k]) : triu(LU);
  return [add(Lpart, constant(T.eye(m, k, { dtype: LU.dtype }))), Upart];
}

const isSquareFactor = (Lf: Var, Uf: Var) => Lf.shape[Lf.ndim - 2] === Uf.shape[Uf.ndim - 1];

/** Ā of A = P·L·U, square or rectangular. */
function anyLuPullback(P: T.Tensor, Lf: Var, Uf: Var, gL: Var | null, gU: Var | null): Var | null {
  return (isSquareFactor(Lf, Uf) ? luPullback : rectangularLuPullback)(P, Lf, Uf, gL, gU);
}

/** (dL, dU) of A = P·L·U, square or rectangular. */
function anyLuTangents(P: T.Tensor, Lf: Var, Uf: Var, dA: Var): [Var, Var] {
  return (isSquareFactor(Lf, Uf) ? luTangents : rectangularLuTangents)(P, Lf, Uf, dA);
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

/**
 * The m×m permutation matrices P (A = P·L·U) of getrf pivots (0-based, k = min(m, n) of them),
 * batched, in `dtype`; m defaults to the number of pivots (square factors).
 */
export function permutationFromPivots(pivots: T.Tensor, dtype: T.DType, m = pivots.shape[pivots.ndim - 1]!): T.Tensor {
  const k = pivots.shape[pivots.ndim - 1]!;
  const batch = pivots.shape.slice(0, -1);
  const piv = pivots.toTypedArray(false);
  const count = batch.reduce((a, d) => a * d, 1);
  const P = T.zeros([...batch, m, m], { dtype });
  const w = dtype === 'complex128' || dtype === 'complex64' ? 2 : 1;
  const data = P.toTypedArray(false);
  for (let b = 0; b < count; b++) {
    const rows = Array.from({ length: m }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const p = piv[b * k + i]!;
      [rows[i], rows[p]] = [rows[p]!, rows[i]!];
    }
    // Row i of P_s⁻¹·A is row rows[i] of A, so P_s[rows[i], i] = 1.
    for (let i = 0; i < m; i++) data[(b * m * m + rows[i]! * m + i) * w] = 1;
  }
  return new T.Tensor(data, dtype, [...batch, m, m]);
}

const luFactorRule = defineRule({
  name: 'luFactor',
  forward: (a: T.Tensor) => {
    const [LU, piv] = L.luFactor(a);
    return { outputs: [LU, piv], saved: permutationFromPivots(piv, a.dtype, a.shape[a.ndim - 2]!) };
  },
  backward: ([g], ctx) => {
    if (!g) return [null];
    const [Lf, Uf] = splitCompact(ctx.outputs[0]!);
    const m = Lf.shape[Lf.ndim - 2]!;
    const n = Uf.shape[Uf.ndim - 1]!;
    const k = Math.min(m, n);
    const batch: T.SliceSpec[] = g.shape.slice(0, -2).map(() => null);
    // The cotangents of the two factors inside the compact m×n array.
    const gL = m > n ? tril(g, -1) : slice(tril(g, -1), ...batch, null, [0, k]);
    const gU = m > n ? slice(triu(g), ...batch, [0, k]) : triu(g);
    return [anyLuPullback(ctx.saved as T.Tensor, Lf, Uf, gL, gU)];
  },
  jvp: ([dA], ctx) => {
    if (!dA) return [null, null];
    const [Lf, Uf] = splitCompact(ctx.outputs[0]!);
    const [dL, dU] = anyLuTangents(ctx.saved as T.Tensor, Lf, Uf, dA);
    const m = Lf.shape[Lf.ndim - 2]!;
    const n = Uf.shape[Uf.ndim - 1]!;
    if (m === n) return [add(dL, dU), null];
    // Back into the compact m×n layout: dL is strictly lower, dU upper; pad the narrower one.
    const pad = (x: Var, rows: number, cols: number) =>
      constant(T.zeros([...x.shape.slice(0, -2), rows, cols], { dtype: x.dtype }));
    if (m < n) return [add(concat([dL, pad(dL, m, n - m)], -1), dU), null];
    return [add(dL, concat([dU, pad(dU, m - n, n)], -2)), null];
  },
});

const luRule = defineRule({
  name: 'lu',
  forward: (a: T.Tensor) => L.lu(a),
  backward: ([, gL, gU], ctx) => {
    const [P, Lf, Uf] = ctx.outputs as [Var, Var, Var];
    return [anyLuPullback(P.value, Lf, Uf, gL ?? null, gU ?? null)];
  },
  jvp: ([dA], ctx) => {
    if (!dA) return [null, null, null];
    const [P, Lf, Uf] = ctx.outputs as [Var, Var, Var];
    const [dL, dU] = anyLuTangents(P.value, Lf, Uf, dA);
    return [null, dL, dU];
  },
});

/**
 * LU factorisation A = P·L·U (any m×n: L m×k unit lower, U k×n, k = min(m, n); partial pivoting,
 * as `scipy.linalg.lu` / `torch.linalg.lu`), differentiable in L and U with PyTorch's rule (its
 * wide and tall variants for m ≠ n); P is piecewise constant. Accepts a Tensor or a Var.
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
 * Compact LU `[LU, pivots]` (getrf; 0-based pivots as SciPy; any m×n, k = min(m, n) pivots),
 * differentiable in LU: the same rule as `lu` on L = tril₋₁(LU) + I and U = triu(LU). pivots is a constant. Accepts a Tensor or a Var.
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
