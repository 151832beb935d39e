import { ConvergenceError } from '../../errors.js';
import { SAFE_MIN, ULP } from '../machineConstants.js';
import { chaseStep, chaseStepPair } from './bulgeChase.js';
import { standardize2x2 } from './standardize2x2.js';

/*
 * LAPACK dlahqr: the Francis double-shift QR iteration on a real upper Hessenberg matrix, in real
 * arithmetic. Converges to the real Schur form T = Zᵀ·H·Z (quasi-triangular, 2×2 blocks for
 * complex conjugate pairs, standardised by dlanv2). Deflation uses the Ahues–Tisseur criterion;
 * every 10th iteration without deflation takes an exceptional shift; 30·max(10, nh) iterations
 * in total give a ConvergenceError.
 */

const DAT1 = 3 / 4;
const DAT2 = -0.4375;
const KEXSH = 10;

/**
 * Real Schur form of the row-major Hessenberg `h` (rows/cols ilo..ihi active) in place. With
 * `wantT` the full T is formed (needed for eigenvectors); with `zt` the rotations are accumulated
 * into the ROWS of zt = Zᵀ (row-major Zᵀ makes each update a contiguous row operation).
 * Returns the eigenvalues (wr, wi); conjugate pairs are adjacent, positive imaginary part first.
 * `fuse` false chases the bulge one step at a time (the same bits; tests compare the two).
 *
 * @example
 * const { wr, wi } = kernels.realSchur(h, n, 0, n - 1, false, null); // eigenvalues only
 */
export function realSchur(
  h: Float64Array,
  n: number,
  ilo: number,
  ihi: number,
  wantT: boolean,
  zt: Float64Array | null,
  op = 'eig',
  fuse = true,
): { wr: Float64Array; wi: Float64Array } {
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  for (let i = 0; i < ilo; i++) wr[i] = h[i * n + i]!;
  for (let i = ihi + 1; i < n; i++) wr[i] = h[i * n + i]!;
  if (ilo > ihi) return { wr, wi };
  if (ilo === ihi) {
    wr[ilo] = h[ilo * n + ilo]!;
    return { wr, wi };
  }
  const H = (r: number, c: number): number => h[r * n + c]!;
  const nh = ihi - ilo + 1;
  const smlnum = SAFE_MIN * (nh / ULP);
  let i1 = 0;
  let i2 = n - 1;
  const itmax = 30 * Math.max(10, nh);
  let kdefl = 0;
  const v = new Float64Array(3);
  let i = ihi;
  while (i >= ilo) {
    let l = ilo;
    let converged = false;
    for (let its = 0; its <= itmax; its++) {
      let k = i;
      for (; k > l; k--) {
        const hkk1 = Math.abs(H(k, k - 1));
        if (hkk1 <= smlnum) break;
        let tst = Math.abs(H(k - 1, k - 1)) + Math.abs(H(k, k));
        if (tst === 0) {
          if (k - 2 >= ilo) tst += Math.abs(H(k - 1, k - 2));
          if (k + 1 <= ihi) tst += Math.abs(H(k + 1, k));
        }
        if (hkk1 <= ULP * tst) {
          const ab = Math.max(hkk1, Math.abs(H(k - 1, k)));
          const ba = Math.min(hkk1, Math.abs(H(k - 1, k)));
          const aa = Math.max(Math.abs(H(k, k)), Math.abs(H(k - 1, k - 1) - H(k, k)));
          const bb = Math.min(Math.abs(H(k, k)), Math.abs(H(k - 1, k - 1) - H(k, k)));
          const s = aa + ab;
          if (ba * (ab / s) <= Math.max(smlnum, ULP * (bb * (aa / s)))) break;
        }
      }
      l = k;
      if (l > ilo) h[l * n + l - 1] = 0;
      if (l >= i - 1) {
        converged = true;
        break;
      }
      kdefl++;
      if (!wantT) {
        i1 = l;
        i2 = i;
      }
      let h11: number;
      let h12: number;
      let h21: number;
      let h22: number;
      if (kdefl % (2 * KEXSH) === 0) {
        const s = Math.abs(H(i, i - 1)) + Math.abs(H(i - 1, i - 2));
        h11 = DAT1 * s + H(i, i);
        h12 = DAT2 * s;
        h21 = s;
        h22 = h11;
      } else if (kdefl % KEXSH === 0) {
        const s = Math.abs(H(l + 1, l)) + Math.abs(H(l + 2, l + 1));
        h11 = DAT1 * s + H(l, l);
        h12 = DAT2 * s;
        h21 = s;
        h22 = h11;
      } else {
        h11 = H(i - 1, i - 1);
        h21 = H(i, i - 1);
        h12 = H(i - 1, i);
        h22 = H(i, i);
      }
      // The shifts: eigenvalues of the trailing 2×2 (or the exceptional block).
      let rt1r = 0;
      let rt1i = 0;
      let rt2r = 0;
      let rt2i = 0;
      const s0 = Math.abs(h11) + Math.abs(h12) + Math.abs(h21) + Math.abs(h22);
      if (s0 !== 0) {
        h11 /= s0;
        h21 /= s0;
        h12 /= s0;
        h22 /= s0;
        const tr = (h11 + h22) / 2;
        const det = (h11 - tr) * (h22 - tr) - h12 * h21;
        const rtdisc = Math.sqrt(Math.abs(det));
        if (det >= 0) {
          rt1r = tr * s0;
          rt2r = rt1r;
          rt1i = rtdisc * s0;
          rt2i = -rt1i;
        } else {
          rt1r = tr + rtdisc;
          rt2r = tr - rtdisc;
          if (Math.abs(rt1r - h22) <= Math.abs(rt2r - h22)) {
            rt1r *= s0;
            rt2r = rt1r;
          } else {
            rt2r *= s0;
            rt1r = rt2r;
          }
        }
      }
      // Look for two consecutive small subdiagonals.
      let m = i - 2;
      for (; m >= l; m--) {
        const h21s0 = H(m + 1, m);
        let s = Math.abs(H(m, m) - rt2r) + Math.abs(rt2i) + Math.abs(h21s0);
        const h21s = h21s0 / s;
        v[0] = h21s * H(m, m + 1) + (H(m, m) - rt1r) * ((H(m, m) - rt2r) / s) - rt1i * (rt2i / s);
        v[1] = h21s * (H(m, m) + H(m + 1, m + 1) - rt1r - rt2r);
        v[2] = h21s * H(m + 2, m + 1);
        s = Math.abs(v[0]!) + Math.abs(v[1]!) + Math.abs(v[2]!);
        v[0] = v[0]! / s;
        v[1] = v[1]! / s;
        v[2] = v[2]! / s;
        if (m === l) break;
        const h00 = Math.abs(H(m, m - 1)) * (Math.abs(v[1]!) + Math.abs(v[2]!));
        const h01 = Math.abs(v[0]!) * (Math.abs(H(m - 1, m - 1)) + Math.abs(H(m, m)) + Math.abs(H(m + 1, m + 1)));
        if (h00 <= ULP * h01) break;
      }
      // Double-shift QR step: the bulge chase, two steps at a time with their row/column/Zᵀ
      // sweeps fused (bulgeChase.ts; bit-identical to single steps).
      let k2 = m;
      if (fuse) for (; k2 + 1 <= i - 2; k2 += 2) chaseStepPair(h, n, k2, m, l, i, i1, i2, zt, v);
      for (; k2 <= i - 1; k2++) chaseStep(h, n, k2, m, l, i, i1, i2, zt, v);
    }
    if (!converged) {
      const what = `the QR iteration did not converge (eigenvalue ${i} after ${itmax} iterations)`;
      throw new ConvergenceError(op, what, itmax);
    }
    if (l === i) {
      wr[i] = H(i, i);
      wi[i] = 0;
    } else {
      // l === i − 1: a 2×2 block; standardise it and apply the rotation to the rest of T and Z.
      const s = standardize2x2(H(i - 1, i - 1), H(i - 1, i), H(i, i - 1), H(i, i));
      h[(i - 1) * n + i - 1] = s.a;
      h[(i - 1) * n + i] = s.b;
      h[i * n + i - 1] = s.c;
      h[i * n + i] = s.d;
      wr[i - 1] = s.rt1r;
      wi[i - 1] = s.rt1i;
      wr[i] = s.rt2r;
      wi[i] = s.rt2i;
      const { cs, sn } = s;
      if (wantT) {
        for (let j = i + 1; j <= i2; j++) {
          const x = h[(i - 1) * n + j]!;
          const y = h[i * n + j]!;
          h[(i - 1) * n + j] = cs * x + sn * y;
          h[i * n + j] = cs * y - sn * x;
        }
        for (let j = i1; j < i - 1; j++) {
          const x = h[j * n + i - 1]!;
          const y = h[j * n + i]!;
          h[j * n + i - 1] = cs * x + sn * y;
          h[j * n + i] = cs * y - sn * x;
        }
      }
      if (zt) {
        for (let j = 0; j < n; j++) {
          const x = zt[(i - 1) * n + j]!;
          const y = zt[i * n + j]!;
          zt[(i - 1) * n + j] = cs * x + sn * y;
          zt[i * n + j] = cs * y - sn * x;
        }
      }
    }
    kdefl = 0;
    i = l - 1;
  }
  return { wr, wi };
}
