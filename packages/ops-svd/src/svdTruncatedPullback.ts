import * as T from '@svd/tensor';
import { type Var, add, adjoint, diagEmbed, matmul, mul, slice, sub, unsqueeze, where } from '@svd/tape';
import { adjointTimes, colsOf, columns, scaleColumns } from './matrixHelpers.js';
import { nullColumnTolerance } from './nullColumnReciprocal.js';
import { pairwiseInverseDifference, pairwiseInverseSum } from './pairwiseReciprocal.js';
import { maskedReciprocal, spectralScale } from './spectralMasks.js';

/** As in svdPullback: a zero kept sᵢ keeps 1/sᵢ when its projected cotangent vanishes like sᵢ. */
const NULL_RATIO = 2 ** 13;

/** Rows [r0, r1) and columns [c0, c1) of a batch of matrices. */
function block(x: Var, r0: number, r1: number, c0: number, c1: number): Var {
  const specs: T.SliceSpec[] = x.shape.map((_, i) =>
    i === x.ndim - 2 ? [r0, r1] : i === x.ndim - 1 ? [c0, c1] : null,
  );
  return slice(x, ...specs);
}

/**
 * The reverse rule of the truncated SVD A ≈ U_P·diag(S_P)·V_Pᴴ (the p largest of the k = min(m, n)
 * triplets U, S, V), for cotangents Ū_P, S̄_P, V̄_P of the kept triplets only. It is the thin rule
 * (svdPullback) applied with zero cotangents on the discarded columns Q, rearranged so that no
 * discarded singular value is ever divided by:
 *
 *   Ā = U_P·Γ_P·V_Pᴴ + (I − U_P U_Pᴴ)Ū_P·S_P⁻¹·V_Pᴴ + U_P·S_P⁻¹·((I − V_P V_Pᴴ)V̄_P)ᴴ
 *     + U_Q·(G∘J_QP + H∘K_QP)·V_Pᴴ + U_P·(H∘J_QP + G∘K_QP)ᴴ·V_Qᴴ,
 *
 *   J_QP = U_QᴴŪ_P, K_QP = V_QᴴV̄_P, Hⱼᵢ = sⱼ/(sᵢ² − sⱼ²), Gⱼᵢ = Hⱼᵢ·sⱼ/sᵢ (j ∈ Q, i ∈ P),
 *
 * with Γ_P the thin rule's inner matrix on the kept block. The thin rule's own terms for a
 * discarded column j are sᵢ/(sᵢ² − sⱼ²) from the pairwise fractions and −1/sᵢ from the projector
 * (I − UUᴴ), two O(1) coefficients of uⱼuⱼᴴ whose difference Gⱼᵢ is O(sⱼ²). Written as that
 * difference, the value is the same, but a second derivative through it sent uⱼ a cotangent of
 * rounding size ε, which the next backward then divided by sⱼ ≈ ε when sⱼ is an exact zero of a
 * rectangular A (errors of 3–40% in hvp). Here uⱼ and vⱼ enter only multiplied by Hⱼᵢ ∝ sⱼ or
 * Gⱼᵢ ∝ sⱼ², so their cotangents vanish with sⱼ exactly and the next backward's quotient is exact.
 *
 * Where the product form does not hold — a pair masked as degenerate across the cut, or a kept
 * zero sᵢ — the thin rule's masked entries are used unchanged, so the two rules agree everywhere
 * (the gauge check reports those pairs as before).
 */
export function svdTruncatedPullback(
  U: Var,
  S: Var,
  V: Var,
  p: number,
  gU: Var | null,
  gS: Var | null,
  gV: Var | null,
  tol: { degeneracyRtol: number; rankRtol: number },
  precomputed: { J?: Var | null; K?: Var | null } = {},
): Var | null {
  if (!gU && !gS && !gV) return null;
  const k = colsOf(U);
  const UP = columns(U, 0, p);
  const VP = columns(V, 0, p);
  const SP = columns(S, 0, p);
  if (!gU && !gV) return matmul(scaleColumns(UP, gS!), adjoint(VP));
  const UQ = columns(U, p, k);
  const VQ = columns(V, p, k);
  const SQ = columns(S, p, k);

  // Uᴴ·Ū_P and Vᴴ·V̄_P over all k columns: rows P give J_PP, rows Q give J_QP.
  const J = gU ? (precomputed.J ?? adjointTimes(U, gU)) : null;
  const K = gV ? (precomputed.K ?? adjointTimes(V, gV)) : null;
  const halfD = pairwiseInverseDifference(S, tol.degeneracyRtol, 0.5);
  const halfE = pairwiseInverseSum(S, tol.rankRtol, 0.5);

  // The kept block: the thin rule's Γ on P (rows and columns P of every k×k matrix).
  const dPP = block(halfD, 0, p, 0, p);
  const ePP = block(halfE, 0, p, 0, p);
  const JPP = J ? block(J, 0, p, 0, p) : null;
  const KPP = K ? block(K, 0, p, 0, p) : null;
  const fromJ = JPP ? mul(sub(JPP, adjoint(JPP)), add(dPP, ePP)) : null;
  const fromK = KPP ? mul(sub(KPP, adjoint(KPP)), sub(dPP, ePP)) : null;
  let gamma = fromJ && fromK ? add(fromJ, fromK) : (fromJ ?? fromK!);
  if (gS) gamma = add(gamma, diagEmbed(gS));
  let result = matmul(matmul(UP, gamma), adjoint(VP));

  // Kept-only projectors (I − U_P U_Pᴴ)Ū_P and (I − V_P V_Pᴴ)V̄_P, and S_P⁻¹ as the thin rule masks it.
  const projU = gU ? sub(gU, matmul(UP, JPP!)) : null;
  const projV = gV ? sub(gV, matmul(VP, KPP!)) : null;
  const scale = spectralScale(S.value);
  const rankTol = T.mul(T.reshape(scale, scale.shape.slice(0, -1)), tol.rankRtol);
  const nullTol = nullColumnTolerance(
    SP.value,
    gU?.value ?? null,
    gS?.value ?? null,
    gV?.value ?? null,
    rankTol,
    NULL_RATIO,
  );
  const sInv = maskedReciprocal(SP, nullTol);
  if (projU) result = add(result, matmul(scaleColumns(projU, sInv), adjoint(VP)));
  if (projV) result = add(result, matmul(scaleColumns(UP, sInv), adjoint(projV)));
  if (p === k) return result;

  // The coupling to the discarded columns: H = ½(D − E) = sⱼ/(sᵢ² − sⱼ²) and G = H·sⱼ/sᵢ on (Q, P),
  // or the thin rule's ½(D + E) − 1/sᵢ where a mask broke the identity.
  // H is formed as the product 4·sⱼ·(½/(sᵢ − sⱼ))·(½/(sᵢ + sⱼ)), not as the difference of the two
  // fractions, which cancels to exactly 0 for sⱼ ≪ sᵢ and would cut uⱼ's cotangent off.
  const dQP = block(halfD, p, k, 0, p);
  const eQP = block(halfE, p, k, 0, p);
  const sj = unsqueeze(SQ, -1);
  const Hproduct = mul(mul(mul(dQP, eQP), sj), 4);
  const Gproduct = mul(mul(Hproduct, sj), unsqueeze(sInv, -2));
  // A masked entry is an exact 0 (c/d is never 0 for a finite d): flag where any factor is one.
  const smallest = T.minimum(T.minimum(T.abs(dQP.value), T.abs(eQP.value)), T.abs(T.unsqueeze(sInv.value, -2)));
  const masked = T.equal(smallest, 0);
  const H = where(masked, sub(dQP, eQP), Hproduct);
  const G = where(masked, sub(add(dQP, eQP), unsqueeze(sInv, -2)), Gproduct);
  const JQP = J ? block(J, p, k, 0, p) : null;
  const KQP = K ? block(K, p, k, 0, p) : null;
  const sumOf = (a: Var | null, b: Var | null) => (a && b ? add(a, b) : (a ?? b!));
  const left = sumOf(JQP && mul(G, JQP), KQP && mul(H, KQP)); // coefficients of U_Q·(…)·V_Pᴴ
  const right = sumOf(JQP && mul(H, JQP), KQP && mul(G, KQP)); // of U_P·(…)ᴴ·V_Qᴴ
  result = add(result, matmul(matmul(UQ, left), adjoint(VP)));
  result = add(result, matmul(matmul(UP, adjoint(right)), adjoint(VQ)));
  return result;
}
