import { highWord, withHighWord } from './ieeeBits.js';

/**
 * Natural logarithm from IEEE-754 basic operations only (+, −, ×, ÷ are correctly rounded on every
 * conforming platform), so it returns the same bits everywhere — unlike Math.log, whose last bit
 * differs between JavaScript engines (measured: Node 20's V8 and Chromium 156 disagree). The seeded
 * RNG's normal deviates depend on it, so a seed means the same numbers in every runtime, and so do
 * the tensor `log` and the complex `log`. Error below 1 ulp.
 *
 * Method: fdlibm's e_log.c (Sun Microsystems, 1993; also musl's log). x = 2^k·(1 + f) with
 * √2/2 < 1 + f < √2, s = f/(2 + f), ln(1 + f) = f − (f²/2 − s·(f²/2 + R(s²))) with R a degree-14
 * Remez polynomial in s (|s| ≤ 0.1716); the exact leading term f carries the value and the
 * roundings only touch the correction; k·ln 2 is added in two parts.
 */

/** ln 2 split so that k·LN2_HI is exact for |k| < 2^21 (LN2_HI has 32 significant bits: 0x1.62e42feep-1). */
export const LN2_HI = 0.6931471803691238;
/** ln 2 − LN2_HI, correctly rounded (fdlibm's ln2_lo; checked with mpmath). */
export const LN2_LO = 1.9082149292705877e-10;

const TWO54 = 1.8014398509481984e16;
const LG1 = 0.6666666666666735;
const LG2 = 0.3999999999940942;
const LG3 = 0.2857142874366239;
const LG4 = 0.22222198432149784;
const LG5 = 0.1818357216161805;
const LG6 = 0.15313837699209373;
const LG7 = 0.14798198605116586;

export function portableLog(x: number): number {
  let hx = highWord(x) | 0;
  let k = 0;
  let v = x;
  if (hx < 0x00100000) {
    // x < 2^−1022: zero, negative (sign bit set makes hx negative), NaN with the sign bit, or subnormal.
    if (v === 0) return Number.NEGATIVE_INFINITY;
    if (!(v > 0)) return Number.NaN;
    k -= 54;
    v *= TWO54; // exact: brings a subnormal into the normal range
    hx = highWord(v) | 0;
  }
  if (hx >= 0x7ff00000) return v + v; // +∞ or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  v = withHighWord(v, hx | (i ^ 0x3ff00000)); // normalize to [√2/2, √2)
  k += i >> 20;
  const f = v - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    // −2^−20 ≤ f < 2^−20
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const R = f * f * (0.5 - 0.3333333333333333 * f);
    return k === 0 ? f - R : dk * LN2_HI - (R - dk * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const R = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}

/**
 * ln(1 + x), accurate for tiny x where 1 + x rounds: u = 1 + x, and ln(u)·x/(u − 1) corrects the
 * rounding of u to first order (Goldberg, "What every computer scientist should know about
 * floating-point arithmetic", 1991, Theorem 4). Built on portableLog, so portable too.
 */
export function portableLog1p(x: number): number {
  if (Number.isNaN(x) || x < -1) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return x;
  const u = 1 + x;
  if (u === 1) return x; // |x| < ε/2 (keeps −0)
  if (u === Number.POSITIVE_INFINITY) return portableLog(x);
  return portableLog(u) * (x / (u - 1));
}
