import * as T from '@svd/tensor';
import { type Var, add, adjoint, constant, diagEmbed, matmul, mul, sub } from '@svd/tape';
import { reportGauge, type GaugeMode } from './gaugePolicy.js';
import { columns } from './matrixHelpers.js';
import { pairwiseInverseDifference, pairwiseInverseSum } from './pairwiseReciprocal.js';
import { checkSvdGauge } from './svdGaugeCheck.js';

/** The tolerances and gauge policy of the svds backward (those of `svd`). */
export interface SvdsBackwardSettings {
  readonly degeneracyRtol: number;
  readonly rankRtol: number;
  readonly gauge: GaugeMode;
  readonly gaugeRtol: number;
}

/**
 * Ā = P·Qᴴ for the truncated SVD, in three pieces: Ā = (UₑΓ)·Vₑᴴ + X·Vₖᴴ + Uₖ·Yᴴ. Uₑ, Vₑ (p columns)
 * are the kept triplets extended through a degenerate block cut by k; the cotangents are padded
 * with zeros there.
 */
export interface SvdsCotangentFactors {
  /** Uₑ·Γ (m×p), Γ the k×k-type inner matrix of the thin rule on the extended set; null if absent. */
  readonly UGamma: Var;
  /** The complement solutions (m×k and n×k); null when Ū and V̄ are both absent. */
  readonly X: Var | null;
  readonly Y: Var | null;
}

/**
 * Reports what the dense truncated rule would report (the thin SVD's gauge check on the extended
 * triplets, cotangents padded with zeros), plus — when k cuts a degenerate block — that the loss
 * may depend on which vectors of that block were kept.
 */
export function checkSvdsGauge(
  Ue: T.Tensor,
  Se: T.Tensor,
  Ve: T.Tensor,
  k: number,
  g: readonly [T.Tensor | null, T.Tensor | null, T.Tensor | null],
  o: SvdsBackwardSettings,
): void {
  if (o.gauge === 'off') return;
  const [gU, gS, gV] = g;
  checkSvdGauge(
    { U: Ue, S: Se, V: Ve, gU, gV, gS },
    { mode: o.gauge, rtol: o.gaugeRtol, degeneracyRtol: o.degeneracyRtol, rankRtol: o.rankRtol, op: 'svds' },
  );
  const p = Se.shape[0]!;
  if (p === k || k === 0) return;
  // Per kept column, the size of its cotangent in units of ∂L/∂A: |S̄ᵢ| + (‖Ūᵢ‖ + ‖V̄ᵢ‖)/sᵢ.
  const s = Se.toTypedArray(false);
  const colNorm = (G: T.Tensor | null) =>
    G ? T.sqrt(T.sum(T.real(T.mul(T.conj(G), G)), { axes: 0 })).toTypedArray(false) : null;
  const nu = colNorm(gU);
  const nv = colNorm(gV);
  const ns = gS ? T.abs(gS).toTypedArray(false) : null;
  const size = (i: number) =>
    (ns ? ns[i]! : 0) + ((nu ? nu[i]! : 0) + (nv ? nv[i]! : 0)) / Math.max(s[i]!, Number.MIN_VALUE);
  let ref = 0;
  let inBlock = 0;
  const tol = o.degeneracyRtol * Math.abs(s[0]!);
  for (let i = 0; i < k; i++) {
    ref = Math.max(ref, size(i));
    if (Math.abs(s[i]! - s[k]!) <= tol) inBlock = Math.max(inBlock, size(i));
  }
  if (!(ref > 0)) return;
  reportGauge(
    o.gauge,
    'svds',
    `which vectors of a degenerate block cut by k = ${k} are kept (s_${k} = s_${k + 1} within degeneracyRtol; the block has ${p - k + 1 + countBefore(s, k, tol)} members)`,
    inBlock / ref,
    o.gaugeRtol,
    'may',
  );
}

function countBefore(s: ArrayLike<number>, k: number, tol: number): number {
  let c = 0;
  for (let i = k - 2; i >= 0 && Math.abs(s[i]! - s[k - 1]!) <= tol; i--) c++;
  return c;
}

/**
 * The in-subspace inner matrix of the thin rule on the extended set, and the right-hand sides of
 * the complement systems for the k kept columns, with tape ops (differentiable again):
 *   J = UₑᴴŪ, K = VₑᴴV̄,  Γ = ½(J−Jᴴ)∘(D+E) + ½(K−Kᴴ)∘(D−E) + diag(S̄),
 *   D = 1/(sⱼ−sᵢ) (0 on degenerate pairs), E = 1/(sⱼ+sᵢ) (0 where both are ≈ 0),
 *   rᵤ = Ūₖ − Uₑ·Jₖ,  rᵥ = V̄ₖ − Vₑ·Kₖ  (the complement projections, applied, never formed).
 * `solve` maps (rᵤ, rᵥ) to (X, Y). Columns whose sᵢ is numerically zero get no complement term
 * (their projector terms have no limit in general; the dense rule masks them the same way unless
 * the cotangent vanishes like sᵢ).
 */
export function svdsCotangentFactors(
  Ue: Var,
  Se: Var,
  Ve: Var,
  k: number,
  gU: Var | null,
  gS: Var | null,
  gV: Var | null,
  o: SvdsBackwardSettings,
  solve: (ru: Var, rv: Var, s: Var) => [Var, Var],
): SvdsCotangentFactors {
  let gamma: Var | null = gS ? diagEmbed(gS) : null;
  if (!gU && !gV) return { UGamma: matmul(Ue, gamma!), X: null, Y: null };
  const J = gU ? matmul(adjoint(Ue), gU) : null;
  const K = gV ? matmul(adjoint(Ve), gV) : null;
  const halfD = pairwiseInverseDifference(Se, o.degeneracyRtol, 0.5);
  const halfE = pairwiseInverseSum(Se, o.rankRtol, 0.5);
  const fromJ = J ? mul(sub(J, adjoint(J)), add(halfD, halfE)) : null;
  const fromK = K ? mul(sub(K, adjoint(K)), sub(halfD, halfE)) : null;
  const inner = fromJ && fromK ? add(fromJ, fromK) : (fromJ ?? fromK!);
  gamma = gamma ? add(gamma, inner) : inner;
  const m = Ue.shape[0]!;
  const n = Ve.shape[0]!;
  const dtype = Ue.dtype;
  // Zero singular values among the kept ones get no complement term (see above): mask their columns.
  const sv = Se.value.toTypedArray(false);
  const smax = k > 0 ? Math.abs(sv[0]!) : 0;
  const keep = T.tensor(
    Float64Array.from({ length: k }, (_, i) => (sv[i]! > o.rankRtol * smax ? 1 : 0)),
    { shape: [1, k], dtype: T.realDType(dtype) },
  );
  const rhs = (G: Var | null, Q: Var, P: Var | null, rows: number) =>
    G && P ? mul(sub(columns(G, 0, k), matmul(Q, columns(P, 0, k))), keep) : constant(T.zeros([rows, k], { dtype }));
  const [X, Y] = solve(rhs(gU, Ue, J, m), rhs(gV, Ve, K, n), columns(Se, 0, k));
  return { UGamma: matmul(Ue, gamma), X, Y };
}
