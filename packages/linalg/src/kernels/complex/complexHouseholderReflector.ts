import { EPS, SAFE_MIN } from '../machineConstants.js';
import { safeNorm2 } from '../safeNorm2.js';

/*
 * Complex elementary reflectors H = I − τ·v·vᴴ (LAPACK zlarfg), on interleaved (re, im)
 * buffers. Indices below count COMPLEX elements: element e sits at buf[2e], buf[2e + 1].
 *
 * zlarfg's defining property is Hᴴ·[α; x] = [β; 0] with β REAL (τ is complex): this is what
 * makes the complex bidiagonal and tridiagonal reductions land on a real bidiagonal /
 * tridiagonal matrix, so the real dbdsqr / dsteqr iterations can finish the job.
 */

const SMALL_NUM = SAFE_MIN / EPS;
const BIG_NUM = 1 / SMALL_NUM;
const MAX_RESCALES = 20;

/** sqrt(a² + b² + c²) without destructive over/underflow (LAPACK dlapy3). */
export function hypot3(a: number, b: number, c: number): number {
  const w = Math.max(Math.abs(a), Math.abs(b), Math.abs(c));
  if (w === 0) return Math.abs(a) + Math.abs(b) + Math.abs(c);
  const x = a / w;
  const y = b / w;
  const z = c / w;
  return w * Math.sqrt(x * x + y * y + z * z);
}

/**
 * ZLARFG on a contiguous complex vector: α = buf[alpha], x = buf[alpha + 1 .. alpha + count].
 * On exit buf[alpha] = (β, 0), x is overwritten by v[1:] (v[0] = 1 implicit) and τ is written
 * to tau[2·tauAt], tau[2·tauAt + 1]. τ = 0 (H = I) when x = 0 and α is already real.
 *
 * @example
 * const buf = Float64Array.of(3, 0, 0, 4); // α = 3, x = [4i]
 * const tau = new Float64Array(2);
 * kernels.generateComplexReflector(buf, 0, 1, tau, 0);
 * // buf = [-5, 0, 0, 0.5]: β = -5 (real), v = [1, 0.5i]; tau = [1.6, 0]
 */
export function generateComplexReflector(
  buf: Float64Array,
  alpha: number,
  count: number,
  tau: Float64Array,
  tauAt: number,
): void {
  const xs = 2 * (alpha + 1);
  let xnorm = count > 0 ? safeNorm2(buf, xs, 2 * count, 1) : 0;
  let alphr = buf[2 * alpha]!;
  let alphi = buf[2 * alpha + 1]!;
  if (xnorm === 0 && alphi === 0) {
    tau[2 * tauAt] = 0;
    tau[2 * tauAt + 1] = 0;
    return;
  }
  let beta = -signOf(hypot3(alphr, alphi, xnorm), alphr);
  let knt = 0;
  if (Math.abs(beta) < SMALL_NUM) {
    do {
      knt++;
      for (let p = xs; p < xs + 2 * count; p++) buf[p] = buf[p]! * BIG_NUM;
      beta *= BIG_NUM;
      alphr *= BIG_NUM;
      alphi *= BIG_NUM;
    } while (Math.abs(beta) < SMALL_NUM && knt < MAX_RESCALES);
    xnorm = count > 0 ? safeNorm2(buf, xs, 2 * count, 1) : 0;
    beta = -signOf(hypot3(alphr, alphi, xnorm), alphr);
  }
  tau[2 * tauAt] = (beta - alphr) / beta;
  tau[2 * tauAt + 1] = -alphi / beta;
  // x ← x / (α − β), with Smith's division 1/(zr + i·zi).
  const zr = alphr - beta;
  const zi = alphi;
  let sr: number;
  let si: number;
  if (Math.abs(zr) >= Math.abs(zi)) {
    const r = zi / zr;
    const den = zr + zi * r;
    sr = 1 / den;
    si = -r / den;
  } else {
    const r = zr / zi;
    const den = zi + zr * r;
    sr = r / den;
    si = -1 / den;
  }
  for (let p = xs; p < xs + 2 * count; p += 2) {
    const re = buf[p]!;
    const im = buf[p + 1]!;
    buf[p] = re * sr - im * si;
    buf[p + 1] = re * si + im * sr;
  }
  for (let j = 0; j < knt; j++) beta *= SMALL_NUM;
  buf[2 * alpha] = beta;
  buf[2 * alpha + 1] = 0;
}

/**
 * A[r0:r0+rows, c0:c0+cols] ← (I − τ·v·vᴴ)·A[...] for row-major interleaved A with row length
 * `ld` (complex elements). v is contiguous complex (v[0] = 1 stored explicitly); `work` needs
 * 2·cols reals. For Hᴴ pass conj(τ).
 *
 * @example
 * // Hᴴ·[3; 4i], with v = [1, 0.5i] and τ = 1.6 from generateComplexReflector (Hᴴ takes conj(τ))
 * const v = Float64Array.of(1, 0, 0, 0.5);
 * const a = Float64Array.of(3, 0, 0, 4); // 2×1 interleaved
 * kernels.applyComplexReflectorLeft(a, 1, 0, 2, 0, 1, v, 1.6, 0, new Float64Array(2)); // conj(τ) = 1.6
 * // a = [-5, 0, 0, 0]
 */
export function applyComplexReflectorLeft(
  a: Float64Array,
  ld: number,
  r0: number,
  rows: number,
  c0: number,
  cols: number,
  v: Float64Array,
  tauRe: number,
  tauIm: number,
  work: Float64Array,
): void {
  if ((tauRe === 0 && tauIm === 0) || cols <= 0 || rows <= 0) return;
  work.fill(0, 0, 2 * cols);
  // w = vᴴ·A: w_c += conj(v_i)·A_ic, row by row (contiguous).
  for (let i = 0; i < rows; i++) {
    const vr = v[2 * i]!;
    const vi = -v[2 * i + 1]!;
    if (vr === 0 && vi === 0) continue;
    const o = 2 * ((r0 + i) * ld + c0);
    for (let c = 0; c < 2 * cols; c += 2) {
      const ar = a[o + c]!;
      const ai = a[o + c + 1]!;
      work[c] = work[c]! + vr * ar - vi * ai;
      work[c + 1] = work[c + 1]! + vr * ai + vi * ar;
    }
  }
  // A_ic −= (τ·v_i)·w_c.
  for (let i = 0; i < rows; i++) {
    const vr = v[2 * i]!;
    const vi = v[2 * i + 1]!;
    const fr = tauRe * vr - tauIm * vi;
    const fi = tauRe * vi + tauIm * vr;
    if (fr === 0 && fi === 0) continue;
    const o = 2 * ((r0 + i) * ld + c0);
    for (let c = 0; c < 2 * cols; c += 2) {
      const wr = work[c]!;
      const wi = work[c + 1]!;
      a[o + c] = a[o + c]! - (fr * wr - fi * wi);
      a[o + c + 1] = a[o + c + 1]! - (fr * wi + fi * wr);
    }
  }
}

/**
 * A[r0:r0+rows, c0:c0+cols] ← A[...]·(I − τ·v·vᴴ), row by row: d = A_r·v, A_r −= τ·d·vᴴ.
 * With v replaced by conj(v) this is also X ← X·Hᵀ, the update that accumulates the TRANSPOSED
 * factor Qᵀ = H_{k−1}ᵀ⋯H₀ᵀ one contiguous row per vector.
 *
 * @example
 * // [3, -4i]·H with v = [1, 0.5i] and τ = 1.6 from generateComplexReflector
 * const a = Float64Array.of(3, 0, 0, -4); // 1×2 interleaved
 * kernels.applyComplexReflectorRight(a, 2, 0, 1, 0, 2, Float64Array.of(1, 0, 0, 0.5), 1.6, 0);
 * // a = [-5, 0, 0, 0]
 */
export function applyComplexReflectorRight(
  a: Float64Array,
  ld: number,
  r0: number,
  rows: number,
  c0: number,
  cols: number,
  v: Float64Array,
  tauRe: number,
  tauIm: number,
): void {
  if ((tauRe === 0 && tauIm === 0) || cols <= 0 || rows <= 0) return;
  for (let r = r0; r < r0 + rows; r++) {
    const o = 2 * (r * ld + c0);
    let dr = 0;
    let di = 0;
    for (let j = 0; j < 2 * cols; j += 2) {
      const ar = a[o + j]!;
      const ai = a[o + j + 1]!;
      const vr = v[j]!;
      const vi = v[j + 1]!;
      dr += ar * vr - ai * vi;
      di += ar * vi + ai * vr;
    }
    if (dr === 0 && di === 0) continue;
    const sr = tauRe * dr - tauIm * di;
    const si = tauRe * di + tauIm * dr;
    // A_rj −= s·conj(v_j)
    for (let j = 0; j < 2 * cols; j += 2) {
      const vr = v[j]!;
      const vi = -v[j + 1]!;
      a[o + j] = a[o + j]! - (sr * vr - si * vi);
      a[o + j + 1] = a[o + j + 1]! - (sr * vi + si * vr);
    }
  }
}

/** Fortran SIGN(a, b). */
function signOf(a: number, b: number): number {
  return b >= 0 ? Math.abs(a) : -Math.abs(a);
}
