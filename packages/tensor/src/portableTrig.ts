import { highWord } from './ieeeBits.js';

/**
 * sin and cos from IEEE-754 basic operations only, so they return the same bits in every
 * JavaScript engine (Math.sin/Math.cos differ in the last bit between engines). Used by the complex
 * exp. Error below 1 ulp.
 *
 * Method: fdlibm (Sun Microsystems, 1993) as in musl: x = n·π/2 + (y₀ + y₁) by Cody–Waite reduction
 * with π/2 in three 33-bit parts (each extra part used only when cancellation calls for it), then
 * the kernels __kernel_sin / __kernel_cos (degree-13 and -14 minimax polynomials on [−π/4, π/4]).
 * The three-part reduction is exact enough for |x| < 2^20·π/2 ≈ 1.65e6; beyond that fdlibm needs
 * Payne–Hanek reduction, which is not implemented: those arguments fall back to Math.sin/Math.cos
 * (correct to 1 ulp, but not guaranteed to be the same bits in every engine).
 */
const S1 = -0.16666666666666632;
const S2 = 0.00833333333332249;
const S3 = -0.0001984126982985795;
const S4 = 2.7557313707070068e-6;
const S5 = -2.5050760253406863e-8;
const S6 = 1.58969099521155e-10;
const C1 = 0.0416666666666666;
const C2 = -0.001388888888887411;
const C3 = 2.480158728947673e-5;
const C4 = -2.7557314351390663e-7;
const C5 = 2.087572321298175e-9;
const C6 = -1.1359647557788195e-11;

const TO_INT = 1.5 / Number.EPSILON; // adding and subtracting it rounds to the nearest integer
const INV_PIO2 = 0.6366197723675814;
const PIO2_1 = 1.5707963267341256; // first 33 bits of π/2
const PIO2_1T = 6.077100506506192e-11; // π/2 − PIO2_1
const PIO2_2 = 6.077100506303966e-11; // second 33 bits
const PIO2_2T = 2.0222662487959506e-21; // π/2 − (PIO2_1 + PIO2_2)
const PIO2_3 = 2.0222662487111665e-21; // third 33 bits
const PIO2_3T = 8.4784276603689e-32; // π/2 − (PIO2_1 + PIO2_2 + PIO2_3)
/** High word of 2^20·π/2: the end of the range where the reduction above is exact enough. */
const MEDIUM_LIMIT = 0x413921fb;

/** sin on [−π/4, π/4] of x + y (y the tail of the reduced argument; `tail` false: y is 0). */
function kernelSin(x: number, y: number, tail = true): number {
  const z = x * x;
  const w = z * z;
  const r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
  const v = z * x;
  if (!tail) return x + v * (S1 + z * r);
  return x - (z * (0.5 * y - v * r) - y - v * S1);
}

/** cos on [−π/4, π/4] of x + y. */
function kernelCos(x: number, y: number): number {
  const z = x * x;
  let w = z * z;
  const r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
  const hz = 0.5 * z;
  w = 1 - hz;
  return w + (1 - w - hz + (z * r - x * y));
}

const reduced = new Float64Array(2);

/** n with x = n·π/2 + reduced[0] + reduced[1], for |x| < 2^20·π/2 (musl's __rem_pio2, medium case). */
function reduce(x: number, ix: number): number {
  const fn = x * INV_PIO2 + TO_INT - TO_INT;
  let r = x - fn * PIO2_1;
  let w = fn * PIO2_1T;
  let y0 = r - w;
  const ex = ix >>> 20;
  let ey = (highWord(y0) >>> 20) & 0x7ff;
  if (ex - ey > 16) {
    // Cancellation: x is close to a multiple of π/2; use the second part of π/2.
    let t = r;
    w = fn * PIO2_2;
    r = t - w;
    w = fn * PIO2_2T - (t - r - w);
    y0 = r - w;
    ey = (highWord(y0) >>> 20) & 0x7ff;
    if (ex - ey > 49) {
      t = r;
      w = fn * PIO2_3;
      r = t - w;
      w = fn * PIO2_3T - (t - r - w);
      y0 = r - w;
    }
  }
  reduced[0] = y0;
  reduced[1] = r - y0 - w;
  return fn;
}

export function portableSin(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    // |x| ≲ π/4
    if (ix < 0x3e500000) return x; // |x| < 2^−26: sin x = x to within half an ulp
    return kernelSin(x, 0, false);
  }
  if (ix >= 0x7ff00000) return x - x; // NaN for ±∞ and NaN
  if (ix >= MEDIUM_LIMIT) return Math.sin(x);
  const n = reduce(x, ix) & 3;
  const [y0, y1] = reduced as unknown as [number, number];
  if (n === 0) return kernelSin(y0, y1);
  if (n === 1) return kernelCos(y0, y1);
  if (n === 2) return -kernelSin(y0, y1);
  return -kernelCos(y0, y1);
}

export function portableCos(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    if (ix < 0x3e46a09e) return 1; // |x| < 2^−27·√2: cos x = 1 to within half an ulp
    return kernelCos(x, 0);
  }
  if (ix >= 0x7ff00000) return x - x;
  if (ix >= MEDIUM_LIMIT) return Math.cos(x);
  const n = reduce(x, ix) & 3;
  const [y0, y1] = reduced as unknown as [number, number];
  if (n === 0) return kernelCos(y0, y1);
  if (n === 1) return -kernelSin(y0, y1);
  if (n === 2) return -kernelCos(y0, y1);
  return kernelSin(y0, y1);
}
