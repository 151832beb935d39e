import { highWord, lowWord } from './ieeeBits.js';

/**
 * atan and atan2 from IEEE-754 basic operations only, so they return the same bits in every
 * JavaScript engine (Math.atan2 is not specified to the bit). Used by the complex log (its
 * argument). Error below 1 ulp.
 *
 * Method: fdlibm's s_atan.c and e_atan2.c (Sun Microsystems, 1993) as in musl: the argument is
 * reduced to |t| < 7/16 through atan(x) = atan(c) + atan((x − c)/(1 + x·c)) with c ∈ {½, 1, 3/2, ∞},
 * atan(c) held in two parts, and atan t by a degree-22 odd minimax polynomial; atan2 picks the
 * quadrant and handles zeros, infinities and extreme ratios as C99 specifies.
 */
const ATAN_HI = [0.4636476090008061, 0.7853981633974483, 0.982793723247329, 1.5707963267948966];
const ATAN_LO = [2.2698777452961687e-17, 3.061616997868383e-17, 1.3903311031230998e-17, 6.123233995736766e-17];
const AT = [
  0.3333333333333293, -0.19999999999876483, 0.14285714272503466, -0.11111110405462356, 0.09090887133436507,
  -0.0769187620504483, 0.06661073137387531, -0.058335701337905735, 0.049768779946159324, -0.036531572744216916,
  0.016285820115365782,
] as const;
const PI = Math.PI;
const PI_LO = 1.2246467991473532e-16; // π − PI

export function portableAtan(x: number): number {
  const hx = highWord(x);
  const negative = hx >>> 31 === 1;
  const ix = hx & 0x7fffffff;
  if (ix >= 0x44100000) {
    // |x| ≥ 2^66 (or NaN): atan x = ±π/2
    if (Number.isNaN(x)) return x;
    return negative ? -ATAN_HI[3]! - ATAN_LO[3]! : ATAN_HI[3]! + ATAN_LO[3]!;
  }
  let id = -1;
  let t = x;
  if (ix < 0x3fdc0000) {
    // |x| < 7/16
    if (ix < 0x3e400000) return x; // |x| < 2^−27
  } else {
    t = Math.abs(x);
    if (ix < 0x3ff30000) {
      // |x| < 19/16
      if (ix < 0x3fe60000) {
        id = 0; // 7/16 ≤ |x| < 11/16
        t = (2 * t - 1) / (2 + t);
      } else {
        id = 1; // 11/16 ≤ |x| < 19/16
        t = (t - 1) / (t + 1);
      }
    } else if (ix < 0x40038000) {
      id = 2; // |x| < 39/16
      t = (t - 1.5) / (1 + 1.5 * t);
    } else {
      id = 3; // 39/16 ≤ |x| < 2^66
      t = -1 / t;
    }
  }
  const z = t * t;
  const w = z * z;
  const s1 = z * (AT[0] + w * (AT[2] + w * (AT[4] + w * (AT[6] + w * (AT[8] + w * AT[10])))));
  const s2 = w * (AT[1] + w * (AT[3] + w * (AT[5] + w * (AT[7] + w * AT[9]))));
  if (id < 0) return t - t * (s1 + s2);
  const r = ATAN_HI[id]! - (t * (s1 + s2) - ATAN_LO[id]! - t);
  return negative ? -r : r;
}

export function portableAtan2(y: number, x: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return x + y;
  const hx = highWord(x);
  const lx = lowWord(x);
  const hy = highWord(y);
  const ly = lowWord(y);
  if (((hx - 0x3ff00000) | lx) === 0) return portableAtan(y); // x = 1
  const m = ((hy >>> 31) & 1) | ((hx >>> 30) & 2); // 2·sign(x) + sign(y)
  const ix = hx & 0x7fffffff;
  const iy = hy & 0x7fffffff;
  if ((iy | ly) === 0) {
    // y = ±0
    if (m < 2) return y;
    return m === 2 ? PI : -PI;
  }
  if ((ix | lx) === 0) return m & 1 ? -PI / 2 : PI / 2; // x = ±0
  if (ix === 0x7ff00000) {
    // x = ±∞
    if (iy === 0x7ff00000) return [PI / 4, -PI / 4, (3 * PI) / 4, (-3 * PI) / 4][m]!;
    return [0, -0, PI, -PI][m]!;
  }
  // |y/x| > 2^64, or y = ±∞
  if (ix + (64 << 20) < iy || iy === 0x7ff00000) return m & 1 ? -PI / 2 : PI / 2;
  // |y/x| < 2^−64 with x < 0: atan(|y/x|) would only underflow
  const z = m & 2 && iy + (64 << 20) < ix ? 0 : portableAtan(Math.abs(y / x));
  if (m === 0) return z;
  if (m === 1) return -z;
  if (m === 2) return PI - (z - PI_LO);
  return z - PI_LO - PI;
}
