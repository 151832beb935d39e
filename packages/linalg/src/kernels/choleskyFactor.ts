import { NotPositiveDefiniteError } from '../errors.js';
import { kernels } from '@svd/tensor';
import { clearNegativeZeros } from './negativeZero.js';

const { gemm, rowMajor, transposed } = kernels;

/** Block width of the blocked factorisation; below BLOCKED_FROM it is one block. */
const NB = 64;
const BLOCKED_FROM = 2 * NB;

/**
 * Cholesky factorization A = L·Lᵀ of a symmetric positive definite matrix (DPOTRF).
 *
 * Only the `uplo` triangle of the row-major input is read; the other may hold anything.
 * The result is always the lower factor L, row-major, with zeros above the diagonal.
 *
 * Blocked, left-looking as DPOTRF's lower variant: for each block column of NB, the diagonal
 * block and the panel below it first receive all earlier block columns' contributions in two
 * GEMMs (A₁₁ −= L₁₀·L₁₀ᵀ, A₂₁ −= L₂₀·L₁₀ᵀ, on the packed SIMD kernel of @svd/tensor), then the
 * diagonal block is factored unblocked and the panel solved against it (DTRSM). Within a block
 * the order is row by row ("bordered"): row i of L needs dot products of row i with earlier
 * rows, contiguous in row-major storage. For PD input no intermediate exceeds max(aᵢᵢ) —
 * Cauchy–Schwarz bounds every partial sum — so entries near the overflow threshold factor
 * without Inf/NaN.
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
  // The lower triangle of A, read from the named triangle; L overwrites it in place.
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const oi = i * n;
    if (uplo === 'L') for (let j = 0; j <= i; j++) l[oi + j] = a[oi + j]!;
    else for (let j = 0; j <= i; j++) l[oi + j] = a[j * n + i]!;
  }
  const nb = n >= BLOCKED_FROM ? NB : n;
  for (let j0 = 0; j0 < n; j0 += nb) {
    const j1 = Math.min(j0 + nb, n);
    const jb = j1 - j0;
    if (j0 > 0) {
      // [A₁₁; A₂₁] −= [L₁₀; L₂₀]·L₁₀ᵀ. The GEMM also fills the diagonal block's upper part,
      // which is never read and is cleared at the end.
      const l10t = transposed(rowMajor(l, n, j0 * n));
      gemm(n - j0, jb, j0, -1, rowMajor(l, n, j0 * n), l10t, 1, rowMajor(l, n, j0 * n + j0));
    }
    factorDiagonalBlock(l, n, j0, j1);
    solvePanel(l, n, j0, j1);
  }
  if (nb < n) for (let i = 0; i < n; i++) l.fill(0, i * n + i + 1, (i + 1) * n);
  return clearNegativeZeros(l);
}

/** Unblocked (bordered) Cholesky of the diagonal block [j0, j1)², already updated. */
function factorDiagonalBlock(l: Float64Array, n: number, j0: number, j1: number): void {
  for (let i = j0; i < j1; i++) {
    const oi = i * n;
    for (let j = j0; j <= i; j++) {
      const oj = j * n;
      const s = l[oi + j]! - dot(l, oi + j0, oj + j0, j - j0);
      if (j < i) {
        l[oi + j] = s / l[oj + j]!;
      } else {
        // NaN fails this test too, as DPOTF2's DISNAN check does.
        if (!(s > 0)) throw new NotPositiveDefiniteError('cholesky', i + 1);
        l[oi + i] = Math.sqrt(s);
      }
    }
  }
}

/** L₂₁ = A₂₁·L₁₁⁻ᵀ for rows [j1, n), columns [j0, j1) (DTRSM, right side, dot form). */
function solvePanel(l: Float64Array, n: number, j0: number, j1: number): void {
  for (let i = j1; i < n; i++) {
    const oi = i * n;
    for (let j = j0; j < j1; j++) {
      const oj = j * n;
      l[oi + j] = (l[oi + j]! - dot(l, oi + j0, oj + j0, j - j0)) / l[oj + j]!;
    }
  }
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
