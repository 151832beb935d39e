/**
 * Euclidean norm without destructive overflow or underflow: BLAS dnrm2.f90 with Blue's
 * scaling (Anderson 2017, "Algorithm 978: Safe Scaling in the Level 1 BLAS"). Squaring an
 * entry above ~1.3e154 overflows and below ~1.5e-154 loses bits, so no unscaled value outside
 * [TSML, TBIG] is ever squared. One pass, no division per entry.
 */

// Blue's constants for binary64: values in [TSML, TBIG] can be squared and summed as is;
// smaller ones are scaled up by SSML, bigger ones down by SBIG, so every accumulator stays in
// range in a single pass. All four are powers of two, so the scaling adds no rounding error.
const TSML = 2 ** -511;
const TBIG = 2 ** 486;
const SSML = 2 ** 537;
const SBIG = 2 ** -538;

/**
 * ‖x‖₂ of the `count` entries x[offset], x[offset + stride], …
 * NaN anywhere gives NaN; an infinite entry (and no NaN) gives Infinity.
 *
 * @example
 * kernels.safeNorm2(Float64Array.of(3, 0, 4), 0, 2, 2); // 5: entries 0 and 2
 * kernels.safeNorm2(Float64Array.of(3e200, 4e200), 0, 2, 1); // ≈ 5e200 (no overflow)
 */
export function safeNorm2(x: Float64Array, offset: number, count: number, stride: number): number {
  let notBig = true;
  let aSml = 0;
  let aMed = 0;
  let aBig = 0;
  for (let i = 0, p = offset; i < count; i++, p += stride) {
    const ax = Math.abs(x[p]!);
    if (ax > TBIG) {
      const t = ax * SBIG;
      aBig += t * t;
      notBig = false;
    } else if (ax < TSML) {
      if (notBig) {
        const t = ax * SSML;
        aSml += t * t;
      }
    } else {
      // NaN lands here and poisons aMed, which the combination below propagates.
      aMed += ax * ax;
    }
  }
  const medIsNaN = Number.isNaN(aMed);
  if (aBig > 0) {
    if (aMed > 0 || medIsNaN) aBig += aMed * SBIG * SBIG;
    return Math.sqrt(aBig) / SBIG;
  }
  if (aSml > 0) {
    if (aMed > 0 || medIsNaN) {
      if (medIsNaN) return Number.NaN;
      const med = Math.sqrt(aMed);
      const sml = Math.sqrt(aSml) / SSML;
      const yMin = Math.min(sml, med);
      const yMax = Math.max(sml, med);
      const r = yMin / yMax;
      return yMax * Math.sqrt(1 + r * r);
    }
    return Math.sqrt(aSml) / SSML;
  }
  return Math.sqrt(aMed);
}
