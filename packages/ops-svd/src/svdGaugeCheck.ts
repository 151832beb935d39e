import * as T from '@svd/tensor';
import { type GaugeMode, reportGauge } from './gaugePolicy.js';

export interface SvdGaugeInputs {
  U: T.Tensor;
  S: T.Tensor;
  V: T.Tensor;
  gU: T.Tensor | null;
  gV: T.Tensor | null;
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
  const J = x.gU ? T.matmul(T.adjoint(x.U), x.gU) : null;
  const K = x.gV ? T.matmul(T.adjoint(x.V), x.gV) : null;
  const ref = Math.max(maxAbs(J), maxAbs(K), maxAbs(x.gU), maxAbs(x.gV));
  if (ref === 0 || !Number.isFinite(ref)) return;
  const anti = (M: T.Tensor) => T.scale(T.sub(M, T.adjoint(M)), 0.5);
  let P: T.Tensor | null = null;
  if (J) P = anti(J);
  if (K) P = P ? T.add(P, anti(K)) : anti(K);
  const s = x.S;
  const k = s.shape[s.ndim - 1]!;
  const smax = k === 0 ? T.zeros(s.shape.slice(0, -1)) : T.max(s, { axes: -1 });
  const sData = s.toTypedArray(false);
  const smaxData = smax.toTypedArray(false);
  const batches = k === 0 ? 0 : sData.length / k;
  if (P) {
    const p = T.abs(P).toTypedArray(false);
    let worst = 0;
    for (let b = 0; b < batches; b++) {
      const tol = opts.degeneracyRtol * smaxData[b]!;
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          if (Math.abs(sData[b * k + i]! - sData[b * k + j]!) <= tol) {
            worst = Math.max(worst, p[(b * k + i) * k + j]! / ref);
          }
        }
      }
    }
    reportGauge(opts.mode, 'svd', 'the phase or the basis of degenerate singular vectors', worst, opts.rtol);
  }
  // Null vectors (sᵢ ≈ 0) may rotate into the orthogonal complement of U (or V).
  const nullWorst = (X: T.Tensor, G: T.Tensor | null, Jm: T.Tensor | null) => {
    if (!G || !Jm || X.shape[X.ndim - 2]! <= k) return 0;
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
    'svd',
    'singular vectors of zero singular values',
    Math.max(nullWorst(x.U, x.gU, J), nullWorst(x.V, x.gV, K)),
    opts.rtol,
  );
  for (const extra of [
    x.extraU && { X: x.extraU.U2, G: x.extraU.gU2 },
    x.extraV && { X: x.extraV.V2, G: x.extraV.gV2 },
  ]) {
    if (!extra) continue;
    const M = T.matmul(T.adjoint(extra.X), extra.G);
    const scaleRef = Math.max(ref, maxAbs(extra.G));
    reportGauge(opts.mode, 'svd', 'the basis of the extra columns of a full SVD', maxAbs(anti(M)) / scaleRef, opts.rtol);
  }
}
