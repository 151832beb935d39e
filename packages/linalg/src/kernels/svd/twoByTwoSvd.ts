/**
 * Singular values (and vectors) of the 2×2 upper triangular matrix [f g; 0 h], LAPACK dlas2 and
 * dlasv2. Both are accurate to a few ulps in every value, including the smaller one, and never
 * overflow when the inputs do not (no squares of unscaled entries).
 */

import { EPS } from '../machineConstants.js';

/** Fortran SIGN(a, b) with a -0 treated as positive (deterministic across platforms). */
function withSign(a: number, b: number): number {
  const m = Math.abs(a);
  return b < 0 ? -m : m;
}

/** Result holder for {@link twoByTwoSingularValues}; reused to avoid allocation per shift. */
export interface SingularPair {
  min: number;
  max: number;
}

/** dlas2: singular values only (the shift computation of the bidiagonal QR). */
export function twoByTwoSingularValues(f: number, g: number, h: number, out: SingularPair): void {
  const fa = Math.abs(f);
  const ga = Math.abs(g);
  const ha = Math.abs(h);
  const fhmn = Math.min(fa, ha);
  const fhmx = Math.max(fa, ha);
  if (fhmn === 0) {
    out.min = 0;
    if (fhmx === 0) {
      out.max = ga;
    } else {
      const big = Math.max(fhmx, ga);
      const small = Math.min(fhmx, ga);
      const r = small / big;
      out.max = big * Math.sqrt(1 + r * r);
    }
    return;
  }
  if (ga < fhmx) {
    const as = 1 + fhmn / fhmx;
    const at = (fhmx - fhmn) / fhmx;
    const q = ga / fhmx;
    const au = q * q;
    const c = 2 / (Math.sqrt(as * as + au) + Math.sqrt(at * at + au));
    out.min = fhmn * c;
    out.max = fhmx / c;
    return;
  }
  const au = fhmx / ga;
  if (au === 0) {
    // ga dwarfs both diagonal entries: avoid forming a harmful underflow.
    out.min = (fhmn * fhmx) / ga;
    out.max = ga;
    return;
  }
  const as = 1 + fhmn / fhmx;
  const at = (fhmx - fhmn) / fhmx;
  const p = as * au;
  const q = at * au;
  const c = 1 / (Math.sqrt(1 + p * p) + Math.sqrt(1 + q * q));
  const sMin = fhmn * c * au;
  out.min = sMin + sMin;
  out.max = ga / (c + c);
}

/**
 * Result holder for {@link twoByTwoSvd}: signed singular values with
 * [csl snl; -snl csl] [f g; 0 h] [csr -snr; snr csr] = [max 0; 0 min].
 */
export interface TwoByTwoSvd {
  min: number;
  max: number;
  sinR: number;
  cosR: number;
  sinL: number;
  cosL: number;
}

/** dlasv2: signed singular values and both rotations of [f g; 0 h]. */
export function twoByTwoSvd(f: number, g: number, h: number, out: TwoByTwoSvd): void {
  let ft = f;
  let fa = Math.abs(ft);
  let ht = h;
  let ha = Math.abs(h);
  // pmax: which entry has the largest magnitude (1 = f, 2 = g, 3 = h); it decides the sign fix.
  let pmax = 1;
  const swap = ha > fa;
  if (swap) {
    pmax = 3;
    let t = ft;
    ft = ht;
    ht = t;
    t = fa;
    fa = ha;
    ha = t;
  }
  const gt = g;
  const ga = Math.abs(gt);
  let clt: number;
  let crt: number;
  let slt: number;
  let srt: number;
  let ssmin: number;
  let ssmax: number;
  if (ga === 0) {
    ssmin = ha;
    ssmax = fa;
    clt = 1;
    crt = 1;
    slt = 0;
    srt = 0;
  } else {
    let gaSmall = true;
    clt = 1;
    crt = 1;
    slt = 0;
    srt = 0;
    ssmin = 0;
    ssmax = 0;
    if (ga > fa) {
      pmax = 2;
      if (fa / ga < EPS) {
        // g so large that the matrix is a rank-one perturbation of [0 g; 0 0].
        gaSmall = false;
        ssmax = ga;
        ssmin = ha > 1 ? fa / (ga / ha) : (fa / ga) * ha;
        clt = 1;
        slt = ht / gt;
        srt = 1;
        crt = ft / gt;
      }
    }
    if (gaSmall) {
      const d = fa - ha;
      // d === fa copes with an infinite f or h; otherwise 0 ≤ l ≤ 1.
      let l = d === fa ? 1 : d / fa;
      const m = gt / ft;
      let t = 2 - l;
      const mm = m * m;
      const tt = t * t;
      const s = Math.sqrt(tt + mm);
      const r = l === 0 ? Math.abs(m) : Math.sqrt(l * l + mm);
      const a = 0.5 * (s + r);
      ssmin = ha / a;
      ssmax = fa * a;
      if (mm === 0) {
        // m so tiny that m² underflowed: use the first-order expansions instead.
        if (l === 0) t = withSign(2, ft) * withSign(1, gt);
        else t = gt / withSign(d, ft) + m / t;
      } else {
        t = (m / (s + t) + m / (r + l)) * (1 + a);
      }
      l = Math.sqrt(t * t + 4);
      crt = 2 / l;
      srt = t / l;
      clt = (crt + srt * m) / a;
      slt = ((ht / ft) * srt) / a;
    }
  }
  let csl: number;
  let snl: number;
  let csr: number;
  let snr: number;
  if (swap) {
    csl = srt;
    snl = crt;
    csr = slt;
    snr = clt;
  } else {
    csl = clt;
    snl = slt;
    csr = crt;
    snr = srt;
  }
  // The rotations fix the signs of the values: recover them from the dominant entry.
  let tsign: number;
  if (pmax === 1) tsign = withSign(1, csr) * withSign(1, csl) * withSign(1, f);
  else if (pmax === 2) tsign = withSign(1, snr) * withSign(1, csl) * withSign(1, g);
  else tsign = withSign(1, snr) * withSign(1, snl) * withSign(1, h);
  out.max = withSign(ssmax, tsign);
  out.min = withSign(ssmin, tsign * withSign(1, f) * withSign(1, h));
  out.sinR = snr;
  out.cosR = csr;
  out.sinL = snl;
  out.cosL = csl;
}
