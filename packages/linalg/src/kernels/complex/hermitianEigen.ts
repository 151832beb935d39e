import { ConvergenceError } from '../../errors.js';
import { SAFE_MIN, ULP } from '../machineConstants.js';
import { clearNegativeZeros } from '../negativeZero.js';
import { tridiagonalQL } from '../tridiagonalQL.js';
import { complexAbs } from './complexScalar.js';
import { formHermitianTridiagonalQ, hermitianTridiagonalize } from './hermitianTridiagonalize.js';

/*
 * Hermitian eigendecomposition A = V·diag(w)·Vᴴ (the zheev path): power-of-two scaling into
 * dsyev's range, reduction to a real symmetric tridiagonal T = Qᴴ·A·Q, the real implicit QL/QR
 * (tridiagonalQL, dsteqr) for T = Z·diag(w)·Zᵀ, then V = Q·Z.
 *
 * - Only the `uplo` triangle is read; the imaginary parts of the diagonal are IGNORED (taken as
 *   0), as zheev does.
 * - w ascending (real); V interleaved row-major n×n with the eigenvectors as columns.
 * - Phase: each eigenvector is multiplied by the unit complex number that makes its component of
 *   largest magnitude real and positive (the first one on exact ties). Inside a repeated
 *   eigenvalue the basis is whatever the iteration produced.
 */

const SMLNUM = SAFE_MIN / ULP;
const RMIN = Math.sqrt(SMLNUM);
const RMAX = Math.sqrt(1 / SMLNUM);

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
  const work = new Float64Array(2 * n * n);
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
      if (!Number.isFinite(re) || !Number.isFinite(im)) throw new ConvergenceError(op, 'the input contains NaN or Infinity');
      work[2 * (i * n + j)] = re;
      work[2 * (i * n + j) + 1] = im;
      work[2 * (j * n + i)] = re;
      work[2 * (j * n + i) + 1] = -im;
      const m = Math.max(Math.abs(re), Math.abs(im));
      if (m > anrm) anrm = m;
    }
  }
  let sigma = 1;
  if (anrm > 0 && anrm < RMIN) sigma = 2 ** Math.ceil(Math.log2(RMIN / anrm));
  else if (anrm > RMAX) sigma = 2 ** Math.floor(Math.log2(RMAX / anrm));
  if (sigma !== 1) for (let i = 0; i < work.length; i++) work[i] = work[i]! * sigma;

  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(0, n - 1));
  const tau = new Float64Array(2 * Math.max(0, n - 1));
  hermitianTridiagonalize(work, n, d, e, tau);

  let zt: Float64Array | null = null;
  if (wantVectors) {
    zt = new Float64Array(n * n);
    for (let i = 0; i < n; i++) zt[i * n + i] = 1;
  }
  tridiagonalQL(d, e, zt, n, op);
  if (sigma !== 1) {
    const inv = 1 / sigma;
    for (let i = 0; i < n; i++) d[i] = d[i]! * inv;
  }
  clearNegativeZeros(d);
  if (zt === null) return { w: d, v: null };

  // V = Q·Z, column i from row i of zt (real), then the phase normalisation.
  const q = formHermitianTridiagonalQ(work, n, tau);
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
    let big = -1;
    let at = 0;
    for (let r = 0; r < n; r++) {
      const m = complexAbs(col[2 * r]!, col[2 * r + 1]!);
      if (m > big) {
        big = m;
        at = r;
      }
    }
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
  return { w: d, v: clearNegativeZeros(v) };
}
