import * as T from '@svd/tensor';
import { GaugeError } from './errors.js';
import { type GaugeMode, reportGauge } from './gaugePolicy.js';

/*
 * The checks eig's derivative makes on plain values before it builds anything on the tape:
 *  - the eigenvector phases: each column of V is fixed only up to e^{iφ}, so a well-defined loss
 *    has Im diag(VᴴV̄) = 0 (PyTorch's check in linalg_eig_backward, here relative to max|VᴴV̄|);
 *  - degenerate eigenvalues: inside a cluster |λᵢ − λⱼ| ≤ rtol·max|λ| the basis is arbitrary,
 *    so the projected (VᴴV̄)ᵢⱼ must vanish there too (the eigh policy);
 *  - defective eigenvalues (a Jordan block): a cluster whose eigenvectors are parallel. There
 *    neither W nor V is differentiable; reported through the same policy, never a silent NaN.
 */

/** Flags the loss's dependence on the eigenvector phases or on a degenerate basis. */
export function checkEigGauge(
  W: T.Tensor,
  projected: T.Tensor,
  VhgV: T.Tensor,
  mode: GaugeMode,
  degeneracyRtol: number,
  gaugeRtol: number,
): void {
  if (mode === 'off') return;
  const k = W.shape[W.ndim - 1]!;
  // An empty batch (or 0×0 matrices) has no eigenvectors and nothing to check; max would have no identity.
  if (W.size === 0) return;
  const ref = T.max(T.abs(VhgV)).item();
  if (!(ref > 0)) return;
  const w = W.toTypedArray(false);
  const j = VhgV.toTypedArray(false);
  const p = T.abs(projected).toTypedArray(false);
  let phase = 0;
  let basis = 0;
  for (let b = 0; b < w.length / (2 * k); b++) {
    const wmax = spectralMax(w, b, k);
    for (let i = 0; i < k; i++) {
      phase = Math.max(phase, Math.abs(j[2 * ((b * k + i) * k + i) + 1]!) / ref);
      for (let l = 0; l < k; l++) {
        if (l === i || gap(w, b, k, i, l) > degeneracyRtol * wmax) continue;
        basis = Math.max(basis, p[(b * k + i) * k + l]! / ref);
      }
    }
  }
  reportGauge(mode, 'eig', 'the phases of the eigenvectors (Im diag(VᴴV̄) ≠ 0)', phase, gaugeRtol);
  reportGauge(mode, 'eig', 'the basis of a degenerate eigenspace', basis, gaugeRtol);
}

/**
 * Reports a defective eigenvalue: a degenerate pair whose unit eigenvectors are parallel to
 * within sqrt(degeneracyRtol). 'throw' raises GaugeError, 'warn' warns (the derivative is then
 * huge: it scales with the inverse of the eigenvector matrix's tiny smallest singular value).
 */
export function checkDefective(W: T.Tensor, V: T.Tensor, mode: GaugeMode, degeneracyRtol: number): void {
  if (mode === 'off') return;
  const k = W.shape[W.ndim - 1]!;
  if (k < 2) return;
  const w = W.toTypedArray(false);
  const v = V.toTypedArray(false);
  let worst = 0;
  for (let b = 0; b < w.length / (2 * k); b++) {
    const wmax = spectralMax(w, b, k);
    for (let i = 0; i < k; i++) {
      for (let l = i + 1; l < k; l++) {
        if (gap(w, b, k, i, l) > degeneracyRtol * wmax) continue;
        let re = 0;
        let im = 0;
        for (let r = 0; r < k; r++) {
          const x = 2 * ((b * k + r) * k + i);
          const y = 2 * ((b * k + r) * k + l);
          re += v[x]! * v[y]! + v[x + 1]! * v[y + 1]!;
          im += v[x]! * v[y + 1]! - v[x + 1]! * v[y]!;
        }
        worst = Math.max(worst, Math.hypot(re, im));
      }
    }
  }
  // Reported as 1/(1 − |vᵢᴴvⱼ|), how close to parallel the pair is, against 1/sqrt(degeneracyRtol).
  const closeness = 1 / Math.max(1 - worst, Number.EPSILON);
  reportGauge(
    mode,
    'eig',
    'a defective (non-diagonalisable, Jordan-block) eigenvalue, where W and V are not differentiable',
    closeness,
    1 / Math.sqrt(degeneracyRtol),
  );
}

/** A derivative that came out non-finite is an error whatever the gauge mode. */
export function assertFiniteDerivative(g: T.Tensor, what: string): void {
  const d = g.toTypedArray(false);
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i]!)) {
      throw new GaugeError(
        'eig',
        `the ${what} is not finite: the matrix is defective (its eigenvector matrix is singular), ` +
          'where eig is not differentiable',
        Number.POSITIVE_INFINITY,
      );
    }
  }
}

function spectralMax(w: ArrayLike<number>, b: number, k: number): number {
  let m = 0;
  for (let i = 0; i < k; i++) m = Math.max(m, Math.hypot(w[2 * (b * k + i)]!, w[2 * (b * k + i) + 1]!));
  return m;
}

function gap(w: ArrayLike<number>, b: number, k: number, i: number, l: number): number {
  const x = 2 * (b * k + i);
  const y = 2 * (b * k + l);
  return Math.hypot(w[x]! - w[y]!, w[x + 1]! - w[y + 1]!);
}
