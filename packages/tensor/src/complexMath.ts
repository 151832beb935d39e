/**
 * Internal: scalar complex arithmetic on (re, im) pairs, written for accuracy at the extremes of
 * the floating-point range. Every function writes its result into `out[k]`, `out[k + 1]` so the
 * elementwise kernels can store straight into a tensor buffer without allocating a pair per
 * element. Not exported from the package index.
 */

import { portableAtan2 } from './portableAtan.js';
import { portableExp } from './portableExp.js';
import { portableLog, portableLog1p } from './portableLog.js';
import { portableCos, portableSin } from './portableTrig.js';

type Out = Float64Array | Float32Array;

/**
 * √(x² + y²) without overflow or underflow: scale by the larger magnitude so the square never
 * leaves the range (the naive form overflows at 1e155 and underflows at 1e-155). An infinite part
 * wins over NaN, as in C99 hypot.
 */
export function hypot(x: number, y: number): number {
  let a = Math.abs(x);
  let b = Math.abs(y);
  if (a === Infinity || b === Infinity) return Infinity;
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
  if (a < b) {
    const t = a;
    a = b;
    b = t;
  }
  if (a === 0) return 0;
  const r = b / a;
  return a * Math.sqrt(1 + r * r);
}

/** (a + ib)(c + id). */
export function cmul(a: number, b: number, c: number, d: number, out: Out, k: number): void {
  out[k] = a * c - b * d;
  out[k + 1] = a * d + b * c;
}

/**
 * (a + ib) / (c + id) by Smith's algorithm: divide through by the larger of |c|, |d| so that
 * c² + d² is never formed (it overflows for |c| > 1e154 and underflows below 1e-154).
 * Division by an exact complex zero gives (a/0, b/0), i.e. infinities or NaN, like NumPy.
 */
export function cdiv(a: number, b: number, c: number, d: number, out: Out, k: number): void {
  const ac = Math.abs(c);
  const ad = Math.abs(d);
  if (ac >= ad) {
    if (ac === 0 && ad === 0) {
      out[k] = a / ac;
      out[k + 1] = b / ac;
      return;
    }
    const r = d / c;
    const den = c + d * r;
    out[k] = (a + b * r) / den;
    out[k + 1] = (b - a * r) / den;
  } else {
    const r = c / d;
    const den = c * r + d;
    out[k] = (a * r + b) / den;
    out[k + 1] = (b * r - a) / den;
  }
}

/**
 * Principal square root. Uses t = √((|x| + |z|)/2) (no cancellation for either sign of x) and
 * rescales huge inputs by 1/4 first so |x| + |z| cannot overflow. The sign of a zero imaginary
 * part selects the side of the branch cut, as in C99 csqrt: √(-4 - 0i) = -2i.
 */
export function csqrt(x: number, y: number, out: Out, k: number): void {
  if (x === 0 && y === 0) {
    out[k] = 0;
    out[k + 1] = y;
    return;
  }
  let scale = 1;
  if (Math.abs(x) > 1e300 || Math.abs(y) > 1e300) {
    x *= 0.25;
    y *= 0.25;
    scale = 2;
  }
  const t = Math.sqrt((Math.abs(x) + hypot(x, y)) / 2);
  const negIm = y < 0 || Object.is(y, -0);
  if (x >= 0) {
    out[k] = scale * t;
    out[k + 1] = (scale * y) / (2 * t);
  } else {
    out[k] = (scale * Math.abs(y)) / (2 * t);
    out[k + 1] = negIm ? -scale * t : scale * t;
  }
}

/**
 * Principal logarithm log|z| + i·arg z. Near |z| = 1, log(hypot) loses all relative accuracy
 * (log(1 + ε) computed as log of a rounded 1 + ε), so there it uses log1p((|x|-1)(|x|+1) + y²)/2.
 */
export function clog(x: number, y: number, out: Out, k: number): void {
  let a = Math.abs(x);
  let b = Math.abs(y);
  if (a < b) {
    const t = a;
    a = b;
    b = t;
  }
  const logAbs =
    a > 0.5 && a < 2 && b < 0.5 ? 0.5 * portableLog1p((a - 1) * (a + 1) + b * b) : portableLog(hypot(a, b));
  out[k] = logAbs;
  out[k + 1] = portableAtan2(y, x);
}

/**
 * e^x (cos y + i sin y). A real argument keeps an exact zero imaginary part (avoids ∞·0 = NaN for
 * large x), and e^x is split in two halves when it alone would overflow but the product would not.
 */
export function cexp(x: number, y: number, out: Out, k: number): void {
  if (y === 0) {
    out[k] = portableExp(x);
    out[k + 1] = y;
    return;
  }
  const c = portableCos(y);
  const s = portableSin(y);
  const e = portableExp(x);
  if (e === Infinity && Number.isFinite(x)) {
    const h = portableExp(x / 2);
    out[k] = h * c * h;
    out[k + 1] = h * s * h;
    return;
  }
  out[k] = e * c;
  out[k + 1] = e * s;
}

/** z^n for an integer n by binary exponentiation (exact for small n, no log/exp round trip). */
export function cpowInt(x: number, y: number, n: number, out: Out, k: number): void {
  let rr = 1;
  let ri = 0;
  let br = x;
  let bi = y;
  let e = Math.abs(n);
  while (e > 0) {
    if (e % 2 === 1) {
      const t = rr * br - ri * bi;
      ri = rr * bi + ri * br;
      rr = t;
    }
    e = Math.floor(e / 2);
    if (e > 0) {
      const t = br * br - bi * bi;
      bi = 2 * br * bi;
      br = t;
    }
  }
  if (n < 0) cdiv(1, 0, rr, ri, out, k);
  else {
    out[k] = rr;
    out[k + 1] = ri;
  }
}

/** sin(x + iy) = sin x cosh y + i cos x sinh y. */
export function csin(x: number, y: number, out: Out, k: number): void {
  out[k] = Math.sin(x) * Math.cosh(y);
  out[k + 1] = Math.cos(x) * Math.sinh(y);
}

/** cos(x + iy) = cos x cosh y − i sin x sinh y. */
export function ccos(x: number, y: number, out: Out, k: number): void {
  out[k] = Math.cos(x) * Math.cosh(y);
  out[k + 1] = -Math.sin(x) * Math.sinh(y);
}

/**
 * tanh(x + iy) = (sinh 2x + i sin 2y)/(cosh 2x + cos 2y). For |x| > 20 the real part is ±1 to
 * double precision and the imaginary part underflows, so return that directly instead of ∞/∞.
 */
export function ctanh(x: number, y: number, out: Out, k: number): void {
  if (Math.abs(x) > 20) {
    out[k] = Math.sign(x);
    out[k + 1] = 4 * Math.sin(y) * Math.cos(y) * Math.exp(-2 * Math.abs(x));
    return;
  }
  const d = Math.cosh(2 * x) + Math.cos(2 * y);
  out[k] = Math.sinh(2 * x) / d;
  out[k + 1] = Math.sin(2 * y) / d;
}

/** z/|z| (0 at 0), NumPy 2's complex sign. */
export function csign(x: number, y: number, out: Out, k: number): void {
  const r = hypot(x, y);
  out[k] = r === 0 ? 0 : x / r;
  out[k + 1] = r === 0 ? 0 : y / r;
}
