/*
 * zlahqr's 2-element reflector G = I − τ·v·vᴴ (v = [1, v₂]) applied to two lines of an
 * interleaved complex matrix, in the row form (x ← Gᴴ·x) and the column form (x ← x·G). τ·v₂ is
 * formed once per call, as zlahqr does. Shared by the single-shift sweep (complexShiftSweep.ts)
 * and its fused chase (complexBulgeChase.ts), which must agree to the bit; the generation of a
 * chase step's reflector also by the double-shift sweep's last step (complexDoubleShiftSweep.ts).
 */
import { generateComplexReflector } from '../complex/complexHouseholderReflector.js';

/**
 * A chase step's 2-element reflector on rows k, k+1 into v (4: β, v₂) and τ (2). `fromColumn`:
 * generated from column k−1 (rows k, k+1), which gets β and a zero; otherwise from v as given
 * (the step that starts the bulge).
 */
export function generateStepReflector(
  h: Float64Array,
  n: number,
  k: number,
  fromColumn: boolean,
  v: Float64Array,
  tau: Float64Array,
): void {
  const p = 2 * (k * n + k - 1);
  const q = p + 2 * n;
  if (fromColumn) {
    v[0] = h[p]!;
    v[1] = h[p + 1]!;
    v[2] = h[q]!;
    v[3] = h[q + 1]!;
  }
  generateComplexReflector(v, 0, 1, tau, 0);
  if (fromColumn) {
    h[p] = v[0]!;
    h[p + 1] = v[1]!;
    h[q] = 0;
    h[q + 1] = 0;
  }
}

/**
 * Row form on two lines `step` apart (`len` entries `inc` apart from `start`; strides count
 * doubles): per entry pair s = conj(τ)·x₀ + conj(τ·v₂)·x₁, x₀ −= s, x₁ −= v₂·s.
 */
export function reflectTwoLinesRowForm(
  x: Float64Array,
  start: number,
  step: number,
  inc: number,
  len: number,
  t1r: number,
  t1i: number,
  v2r: number,
  v2i: number,
): void {
  twoLines(x, start, step, inc, len, t1r, t1i, t1r * v2r - t1i * v2i, t1r * v2i + t1i * v2r, v2r, v2i);
}

/**
 * Column form x ← x·G: s = τ·x₀ + τ·v₂·x₁, x₀ −= s, x₁ −= s·conj(v₂) — the row form of conj(G),
 * run with τ̄, v̄₂ and conj(τ·v₂), τ·v₂ formed as in the row form before its imaginary part is
 * negated. Negation is exact and a + (−b) is a − b, so every entry gets the operations of the
 * written-out column form, to the bit.
 */
export function reflectTwoLinesColumnForm(
  x: Float64Array,
  start: number,
  step: number,
  inc: number,
  len: number,
  t1r: number,
  t1i: number,
  v2r: number,
  v2i: number,
): void {
  twoLines(x, start, step, inc, len, t1r, -t1i, t1r * v2r - t1i * v2i, -(t1r * v2i + t1i * v2r), v2r, -v2i);
}

/** The row form with t2 = τ·v₂ given. */
function twoLines(
  x: Float64Array,
  start: number,
  step: number,
  inc: number,
  len: number,
  t1r: number,
  t1i: number,
  t2r: number,
  t2i: number,
  v2r: number,
  v2i: number,
): void {
  for (let c = 0, p = start; c < len; c++, p += inc) {
    const q = p + step;
    const ar = x[p]!;
    const ai = x[p + 1]!;
    const br = x[q]!;
    const bi = x[q + 1]!;
    const sr = t1r * ar + t1i * ai + t2r * br + t2i * bi;
    const si = t1r * ai - t1i * ar + t2r * bi - t2i * br;
    x[p] = ar - sr;
    x[p + 1] = ai - si;
    x[q] = br - (sr * v2r - si * v2i);
    x[q + 1] = bi - (sr * v2i + si * v2r);
  }
}
