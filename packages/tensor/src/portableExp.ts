import { highWord, powerOfTwo } from './ieeeBits.js';
import { LN2_HI, LN2_LO } from './portableLog.js';

/**
 * e^x from IEEE-754 basic operations only (+, −, ×, ÷ are correctly rounded on every conforming
 * platform, and scaling by 2^k is exact), so it returns the same bits in every JavaScript engine —
 * unlike Math.exp, whose last bit differs between engines (Node 20's V8 and Chromium disagree for
 * about 9 % of arguments in [0.001, 1.55]). Error below 1 ulp.
 *
 * Method: fdlibm's e_exp.c (Sun Microsystems, 1993; also musl's exp). x = k·ln 2 + r with
 * |r| ≤ ½ ln 2, ln 2 split so k·LN2_HI is exact; on [−0.347, 0.347] a degree-5 Remez polynomial
 * R(r²) ≈ r·(e^r + 1)/(e^r − 1) gives e^r = 1 + 2r/(R − r); then the exact scaling by 2^k.
 */
const INV_LN2 = Math.LOG2E; // 1/ln 2, the same double as fdlibm's invln2
const P1 = 0.16666666666666602;
const P2 = -0.0027777777777015593;
const P3 = 6.613756321437934e-5;
const P4 = -1.6533902205465252e-6;
const P5 = 4.1381367970572385e-8;
/** Above this e^x overflows to +∞; below U_THRESHOLD it underflows to +0. */
const O_THRESHOLD = 709.782712893384;
const U_THRESHOLD = -745.1332191019411;
const TWO_M1000 = 9.332636185032189e-302; // 2^−1000

export function portableExp(x: number): number {
  const word = highWord(x);
  const negative = word >>> 31 === 1;
  const hx = word & 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| ≥ 709.78: NaN, ±∞, overflow or underflow.
    if (hx >= 0x7ff00000) return Number.isNaN(x) ? x : negative ? 0 : x;
    if (x > O_THRESHOLD) return Number.POSITIVE_INFINITY;
    if (x < U_THRESHOLD) return 0;
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  let r = x;
  if (hx > 0x3fd62e42) {
    // |x| > ½ ln 2: reduce.
    if (hx < 0x3ff0a2b2) {
      // |x| < 1.5 ln 2: k = ±1.
      hi = negative ? x + LN2_HI : x - LN2_HI;
      lo = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = Math.trunc(INV_LN2 * x + (negative ? -0.5 : 0.5));
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    r = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2^−28: e^x = 1 + x to within half an ulp.
    return 1 + x;
  }
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((r * c) / (c - 2) - r);
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  if (k >= -1021) return k === 1024 ? y * 2 * powerOfTwo(1023) : y * powerOfTwo(k);
  // Subnormal result: one rounding, in the last multiplication.
  return y * powerOfTwo(k + 1000) * TWO_M1000;
}
