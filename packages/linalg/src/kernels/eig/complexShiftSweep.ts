import { ULP } from '../machineConstants.js';
import { complexChaseStepPair } from './complexBulgeChase.js';
import { scaleColumnRange, scaleRowRange, scaleWholeRow } from './complexLineScaling.js';
import { generateStepReflector, reflectTwoLinesColumnForm, reflectTwoLinesRowForm } from './complexTwoLineReflector.js';

/*
 * One sweep of zlahqr's single-shift complex QR step with a given shift (tr + i·ti) on the
 * active block l..i of an interleaved row-major Hessenberg matrix whose subdiagonal is real:
 * the start row m is the lowest where two consecutive subdiagonals are small enough to start
 * the bulge there, the 2-element bulge is chased to the bottom (pairs of steps fused,
 * complexBulgeChase.ts), and the subdiagonal is kept real. Shared by the zlahqr loop
 * (complexSchur.ts) and the multishift driver (complexMultishiftSchur.ts), which feeds it the
 * shifts that aggressive early deflation leaves.
 */

const cabs1 = (re: number, im: number): number => Math.abs(re) + Math.abs(im);

/** Scratch buffers for `complexShiftSweep`. */
export interface SweepScratch {
  readonly v: Float64Array;
  readonly tau: Float64Array;
  readonly coef: Float64Array;
}

/** Fresh scratch for `complexShiftSweep`. */
export function sweepScratch(): SweepScratch {
  return { v: new Float64Array(4), tau: new Float64Array(2), coef: new Float64Array(8) };
}

/**
 * The single-shift sweep on rows/columns l..i with shift (tr, ti); rows are updated over
 * columns ..i2, columns over rows i1.., and the rows of zt = Zᵀ (if given) in full. `fuse`
 * false takes one chase step at a time (same bits).
 */
export function complexShiftSweep(
  h: Float64Array,
  n: number,
  l: number,
  i: number,
  i1: number,
  i2: number,
  zt: Float64Array | null,
  tr: number,
  ti: number,
  fuse: boolean,
  scratch: SweepScratch,
): void {
  const { v, tau, coef } = scratch;
  const at = (r: number, c: number): number => 2 * (r * n + c);
  // Look for two consecutive small subdiagonals.
  let m = i - 1;
  for (; m > l; m--) {
    if (startVector(m)) break;
  }
  if (m === l) startVector(l);
  // Single-shift QR step.
  for (let k2 = m; k2 <= i - 1; k2++) {
    if (fuse && k2 > m && k2 + 1 <= i - 1) {
      // Two steps with their far-from-diagonal sweeps fused (complexBulgeChase.ts; same bits).
      complexChaseStepPair(h, n, k2, i, i1, i2, zt, v, tau, coef);
      k2++;
      continue;
    }
    generateStepReflector(h, n, k2, k2 > m, v, tau);
    const t1r = tau[0]!;
    const t1i = tau[1]!;
    const v2r = v[2]!;
    const v2i = v[3]!;
    // Rows k2, k2+1 (columns k2..i2): x ← Gᴴ·x; columns k2, k2+1 (rows i1..min(k2+2, i)) and
    // rows k2, k2+1 of Zᵀ: x ← x·G.
    reflectTwoLinesRowForm(h, at(k2, k2), 2 * n, 2, i2 - k2 + 1, t1r, t1i, v2r, v2i);
    reflectTwoLinesColumnForm(h, at(i1, k2), 2, 2 * n, Math.min(k2 + 2, i) - i1 + 1, t1r, t1i, v2r, v2i);
    if (zt) reflectTwoLinesColumnForm(zt, 2 * k2 * n, 2 * n, 2, n, t1r, t1i, v2r, v2i);
    if (k2 === m && m > l) {
      // Keep H(m, m−1) real: scale by temp = (1 − t1)/|1 − t1|.
      let er = 1 - t1r;
      let ei = -t1i;
      const mod = Math.hypot(er, ei);
      er /= mod;
      ei /= mod;
      const p = at(m + 1, m);
      const hr = h[p]!;
      const hi = h[p + 1]!;
      h[p] = hr * er + hi * ei;
      h[p + 1] = hi * er - hr * ei;
      if (m + 2 <= i) {
        const q = at(m + 2, m + 1);
        const gr = h[q]!;
        const gi = h[q + 1]!;
        h[q] = gr * er - gi * ei;
        h[q + 1] = gr * ei + gi * er;
      }
      for (let j = m; j <= i; j++) {
        if (j === m + 1) continue;
        if (i2 > j) scaleRowRange(h, n, j, j + 1, i2, er, ei);
        scaleColumnRange(h, n, j, i1, j - 1, er, -ei);
        if (zt) scaleWholeRow(zt, n, j, er, -ei);
      }
    }
  }
  // Ensure H(i, i−1) is real.
  const p = at(i, i - 1);
  if (h[p + 1] !== 0) {
    const mod = Math.hypot(h[p]!, h[p + 1]!);
    const er = h[p]! / mod;
    const ei = h[p + 1]! / mod;
    h[p] = mod;
    h[p + 1] = 0;
    if (i2 > i) scaleRowRange(h, n, i, i + 1, i2, er, -ei);
    scaleColumnRange(h, n, i, i1, i - 1, er, ei);
    if (zt) scaleWholeRow(zt, n, i, er, ei);
  }

  function startVector(mm: number): boolean {
    const d1 = at(mm, mm);
    const h11r = h[d1]!;
    const h11i = h[d1 + 1]!;
    const d2 = at(mm + 1, mm + 1);
    let h11sr = h11r - tr;
    let h11si = h11i - ti;
    let h21 = h[at(mm + 1, mm)]!;
    const s = cabs1(h11sr, h11si) + Math.abs(h21);
    h11sr /= s;
    h11si /= s;
    h21 /= s;
    v[0] = h11sr;
    v[1] = h11si;
    v[2] = h21;
    v[3] = 0;
    if (mm === l) return true;
    const h10 = h[at(mm, mm - 1)]!;
    return (
      Math.abs(h10) * Math.abs(h21) <= ULP * (cabs1(h11sr, h11si) * (cabs1(h11r, h11i) + cabs1(h[d2]!, h[d2 + 1]!)))
    );
  }
}
