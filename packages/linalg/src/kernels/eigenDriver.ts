/**
 * The steps the symmetric (dsyev) and the Hermitian (zheev) eigen drivers share, written once for
 * an element width of 1 (float64) or 2 (interleaved complex):
 *
 *   1. check the arguments and copy the `uplo` triangle into a work matrix (the flavour),
 *      rejecting NaN/±Infinity with ConvergenceError: the iteration cannot converge on them, and
 *      failing fast beats 30·n wasted sweeps or silent NaNs,
 *   2. scale by a power of two into dsyev's range (exact, unlike DLASCL's general ratio),
 *   3. reduce to a real symmetric tridiagonal T (the flavour) and start the eigenvectors,
 *   4. eigenvalues only, or n below DIVIDE_CONQUER_FROM: the real implicit QL/QR on T
 *      (tridiagonalQL, dsteqr), rotating the flavour's start vectors along;
 *      eigenvectors from DIVIDE_CONQUER_FROM on: divide and conquer on T
 *      (tridiagonalDivideConquer, dstedc), then the flavour applies its reflectors to T's
 *      eigenvectors in blocks (dormtr), without ever forming Q,
 *   5. scale the eigenvalues back, +0 for zeros, and let the flavour finish the eigenvectors
 *      (back-transformation and the deterministic sign or phase).
 */
import { kernels } from '@svd/tensor';
import { tridiagonalDivideConquer } from './tridiagonalDivideConquer.js';
import { tridiagonalQL } from './tridiagonalQL.js';
import { SAFE_MIN, ULP } from './machineConstants.js';
import { clearNegativeZeros } from './negativeZero.js';

// DSYEV scales ‖A‖_max into [RMIN, RMAX] so that squares inside the reduction and the QL
// iteration neither overflow nor lose everything to underflow.
const SMLNUM = SAFE_MIN / ULP;
const RMIN = Math.sqrt(SMLNUM);
const RMAX = Math.sqrt(1 / SMLNUM);

/**
 * From this order on, eigenvectors come from divide and conquer plus the blocked
 * back-transformation. Measured crossover against the QL with Q formed explicitly (Node 20,
 * x64, one thread; CPU ms per call, QL / divide and conquer): real n = 48: 0.60 / 0.72,
 * n = 64: 1.43 / 1.33; complex n = 40: 0.66 / 0.73, n = 48: 1.14 / 0.97. LAPACK's dsyevd
 * switches at 25, where its dstedc is relatively cheaper than ours. Below it the QL path is kept,
 * with its bits.
 */
export const DIVIDE_CONQUER_FROM = 56;

/** The symmetric or the Hermitian half of the driver. */
export interface EigenFlavour {
  /** Reals per element: 1 (float64) or 2 (interleaved complex). */
  readonly width: 1 | 2;
  /**
   * Copies the `uplo` triangle of `a` into `work` (n×n, `width` reals per element) and returns
   * its largest |entry| (max of |re|, |im| for complex); throws ConvergenceError on NaN/±Infinity.
   */
  readTriangle(a: Float64Array, n: number, uplo: 'L' | 'U', work: Float64Array, op: string): number;
  /** Reduces the scaled `work` to the tridiagonal (d, e); returns what `startVectors` needs. */
  tridiagonalize(work: Float64Array, n: number, d: Float64Array, e: Float64Array): Float64Array;
  /** The n×n real matrix whose rows the QL iteration rotates (Zᵀ, or Qᵀ for the real flavour). */
  startVectors(work: Float64Array, n: number, tau: Float64Array): Float64Array;
  /** The eigenvectors as the columns of an n×n row-major matrix, from the rotated rows `zt`. */
  finishVectors(work: Float64Array, n: number, tau: Float64Array, zt: Float64Array): Float64Array;
  /**
   * The eigenvectors as the columns of an n×n row-major matrix, from the eigenvectors of T (the
   * rows of `zt`), by applying the reflectors left in `work` blockwise (dormtr).
   */
  backTransform(work: Float64Array, n: number, tau: Float64Array, zt: Float64Array): Float64Array;
}

/** Eigendecomposition of the n×n `a` (uplo triangle) through the flavour: w ascending, v or null. */
export function runEigenDriver(
  a: Float64Array,
  n: number,
  uplo: 'L' | 'U',
  wantVectors: boolean,
  op: string,
  flavour: EigenFlavour,
): { w: Float64Array; v: Float64Array | null } {
  const width = flavour.width;
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`eigh: the order must be a non-negative integer, got ${n}`);
  }
  if (a.length < width * n * n) {
    throw new RangeError(`eigh: buffer holds ${a.length} values, expected ${width * n * n}`);
  }
  if (uplo !== 'L' && uplo !== 'U') throw new RangeError(`eigh: uplo must be 'L' or 'U', got ${String(uplo)}`);

  // shared memory when threads are on: the blocked reduction's trailing updates run on the pool in place
  const work = kernels.sharedWorkArray(width * n * n);
  const anrm = flavour.readTriangle(a, n, uplo, work, op);
  let sigma = 1;
  if (anrm > 0 && anrm < RMIN) sigma = 2 ** Math.ceil(Math.log2(RMIN / anrm));
  else if (anrm > RMAX) sigma = 2 ** Math.floor(Math.log2(RMAX / anrm));
  if (sigma !== 1) for (let i = 0; i < work.length; i++) work[i] = work[i]! * sigma;

  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(0, n - 1));
  const tau = flavour.tridiagonalize(work, n, d, e);
  if (wantVectors && n >= DIVIDE_CONQUER_FROM) {
    const zt = tridiagonalDivideConquer(d, e, n, op);
    unscale(d, sigma);
    return { w: d, v: clearNegativeZeros(flavour.backTransform(work, n, tau, zt)) };
  }
  const zt = wantVectors ? flavour.startVectors(work, n, tau) : null;
  tridiagonalQL(d, e, zt, n, op);
  unscale(d, sigma);
  if (zt === null) return { w: d, v: null };
  return { w: d, v: clearNegativeZeros(flavour.finishVectors(work, n, tau, zt)) };
}

/** Undoes the power-of-two scaling of the eigenvalues and clears −0. */
function unscale(d: Float64Array, sigma: number): void {
  if (sigma !== 1) {
    const inv = 1 / sigma;
    for (let i = 0; i < d.length; i++) d[i] = d[i]! * inv;
  }
  clearNegativeZeros(d);
}

/** Index of the entry of largest magnitude among n values (the first one on exact ties). */
export function largestMagnitude(n: number, magnitude: (i: number) => number): { at: number; big: number } {
  let big = -1;
  let at = 0;
  for (let i = 0; i < n; i++) {
    const m = magnitude(i);
    if (m > big) {
      big = m;
      at = i;
    }
  }
  return { at, big };
}
