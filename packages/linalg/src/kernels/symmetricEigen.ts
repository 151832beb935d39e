import { ConvergenceError } from '../errors.js';
import { SAFE_MIN, ULP } from './machineConstants.js';
import { clearNegativeZeros } from './negativeZero.js';
import { formTridiagonalQ, symmetricTridiagonalize } from './symmetricTridiagonalize.js';
import { tridiagonalQL } from './tridiagonalQL.js';

/*
 * Symmetric eigen-decomposition A = V·diag(w)·Vᵀ (the DSYEV path: scale, tridiagonalize,
 * implicit QL/QR).
 *
 * Conventions:
 *  - Only the `uplo` triangle of the row-major input is read (diagonal included); the other
 *    triangle may hold anything, including NaN.
 *  - w is ascending. V is row-major n×n and its COLUMNS are the eigenvectors.
 *  - Deterministic sign: each eigenvector is negated if needed so that its component of largest
 *    magnitude is positive (the first one when several tie exactly; near-ties are decided by rounding).
 *    Within a repeated eigenvalue the basis is still whatever the iteration produced.
 *  - No −0 in w or V.
 *  - NaN or ±Infinity in the read triangle throws ConvergenceError: the iteration cannot
 *    converge on them, and failing fast beats 30·n wasted sweeps or silent NaNs.
 */

// DSYEV scales ‖A‖_max into [RMIN, RMAX] so that squares inside the reduction and the QL
// iteration neither overflow nor lose everything to underflow.
const SMLNUM = SAFE_MIN / ULP;
const RMIN = Math.sqrt(SMLNUM);
const RMAX = Math.sqrt(1 / SMLNUM);

/**
 * Eigendecomposition A = V·diag(w)·Vᵀ of the row-major symmetric n×n `a` (dsyev), reading only
 * the `uplo` triangle: w ascending, v (null unless `wantVectors`) with the eigenvectors as
 * columns, signed so each one's largest component is positive. Conventions at the top of the file.
 *
 * @example
 * const { w, v } = kernels.symmetricEigen(Float64Array.of(2, 1, 1, 2), 2, 'L', true);
 * // w = [1, 3]; v = [0.7071…, 0.7071…, -0.7071…, 0.7071…] (eigenvectors as columns)
 */
export function symmetricEigen(
  a: Float64Array,
  n: number,
  uplo: 'L' | 'U',
  wantVectors: boolean,
  op = 'eigh',
): { w: Float64Array; v: Float64Array | null } {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`eigh: the order must be a non-negative integer, got ${n}`);
  }
  if (a.length < n * n) throw new RangeError(`eigh: buffer holds ${a.length} values, expected ${n * n}`);
  if (uplo !== 'L' && uplo !== 'U') throw new RangeError(`eigh: uplo must be 'L' or 'U', got ${String(uplo)}`);

  // Copy the requested triangle into the lower triangle of a work matrix; the upper half of
  // `work` stays 0 and is never read.
  const work = new Float64Array(n * n);
  let anrm = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const x = uplo === 'L' ? a[i * n + j]! : a[j * n + i]!;
      if (!Number.isFinite(x)) {
        throw new ConvergenceError(op, 'the input contains NaN or Infinity');
      }
      work[i * n + j] = x;
      const ax = Math.abs(x);
      if (ax > anrm) anrm = ax;
    }
  }

  // Scale by a power of two (exact, unlike DLASCL's general ratio) when out of range.
  let sigma = 1;
  if (anrm > 0 && anrm < RMIN) sigma = 2 ** Math.ceil(Math.log2(RMIN / anrm));
  else if (anrm > RMAX) sigma = 2 ** Math.floor(Math.log2(RMAX / anrm));
  if (sigma !== 1) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) work[i * n + j] = work[i * n + j]! * sigma;
    }
  }

  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(0, n - 1));
  const tau = new Float64Array(Math.max(0, n - 1));
  symmetricTridiagonalize(work, n, d, e, tau);

  let zt: Float64Array | null = null;
  if (wantVectors) {
    const q = formTridiagonalQ(work, n, tau);
    // Transpose once so that every eigenvector is a contiguous row during the rotations.
    zt = work; // the reduction is finished with `work`; reuse its storage
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) zt[j * n + i] = q[i * n + j]!;
    }
  }

  tridiagonalQL(d, e, zt, n, op);

  if (sigma !== 1) {
    const inv = 1 / sigma;
    for (let i = 0; i < n; i++) d[i] = d[i]! * inv;
  }
  clearNegativeZeros(d);
  if (!zt) return { w: d, v: null };

  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    // Row i of zt is eigenvector i; find its largest-magnitude component.
    const off = i * n;
    let big = -1;
    let at = 0;
    for (let j = 0; j < n; j++) {
      const ax = Math.abs(zt[off + j]!);
      if (ax > big) {
        big = ax;
        at = j;
      }
    }
    const sign = zt[off + at]! < 0 ? -1 : 1;
    for (let j = 0; j < n; j++) v[j * n + i] = sign * zt[off + j]!;
  }
  return { w: d, v: clearNegativeZeros(v) };
}
