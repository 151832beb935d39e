import { NotPositiveDefiniteError } from '../../errors.js';
import { clearNegativeZeros } from '../negativeZero.js';

/**
 * Cholesky factorisation A = L·Lᴴ of a Hermitian positive definite matrix (ZPOTF2), on an
 * interleaved row-major n×n buffer. Only the `uplo` triangle is read ('U' reads a_ij as
 * conj(a_ji)); the imaginary parts of the diagonal are ignored, as ZPOTRF does (it uses
 * DBLE(A(j,j))). Returns L (diagonal real and positive, zeros above). Failure: the 1-based order
 * of the first leading minor that is not positive definite, as NotPositiveDefiniteError.
 *
 * @example
 * kernels.complexCholesky(Float64Array.of(4, 0, 0, -2, 0, 2, 2, 0), 2, 'L'); // A = [[4, -2i], [2i, 2]]
 * // L = [2, 0, 0, 0, 0, 1, 1, 0], i.e. [[2, 0], [i, 1]]
 */
export function complexCholesky(a: Float64Array, n: number, uplo: 'L' | 'U'): Float64Array {
  const l = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    const oi = 2 * i * n;
    for (let j = 0; j <= i; j++) {
      const oj = 2 * j * n;
      let ar: number;
      let ai: number;
      if (uplo === 'L') {
        ar = a[oi + 2 * j]!;
        ai = a[oi + 2 * j + 1]!;
      } else {
        ar = a[oj + 2 * i]!;
        ai = -a[oj + 2 * i + 1]!;
      }
      // s = a_ij − Σ_{k<j} l_ik·conj(l_jk)
      let sr = ar;
      let si = ai;
      for (let k = 0; k < 2 * j; k += 2) {
        const xr = l[oi + k]!;
        const xi = l[oi + k + 1]!;
        const yr = l[oj + k]!;
        const yi = l[oj + k + 1]!;
        sr -= xr * yr + xi * yi;
        si -= xi * yr - xr * yi;
      }
      if (j < i) {
        const d = l[oj + 2 * j]!;
        l[oi + 2 * j] = sr / d;
        l[oi + 2 * j + 1] = si / d;
      } else {
        if (!(sr > 0)) throw new NotPositiveDefiniteError('cholesky', i + 1);
        l[oi + 2 * i] = Math.sqrt(sr);
        l[oi + 2 * i + 1] = 0;
      }
    }
  }
  return clearNegativeZeros(l);
}
