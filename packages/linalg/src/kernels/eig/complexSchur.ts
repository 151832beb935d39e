import { ConvergenceError } from '../../errors.js';
import { generateComplexReflector } from '../complex/complexHouseholderReflector.js';
import { SAFE_MIN, ULP } from '../machineConstants.js';
import { complexChaseStepPair } from './complexBulgeChase.js';

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
  // Row j is scaled by s and column j by conj(s) (a unitary diagonal similarity).
  const scaleRow = (j: number, from: number, to: number, sr: number, si: number): void => {
    for (let c = from; c <= to; c++) {
      const p = at(j, c);
      const xr = h[p]!;
      const xi = h[p + 1]!;
      h[p] = xr * sr - xi * si;
      h[p + 1] = xr * si + xi * sr;
    }
  };
  const scaleCol = (m: Float64Array, j: number, from: number, to: number, sr: number, si: number): void => {
    for (let r = from; r <= to; r++) {
      const p = at(r, j);
      const xr = m[p]!;
      const xi = m[p + 1]!;
      m[p] = xr * sr - xi * si;
      m[p + 1] = xr * si + xi * sr;
    }
  };
  // Make the subdiagonal real.
  for (let i = ilo + 1; i <= ihi; i++) {
    const p = at(i, i - 1);
    if (h[p + 1] === 0) continue;
    const mod = Math.hypot(h[p]!, h[p + 1]!);
    const sr = h[p]! / mod;
    const si = -h[p + 1]! / mod; // sc = conj(h)/|h|
    h[p] = mod;
    h[p + 1] = 0;
    scaleRow(i, i, wantT ? n - 1 : ihi, sr, si);
    scaleCol(h, i, wantT ? 0 : ilo, Math.min(ihi, i + 1), sr, -si);
    if (zt) scaleWholeRow(zt, n, i, sr, -si);
  }
  const nh = ihi - ilo + 1;
  const smlnum = SAFE_MIN * (nh / ULP);
  const itmax = 30 * Math.max(10, nh);
  const v = new Float64Array(4);
  const tau = new Float64Array(2);
  const coef = new Float64Array(8);
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
        if (k2 > m) {
          v[0] = h[at(k2, k2 - 1)]!;
          v[1] = h[at(k2, k2 - 1) + 1]!;
          v[2] = h[at(k2 + 1, k2 - 1)]!;
          v[3] = h[at(k2 + 1, k2 - 1) + 1]!;
        }
        generateComplexReflector(v, 0, 1, tau, 0);
        if (k2 > m) {
          h[at(k2, k2 - 1)] = v[0]!;
          h[at(k2, k2 - 1) + 1] = v[1]!;
          h[at(k2 + 1, k2 - 1)] = 0;
          h[at(k2 + 1, k2 - 1) + 1] = 0;
        }
        const t1r = tau[0]!;
        const t1i = tau[1]!;
        const v2r = v[2]!;
        const v2i = v[3]!;
        const t2r = t1r * v2r - t1i * v2i;
        const t2i = t1r * v2i + t1i * v2r;
        // Rows k2, k2+1 (columns k2..i2): x ← Gᴴ·x.
        for (let j = k2; j <= i2; j++) {
          const p = at(k2, j);
          const q = at(k2 + 1, j);
          const ar = h[p]!;
          const ai = h[p + 1]!;
          const br = h[q]!;
          const bi = h[q + 1]!;
          const sr = t1r * ar + t1i * ai + t2r * br + t2i * bi;
          const si = t1r * ai - t1i * ar + t2r * bi - t2i * br;
          h[p] = ar - sr;
          h[p + 1] = ai - si;
          h[q] = br - (sr * v2r - si * v2i);
          h[q + 1] = bi - (sr * v2i + si * v2r);
        }
        const jmax = Math.min(k2 + 2, i);
        applyColumns(h, n, k2, i1, jmax, t1r, t1i, t2r, t2i, v2r, v2i);
        if (zt) applyRowPair(zt, n, k2, t1r, t1i, t2r, t2i, v2r, v2i);
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
            if (i2 > j) scaleRow(j, j + 1, i2, er, ei);
            scaleCol(h, j, i1, j - 1, er, -ei);
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
        if (i2 > i) scaleRow(i, i + 1, i2, er, -ei);
        scaleCol(h, i, i1, i - 1, er, ei);
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

/** Columns k, k+1 of rows r0..r1: x ← x·G with G = I − τ·v·vᴴ, v = [1; v2]. */
function applyColumns(
  m: Float64Array,
  n: number,
  k: number,
  r0: number,
  r1: number,
  t1r: number,
  t1i: number,
  t2r: number,
  t2i: number,
  v2r: number,
  v2i: number,
): void {
  for (let r = r0; r <= r1; r++) {
    const p = 2 * (r * n + k);
    const ar = m[p]!;
    const ai = m[p + 1]!;
    const br = m[p + 2]!;
    const bi = m[p + 3]!;
    const sr = t1r * ar - t1i * ai + t2r * br - t2i * bi;
    const si = t1r * ai + t1i * ar + t2r * bi + t2i * br;
    m[p] = ar - sr;
    m[p + 1] = ai - si;
    // x_{k+1} −= sum·conj(v2)
    m[p + 2] = br - (sr * v2r + si * v2i);
    m[p + 3] = bi - (si * v2r - sr * v2i);
  }
}

/** Row j of the interleaved n×n m times (sr + i·si). */
function scaleWholeRow(m: Float64Array, n: number, j: number, sr: number, si: number): void {
  for (let p = 2 * j * n; p < 2 * (j + 1) * n; p += 2) {
    const xr = m[p]!;
    const xi = m[p + 1]!;
    m[p] = xr * sr - xi * si;
    m[p + 1] = xr * si + xi * sr;
  }
}

/** `applyColumns` on columns k, k+1 of Z, done on rows k, k+1 of zt = Zᵀ. */
function applyRowPair(
  zt: Float64Array,
  n: number,
  k: number,
  t1r: number,
  t1i: number,
  t2r: number,
  t2i: number,
  v2r: number,
  v2i: number,
): void {
  const a0 = 2 * k * n;
  const b0 = a0 + 2 * n;
  for (let r = 0; r < 2 * n; r += 2) {
    const ar = zt[a0 + r]!;
    const ai = zt[a0 + r + 1]!;
    const br = zt[b0 + r]!;
    const bi = zt[b0 + r + 1]!;
    const sr = t1r * ar - t1i * ai + t2r * br - t2i * bi;
    const si = t1r * ai + t1i * ar + t2r * bi + t2i * br;
    zt[a0 + r] = ar - sr;
    zt[a0 + r + 1] = ai - si;
    zt[b0 + r] = br - (sr * v2r + si * v2i);
    zt[b0 + r + 1] = bi - (si * v2r - sr * v2i);
  }
}
