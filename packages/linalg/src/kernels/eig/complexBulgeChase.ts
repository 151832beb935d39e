import { generateStepReflector, reflectTwoLinesColumnForm, reflectTwoLinesRowForm } from './complexTwoLineReflector.js';

/*
 * Two consecutive steps of zlahqr's single-shift bulge chase with their far-from-diagonal
 * updates fused — the complex counterpart of bulgeChase.ts. Step k generates the 2-element
 * reflector G_k = I − τ·v·vᴴ (v = [1, v₂]) from column k−1 and applies Gᴴ to rows k, k+1
 * (columns k..i2), G to columns k, k+1 (rows i1..k+2) and to rows k, k+1 of Zᵀ. Here rows
 * k..k+2 right of column k+1, rows i1..k−1 of columns k..k+2 and rows k..k+2 of Zᵀ are loaded
 * once and both reflectors applied in registers; the entries near the diagonal (from which
 * step k+1's reflector is generated) are updated first, in the unfused order. Every entry gets
 * the same operations in the same order as in two single steps, so the result is bit-identical
 * (tests check this). Only steps after the first of a sweep are paired: the first may rescale
 * rows and columns to keep H(m, m−1) real.
 */

/**
 * Three consecutive lines (complex entries; `step` doubles between lines, `inc` doubles between
 * entries, `len` entries): G_k on lines 0, 1 then G_{k+1} on lines 1, 2, in the row form
 * (x ← Gᴴ·x) or the column form (x ← x·G).
 */
function pairOnLines(
  x: Float64Array,
  start: number,
  step: number,
  inc: number,
  len: number,
  rowForm: boolean,
  a: Float64Array,
): void {
  // The column form is the row form of the conjugated reflectors (τ̄, v̄₂, conj(τ·v₂); see
  // complexTwoLineReflector.ts): the same operations to the bit, one loop body.
  const sign = rowForm ? 1 : -1;
  const atr = a[0]!;
  const ati = sign * a[1]!;
  const av2r = a[2]!;
  const av2i = sign * a[3]!;
  const btr = a[4]!;
  const bti = sign * a[5]!;
  const bv2r = a[6]!;
  const bv2i = sign * a[7]!;
  const at2r = atr * av2r - ati * av2i;
  const at2i = sign * (atr * a[3]! + a[1]! * av2r);
  const bt2r = btr * bv2r - bti * bv2i;
  const bt2i = sign * (btr * a[7]! + a[5]! * bv2r);
  for (let c = 0, p = start; c < len; c++, p += inc) {
    let x0r = x[p]!;
    let x0i = x[p + 1]!;
    let x1r = x[p + step]!;
    let x1i = x[p + step + 1]!;
    let x2r = x[p + 2 * step]!;
    let x2i = x[p + 2 * step + 1]!;
    let sr = atr * x0r + ati * x0i + at2r * x1r + at2i * x1i;
    let si = atr * x0i - ati * x0r + at2r * x1i - at2i * x1r;
    x0r -= sr;
    x0i -= si;
    x1r -= sr * av2r - si * av2i;
    x1i -= sr * av2i + si * av2r;
    sr = btr * x1r + bti * x1i + bt2r * x2r + bt2i * x2i;
    si = btr * x1i - bti * x1r + bt2r * x2i - bt2i * x2r;
    x1r -= sr;
    x1i -= si;
    x2r -= sr * bv2r - si * bv2i;
    x2i -= sr * bv2i + si * bv2r;
    x[p] = x0r;
    x[p + 1] = x0i;
    x[p + step] = x1r;
    x[p + step + 1] = x1i;
    x[p + 2 * step] = x2r;
    x[p + 2 * step + 1] = x2i;
  }
}

/**
 * Steps k and k+1 (m < k, k + 1 ≤ i − 1) of the single-shift chase, bit-identical to the two
 * unfused steps. `v` (4) and `tau` (2) are scratch; `coef` (8) holds both reflectors.
 */
export function complexChaseStepPair(
  h: Float64Array,
  n: number,
  k: number,
  i: number,
  i1: number,
  i2: number,
  zt: Float64Array | null,
  v: Float64Array,
  tau: Float64Array,
  coef: Float64Array,
): void {
  generateStepReflector(h, n, k, true, v, tau);
  const atr = tau[0]!;
  const ati = tau[1]!;
  const av2r = v[2]!;
  const av2i = v[3]!;
  // Rows k, k+1 of columns k, k+1 (x ← Gᴴ·x); columns k, k+1 of rows k..min(k+2, i) (x ← x·G).
  reflectTwoLinesRowForm(h, 2 * (k * n + k), 2 * n, 2, 2, atr, ati, av2r, av2i);
  reflectTwoLinesColumnForm(h, 2 * (k * n + k), 2, 2 * n, Math.min(k + 2, i) - k + 1, atr, ati, av2r, av2i);
  generateStepReflector(h, n, k + 1, true, v, tau);
  const btr = tau[0]!;
  const bti = tau[1]!;
  const bv2r = v[2]!;
  const bv2i = v[3]!;
  reflectTwoLinesRowForm(h, 2 * ((k + 1) * n + k + 1), 2 * n, 2, 1, btr, bti, bv2r, bv2i);
  coef[0] = atr;
  coef[1] = ati;
  coef[2] = av2r;
  coef[3] = av2i;
  coef[4] = btr;
  coef[5] = bti;
  coef[6] = bv2r;
  coef[7] = bv2i;
  // Rows k..k+2 right of column k+1.
  if (i2 >= k + 2) pairOnLines(h, 2 * (k * n + k + 2), 2 * n, 2, i2 - k - 1, true, coef);
  reflectTwoLinesColumnForm(h, 2 * (k * n + k + 1), 2, 2 * n, Math.min(k + 3, i) - k + 1, btr, bti, bv2r, bv2i);
  // Rows i1..k−1 of columns k..k+2.
  if (k - 1 >= i1) pairOnLines(h, 2 * (i1 * n + k), 2, 2 * n, k - i1, false, coef);
  if (zt) pairOnLines(zt, 2 * k * n, 2 * n, 2, n, false, coef);
}
