import { SAFE_MAX, SAFE_MIN } from './floatConstants.js';

// sqrt(f² + g²) is safe to form directly when both magnitudes lie in [RT_MIN, RT_MAX].
const RT_MIN = Math.sqrt(SAFE_MIN);
const RT_MAX = Math.sqrt(SAFE_MAX / 2);

/**
 * Scratch result of planeRotation: [c, s, r]. Reused across calls so rotation sweeps do not
 * allocate; read it immediately after each call.
 */
export const rotationOut = new Float64Array(3);

/**
 * Givens rotation (DLARTG, LAPACK ≥ 3.10): c, s, r with [c s; −s c]·[f; g] = [r; 0],
 * c ≥ 0 when g ≠ 0 or f ≠ 0, sign(r) = sign(f) for f ≠ 0. Results land in `rotationOut`.
 * Scales only when f or g is outside the range where f² + g² is representable.
 */
export function planeRotation(f: number, g: number): void {
  const out = rotationOut;
  if (g === 0) {
    out[0] = 1;
    out[1] = 0;
    out[2] = f;
    return;
  }
  if (f === 0) {
    out[0] = 0;
    out[1] = g > 0 ? 1 : -1;
    out[2] = Math.abs(g);
    return;
  }
  const f1 = Math.abs(f);
  const g1 = Math.abs(g);
  if (f1 > RT_MIN && f1 < RT_MAX && g1 > RT_MIN && g1 < RT_MAX) {
    const d = Math.sqrt(f * f + g * g);
    const r = f > 0 ? d : -d;
    out[0] = f1 / d;
    out[1] = g / r;
    out[2] = r;
    return;
  }
  const u = Math.min(SAFE_MAX, Math.max(SAFE_MIN, f1, g1));
  const fs = f / u;
  const gs = g / u;
  const d = Math.sqrt(fs * fs + gs * gs);
  const r = f > 0 ? d : -d;
  out[0] = Math.abs(fs) / d;
  out[1] = gs / r;
  out[2] = r * u;
}

/** Scratch result of symmetric2x2Eigen: [rt1, rt2, cs1, sn1]. */
export const eigen2x2Out = new Float64Array(4);

/**
 * Eigen-decomposition of [[a, b], [b, c]] (DLAEV2): rt1 is the eigenvalue of larger absolute
 * value, rt2 the other, and (cs1, sn1) the unit eigenvector of rt1:
 *   [cs1 sn1; −sn1 cs1]·[[a, b], [b, c]]·[cs1 −sn1; sn1 cs1] = diag(rt1, rt2).
 * rt2 is computed as det/rt1 in a cancellation-free order, so both are accurate.
 */
export function symmetric2x2Eigen(a: number, b: number, c: number): void {
  const sm = a + c;
  const df = a - c;
  const adf = Math.abs(df);
  const tb = b + b;
  const ab = Math.abs(tb);
  let acmx: number;
  let acmn: number;
  if (Math.abs(a) > Math.abs(c)) {
    acmx = a;
    acmn = c;
  } else {
    acmx = c;
    acmn = a;
  }
  let rt: number;
  if (adf > ab) {
    const q = ab / adf;
    rt = adf * Math.sqrt(1 + q * q);
  } else if (adf < ab) {
    const q = adf / ab;
    rt = ab * Math.sqrt(1 + q * q);
  } else {
    rt = ab * Math.SQRT2; // includes ab = adf = 0
  }
  let rt1: number;
  let rt2: number;
  let sgn1: number;
  if (sm < 0) {
    rt1 = 0.5 * (sm - rt);
    sgn1 = -1;
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else if (sm > 0) {
    rt1 = 0.5 * (sm + rt);
    sgn1 = 1;
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else {
    rt1 = 0.5 * rt;
    rt2 = -0.5 * rt;
    sgn1 = 1;
  }
  let cs: number;
  let sgn2: number;
  if (df >= 0) {
    cs = df + rt;
    sgn2 = 1;
  } else {
    cs = df - rt;
    sgn2 = -1;
  }
  let cs1: number;
  let sn1: number;
  if (Math.abs(cs) > ab) {
    const ct = -tb / cs;
    sn1 = 1 / Math.sqrt(1 + ct * ct);
    cs1 = ct * sn1;
  } else if (ab === 0) {
    cs1 = 1;
    sn1 = 0;
  } else {
    const tn = -cs / tb;
    cs1 = 1 / Math.sqrt(1 + tn * tn);
    sn1 = tn * cs1;
  }
  if (sgn1 === sgn2) {
    const tn = cs1;
    cs1 = -sn1;
    sn1 = tn;
  }
  const out = eigen2x2Out;
  out[0] = rt1;
  out[1] = rt2;
  out[2] = cs1;
  out[3] = sn1;
}
