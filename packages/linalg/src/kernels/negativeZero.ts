/**
 * Replace every −0 in `x` by +0, in place, and return `x`.
 *
 * −0 is a legal IEEE result of e.g. (−3)·0, but it leaks into user-visible output as
 * `1/x === −Infinity` and `Object.is(x, 0) === false`; LAPACK's DBDSQR writes ZERO explicitly
 * for the same reason. `x === 0` is true for both zeros, so assigning the literal 0 fixes it.
 *
 * @example
 * const x = kernels.clearNegativeZeros(Float64Array.of(-0, 1));
 * Object.is(x[0], 0); // true
 */
export function clearNegativeZeros(x: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) {
    if (x[i] === 0) x[i] = 0;
  }
  return x;
}
