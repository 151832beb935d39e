import { SAFE_MIN, ULP, powerOfTwo } from '../machineConstants.js';
import { safeHypot } from '../safeHypot.js';

/*
 * LAPACK dlanv2: the Schur factorisation of a real 2×2 block in standard form,
 *   [a b; c d] = [cs −sn; sn cs]·[aa bb; cc dd]·[cs sn; −sn cs],
 * where either cc = 0 (two real eigenvalues aa, dd) or aa = dd and bb·cc < 0 (the complex pair
 * aa ± i·sqrt(|bb·cc|)). This is what makes a real Schur form's 2×2 blocks give conjugate pairs
 * with bitwise equal real parts.
 */

const MULTPL = 4;
// dlanv2's SAFMN2 = BASE^int(log(SAFMIN/EPS)/log(BASE)/2).
const SAFMN2 = powerOfTwo(Math.trunc(Math.log2(SAFE_MIN / ULP) / 2));
const SAFMX2 = 1 / SAFMN2;

/** Output of `standardize2x2`: the new block, its eigenvalues and the rotation. */
export interface Standard2x2 {
  a: number;
  b: number;
  c: number;
  d: number;
  rt1r: number;
  rt1i: number;
  rt2r: number;
  rt2i: number;
  cs: number;
  sn: number;
}

function sign(x: number, y: number): number {
  const ax = Math.abs(x);
  return y < 0 || Object.is(y, -0) ? -ax : ax;
}

/**
 * dlanv2 on [a b; c d].
 *
 * @example
 * const s = kernels.standardize2x2(0, 2, -1, 0); // eigenvalues ±i·√2: s.rt1i = √2, s.rt2i = −√2
 */
export function standardize2x2(a0: number, b0: number, c0: number, d0: number): Standard2x2 {
  let a = a0;
  let b = b0;
  let c = c0;
  let d = d0;
  let cs: number;
  let sn: number;
  if (c === 0) {
    cs = 1;
    sn = 0;
  } else if (b === 0) {
    cs = 0;
    sn = 1;
    const t = d;
    d = a;
    a = t;
    b = -c;
    c = 0;
  } else if (a - d === 0 && Math.sign(b) !== Math.sign(c)) {
    cs = 1;
    sn = 0;
  } else {
    let temp = a - d;
    let p = 0.5 * temp;
    const bcmax = Math.max(Math.abs(b), Math.abs(c));
    const bcmis = Math.min(Math.abs(b), Math.abs(c)) * sign(1, b) * sign(1, c);
    let scale = Math.max(Math.abs(p), bcmax);
    let z = (p / scale) * p + (bcmax / scale) * bcmis;
    if (z >= MULTPL * ULP) {
      // Real eigenvalues: compute a and d.
      z = p + sign(Math.sqrt(scale) * Math.sqrt(z), p);
      a = d + z;
      d = d - (bcmax / z) * bcmis;
      const tau = safeHypot(c, z);
      cs = z / tau;
      sn = c / tau;
      b = b - c;
      c = 0;
    } else {
      // Complex or nearly equal real eigenvalues: make the diagonal elements equal.
      let sigma = b + c;
      for (let count = 0; count <= 20; count++) {
        scale = Math.max(Math.abs(temp), Math.abs(sigma));
        if (scale >= SAFMX2) {
          sigma *= SAFMN2;
          temp *= SAFMN2;
          continue;
        }
        if (scale <= SAFMN2) {
          sigma *= SAFMX2;
          temp *= SAFMX2;
          continue;
        }
        break;
      }
      p = 0.5 * temp;
      let tau = safeHypot(sigma, temp);
      cs = Math.sqrt(0.5 * (1 + Math.abs(sigma) / tau));
      sn = -(p / (tau * cs)) * sign(1, sigma);
      const aa = a * cs + b * sn;
      const bb = -a * sn + b * cs;
      const cc = c * cs + d * sn;
      const dd = -c * sn + d * cs;
      a = aa * cs + cc * sn;
      b = bb * cs + dd * sn;
      c = -aa * sn + cc * cs;
      d = -bb * sn + dd * cs;
      temp = 0.5 * (a + d);
      a = temp;
      d = temp;
      if (c !== 0) {
        if (b !== 0) {
          if (Math.sign(b) === Math.sign(c)) {
            // Real eigenvalues: reduce to upper triangular form.
            const sab = Math.sqrt(Math.abs(b));
            const sac = Math.sqrt(Math.abs(c));
            p = sign(sab * sac, c);
            tau = 1 / Math.sqrt(Math.abs(b + c));
            a = temp + p;
            d = temp - p;
            b = b - c;
            c = 0;
            const cs1 = sab * tau;
            const sn1 = sac * tau;
            const t = cs * cs1 - sn * sn1;
            sn = cs * sn1 + sn * cs1;
            cs = t;
          }
        } else {
          b = -c;
          c = 0;
          const t = cs;
          cs = -sn;
          sn = t;
        }
      }
    }
  }
  const rt1i = c === 0 ? 0 : Math.sqrt(Math.abs(b)) * Math.sqrt(Math.abs(c));
  return { a, b, c, d, rt1r: a, rt1i, rt2r: d, rt2i: -rt1i, cs, sn };
}
