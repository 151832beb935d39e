import { NotPositiveDefiniteError } from '../../errors.js';
import { kernels } from '@svd/tensor';
import { clearNegativeZeros } from '../negativeZero.js';

const { complexGemm, conjugated, rowMajor, transposed } = kernels;

/** Block width and blocking threshold, as in the real choleskyFactor. */
const NB = 64;
const BLOCKED_FROM = 128;
const ONE = [1, 0] as const;
const MINUS_ONE = [-1, 0] as const;

/**
 * Cholesky factorisation A = L·Lᴴ of a Hermitian positive definite matrix (ZPOTRF), on an
 * interleaved row-major n×n buffer. Only the `uplo` triangle is read ('U' reads a_ij as
 * conj(a_ji)); the imaginary parts of the diagonal are ignored, as ZPOTRF does (it uses
 * DBLE(A(j,j))). Returns L (diagonal real and positive, zeros above). Failure: the 1-based order
 * of the first leading minor that is not positive definite, as NotPositiveDefiniteError.
 *
 * Blocked left-looking as the real kernel: per block column of NB, [A₁₁; A₂₁] −= [L₁₀; L₂₀]·L₁₀ᴴ
 * by one complexGemm, then the diagonal block unblocked and the panel solved against it.
 *
 * @example
 * kernels.complexCholesky(Float64Array.of(4, 0, 0, -2, 0, 2, 2, 0), 2, 'L'); // A = [[4, -2i], [2i, 2]]
 * // L = [2, 0, 0, 0, 0, 1, 1, 0], i.e. [[2, 0], [i, 1]]
 */
export function complexCholesky(a: Float64Array, n: number, uplo: 'L' | 'U'): Float64Array {
  // The lower triangle of A (from the named triangle); L overwrites it in place.
  const l = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    const oi = 2 * i * n;
    for (let j = 0; j <= i; j++) {
      if (uplo === 'L') {
        l[oi + 2 * j] = a[oi + 2 * j]!;
        l[oi + 2 * j + 1] = a[oi + 2 * j + 1]!;
      } else {
        l[oi + 2 * j] = a[2 * j * n + 2 * i]!;
        l[oi + 2 * j + 1] = -a[2 * j * n + 2 * i + 1]!;
      }
    }
  }
  const nb = n >= BLOCKED_FROM ? NB : n;
  for (let j0 = 0; j0 < n; j0 += nb) {
    const j1 = Math.min(j0 + nb, n);
    if (j0 > 0) {
      // The GEMM also fills the diagonal block's upper part, never read and cleared at the end.
      const l10h = conjugated(transposed(rowMajor(l, n, j0 * n)));
      complexGemm(n - j0, j1 - j0, j0, MINUS_ONE, rowMajor(l, n, j0 * n), l10h, ONE, rowMajor(l, n, j0 * n + j0));
    }
    // Rows of the diagonal block, then of the panel below it: the bordered recurrence restricted
    // to the block's columns (earlier columns are already in the GEMM update).
    for (let i = j0; i < n; i++) {
      const oi = 2 * i * n;
      const jEnd = Math.min(i, j1 - 1);
      for (let j = j0; j <= jEnd; j++) {
        const oj = 2 * j * n;
        // s = a_ij − Σ_{j0≤k<j} l_ik·conj(l_jk)
        let sr = l[oi + 2 * j]!;
        let si = l[oi + 2 * j + 1]!;
        for (let k = 2 * j0; k < 2 * j; k += 2) {
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
  }
  if (nb < n) for (let i = 0; i < n; i++) l.fill(0, 2 * (i * n + i + 1), 2 * (i + 1) * n);
  return clearNegativeZeros(l);
}
