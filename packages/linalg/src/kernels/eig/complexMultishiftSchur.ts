import { ConvergenceError, LinAlgError } from '../../errors.js';
import { SAFE_MIN, ULP } from '../machineConstants.js';
import { complexDeflationWindow } from './complexDeflationWindow.js';
import { complexDoubleShiftSweep } from './complexDoubleShiftSweep.js';
import { complexSchur } from './complexSchur.js';
import { scaleWholeRow } from './complexLineScaling.js';
import { complexShiftSweep, sweepScratch } from './complexShiftSweep.js';

/*
 * LAPACK zlaqr0's outer loop for large complex Hessenberg matrices: each iteration locates the
 * active block, runs aggressive early deflation on a trailing window (complexDeflationWindow.ts,
 * zlaqr3), and — unless that deflated enough to simply try again — spends the window's
 * undeflated eigenvalues as shifts. zlaqr5 chases those shifts as a chain of small bulges with
 * the far-from-diagonal updates as GEMMs; here each shift gets one single-shift sweep
 * (complexShiftSweep.ts, zlahqr's chase with its fused step pairs). Most of the gain over zlahqr
 * is AED's: far fewer sweeps per eigenvalue (≈ 3.3 with zlahqr's own Wilkinson shifts on random
 * matrices). Blocks of at most NMIN rows go to zlahqr (complexSchur.ts), as zhseqr does.
 */

/** zhseqr's crossover: smaller active blocks are finished by zlahqr. */
export const MULTISHIFT_NMIN = 75;
const KEXSH = 6;
const KEXNW = 5;
const NIBBLE = 14;
const WILK1 = 0.75;

const cabs1 = (re: number, im: number): number => Math.abs(re) + Math.abs(im);

/** iparmq's shift count (ISPEC 15) for an active block of nh rows. */
function shiftCount(nh: number): number {
  if (nh < 30) return 2;
  if (nh < 60) return 4;
  if (nh < 150) return 10;
  if (nh < 590) return Math.max(10, Math.floor(nh / Math.round(Math.log2(nh))));
  if (nh < 3000) return 64;
  return nh < 6000 ? 128 : 256;
}

/**
 * Complex Schur form of the interleaved row-major Hessenberg `h` in place (rows/cols ilo..ihi
 * active), same contract as `complexSchur`: `wantT` forms all of T, `zt` (rows of Zᵀ)
 * accumulates the transformations; returns the eigenvalues, interleaved.
 *
 * @example
 * const w = kernels.complexMultishiftSchur(h, n, 0, n - 1, true, zt); // h is now T
 */
export function complexMultishiftSchur(
  h: Float64Array,
  n: number,
  ilo: number,
  ihi: number,
  wantT: boolean,
  zt: Float64Array | null,
  op = 'eig',
): Float64Array {
  const nh0 = ihi - ilo + 1;
  if (nh0 <= MULTISHIFT_NMIN) return complexSchur(h, n, ilo, ihi, wantT, zt, op);
  const at = (r: number, c: number): number => 2 * (r * n + c);
  let nsr = shiftCount(nh0);
  nsr = Math.min(nsr, Math.floor((n - 3) / 6), ihi - ilo);
  nsr = Math.max(2, nsr - (nsr % 2));
  let nwr = shiftCount(nh0) * (nh0 <= 500 ? 1 : 1.5);
  nwr = Math.min(Math.max(2, Math.floor(nwr)), nh0, Math.floor((n - 1) / 3));
  const nwmax = Math.min(Math.floor((n - 1) / 3), nh0);
  const itmax = 30 * Math.max(10, nh0);
  const scratch = sweepScratch();
  const v6 = new Float64Array(6);
  const tau = new Float64Array(2);
  let kbot = ihi;
  let ndfl = 1;
  let nw = nwr;
  let it = 0;
  while (kbot >= ilo) {
    if (++it > itmax) {
      const what = `the QR iteration did not converge (eigenvalue ${kbot} after ${itmax} iterations)`;
      throw new ConvergenceError(op, what, itmax);
    }
    let ktop = kbot;
    while (ktop > ilo && (h[at(ktop, ktop - 1)] !== 0 || h[at(ktop, ktop - 1) + 1] !== 0)) ktop--;
    const nh = kbot - ktop + 1;
    if (nh <= MULTISHIFT_NMIN) {
      // With T or Z wanted, zlahqr on a copy of the block and the far-from-block parts of T
      // and Z updated by three GEMMs is cheaper than zlahqr's full-width row/column sweeps (the
      // deflation window covering the whole block: s = 0, everything deflates).
      const aside = (wantT || zt !== null) && nh > 2 ? complexDeflationWindow(h, n, ktop, kbot, nh, wantT, zt) : null;
      if (aside === null || aside.deflated < nh) complexSchur(h, n, ktop, kbot, wantT, zt, op);
      kbot = ktop - 1;
      ndfl = 1;
      continue;
    }
    // Deflation window size: iparmq's, doubled while deflation stalls.
    const nwupbd = Math.min(nh, nwmax);
    nw = ndfl < KEXNW ? Math.min(nwupbd, nwr) : Math.min(nwupbd, 2 * nw);
    if (nw < nwmax) {
      if (nw >= nh - 1) nw = nh;
      else {
        const kwtop = kbot - nw + 1;
        const a = at(kwtop, kwtop - 1);
        const b = at(kwtop - 1, kwtop - 2);
        if (kwtop - 2 >= ktop && cabs1(h[a]!, h[a + 1]!) > cabs1(h[b]!, h[b + 1]!)) nw++;
      }
    }
    const { deflated, shifts } = complexDeflationWindow(h, n, ktop, kbot, nw, wantT, zt);
    kbot -= deflated;
    ndfl = deflated > 0 ? 1 : ndfl + 1;
    const active = kbot - ktop + 1;
    if (!(deflated === 0 || (100 * deflated <= nw * NIBBLE && active > Math.min(MULTISHIFT_NMIN, nwmax)))) continue;
    let ns = Math.min(nsr, Math.max(2, kbot - ktop));
    ns -= ns % 2;
    let sh: Float64Array;
    if (ndfl % KEXSH === 0) {
      // Exceptional shifts.
      sh = new Float64Array(2 * ns);
      for (let j = 0; j < ns; j += 2) {
        const i = kbot - j;
        const d = at(i, i);
        const re = h[d]! + WILK1 * cabs1(h[at(i, i - 1)]!, h[at(i, i - 1) + 1]!);
        sh[2 * j] = sh[2 * j + 2] = re;
        sh[2 * j + 1] = sh[2 * j + 3] = h[d + 1]!;
      }
    } else {
      sh = shifts;
      if (sh.length / 2 <= ns / 2) {
        // Too few shifts from the window: the eigenvalues of the trailing ns×ns block.
        sh = trailingEigenvalues(h, n, kbot - ns + 1, kbot, op);
      }
      const count = sh.length / 2;
      if (count > ns) sh = sh.subarray(2 * (count - ns));
      if (sh.length === 4) {
        // Two shifts: use the one closer to H(kbot, kbot) twice.
        const d = at(kbot, kbot);
        const d0 = cabs1(sh[0]! - h[d]!, sh[1]! - h[d + 1]!);
        const d1 = cabs1(sh[2]! - h[d]!, sh[3]! - h[d + 1]!);
        if (d0 < d1) sh = Float64Array.of(sh[0]!, sh[1]!, sh[0]!, sh[1]!);
        else sh = Float64Array.of(sh[2]!, sh[3]!, sh[2]!, sh[3]!);
      }
    }
    const i1 = wantT ? 0 : ktop;
    const i2 = wantT ? n - 1 : kbot;
    // Shifts in pairs: one double-shift sweep each (an odd one left over: a single-shift sweep).
    let s = 0;
    for (; s + 4 <= sh.length; s += 4) {
      complexDoubleShiftSweep(h, n, ktop, kbot, i1, i2, zt, sh[s]!, sh[s + 1]!, sh[s + 2]!, sh[s + 3]!, v6, tau);
    }
    if (s < sh.length) {
      makeSubdiagonalReal(h, n, ktop, ktop + 1, kbot, wantT, zt);
      complexShiftSweep(h, n, ktop, kbot, i1, i2, zt, sh[s]!, sh[s + 1]!, true, scratch);
    }
    // Vigilant deflation (as zlaqr5 does during its chase): negligible subdiagonals anywhere in the
    // block become exact zeros, so the block splits. Graded matrices need it: their bottom
    // eigenvalues are tiny against the top entries, the shifts are lost at the top of the chase,
    // and the sweeps converge the top of the block first.
    zeroNegligibleSubdiagonals(h, n, ktop, kbot);
  }
  const w = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    w[2 * i] = h[at(i, i)]!;
    w[2 * i + 1] = h[at(i, i) + 1]!;
  }
  return w;
}

/**
 * zlahqr's deflation test (Ahues–Tisseur) on every subdiagonal entry of rows ktop+1..kbot; the
 * negligible ones are set to zero.
 */
function zeroNegligibleSubdiagonals(h: Float64Array, n: number, ktop: number, kbot: number): void {
  const smlnum = SAFE_MIN * ((kbot - ktop + 1) / ULP);
  for (let k = kbot; k > ktop; k--) {
    const p = 2 * (k * n + k - 1);
    const sub = cabs1(h[p]!, h[p + 1]!);
    if (sub === 0) continue;
    let negligible = sub <= smlnum;
    if (!negligible) {
      const d0 = 2 * ((k - 1) * n + k - 1);
      const d1 = 2 * (k * n + k);
      const hk = cabs1(h[d1]!, h[d1 + 1]!);
      let tst = cabs1(h[d0]!, h[d0 + 1]!) + hk;
      if (tst === 0) {
        if (k - 2 >= ktop) tst += cabs1(h[2 * ((k - 1) * n + k - 2)]!, h[2 * ((k - 1) * n + k - 2) + 1]!);
        if (k + 1 <= kbot) tst += cabs1(h[2 * ((k + 1) * n + k)]!, h[2 * ((k + 1) * n + k) + 1]!);
      }
      if (sub <= ULP * tst) {
        const sup = cabs1(h[d0 + 2]!, h[d0 + 3]!);
        const ab = Math.max(sub, sup);
        const ba = Math.min(sub, sup);
        const dd = cabs1(h[d0]! - h[d1]!, h[d0 + 1]! - h[d1 + 1]!);
        const aa = Math.max(hk, dd);
        const bb = Math.min(hk, dd);
        const s = aa + ab;
        negligible = ba * (ab / s) <= Math.max(smlnum, ULP * (bb * (aa / s)));
      }
    }
    if (negligible) {
      h[p] = 0;
      h[p + 1] = 0;
    }
  }
}

/** Eigenvalues of rows/columns first..last of h (a copy, by zlahqr); the diagonal on failure. */
function trailingEigenvalues(h: Float64Array, n: number, first: number, last: number, op: string): Float64Array {
  const m = last - first + 1;
  const b = new Float64Array(2 * m * m);
  for (let r = 0; r < m; r++)
    b.set(h.subarray(2 * ((first + r) * n + first), 2 * ((first + r) * n + last + 1)), 2 * r * m);
  try {
    return complexSchur(b, m, 0, m - 1, false, null, op);
  } catch (e) {
    if (!(e instanceof LinAlgError)) throw e;
    const d = new Float64Array(2 * m);
    for (let r = 0; r < m; r++)
      d.set(h.subarray(2 * ((first + r) * n + first + r), 2 * ((first + r) * n + first + r) + 2), 2 * r);
    return d;
  }
}

/**
 * Makes H(i, i−1) real for i = from..to by unitary diagonal scaling (row i by s, column i by
 * conj(s), |s| = 1; the column scaling passes the phase on to H(i+1, i), handled next).
 */
function makeSubdiagonalReal(
  h: Float64Array,
  n: number,
  ktop: number,
  from: number,
  to: number,
  wantT: boolean,
  zt: Float64Array | null,
): void {
  for (let i = from; i <= to; i++) {
    const p = 2 * (i * n + i - 1);
    if (h[p + 1] === 0) continue;
    const mod = Math.hypot(h[p]!, h[p + 1]!);
    const sr = h[p]! / mod;
    const si = -h[p + 1]! / mod;
    h[p] = mod;
    h[p + 1] = 0;
    const right = wantT ? n - 1 : to;
    for (let c = i; c <= right; c++) {
      const q = 2 * (i * n + c);
      const xr = h[q]!;
      const xi = h[q + 1]!;
      h[q] = xr * sr - xi * si;
      h[q + 1] = xr * si + xi * sr;
    }
    const bottom = Math.min(to, i + 1);
    for (let r = wantT ? 0 : ktop; r <= bottom; r++) {
      const q = 2 * (r * n + i);
      const xr = h[q]!;
      const xi = h[q + 1]!;
      h[q] = xr * sr + xi * si;
      h[q + 1] = xi * sr - xr * si;
    }
    if (zt) scaleWholeRow(zt, n, i, sr, -si);
  }
}
