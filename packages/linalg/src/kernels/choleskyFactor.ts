import { NotPositiveDefiniteError } from '../errors.js';
import { clearNegativeZeros } from './negativeZero.js';

/**
 * Cholesky factorization A = L·Lᵀ of a symmetric positive definite matrix (DPOTF2).
 *
 * Only the `uplo` triangle of the row-major input is read; the other may hold anything.
 * The result is always the lower factor L, row-major, with zeros above the diagonal.
 *
 * Row-by-row ("bordered") order: row i of L needs dot products of row i with the earlier rows,
 * and in row-major storage those are contiguous. It is the same arithmetic as LAPACK's
 * unblocked algorithm, so for PD input no intermediate exceeds max(aᵢᵢ) — Cauchy–Schwarz
 * bounds every partial sum — and entries near the overflow threshold factor without Inf/NaN.
 *
 * Failure is reported the way DPOTRF reports INFO: NotPositiveDefiniteError with the 1-based
 * order of the first leading minor whose pivot is not positive (or is NaN).
 *
 * @example
 * kernels.choleskyFactor(Float64Array.of(4, 2, 2, 3), 2, 'L'); // L = [2, 0, 1, 1.414…]
 */
export function choleskyFactor(a: Float64Array, n: number, uplo: 'L' | 'U'): Float64Array {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`cholesky: the order must be a non-negative integer, got ${n}`);
  }
  if (a.length < n * n) throw new RangeError(`cholesky: buffer holds ${a.length} values, expected ${n * n}`);
  if (uplo !== 'L' && uplo !== 'U') {
    throw new RangeError(`cholesky: uplo must be 'L' or 'U', got ${String(uplo)}`);
  }
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const oi = i * n;
    for (let j = 0; j <= i; j++) {
      const oj = j * n;
      const aij = uplo === 'L' ? a[oi + j]! : a[oj + i]!;
      const s = aij - dot(l, oi, oj, j);
      if (j < i) {
        l[oi + j] = s / l[oj + j]!;
      } else {
        // NaN fails this test too, as DPOTF2's DISNAN check does.
        if (!(s > 0)) throw new NotPositiveDefiniteError('cholesky', i + 1);
        l[oi + i] = Math.sqrt(s);
      }
    }
  }
  return clearNegativeZeros(l);
}

/**
 * x[p..p+len)·x[q..q+len). Four independent accumulators break the add-latency chain, which is
 * what bounds a plain JS dot product; the summation order differs from a single accumulator
 * only by rounding, which the backward-error analysis already allows for.
 */
function dot(x: Float64Array, p: number, q: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += x[p + k]! * x[q + k]!;
    s1 += x[p + k + 1]! * x[q + k + 1]!;
    s2 += x[p + k + 2]! * x[q + k + 2]!;
    s3 += x[p + k + 3]! * x[q + k + 3]!;
  }
  for (; k < len; k++) s0 += x[p + k]! * x[q + k]!;
  return s0 + s1 + (s2 + s3);
}
