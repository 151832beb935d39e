import { ConvergenceError } from '../../errors.js';
import { largestMagnitude, runEigenDriver } from '../eigenDriver.js';
import { complexAbs } from './complexScalar.js';
import { blockedHermitianTridiagonalize } from './blockedHermitianTridiagonalize.js';
import { hermitianBackTransform } from './hermitianBackTransform.js';
import { formHermitianTridiagonalQ } from './hermitianTridiagonalize.js';

/*
 * Hermitian eigendecomposition A = V·diag(w)·Vᴴ (the zheev / zheevd path): power-of-two
 * scaling into dsyev's range, blocked reduction to a real symmetric tridiagonal T = Qᴴ·A·Q
 * (zhetrd), T = Z·diag(w)·Zᵀ by the real implicit QL/QR (tridiagonalQL, dsteqr) or, for vectors
 * from DIVIDE_CONQUER_FROM on, the real divide and conquer (dstedc), then V = Q·Z (Q formed for
 * the QL path; applied in compact-WY blocks on complexGemm for divide and conquer, zunmtr). The
 * steps shared with the real driver are in eigenDriver.ts.
 *
 * - Only the `uplo` triangle is read; the imaginary parts of the diagonal are IGNORED (taken as
 *   0), as zheev does.
 * - w ascending (real); V interleaved row-major n×n with the eigenvectors as columns.
 * - Phase: each eigenvector is multiplied by the unit complex number that makes its component of
 *   largest magnitude real and positive (the first one on exact ties). Inside a repeated
 *   eigenvalue the basis is whatever the iteration produced.
 */

/**
 * Eigendecomposition A = V·diag(w)·Vᴴ of the interleaved Hermitian n×n `a` (zheev), reading only
 * the `uplo` triangle: w real and ascending, v (null unless `wantVectors`) with the eigenvectors
 * as columns, each phased so its largest component is real and positive. Details at the top of the file.
 *
 * @example
 * const a = Float64Array.of(2, 0, 0, -1, 0, 1, 2, 0); // [[2, -i], [i, 2]], interleaved
 * const { w, v } = kernels.hermitianEigen(a, 2, 'L', true); // w = [1, 3]; v interleaved 2×2
 */
export function hermitianEigen(
  a: Float64Array,
  n: number,
  uplo: 'L' | 'U',
  wantVectors: boolean,
  op = 'eigh',
): { w: Float64Array; v: Float64Array | null } {
  return runEigenDriver(a, n, uplo, wantVectors, op, {
    width: 2,
    readTriangle,
    tridiagonalize(work, m, d, e) {
      const tau = new Float64Array(2 * Math.max(0, m - 1));
      blockedHermitianTridiagonalize(work, m, d, e, tau);
      return tau;
    },
    startVectors(_work, m) {
      const zt = new Float64Array(m * m);
      for (let i = 0; i < m; i++) zt[i * m + i] = 1;
      return zt;
    },
    finishVectors: (work, m, tau, zt) => phasedColumns(formHermitianTridiagonalQ(work, m, tau), zt, m),
    backTransform(work, m, tau, zt) {
      const x = hermitianBackTransform(work, m, tau, zt);
      const col = new Float64Array(2 * m);
      for (let i = 0; i < m; i++) {
        for (let r = 0; r < m; r++) {
          col[2 * r] = x[2 * (r * m + i)]!;
          col[2 * r + 1] = x[2 * (r * m + i) + 1]!;
        }
        writePhasedColumn(col, x, i, m);
      }
      return x;
    },
  });
}

/** Copies the `uplo` triangle into both triangles of `work` (Hermitian), diagonal made real. */
function readTriangle(a: Float64Array, n: number, uplo: 'L' | 'U', work: Float64Array, op: string): number {
  let anrm = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let re: number;
      let im: number;
      if (uplo === 'L') {
        re = a[2 * (i * n + j)]!;
        im = a[2 * (i * n + j) + 1]!;
      } else {
        re = a[2 * (j * n + i)]!;
        im = -a[2 * (j * n + i) + 1]!;
      }
      if (i === j) im = 0;
      if (!Number.isFinite(re) || !Number.isFinite(im))
        throw new ConvergenceError(op, 'the input contains NaN or Infinity');
      work[2 * (i * n + j)] = re;
      work[2 * (i * n + j) + 1] = im;
      work[2 * (j * n + i)] = re;
      work[2 * (j * n + i) + 1] = -im;
      const m = Math.max(Math.abs(re), Math.abs(im));
      if (m > anrm) anrm = m;
    }
  }
  return anrm;
}

/** V = Q·Z, column i from row i of zt (real), each column phased by its largest component. */
function phasedColumns(q: Float64Array, zt: Float64Array, n: number): Float64Array {
  const v = new Float64Array(2 * n * n);
  const col = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const zo = i * n;
    col.fill(0);
    for (let r = 0; r < n; r++) {
      const qo = 2 * r * n;
      let sr = 0;
      let si = 0;
      for (let k = 0; k < n; k++) {
        const z = zt[zo + k]!;
        sr += q[qo + 2 * k]! * z;
        si += q[qo + 2 * k + 1]! * z;
      }
      col[2 * r] = sr;
      col[2 * r + 1] = si;
    }
    writePhasedColumn(col, v, i, n);
  }
  return v;
}

/** Column i of v ← col (interleaved, n entries) times the phase that makes its largest entry real > 0. */
function writePhasedColumn(col: Float64Array, v: Float64Array, i: number, n: number): void {
  const { at, big } = largestMagnitude(n, (r) => complexAbs(col[2 * r]!, col[2 * r + 1]!));
  // Multiply by conj(z)/|z| for z = col[at].
  const pr = big > 0 ? col[2 * at]! / big : 1;
  const pi = big > 0 ? -col[2 * at + 1]! / big : 0;
  for (let r = 0; r < n; r++) {
    const xr = col[2 * r]!;
    const xi = col[2 * r + 1]!;
    v[2 * (r * n + i)] = xr * pr - xi * pi;
    v[2 * (r * n + i) + 1] = xr * pi + xi * pr;
  }
  v[2 * (at * n + i)] = big;
  v[2 * (at * n + i) + 1] = 0;
}
