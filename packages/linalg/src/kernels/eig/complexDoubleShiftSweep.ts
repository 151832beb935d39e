import { generateComplexReflector } from '../complex/complexHouseholderReflector.js';
import { generateStepReflector } from './complexTwoLineReflector.js';

/*
 * One QR sweep with TWO complex shifts σ₁, σ₂ on the active block ktop..kbot of an interleaved
 * row-major Hessenberg matrix: the bulge started by the first column of (H − σ₁I)(H − σ₂I)
 * (zlaqr1) is chased to the bottom with 3-element reflectors (a 2-element one for the last
 * step), as zlaqr5 does for each of its bulges. Two shifts per pass cost about 0.55× the real
 * flops of two single-shift sweeps (complexShiftSweep.ts): a 3-element reflector updates three
 * entries with one inner product. Subdiagonal entries come out complex (nothing here needs them
 * real; zlahqr makes its blocks' subdiagonals real on entry).
 *
 * Only the row form x ← Gᴴ·x is written out: the column form x ← x·G of G = I − τ·v·vᴴ is the row
 * form of conj(G), i.e. with (τ̄, v̄). Negating an imaginary part is exact and x + (−y) is x − y
 * in IEEE arithmetic, so each entry gets the very operations of a written-out column form, to
 * the bit (signed zeros included).
 */

const cabs1 = (re: number, im: number): number => Math.abs(re) + Math.abs(im);

/**
 * The double-shift sweep on rows/columns ktop..kbot (kbot − ktop ≥ 2): rows are updated over
 * columns ..i2, columns over rows i1.., and the rows of zt = Zᵀ (if given) in full. `v` (6) and
 * `tau` (2) are scratch.
 *
 * @example
 * complexDoubleShiftSweep(h, n, 0, n - 1, 0, n - 1, zt, s1r, s1i, s2r, s2i, new Float64Array(6), new Float64Array(2));
 */
export function complexDoubleShiftSweep(
  h: Float64Array,
  n: number,
  ktop: number,
  kbot: number,
  i1: number,
  i2: number,
  zt: Float64Array | null,
  s1r: number,
  s1i: number,
  s2r: number,
  s2i: number,
  v: Float64Array,
  tau: Float64Array,
): void {
  startVector(h, n, ktop, s1r, s1i, s2r, s2i, v);
  const coef = slabCoef;
  const conj = slabCoefConj;
  // 3-element steps ktop..kbot−2 in slabs: near-diagonal parts now, the rest in one pass each.
  for (let k0 = ktop; k0 <= kbot - 2; k0 += SLAB) {
    const steps = Math.min(SLAB, kbot - 1 - k0);
    const w1 = k0 + steps + 1; // last row the slab's row operations touch
    for (let j = 0; j < steps; j++) {
      const k = k0 + j;
      if (k > ktop) readColumn(h, n, k, v);
      generateComplexReflector(v, 0, 2, tau, 0);
      if (k > ktop) writeColumn(h, n, k, v);
      const tr = tau[0]!;
      const ti = tau[1]!;
      const v2r = v[2]!;
      const v2i = v[3]!;
      const v3r = v[4]!;
      const v3i = v[5]!;
      coef[6 * j] = tr;
      coef[6 * j + 1] = ti;
      coef[6 * j + 2] = v2r;
      coef[6 * j + 3] = v2i;
      coef[6 * j + 4] = v3r;
      coef[6 * j + 5] = v3i;
      conj[6 * j] = tr;
      conj[6 * j + 1] = -ti;
      conj[6 * j + 2] = v2r;
      conj[6 * j + 3] = -v2i;
      conj[6 * j + 4] = v3r;
      conj[6 * j + 5] = -v3i;
      rowsByReflector3(h, 2 * (k * n + k), 2 * n, 2, w1 - k + 1, tr, ti, v2r, v2i, v3r, v3i);
      const last = Math.min(k + 3, kbot);
      rowsByReflector3(h, 2 * (k0 * n + k), 2, 2 * n, last - k0 + 1, tr, -ti, v2r, -v2i, v3r, -v3i);
    }
    // Rows k0..w1 right of column w1; rows i1..k0−1 of columns k0..w1; rows k0..w1 of Zᵀ.
    for (let c = w1 + 1; c <= i2; c++) rollRows(h, 2 * (k0 * n + c), 2 * n, steps, coef);
    for (let r = i1; r < k0; r++) rollRows(h, 2 * (r * n + k0), 2, steps, conj);
    if (zt) for (let c = 0; c < n; c++) rollRows(zt, 2 * (k0 * n + c), 2 * n, steps, conj);
  }
  // The last step: a 2-element reflector on rows/columns kbot−1, kbot.
  const k = kbot - 1;
  generateStepReflector(h, n, k, k > ktop, v, tau);
  const tr = tau[0]!;
  const ti = tau[1]!;
  if (tr === 0 && ti === 0) return;
  rowsByReflector2(h, 2 * (k * n + k), 2 * n, 2, i2 - k + 1, tr, ti, v[2]!, v[3]!);
  rowsByReflector2(h, 2 * (i1 * n + k), 2, 2 * n, kbot - i1 + 1, tr, -ti, v[2]!, -v[3]!);
  if (zt) rowsByReflector2(zt, 2 * k * n, 2 * n, 2, n, tr, -ti, v[2]!, -v[3]!);
}

/** Steps per slab: the far-from-diagonal entries are loaded and stored once per slab. */
const SLAB = 16;
const slabCoef = new Float64Array(6 * SLAB);
/** The slab's reflectors conjugated (τ̄, v̄): the column updates run the row form on them. */
const slabCoefConj = new Float64Array(6 * SLAB);

function readColumn(h: Float64Array, n: number, k: number, v: Float64Array): void {
  const p = 2 * (k * n + k - 1);
  for (let r = 0; r < 3; r++) {
    v[2 * r] = h[p + 2 * r * n]!;
    v[2 * r + 1] = h[p + 2 * r * n + 1]!;
  }
}

function writeColumn(h: Float64Array, n: number, k: number, v: Float64Array): void {
  const p = 2 * (k * n + k - 1);
  h[p] = v[0]!;
  h[p + 1] = v[1]!;
  h[p + 2 * n] = h[p + 2 * n + 1] = h[p + 4 * n] = h[p + 4 * n + 1] = 0;
}

/**
 * The slab's reflectors j = 0..steps−1 (reflector j on entries j..j+2 of a line of steps + 2
 * entries `stride` apart from `start`) in the row form x ← Gᴴ·x, rolling down the line: each
 * entry is loaded once, carried in registers through the three reflectors that touch it, and
 * stored once. Same operations in the same order as applying the reflectors one by one.
 */
function rollRows(x: Float64Array, start: number, stride: number, steps: number, coef: Float64Array): void {
  let ar = x[start]!;
  let ai = x[start + 1]!;
  let br = x[start + stride]!;
  let bi = x[start + stride + 1]!;
  let p = start;
  for (let j = 0, q = 0; j < steps; j++, q += 6) {
    const tr = coef[q]!;
    const ti = coef[q + 1]!;
    const v2r = coef[q + 2]!;
    const v2i = coef[q + 3]!;
    const v3r = coef[q + 4]!;
    const v3i = coef[q + 5]!;
    const r = p + 2 * stride;
    const cr = x[r]!;
    const ci = x[r + 1]!;
    const ur = ar + (v2r * br + v2i * bi) + (v3r * cr + v3i * ci);
    const ui = ai + (v2r * bi - v2i * br) + (v3r * ci - v3i * cr);
    const sr = tr * ur + ti * ui;
    const si = tr * ui - ti * ur;
    x[p] = ar - sr;
    x[p + 1] = ai - si;
    ar = br - (v2r * sr - v2i * si);
    ai = bi - (v2r * si + v2i * sr);
    br = cr - (v3r * sr - v3i * si);
    bi = ci - (v3r * si + v3i * sr);
    p += stride;
  }
  x[p] = ar;
  x[p + 1] = ai;
  x[p + stride] = br;
  x[p + stride + 1] = bi;
}

/**
 * A multiple of the first column of (H − σ₁I)(H − σ₂I) at row k (zlaqr1, 3 entries), scaled by
 * the 1-norm of the leading column of H − σ₂I so nothing overflows.
 */
function startVector(
  h: Float64Array,
  n: number,
  k: number,
  s1r: number,
  s1i: number,
  s2r: number,
  s2i: number,
  v: Float64Array,
): void {
  const p11 = 2 * (k * n + k);
  const p21 = p11 + 2 * n;
  const h11r = h[p11]!;
  const h11i = h[p11 + 1]!;
  const h12r = h[p11 + 2]!;
  const h12i = h[p11 + 3]!;
  const h21r = h[p21]!;
  const h21i = h[p21 + 1]!;
  const h22r = h[p21 + 2]!;
  const h22i = h[p21 + 3]!;
  const h32r = h[p21 + 2 * n + 2]!;
  const h32i = h[p21 + 2 * n + 3]!;
  const ar = h11r - s2r;
  const ai = h11i - s2i;
  const s = cabs1(ar, ai) + cabs1(h21r, h21i) + cabs1(h32r, h32i);
  if (s === 0) {
    v.fill(0);
    return;
  }
  const g21r = h21r / s;
  const g21i = h21i / s;
  const d1r = ar / s;
  const d1i = ai / s;
  // h21s·h12 + (h11 − σ₁)·(h11 − σ₂)/s
  const br = h11r - s1r;
  const bi = h11i - s1i;
  v[0] = g21r * h12r - g21i * h12i + (br * d1r - bi * d1i);
  v[1] = g21r * h12i + g21i * h12r + (br * d1i + bi * d1r);
  // h21s·(h11 + h22 − σ₁ − σ₂)
  const cr = h11r + h22r - s1r - s2r;
  const ci = h11i + h22i - s1i - s2i;
  v[2] = g21r * cr - g21i * ci;
  v[3] = g21r * ci + g21i * cr;
  // h21s·h32
  v[4] = g21r * h32r - g21i * h32i;
  v[5] = g21r * h32i + g21i * h32r;
}

/**
 * Three lines (`step` apart; `len` entries `inc` apart from `start`): x ← Gᴴ·x per entry
 * triple, G = I − τ·v·vᴴ, v = [1, v₂, v₃]: s = conj(τ)·(x₀ + conj(v₂)·x₁ + conj(v₃)·x₂).
 * With (τ̄, v̄) it is the column form x ← x·G.
 */
function rowsByReflector3(
  x: Float64Array,
  start: number,
  step: number,
  inc: number,
  len: number,
  tr: number,
  ti: number,
  v2r: number,
  v2i: number,
  v3r: number,
  v3i: number,
): void {
  for (let c = 0, p = start; c < len; c++, p += inc) {
    const q = p + step;
    const r = q + step;
    const ar = x[p]!;
    const ai = x[p + 1]!;
    const br = x[q]!;
    const bi = x[q + 1]!;
    const cr = x[r]!;
    const ci = x[r + 1]!;
    const ur = ar + (v2r * br + v2i * bi) + (v3r * cr + v3i * ci);
    const ui = ai + (v2r * bi - v2i * br) + (v3r * ci - v3i * cr);
    const sr = tr * ur + ti * ui;
    const si = tr * ui - ti * ur;
    x[p] = ar - sr;
    x[p + 1] = ai - si;
    x[q] = br - (v2r * sr - v2i * si);
    x[q + 1] = bi - (v2r * si + v2i * sr);
    x[r] = cr - (v3r * sr - v3i * si);
    x[r + 1] = ci - (v3r * si + v3i * sr);
  }
}

/** The 2-element `rowsByReflector3`. */
function rowsByReflector2(
  x: Float64Array,
  start: number,
  step: number,
  inc: number,
  len: number,
  tr: number,
  ti: number,
  v2r: number,
  v2i: number,
): void {
  for (let c = 0, p = start; c < len; c++, p += inc) {
    const q = p + step;
    const ar = x[p]!;
    const ai = x[p + 1]!;
    const br = x[q]!;
    const bi = x[q + 1]!;
    const ur = ar + (v2r * br + v2i * bi);
    const ui = ai + (v2r * bi - v2i * br);
    const sr = tr * ur + ti * ui;
    const si = tr * ui - ti * ur;
    x[p] = ar - sr;
    x[p + 1] = ai - si;
    x[q] = br - (v2r * sr - v2i * si);
    x[q + 1] = bi - (v2r * si + v2i * sr);
  }
}
