/*
 * max |aᵢ| over interleaved complex entries, the same value as taking Math.hypot of every entry
 * (bit for bit) at a fraction of the cost: one pass of re² + im², then Math.hypot only for the
 * entries whose square lies within a relative 2^−40 of the largest — far wider than the rounding
 * of either, so the entry hypot ranks first is among them. Falls back to hypot everywhere when
 * the squares could overflow or underflow (all of them 0 included: entries below ≈ 1e−162 square
 * to 0), or on NaN.
 */

const NEAR_MAX = 1 - 2 ** -40;
const SMALLEST_SAFE_SQUARE = 2 ** -960;

/**
 * max over k < count of hypot(a[p], a[p + 1]), p = start + k·stride (stride in doubles). A NaN
 * entry makes the result NaN.
 *
 * @example
 * maxModulus(Float64Array.of(3, 4, 0, 1), 0, 2, 2); // 5
 */
export function maxModulus(a: Float64Array, start: number, stride: number, count: number): number {
  let m2 = 0;
  for (let k = 0, p = start; k < count; k++, p += stride) {
    const re = a[p]!;
    const im = a[p + 1]!;
    const s = re * re + im * im;
    if (!(s <= m2) && !Number.isNaN(m2)) m2 = s; // a NaN, once seen, stays
  }
  const exact = !(m2 < Number.POSITIVE_INFINITY && m2 >= SMALLEST_SAFE_SQUARE);
  const floor = exact ? Number.NEGATIVE_INFINITY : m2 * NEAR_MAX;
  let m = 0;
  for (let k = 0, p = start; k < count; k++, p += stride) {
    const re = a[p]!;
    const im = a[p + 1]!;
    if (!exact && re * re + im * im < floor) continue;
    const x = Math.hypot(re, im);
    if (!(x <= m) && !Number.isNaN(m)) m = x;
  }
  return m;
}
