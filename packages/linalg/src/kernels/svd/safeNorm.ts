/**
 * Overflow- and underflow-safe norms. Squaring an entry above ~1.3e154 overflows and below
 * ~1.5e-154 loses bits, so neither routine ever squares an unscaled value.
 */

/** sqrt(x² + y²) without destructive over/underflow (LAPACK dlapy2); NaN in gives NaN out. */
export function hypot(x: number, y: number): number {
  if (x !== x || y !== y) return NaN;
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  const w = ax > ay ? ax : ay;
  const z = ax > ay ? ay : ax;
  // z === 0 avoids 0/0; w === Infinity avoids Inf/Inf.
  if (z === 0 || w === Infinity) return w;
  const r = z / w;
  return w * Math.sqrt(1 + r * r);
}

// Blue's constants for binary64 (Anderson 2017, Algorithm 978; BLAS dnrm2.f90): values in
// [TSML, TBIG] can be squared and summed as is; smaller ones are scaled up by SSML, bigger ones
// down by SBIG, so every accumulator stays in range in a single pass.
const TSML = 2 ** -511;
const TBIG = 2 ** 486;
const SSML = 2 ** 537;
const SBIG = 2 ** -538;

/** Euclidean norm of `count` entries of `x` starting at `start` with `stride` (Blue's dnrm2). */
export function strideNorm2(x: Float64Array, start: number, stride: number, count: number): number {
  let notBig = true;
  let aSml = 0;
  let aMed = 0;
  let aBig = 0;
  for (let i = 0, p = start; i < count; i++, p += stride) {
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
  if (aBig > 0) {
    if (aMed > 0 || aMed !== aMed) aBig += aMed * SBIG * SBIG;
    return Math.sqrt(aBig) / SBIG;
  }
  if (aSml > 0) {
    if (aMed > 0 || aMed !== aMed) {
      const med = Math.sqrt(aMed);
      const sml = Math.sqrt(aSml) / SSML;
      const yMin = sml > med ? med : sml;
      const yMax = sml > med ? sml : med;
      const r = yMin / yMax;
      return yMax * Math.sqrt(1 + r * r);
    }
    return Math.sqrt(aSml) / SSML;
  }
  return Math.sqrt(aMed);
}
