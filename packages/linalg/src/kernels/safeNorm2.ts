import { powerOfTwo } from './floatConstants.js';

// Below TINY² squares underflow into subnormals; above HUGE² they overflow. Inside the window a
// plain sum of squares is exact enough and fastest (Blue's "medium" accumulator).
const TINY = 2 ** -511;
const HUGE = 2 ** 486; // leaves headroom for summing up to 2^50 squares

/**
 * Euclidean norm of `count` entries of `x` starting at `offset` with stride `stride`, safe
 * against overflow and underflow (the job of BLAS DNRM2 with Blue's scaling).
 *
 * Two passes: find max|x|, then sum squares, scaled by an exact power of two only when max|x|
 * is outside [TINY, HUGE]. A power-of-two scale adds no rounding error, unlike dividing by max.
 * NaN anywhere gives NaN; an infinite entry (and no NaN) gives Infinity.
 */
export function safeNorm2(x: Float64Array, offset: number, count: number, stride: number): number {
  let amax = 0;
  let sawNaN = false;
  for (let i = 0, p = offset; i < count; i++, p += stride) {
    const a = Math.abs(x[p]!);
    if (a > amax) amax = a;
    else if (a !== a) sawNaN = true;
  }
  if (sawNaN) return NaN;
  if (amax === 0 || amax === Infinity) return amax;
  let scale = 1;
  if (amax < TINY || amax > HUGE) {
    // Bring max|x| to about [1, 2): every square is then at most ~4 and sums cannot overflow.
    // For subnormal max|x| the exponent is clamped (2^1074 is not a double); 2^1023 still lifts
    // it far above the underflow range.
    scale = powerOfTwo(Math.min(1023, -Math.floor(Math.log2(amax))));
  }
  let sum = 0;
  if (scale === 1) {
    for (let i = 0, p = offset; i < count; i++, p += stride) {
      const v = x[p]!;
      sum += v * v;
    }
    return Math.sqrt(sum);
  }
  for (let i = 0, p = offset; i < count; i++, p += stride) {
    const v = x[p]! * scale;
    sum += v * v;
  }
  return Math.sqrt(sum) / scale;
}
