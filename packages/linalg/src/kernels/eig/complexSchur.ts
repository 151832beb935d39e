import { ConvergenceError } from '../../errors.js';
import { SAFE_MIN, ULP } from '../machineConstants.js';
import { scaleColumnRange, scaleRowRange, scaleWholeRow } from './complexLineScaling.js';
import { complexShiftSweep, sweepScratch } from './complexShiftSweep.js';

/*
 * LAPACK zlahqr: the single-shift complex QR iteration on a complex upper Hessenberg matrix
 * (interleaved, row-major), converging to the complex Schur form T = Zᴴ·H·Z (upper triangular).
 * Wilkinson shift from the trailing 2×2, exceptional shifts every 10th iteration without
 * deflation, Ahues–Tisseur deflation test, subdiagonal kept real, 30·max(10, nh) iterations at
 * most (then ConvergenceError).
 */

const DAT1 = 3 / 4;
const KEXSH = 10;

const cabs1 = (re: number, im: number): number => Math.abs(re) + Math.abs(im);

/** Principal square root of re + i·im, written to out[0], out[1]. */
function csqrt(re: number, im: number, out: Float64Array): void {
  const m = Math.hypot(re, im);
  if (m === 0) {
    out[0] = 0;
    out[1] = 0;
    return;
  }
  if (re >= 0) {
    const t = Math.sqrt(0.5 * (m + re));
    out[0] = t;
    out[1] = im / (2 * t);
  } else {
    const t = Math.sqrt(0.5 * (m - re));
    out[0] = Math.abs(im) / (2 * t);
    out[1] = im < 0 ? -t : t;
  }
}

/** Smith's complex division (ar + i·ai)/(br + i·bi) into out. */
function cdiv(ar: number, ai: number, br: number, bi: number, out: Float64Array): void {
  if (Math.abs(br) >= Math.abs(bi)) {
    const r = bi / br;
    const d = br + bi * r;
    out[0] = (ar + ai * r) / d;
    out[1] = (ai - ar * r) / d;
  } else {
    const r = br / bi;
    const d = bi + br * r;
    out[0] = (ar * r + ai) / d;
    out[1] = (ai * r - ar) / d;
  }
}

/**
 * Complex Schur form of the interleaved row-major Hessenberg `h` in place (rows/cols ilo..ihi
 * active). `wantT` forms all of T; `zt` (if given) accumulates the transformations into the ROWS
 * of zt = Zᵀ (not conjugated), so every update of it is a contiguous row operation. Returns the
 * eigenvalues, interleaved. `fuse` false takes the chase one step at a time (the same bits;
 * tests compare the two).
 *
 * @example
 * const w = kernels.complexSchur(h, n, 0, n - 1, false, null); // eigenvalues of h
 */
export function complexSchur(
  h: Float64Array,
  n: number,
  ilo: number,
  ihi: number,
  wantT: boolean,
  zt: Float64Array | null,
  op = 'eig',
  fuse = true,
): Float64Array {
  const w = new Float64Array(2 * n);
  const at = (r: number, c: number): number => 2 * (r * n + c);
  for (let i = 0; i < n; i++) {
    if (i >= ilo && i <= ihi) continue;
    w[2 * i] = h[at(i, i)]!;
    w[2 * i + 1] = h[at(i, i) + 1]!;
  }
  if (ilo > ihi) return w;
  if (ilo === ihi) {
    w[2 * ilo] = h[at(ilo, ilo)]!;
    w[2 * ilo + 1] = h[at(ilo, ilo) + 1]!;
    return w;
  }
  let i1 = 0;
  let i2 = n - 1;
  // Make the subdiagonal real.
  for (let i = ilo + 1; i <= ihi; i++) {
    const p = at(i, i - 1);
    if (h[p + 1] === 0) continue;
    const mod = Math.hypot(h[p]!, h[p + 1]!);
    const sr = h[p]! / mod;
    const si = -h[p + 1]! / mod; // sc = conj(h)/|h|
    h[p] = mod;
    h[p + 1] = 0;
    scaleRowRange(h, n, i, i, wantT ? n - 1 : ihi, sr, si);
    scaleColumnRange(h, n, i, wantT ? 0 : ilo, Math.min(ihi, i + 1), sr, -si);
    if (zt) scaleWholeRow(zt, n, i, sr, -si);
  }
  const nh = ihi - ilo + 1;
  const smlnum = SAFE_MIN * (nh / ULP);
  const itmax = 30 * Math.max(10, nh);
  const scratch = sweepScratch();
  const tmp = new Float64Array(2);
  const tmp2 = new Float64Array(2);
  let kdefl = 0;
  let i = ihi;
  while (i >= ilo) {
    let l = ilo;
    let converged = false;
    for (let its = 0; its <= itmax; its++) {
      let k = i;
      for (; k > l; k--) {
        const pk = at(k, k - 1);
        if (cabs1(h[pk]!, h[pk + 1]!) <= smlnum) break;
        const dkk = at(k, k);
        const dk1 = at(k - 1, k - 1);
        let tst = cabs1(h[dk1]!, h[dk1 + 1]!) + cabs1(h[dkk]!, h[dkk + 1]!);
        if (tst === 0) {
          if (k - 2 >= ilo) tst += Math.abs(h[at(k - 1, k - 2)]!);
          if (k + 1 <= ihi) tst += Math.abs(h[at(k + 1, k)]!);
        }
        if (Math.abs(h[pk]!) <= ULP * tst) {
          const sub = cabs1(h[pk]!, h[pk + 1]!);
          const sup = cabs1(h[at(k - 1, k)]!, h[at(k - 1, k) + 1]!);
          const ab = Math.max(sub, sup);
          const ba = Math.min(sub, sup);
          const dd = cabs1(h[dk1]! - h[dkk]!, h[dk1 + 1]! - h[dkk + 1]!);
          const hk = cabs1(h[dkk]!, h[dkk + 1]!);
          const aa = Math.max(hk, dd);
          const bb = Math.min(hk, dd);
          const s = aa + ab;
          if (ba * (ab / s) <= Math.max(smlnum, ULP * (bb * (aa / s)))) break;
        }
      }
      l = k;
      if (l > ilo) {
        h[at(l, l - 1)] = 0;
        h[at(l, l - 1) + 1] = 0;
      }
      if (l >= i) {
        converged = true;
        break;
      }
      kdefl++;
      if (!wantT) {
        i1 = l;
        i2 = i;
      }
      let tr: number;
      let ti: number;
      if (kdefl % (2 * KEXSH) === 0) {
        const s = DAT1 * Math.abs(h[at(i, i - 1)]!);
        tr = s + h[at(i, i)]!;
        ti = h[at(i, i) + 1]!;
      } else if (kdefl % KEXSH === 0) {
        const s = DAT1 * Math.abs(h[at(l + 1, l)]!);
        tr = s + h[at(l, l)]!;
        ti = h[at(l, l) + 1]!;
      } else {
        // Wilkinson's shift.
        tr = h[at(i, i)]!;
        ti = h[at(i, i) + 1]!;
        csqrt(h[at(i - 1, i)]!, h[at(i - 1, i) + 1]!, tmp);
        const ar = tmp[0]!;
        const ai = tmp[1]!;
        csqrt(h[at(i, i - 1)]!, h[at(i, i - 1) + 1]!, tmp);
        const ur = ar * tmp[0]! - ai * tmp[1]!;
        const ui = ar * tmp[1]! + ai * tmp[0]!;
        let s = cabs1(ur, ui);
        if (s !== 0) {
          const xr = 0.5 * (h[at(i - 1, i - 1)]! - tr);
          const xi = 0.5 * (h[at(i - 1, i - 1) + 1]! - ti);
          const sx = cabs1(xr, xi);
          s = Math.max(s, sx);
          const qr = xr / s;
          const qi = xi / s;
          const pr = ur / s;
          const pi = ui / s;
          csqrt(qr * qr - qi * qi + pr * pr - pi * pi, 2 * qr * qi + 2 * pr * pi, tmp);
          let yr = s * tmp[0]!;
          let yi = s * tmp[1]!;
          if (sx > 0 && (xr / sx) * yr + (xi / sx) * yi < 0) {
            yr = -yr;
            yi = -yi;
          }
          cdiv(ur, ui, xr + yr, xi + yi, tmp2);
          tr -= ur * tmp2[0]! - ui * tmp2[1]!;
          ti -= ur * tmp2[1]! + ui * tmp2[0]!;
        }
      }
      complexShiftSweep(h, n, l, i, i1, i2, zt, tr, ti, fuse, scratch);
    }
    if (!converged) {
      const what = `the QR iteration did not converge (eigenvalue ${i} after ${itmax} iterations)`;
      throw new ConvergenceError(op, what, itmax);
    }
    w[2 * i] = h[at(i, i)]!;
    w[2 * i + 1] = h[at(i, i) + 1]!;
    kdefl = 0;
    i = l - 1;
  }
  return w;
}
