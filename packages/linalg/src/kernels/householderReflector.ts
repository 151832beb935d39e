import { EPS, SAFE_MIN } from './machineConstants.js';
import { safeHypot } from './safeHypot.js';
import { safeNorm2 } from './safeNorm2.js';

/*
 * Elementary reflectors H = I − τ·v·vᵀ with v = [1; x'], such that H·[α; x] = [β; 0].
 * The one implementation used by QR, the symmetric tridiagonal reduction and the SVD's
 * bidiagonalisation.
 *
 * Both generators take α = buf[alphaIndex] and x = buf[xStart + i·stride], i < count. On exit
 * buf[alphaIndex] = β, x is overwritten by x', and the return value is τ. Strided so the same
 * routine serves columns (stride = row length) and rows (stride = 1) of a row-major matrix, and
 * contiguous scratch vectors (alphaIndex = 0, xStart = 1, stride = 1).
 */

// Below SMALL_NUM a computed β has lost relative accuracy (it came from a subnormal-ish norm);
// LAPACK rescales x by 1/SMALL_NUM and retries, at most 20 times.
const SMALL_NUM = SAFE_MIN / EPS;
const BIG_NUM = 1 / SMALL_NUM;
const MAX_RESCALES = 20;

function scaleStrided(buf: Float64Array, start: number, stride: number, count: number, f: number): void {
  for (let i = 0, p = start; i < count; i++, p += stride) buf[p] = buf[p]! * f;
}

/**
 * DLARFG: β = −sign(α)·‖[α; x]‖, the choice that never cancels in α − β, so β may be negative.
 * τ = 0 (H = I) when x is already zero.
 *
 * @example
 * const buf = Float64Array.of(3, 4);                      // α = 3, x = [4]
 * const tau = kernels.generateReflector(buf, 0, 1, 1, 1); // 1.6
 * // buf = [-5, 0.5]: β = -5, v = [1, 0.5]
 */
export function generateReflector(
  buf: Float64Array,
  alphaIndex: number,
  xStart: number,
  stride: number,
  count: number,
): number {
  if (count <= 0) return 0;
  let xnorm = safeNorm2(buf, xStart, count, stride);
  if (xnorm === 0) return 0;
  let alpha = buf[alphaIndex]!;
  let beta = -signOf(safeHypot(alpha, xnorm), alpha);
  let knt = 0;
  if (Math.abs(beta) < SMALL_NUM) {
    // The norm is tiny: rescale (exactly, by powers of two) so β and τ keep full relative accuracy.
    do {
      knt++;
      scaleStrided(buf, xStart, stride, count, BIG_NUM);
      beta *= BIG_NUM;
      alpha *= BIG_NUM;
    } while (Math.abs(beta) < SMALL_NUM && knt < MAX_RESCALES);
    xnorm = safeNorm2(buf, xStart, count, stride);
    beta = -signOf(safeHypot(alpha, xnorm), alpha);
  }
  const tau = (beta - alpha) / beta;
  scaleStrided(buf, xStart, stride, count, 1 / (alpha - beta));
  for (let j = 0; j < knt; j++) beta *= SMALL_NUM;
  buf[alphaIndex] = beta;
  return tau;
}

/**
 * DLARFGP: like DLARFG but β ≥ 0 always, which is what makes diag(R) of QR non-negative
 * (DGEQRFP). When α > 0 the naive α − β would cancel, so it is rewritten as −‖x‖²/(α + β).
 * If x = 0 and α < 0 the reflector is H = I − 2·e₁e₁ᵀ (τ = 2), which just flips the sign.
 *
 * @example
 * const buf = Float64Array.of(3, 4);
 * const tau = kernels.generateReflectorNonNegative(buf, 0, 1, 1, 1); // 0.4
 * // buf = [5, -2]: β = 5 ≥ 0, v = [1, -2]
 */
export function generateReflectorNonNegative(
  buf: Float64Array,
  alphaIndex: number,
  xStart: number,
  stride: number,
  count: number,
): number {
  let alpha = buf[alphaIndex]!;
  let xnorm = count > 0 ? safeNorm2(buf, xStart, count, stride) : 0;
  if (xnorm === 0) {
    if (alpha >= 0 || Number.isNaN(alpha)) return 0;
    buf[alphaIndex] = -alpha;
    for (let i = 0, p = xStart; i < count; i++, p += stride) buf[p] = 0;
    return 2;
  }
  let beta = signOf(safeHypot(alpha, xnorm), alpha);
  let knt = 0;
  if (Math.abs(beta) < SMALL_NUM) {
    do {
      knt++;
      scaleStrided(buf, xStart, stride, count, BIG_NUM);
      beta *= BIG_NUM;
      alpha *= BIG_NUM;
    } while (Math.abs(beta) < SMALL_NUM && knt < MAX_RESCALES);
    xnorm = safeNorm2(buf, xStart, count, stride);
    beta = signOf(safeHypot(alpha, xnorm), alpha);
  }
  const savedAlpha = alpha;
  alpha += beta;
  let tau: number;
  if (beta < 0) {
    beta = -beta;
    tau = -alpha / beta;
  } else {
    // α ≥ 0: α − ‖x‖ = −‖x₂‖²/(α + ‖x‖) avoids the cancellation.
    alpha = xnorm * (xnorm / alpha);
    tau = alpha / beta;
    alpha = -alpha;
  }
  if (Math.abs(tau) <= SMALL_NUM) {
    // τ would be subnormal and inaccurate; x is negligible next to α, so use H = I or the
    // sign flip, exactly as DLARFGP does. (x is zeroed in both cases so the stored compact
    // form matches the H actually used.)
    for (let i = 0, p = xStart; i < count; i++, p += stride) buf[p] = 0;
    if (savedAlpha >= 0) {
      tau = 0;
      beta = savedAlpha;
    } else {
      tau = 2;
      beta = -savedAlpha;
    }
  } else {
    scaleStrided(buf, xStart, stride, count, 1 / alpha);
  }
  for (let j = 0; j < knt; j++) beta *= SMALL_NUM;
  buf[alphaIndex] = beta;
  return tau;
}

/**
 * A[r0:r0+rows, c0:c0+cols] ← (I − τ v vᵀ)·A[...] for row-major A with row length `ld`.
 * v is contiguous with v[0] = 1 stored explicitly; `work` needs `cols` entries.
 *
 * Both passes run along rows (w += vᵢ·A[i,:], then A[i,:] −= τvᵢ·w), so the inner loops are
 * contiguous axpys rather than strided column dot products.
 *
 * @example
 * const a = Float64Array.of(3, 1, 4, 2); // 2×2, row-major
 * const v = Float64Array.of(1, 0.5);     // with τ = 1.6, from generateReflector on column 0
 * kernels.applyReflectorLeft(a, 2, 0, 2, 0, 2, v, 1.6, new Float64Array(2));
 * // a ≈ [-5, -2.2, 0, 0.4]: column 0 reduced to [β, 0]
 */
export function applyReflectorLeft(
  a: Float64Array,
  ld: number,
  r0: number,
  rows: number,
  c0: number,
  cols: number,
  v: Float64Array,
  tau: number,
  work: Float64Array,
): void {
  if (tau === 0 || cols <= 0 || rows <= 0) return;
  work.fill(0, 0, cols);
  // Two rows per sweep: each work[c] is loaded and stored once per two multiply-adds, which is
  // what bounds these loops in V8 (they are instruction-, not bandwidth-limited).
  let i = 0;
  for (; i + 1 < rows; i += 2) {
    const v0 = v[i]!;
    const v1 = v[i + 1]!;
    const o0 = (r0 + i) * ld + c0;
    const o1 = o0 + ld;
    for (let c = 0; c < cols; c++) work[c] = work[c]! + v0 * a[o0 + c]! + v1 * a[o1 + c]!;
  }
  if (i < rows) {
    const v0 = v[i]!;
    const o0 = (r0 + i) * ld + c0;
    for (let c = 0; c < cols; c++) work[c] = work[c]! + v0 * a[o0 + c]!;
  }
  for (i = 0; i + 1 < rows; i += 2) {
    const f0 = tau * v[i]!;
    const f1 = tau * v[i + 1]!;
    const o0 = (r0 + i) * ld + c0;
    const o1 = o0 + ld;
    for (let c = 0; c < cols; c++) {
      const wc = work[c]!;
      a[o0 + c] = a[o0 + c]! - f0 * wc;
      a[o1 + c] = a[o1 + c]! - f1 * wc;
    }
  }
  if (i < rows) {
    const f0 = tau * v[i]!;
    const o0 = (r0 + i) * ld + c0;
    for (let c = 0; c < cols; c++) a[o0 + c] = a[o0 + c]! - f0 * work[c]!;
  }
}

/** Fortran SIGN(a, b): |a| carrying the sign of b (b = −0 counts as positive here). */
function signOf(a: number, b: number): number {
  return b >= 0 ? Math.abs(a) : -Math.abs(a);
}
