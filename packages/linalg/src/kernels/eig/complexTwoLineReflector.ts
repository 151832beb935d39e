/*
 * zlahqr's 2-element reflector G = I − τ·v·vᴴ (v = [1, v₂]) applied to two lines of an
 * interleaved complex matrix, in the row form (x ← Gᴴ·x) and the column form (x ← x·G). τ·v₂ is
 * formed once per call, as zlahqr does. Shared by the single-shift sweep (complexShiftSweep.ts)
 * and its fused chase (complexBulgeChase.ts), which must agree to the bit.
 */

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
  const t2r = t1r * v2r - t1i * v2i;
  const t2i = t1r * v2i + t1i * v2r;
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

/** Column form of `reflectTwoLinesRowForm`: s = τ·x₀ + τ·v₂·x₁, x₀ −= s, x₁ −= s·conj(v₂). */
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
  const t2r = t1r * v2r - t1i * v2i;
  const t2i = t1r * v2i + t1i * v2r;
  for (let c = 0, p = start; c < len; c++, p += inc) {
    const q = p + step;
    const ar = x[p]!;
    const ai = x[p + 1]!;
    const br = x[q]!;
    const bi = x[q + 1]!;
    const sr = t1r * ar - t1i * ai + t2r * br - t2i * bi;
    const si = t1r * ai + t1i * ar + t2r * bi + t2i * br;
    x[p] = ar - sr;
    x[p + 1] = ai - si;
    x[q] = br - (sr * v2r + si * v2i);
    x[q + 1] = bi - (si * v2r - sr * v2i);
  }
}
