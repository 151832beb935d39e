import { ConvergenceError } from '../errors.js';
import { runEigenDriver } from './eigenDriver.js';
import { blockedTridiagonalize } from './blockedTridiagonalize.js';
import { symmetricBackTransform } from './symmetricBackTransform.js';
import { formTridiagonalQ } from './symmetricTridiagonalize.js';
import { isSharedMemory } from './isSharedMemory.js';

/*
 * Symmetric eigen-decomposition A = V·diag(w)·Vᵀ (the DSYEV / DSYEVD path: scale, blocked
 * tridiagonalisation (dsytrd), then the implicit QL/QR with Q formed explicitly, or — for vectors
 * from DIVIDE_CONQUER_FROM on — divide and conquer on the tridiagonal and the reflectors applied
 * to its eigenvectors in compact-WY blocks (dormtr); the steps shared with the Hermitian driver
 * are in eigenDriver.ts).
 *
 * Conventions:
 *  - Only the `uplo` triangle of the row-major input is read (diagonal included); the other
 *    triangle may hold anything, including NaN.
 *  - w is ascending. V is row-major n×n and its COLUMNS are the eigenvectors.
 *  - Deterministic sign: each eigenvector is negated if needed so that its component of largest
 *    magnitude is positive (the first one when several tie exactly; near-ties are decided by rounding).
 *    Within a repeated eigenvalue the basis is still whatever the iteration produced.
 *  - No −0 in w or V.
 *  - NaN or ±Infinity in the read triangle throws ConvergenceError.
 */

/**
 * Eigendecomposition A = V·diag(w)·Vᵀ of the row-major symmetric n×n `a` (dsyev / dsyevd), reading only
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
  return runEigenDriver(a, n, uplo, wantVectors, op, {
    width: 1,
    readTriangle,
    tridiagonalize(work, m, d, e) {
      const tau = new Float64Array(Math.max(0, m - 1));
      blockedTridiagonalize(work, m, d, e, tau);
      return tau;
    },
    startVectors(work, m, tau) {
      const q = formTridiagonalQ(work, m, tau);
      // Transpose once so that every eigenvector is a contiguous row during the rotations.
      const zt = work; // the reduction is finished with `work`; reuse its storage
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < m; j++) zt[j * m + i] = q[i * m + j]!;
      }
      return zt;
    },
    finishVectors: (_work, m, _tau, zt) => signedColumns(zt, m, new Float64Array(m * m)),
    backTransform(work, m, tau, zt) {
      symmetricBackTransform(work, m, tau, zt);
      // The reflectors in `work` are spent: its storage takes V unless it is shared memory (the
      // result must not be; that storage stays the pool's scratch).
      return signedColumns(zt, m, isSharedMemory(work) ? new Float64Array(m * m) : work);
    },
  });
}

/**
 * Copies the requested triangle into the lower triangle of `work`; the upper half is never read
 * by the reduction (the blocked one keeps its own copy of the matrix with both triangles).
 */
function readTriangle(a: Float64Array, n: number, uplo: 'L' | 'U', work: Float64Array, op: string): number {
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
  return anrm;
}

/** Tile edge of the transposition in signedColumns. */
const TILE = 32;

/**
 * Row i of zt (eigenvector i) as column i of `v` (n×n, distinct from zt), negated if its
 * largest-magnitude component is negative (the first one on exact ties), without −0.
 */
function signedColumns(zt: Float64Array, n: number, v: Float64Array): Float64Array {
  const sign = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const off = i * n;
    let big = -1;
    let at = 0;
    for (let j = 0; j < n; j++) {
      const m = Math.abs(zt[off + j]!);
      if (m > big) {
        big = m;
        at = j;
      }
    }
    sign[i] = zt[off + at]! < 0 ? -1 : 1;
  }
  // Transposed in TILE×TILE tiles so that both the reads and the writes stay in cache; + 0 turns
  // −0 into +0 and changes no other value.
  for (let i0 = 0; i0 < n; i0 += TILE) {
    const i1 = Math.min(n, i0 + TILE);
    for (let j0 = 0; j0 < n; j0 += TILE) {
      const j1 = Math.min(n, j0 + TILE);
      for (let i = i0; i < i1; i++) {
        const si = sign[i]!;
        const off = i * n;
        for (let j = j0; j < j1; j++) v[j * n + i] = si * zt[off + j]! + 0;
      }
    }
  }
  return v;
}
