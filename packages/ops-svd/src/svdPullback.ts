import * as T from '@svd/tensor';
import { type Var, add, adjoint, diagEmbed, diagonal, matmul, mul, sub, square, unsqueeze } from '@svd/tape';
import { adjointTimes, antiHermitian, colsOf, rowsOf, scaleColumns } from './matrixHelpers.js';
import { pairwiseInverseDifference, pairwiseInverseSum } from './pairwiseReciprocal.js';
import { nullColumnTolerance } from './nullColumnReciprocal.js';
import { broadenedReciprocal, maskedReciprocal, spectralScale } from './spectralMasks.js';
import { defaultDegeneracyRtol, defaultRankRtol } from './svdTolerances.js';

/**
 * A zero singular value's projector term keeps its 1/sⱼ when the column's cotangent divided by sⱼ
 * is at most this times the rest of the gradient: ε^(−1/4) ≈ 8.2e3 separates cotangents that
 * vanish like sⱼ (ratio O(1)) from those that vanish like √sⱼ (ratio ≥ rankRtol^(−1/2) ≈ 4e7).
 */
const NULL_RATIO = 2 ** 13;

/** How the SVD pullback treats (near-)degenerate and zero singular values; the defaults are `svd`'s. */
export interface SvdPullbackOptions {
  /** |sⱼ − sᵢ| ≤ degeneracyRtol·s_max marks a degenerate pair. Default ε^(3/4) of U's precision. */
  readonly degeneracyRtol?: number | undefined;
  /** sᵢ ≤ rankRtol·s_max counts as a zero singular value. Default max(m, n)·ε of U's precision (U m×k, V n×k). */
  readonly rankRtol?: number | undefined;
  /**
   * If set, the seed's (bug report's) rule: Lorentzian x/(x²+ε) on the squared gaps sⱼ² − sᵢ²
   * instead of partial fractions. Not tensorgrad's rule (see `tensorgradBroadening`).
   */
  readonly broadening?: number | undefined;
  /**
   * If set, tensorgrad's rule (Liao et al., PRX 9, 031041): partial fractions with only
   * 1/(sⱼ − sᵢ) broadened to x/(x²+ε) on the plain gap; 1/(sⱼ + sᵢ) stays exact (masked at 0).
   */
  readonly tensorgradBroadening?: number | undefined;
}

/**
 * The reverse rule of the thin SVD A = U·diag(S)·Vᴴ (U m×k, V n×k), written with tape ops so it
 * can be differentiated again. Any of the cotangents may be null (absent, not zero). `svd` uses
 * it; it is exported for custom rules built on an SVD. Returns Ā (null when all cotangents are).
 *
 *   J = UᴴŪ, K = VᴴV̄, Jₐ, Kₐ their anti-Hermitian parts,
 *   Γᵢⱼ = (Jₐ+Kₐ)ᵢⱼ/(sⱼ−sᵢ) + (Jₐ−Kₐ)ᵢⱼ/(sⱼ+sᵢ) + δᵢⱼ S̄ᵢ,
 *   Ā = U Γ Vᴴ + (Ū − UJ) S⁻¹ Vᴴ + U S⁻¹ (V̄ − VK)ᴴ.
 *
 * Partial fractions never square a gap (no overflow at s ~ 1e200, no cancellation). The diagonal
 * of the second fraction is the symmetric complex phase term (Jₐ−Kₐ)ᵢᵢ/(2sᵢ). Within a degenerate
 * block the first fraction is 0/0 and is taken as 0 — exact for losses invariant under rotations
 * of the block that also weigh its equal singular values alike (the gauge check flags the others);
 * zero singular values leave the 1/(sᵢ+sⱼ) terms the same way. In the projector terms of a tall
 * or wide input a zero sⱼ keeps its 1/sⱼ only where the column's cotangent vanishes like sⱼ
 * (‖Ūⱼ‖/sⱼ, ‖V̄ⱼ‖/sⱼ ≤ 2¹³× the rest of the gradient, as for ⟨M, U·S·Vᴴ⟩, whose exact gradient M
 * is then returned); otherwise the term has no limit and is taken as 0. Projectors are applied
 * as X − U(UᴴX): nothing m×m or n×n is ever formed.
 *
 * The tolerances default to `svd`'s (see {@link SvdPullbackOptions}), so a custom rule that
 * calls it without options treats degenerate and zero singular values as `svd` does.
 *
 * @example
 * const gA = svdPullback(U, S, V, null, gS, null); // cotangent of A from S̄ alone, svd's tolerances
 */
export function svdPullback(
  U: Var,
  S: Var,
  V: Var,
  gU: Var | null,
  gS: Var | null,
  gV: Var | null,
  options: SvdPullbackOptions = {},
  precomputed: { J?: Var | null; K?: Var | null } = {},
): Var | null {
  if (!gU && !gS && !gV) return null;
  const opts = {
    degeneracyRtol: options.degeneracyRtol ?? defaultDegeneracyRtol(U.dtype),
    rankRtol: options.rankRtol ?? defaultRankRtol(U.dtype, rowsOf(U), rowsOf(V)),
    broadening: options.broadening,
    tensorgradBroadening: options.tensorgradBroadening,
  };
  const Vh = adjoint(V);
  if (!gU && !gV) {
    // Only S̄: Ā = U diag(S̄) Vᴴ. No gap and no S⁻¹ appears, so nothing can be 0·∞.
    return matmul(scaleColumns(U, gS!), Vh);
  }
  const k = colsOf(U);
  const m = rowsOf(U);
  const n = rowsOf(V);
  const scale = spectralScale(S.value);
  const rankTol = T.mul(T.reshape(scale, scale.shape.slice(0, -1)), opts.rankRtol);
  const J = gU ? (precomputed.J ?? adjointTimes(U, gU)) : null;
  const K = gV ? (precomputed.K ?? adjointTimes(V, gV)) : null;

  let gamma: Var;
  if (opts.broadening !== undefined) {
    gamma = seedInnerMatrix(unsqueeze(S, -2), unsqueeze(S, -1), J, K, opts.broadening, T.mul(scale, opts.rankRtol));
  } else {
    // (Jₐ+Kₐ)∘D + (Jₐ−Kₐ)∘E = ½(J−Jᴴ)∘(D+E) + ½(K−Kᴴ)∘(D−E), D = 1/(sⱼ−sᵢ), E = 1/(sⱼ+sᵢ):
    // the same partial fractions with fewer passes over k² entries.
    const halfD =
      opts.tensorgradBroadening === undefined
        ? pairwiseInverseDifference(S, opts.degeneracyRtol, 0.5)
        : mul(broadenedReciprocal(sub(unsqueeze(S, -2), unsqueeze(S, -1)), opts.tensorgradBroadening), 0.5);
    const halfE = pairwiseInverseSum(S, opts.rankRtol, 0.5);
    const fromJ = J ? mul(sub(J, adjoint(J)), add(halfD, halfE)) : null;
    const fromK = K ? mul(sub(K, adjoint(K)), sub(halfD, halfE)) : null;
    gamma = fromJ && fromK ? add(fromJ, fromK) : (fromJ ?? fromK!);
  }
  if (gS) gamma = add(gamma, diagEmbed(gS));

  const projected = (gU && m > k) || (gV && n > k);
  const nullTol = projected
    ? nullColumnTolerance(S.value, gU?.value ?? null, gS?.value ?? null, gV?.value ?? null, rankTol, NULL_RATIO)
    : rankTol;
  if (projected && opts.broadening === undefined && (J ?? K)!.value.isComplex) {
    gamma = add(gamma, nullColumnPhaseTerm(S, J, K, nullTol, rankTol));
  }
  let result = matmul(matmul(U, gamma), Vh);
  const sInv = maskedReciprocal(S, nullTol);
  if (gU && m > k) {
    result = add(result, matmul(scaleColumns(sub(gU, matmul(U, J!)), sInv), Vh));
  }
  if (gV && n > k) {
    result = add(result, matmul(scaleColumns(U, sInv), adjoint(sub(gV, matmul(V, K!)))));
  }
  return result;
}

/**
 * The complex phase term (Jₐ−Kₐ)ⱼⱼ/(2sⱼ) of a zero sⱼ that the pairwise fractions masked, put back
 * for the columns whose 1/sⱼ the projector terms keep (`nullTol` 0: the cotangents vanish like
 * sⱼ, so the quotient has a limit — the second-order cotangents of a truncated SVD are such).
 * Elsewhere it is 0, as before.
 */
function nullColumnPhaseTerm(S: Var, J: Var | null, K: Var | null, nullTol: T.Tensor, rankTol: T.Tensor): Var {
  const masked = T.lessEqual(T.mul(S.value, 2), rankTol); // rankTol is [..., 1]: one per matrix
  const kept = T.equal(T.where(masked, nullTol, 1), 0); // masked and kept by the projector test
  const inv = maskedReciprocal(S, T.where(kept, 0, Infinity));
  const jPart = J ? diagonal(sub(J, adjoint(J))) : null;
  const kPart = K ? diagonal(sub(K, adjoint(K))) : null;
  const phase = jPart && kPart ? sub(jPart, kPart) : (jPart ?? mul(kPart!, -1));
  return diagEmbed(mul(mul(phase, inv), 0.25));
}

/**
 * The bug report's rule, reproduced exactly when `broadening` is given:
 * F = (sⱼ²−sᵢ²)/((sⱼ²−sᵢ²)² + ε), Γ = F∘(J−Jᴴ)·S + S·(F∘(K−Kᴴ)) (+ S̄ on the diagonal).
 * For complex input the symmetric phase term is added on the diagonal (the seed was real-only).
 */
function seedInnerMatrix(sRow: Var, sCol: Var, J: Var | null, K: Var | null, epsilon: number, rankTol: T.Tensor): Var {
  const F = broadenedReciprocal(sub(square(sRow), square(sCol)), epsilon);
  const terms: Var[] = [];
  if (J) terms.push(mul(mul(F, sub(J, adjoint(J))), sRow));
  if (K) terms.push(mul(sCol, mul(F, sub(K, adjoint(K)))));
  let gamma = terms.length === 2 ? add(terms[0]!, terms[1]!) : terms[0]!;
  const complex = (J ?? K)!.value.isComplex;
  if (complex) {
    const Ja = J ? antiHermitian(J) : null;
    const Ka = K ? antiHermitian(K) : null;
    const minus = Ja && Ka ? sub(Ja, Ka) : Ja ? Ja : mul(Ka!, -1);
    const invSum = maskedReciprocal(add(sRow, sCol), rankTol);
    const eye = T.eye(colsOf(minus), colsOf(minus), { dtype: minus.dtype }); // float64 would promote complex64
    gamma = add(gamma, mul(mul(minus, invSum), eye));
  }
  return gamma;
}
