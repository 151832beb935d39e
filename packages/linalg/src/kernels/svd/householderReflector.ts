/**
 * Elementary reflector generation, LAPACK dlarfg.
 *
 * Given alpha = buf[alphaIndex] and the vector x = buf[xStart + i·stride], i < count, finds
 * H = I − τ·v·vᵀ with v = [1; x'] such that H·[alpha; x] = [beta; 0]. On return
 * buf[alphaIndex] = beta and x is overwritten by x'. Strided so the same routine serves columns
 * (stride = row length) and rows (stride = 1) of a row-major matrix.
 */

import { SAFE_MIN, EPS } from './machineConstants.js';
import { hypot, strideNorm2 } from './safeNorm.js';

// dlarfg rescales when |beta| falls below safmin/eps so that τ and 1/(alpha − beta) keep full
// precision; with the driver's up-front scaling this is a rare path (tiny columns of a graded
// matrix), but it must exist for LAPACK-level accuracy on such inputs.
const SMALL = SAFE_MIN / EPS;
const INV_SMALL = 1 / SMALL;

/** Returns τ (0 when x is already zero, i.e. H = I). */
export function generateReflector(
  buf: Float64Array,
  alphaIndex: number,
  xStart: number,
  stride: number,
  count: number,
): number {
  if (count <= 0) return 0;
  let xnorm = strideNorm2(buf, xStart, stride, count);
  if (xnorm === 0) return 0;
  let alpha = buf[alphaIndex]!;
  // beta takes the sign opposite to alpha so alpha − beta never cancels.
  let beta = alpha < 0 ? hypot(alpha, xnorm) : -hypot(alpha, xnorm);
  let rescaled = 0;
  if (Math.abs(beta) < SMALL) {
    // Scale x and alpha up (exactly, by a power of two times) until beta is safely normal.
    do {
      rescaled++;
      scaleStrided(buf, xStart, stride, count, INV_SMALL);
      beta *= INV_SMALL;
      alpha *= INV_SMALL;
    } while (Math.abs(beta) < SMALL && rescaled < 20);
    xnorm = strideNorm2(buf, xStart, stride, count);
    beta = alpha < 0 ? hypot(alpha, xnorm) : -hypot(alpha, xnorm);
  }
  const tau = (beta - alpha) / beta;
  scaleStrided(buf, xStart, stride, count, 1 / (alpha - beta));
  for (let j = 0; j < rescaled; j++) beta *= SMALL;
  buf[alphaIndex] = beta;
  return tau;
}

function scaleStrided(buf: Float64Array, start: number, stride: number, count: number, f: number): void {
  for (let i = 0, p = start; i < count; i++, p += stride) buf[p] = buf[p]! * f;
}

/**
 * Applies H = I − τ·v·vᵀ from the left to the block rows [top, rows) × columns [colStart, cols)
 * of the row-major matrix `a` (row length `cols`), where v lives in column `vCol` below row
 * `top` with an implicit 1 at row `top` (LAPACK's storage of a column reflector).
 *
 * Row-major makes a column reflector awkward, so the work is arranged as two row sweeps with a
 * contiguous inner loop: first w = vᵀ·A accumulated row by row, then the rank-one update.
 * `w` is scratch of length ≥ cols.
 */
export function applyColumnReflectorLeft(
  a: Float64Array,
  rows: number,
  cols: number,
  top: number,
  vCol: number,
  colStart: number,
  tau: number,
  w: Float64Array,
): void {
  if (tau === 0 || colStart >= cols) return;
  const topBase = top * cols;
  for (let j = colStart; j < cols; j++) w[j] = a[topBase + j]!;
  for (let r = top + 1; r < rows; r++) {
    const base = r * cols;
    const vr = a[base + vCol]!;
    if (vr === 0) continue;
    for (let j = colStart; j < cols; j++) w[j] = w[j]! + vr * a[base + j]!;
  }
  for (let j = colStart; j < cols; j++) a[topBase + j] = a[topBase + j]! - tau * w[j]!;
  for (let r = top + 1; r < rows; r++) {
    const base = r * cols;
    const t = tau * a[base + vCol]!;
    if (t === 0) continue;
    for (let j = colStart; j < cols; j++) a[base + j] = a[base + j]! - t * w[j]!;
  }
}
