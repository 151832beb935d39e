import * as T from '@svd/tensor';
import { type Var, add, adjoint, concat, diagonal, matmul, mul, real, sub, unsqueeze } from '@svd/tape';
import { colsOf, columns, rowsOf, scaleColumns } from './matrixHelpers.js';
import { maskedReciprocal, spectralScale } from './spectralMasks.js';
import type { SvdPullbackOptions } from './svdPullback.js';
import { defaultDegeneracyRtol, defaultRankRtol } from './svdTolerances.js';

/**
 * Forward-mode rule of the SVD (thin, with the full SVD's extra columns completed): maps the
 * tangent dA to the tangents [dU, dS, dV] of the outputs. `svd`'s rule uses it for `jvp`:
 *
 *   dP = Uᴴ dA V, dS = Re diag(dP); with p = dPᵢⱼ, q = conj(dPⱼᵢ):
 *   Ω_U = ½[(p+q)/(sⱼ−sᵢ) + (p−q)/(sⱼ+sᵢ)], Ω_V = ½[(p+q)/(sⱼ−sᵢ) − (p−q)/(sⱼ+sᵢ)]
 *   (from dP = Ω_U S + dS − S Ω_V: Ω_U + Ω_V = (p+q)/(sⱼ−sᵢ), Ω_U − Ω_V = (p−q)/(sⱼ+sᵢ)),
 *   and on the diagonal the determined phase i·Im dPᵢᵢ/sᵢ split ±½ between U and V — the split
 *   that makes this rule the exact adjoint of the pullback's symmetric phase term;
 *   dU = U Ω_U + (dA V − U dP) S⁻¹, dV = V Ω_V + (dAᴴ U − V dPᴴ) S⁻¹.
 *
 * The same masks as the pullback apply, so the two stay adjoint at degeneracies.
 *
 * The tolerances default to `svd`'s, as in `svdPullback`.
 *
 * @example
 * const [dU, dS, dV] = svdJvp([U, S, V], dA); // svd's default tolerances
 */
export function svdJvp(
  outputs: readonly [Var, Var, Var],
  dA: Var | null,
  options: SvdPullbackOptions = {},
): (Var | null)[] {
  if (!dA) return [null, null, null];
  const [Ufull, S, Vfull] = outputs;
  const k = S.shape[S.ndim - 1]!;
  const U = columns(Ufull, 0, k);
  const V = columns(Vfull, 0, k);
  const m = rowsOf(U);
  const n = rowsOf(V);
  const o = {
    degeneracyRtol: options.degeneracyRtol ?? defaultDegeneracyRtol(U.dtype),
    rankRtol: options.rankRtol ?? defaultRankRtol(U.dtype, m, n),
  };
  const scale = spectralScale(S.value);
  const rankTolVec = T.reshape(T.mul(scale, o.rankRtol), [...scale.shape.slice(0, -2), 1]);
  const sRow = unsqueeze(S, -2);
  const sCol = unsqueeze(S, -1);
  const dAV = matmul(dA, V);
  const dP = matmul(adjoint(U), dAV);
  const dS = real(diagonal(dP));
  const dPh = adjoint(dP);
  const plus = add(dP, dPh);
  const minus = sub(dP, dPh);
  const invDiff = maskedReciprocal(sub(sRow, sCol), T.mul(scale, o.degeneracyRtol));
  const invSum = maskedReciprocal(add(sRow, sCol), T.mul(scale, o.rankRtol));
  const a = mul(mul(plus, invDiff), 0.5);
  const b = mul(mul(minus, invSum), 0.5);
  const omegaU = add(a, b);
  // Ω_V = a − b. a's diagonal is 0 (masked), so Ω_V's diagonal is −(Ω_U's): the ±½ phase split.
  const omegaV = sub(a, b);
  const sInv = maskedReciprocal(S, rankTolVec);
  let dU = matmul(U, omegaU);
  if (m > k) dU = add(dU, scaleColumns(sub(dAV, matmul(U, dP)), sInv));
  let dV = matmul(V, omegaV);
  if (n > k) dV = add(dV, scaleColumns(sub(matmul(adjoint(dA), U), matmul(V, dPh)), sInv));
  return [completeFull(Ufull, U, dU, k), dS, completeFull(Vfull, V, dV, k)];
}

/** For a full SVD, the extra columns move by −Q₁(dQ₁ᴴQ₂) (their gauge component is set to 0). */
function completeFull(Qfull: Var, Q1: Var, dQ1: Var, k: number): Var {
  const cols = colsOf(Qfull);
  if (cols === k) return dQ1;
  const Q2 = columns(Qfull, k, cols);
  return concat([dQ1, mul(matmul(Q1, matmul(adjoint(dQ1), Q2)), -1)], -1);
}
