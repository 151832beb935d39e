import * as T from '@svd/tensor';
import { type GaugeMode, reportGauge } from './gaugePolicy.js';

export interface SvdGaugeInputs {
  U: T.Tensor;
  S: T.Tensor;
  V: T.Tensor;
  gU: T.Tensor | null;
  gV: T.Tensor | null;
  /** Cotangent of S, for the degenerate-split check. */
  gS?: T.Tensor | null;
  /** UᴴŪ and VᴴV̄ when the caller has them already. */
  J?: T.Tensor | null;
  K?: T.Tensor | null;
  /** Cotangents of the extra columns of a full SVD, with those columns. */
  extraU?: { U2: T.Tensor; gU2: T.Tensor } | undefined;
  extraV?: { V2: T.Tensor; gV2: T.Tensor } | undefined;
}

export interface SvdGaugeOptions {
  mode: GaugeMode;
  /** Violations are measured relative to the largest entry of J = UᴴŪ and K = VᴴV̄. */
  rtol: number;
  degeneracyRtol: number;
  rankRtol: number;
  /** The operation named in reports (default 'svd'; `svds` passes its own name). */
  op?: string;
}

function maxAbs(t: T.Tensor | null): number {
  if (!t || t.size === 0) return 0;
  return T.max(T.abs(t)).item();
}

/**
 * Checks that the loss does not depend on the SVD's gauge: the complex phase of each singular
 * pair ((Jₐ+Kₐ)ᵢᵢ = 0), rotations inside degenerate blocks ((Jₐ+Kₐ)ᵢⱼ = 0 there), rotations of
 * null vectors into the complement (their projector term), and the extra columns of a full SVD
 * (the anti-Hermitian part of U₂ᴴŪ₂). All measures are relative to the cotangents' own scale, so
 * the check is invariant under scaling the input or the loss.
 */
export function checkSvdGauge(x: SvdGaugeInputs, opts: SvdGaugeOptions): void {
  if (opts.mode === 'off') return;
  const J = x.gU ? (x.J ?? T.matmul(T.adjoint(x.U), x.gU)) : null;
  const K = x.gV ? (x.K ?? T.matmul(T.adjoint(x.V), x.gV)) : null;
  const s = x.S;
  const k = s.shape[s.ndim - 1]!;
  const sData = s.toTypedArray(false);
  const batches = k === 0 ? 0 : sData.length / k;
  const smaxData = new Float64Array(batches);
  for (let b = 0; b < batches; b++) {
    for (let i = 0; i < k; i++) smaxData[b] = Math.max(smaxData[b]!, Math.abs(sData[b * k + i]!));
  }
  // One pass over J and K for the scale, then P = (Jₐ + Kₐ) only on the degenerate pairs
  // (typically just the diagonal): the check costs O(k²) reads, no k×k temporaries.
  const cplx = (J ?? K)?.isComplex ?? false;
  if (!J && !K) {
    checkDegenerateSplit(x.gS ?? null, sData, smaxData, k, 0, opts);
    return;
  }
  const w = cplx ? 2 : 1;
  const jd = J?.toTypedArray(false) ?? null;
  const kd = K?.toTypedArray(false) ?? null;
  let ref = 0;
  for (const d of [jd, kd]) {
    if (!d) continue;
    for (let i = 0; i < d.length; i += w) ref = Math.max(ref, cplx ? Math.hypot(d[i]!, d[i + 1]!) : Math.abs(d[i]!));
  }
  if (ref === 0 || !Number.isFinite(ref)) return;
  let worst = 0;
  for (let b = 0; b < batches; b++) {
    const tol = opts.degeneracyRtol * smaxData[b]!;
    for (let i = 0; i < k; i++) {
      const si = sData[b * k + i]!;
      for (let j = 0; j < k; j++) {
        if (Math.abs(si - sData[b * k + j]!) > tol) continue;
        const ij = ((b * k + i) * k + j) * w;
        const ji = ((b * k + j) * k + i) * w;
        // (X − Xᴴ)ᵢⱼ/2 = (Xᵢⱼ − conj(Xⱼᵢ))/2, summed over X ∈ {J, K}.
        let re = 0;
        let im = 0;
        for (const d of [jd, kd]) {
          if (!d) continue;
          re += (d[ij]! - d[ji]!) / 2;
          if (cplx) im += (d[ij + 1]! + d[ji + 1]!) / 2;
        }
        worst = Math.max(worst, Math.hypot(re, im) / ref);
      }
    }
  }
  reportGauge(opts.mode, opts.op ?? 'svd', 'the phase or the basis of degenerate singular vectors', worst, opts.rtol);
  checkDegenerateSplit(x.gS ?? null, sData, smaxData, k, ref, opts);
  // Null vectors (sᵢ ≈ 0) may rotate into the orthogonal complement of U (or V).
  let hasNull = false;
  for (let b = 0; b < batches; b++) {
    for (let i = 0; i < k; i++) if (sData[b * k + i]! <= opts.rankRtol * smaxData[b]!) hasNull = true;
  }
  const nullWorst = (X: T.Tensor, G: T.Tensor | null, Jm: T.Tensor | null) => {
    if (!hasNull || !G || !Jm || X.shape[X.ndim - 2]! <= k) return 0;
    const R = T.abs(T.sub(G, T.matmul(X, Jm))).toTypedArray(false);
    const rows = X.shape[X.ndim - 2]!;
    let worst = 0;
    for (let b = 0; b < batches; b++) {
      for (let i = 0; i < k; i++) {
        if (sData[b * k + i]! > opts.rankRtol * smaxData[b]!) continue;
        for (let r = 0; r < rows; r++) worst = Math.max(worst, R[(b * rows + r) * k + i]! / ref);
      }
    }
    return worst;
  };
  reportGauge(
    opts.mode,
    opts.op ?? 'svd',
    'singular vectors of zero singular values',
    Math.max(nullWorst(x.U, x.gU, J), nullWorst(x.V, x.gV, K)),
    opts.rtol,
  );
  const anti = (M: T.Tensor) => T.scale(T.sub(M, T.adjoint(M)), 0.5);
  for (const extra of [
    x.extraU && { X: x.extraU.U2, G: x.extraU.gU2 },
    x.extraV && { X: x.extraV.V2, G: x.extraV.gV2 },
  ]) {
    if (!extra) continue;
    const M = T.matmul(T.adjoint(extra.X), extra.G);
    const scaleRef = Math.max(ref, maxAbs(extra.G));
    reportGauge(
      opts.mode,
      opts.op ?? 'svd',
      'the basis of the extra columns of a full SVD',
      maxAbs(anti(M)) / scaleRef,
      opts.rtol,
    );
  }
}

/**
 * A loss that weighs the singular values of one degenerate block differently (S̄ᵢ ≠ S̄ⱼ while
 * sᵢ = sⱼ) has no gradient determined by the cotangents at this point: which direction carries
 * which of the equal values is arbitrary, and the limit of the masked 0/0 entries depends on how
 * the loss would change if the block split. Example: ⟨G, U·S·Vᴴ⟩ with a generic G at a repeated
 * singular value (its true gradient, G, is not recovered). Flag it rather than return a silently
 * different answer; losses symmetric in each block (Σ f(sᵢ), projectors, U·Vᴴ) are not flagged.
 */
function checkDegenerateSplit(
  gS: T.Tensor | null,
  s: ArrayLike<number>,
  smax: Float64Array,
  k: number,
  refJK: number,
  opts: SvdGaugeOptions,
): void {
  if (!gS || k < 2) return;
  const g = gS.toTypedArray(false);
  // S̄ and J/s both measure ∂L/∂A in the singular basis: compare S̄'s spread with their size.
  let ref = refJK / Math.max(...smax, Number.MIN_VALUE);
  for (let i = 0; i < g.length; i++) ref = Math.max(ref, Math.abs(g[i]!));
  if (!(ref > 0) || !Number.isFinite(ref)) return;
  let worst = 0;
  for (let b = 0; b < smax.length; b++) {
    const tol = opts.degeneracyRtol * smax[b]!;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        if (Math.abs(s[b * k + i]! - s[b * k + j]!) > tol) continue;
        worst = Math.max(worst, Math.abs(g[b * k + i]! - g[b * k + j]!) / ref);
      }
    }
  }
  reportGauge(
    opts.mode,
    opts.op ?? 'svd',
    'how the equal singular values of a degenerate block are told apart (S̄ differs inside the block)',
    worst,
    opts.rtol,
    'may',
  );
}
