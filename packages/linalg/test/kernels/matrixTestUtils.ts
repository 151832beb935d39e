/**
 * Helpers for the kernel tests: a seeded RNG, LAPACK-style test-matrix generators (DLATMS-like
 * modes) and the residual ratios of LAPACK's testing suite. Row-major Float64Array throughout.
 */
import { formQ, householderQR } from '../../src/kernels/index.js';
import { EPS, ULP, UNFL, identity, matmul, norm1, randomMatrix, transpose } from '../support/denseMatrix.js';

export { EPS, OVFL, ULP, UNFL, hasNegativeZero, identity, matmul, mulberry32, norm1, randomMatrix, transpose } from '../support/denseMatrix.js';


export function subtract(a: Float64Array, b: Float64Array): Float64Array {
  const c = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) c[i] = a[i]! - b[i]!;
  return c;
}

/** Random orthogonal n×n (Haar-ish: Q of a random matrix with diag(R) > 0). */
export function randomOrthogonal(n: number, rng: () => number): Float64Array {
  const { qr, tau } = householderQR(randomMatrix(n, n, rng), n, n);
  return formQ(qr, tau, n, n, n);
}

export type SpectrumMode = 'arithmetic' | 'geometric' | 'clustered';

/** DLATM1 modes 4, 3, 1 with max |d| = 1 and condition `cond`. */
export function spectrum(n: number, mode: SpectrumMode, cond: number): Float64Array {
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (n === 1) d[i] = 1;
    else if (mode === 'arithmetic') d[i] = 1 - (i / (n - 1)) * (1 - 1 / cond);
    else if (mode === 'geometric') d[i] = cond ** (-i / (n - 1));
    else d[i] = i === 0 ? 1 : 1 / cond;
  }
  return d;
}

export function withRandomSigns(d: Float64Array, rng: () => number): Float64Array {
  return d.map((x) => (rng() < 0.5 ? -x : x));
}

/** Q·diag(d)·Qᵀ, symmetrized exactly. */
export function symmetricFromSpectrum(d: Float64Array, q: Float64Array, n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[i * n + k]! * d[k]! * q[j * n + k]!;
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
  return a;
}

/** Dense U·diag(s)·Vᵀ, m×n, with random orthogonal U, V. */
export function matrixFromSingularValues(m: number, n: number, s: Float64Array, rng: () => number): Float64Array {
  const u = randomOrthogonal(m, rng);
  const v = randomOrthogonal(n, rng);
  const k = Math.min(m, n);
  const us = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) us[i * n + j] = u[i * m + j]! * s[j]!;
  return matmul(us, transpose(v, n, n), m, n, n);
}

export function scale(a: Float64Array, f: number): Float64Array {
  return a.map((x) => x * f);
}

/** Scale so that max|a| = target (power-of-two free, like DLATMS's ANORM scaling). */
export function scaleToMax(a: Float64Array, target: number): Float64Array {
  let mx = 0;
  for (const x of a) mx = Math.max(mx, Math.abs(x));
  if (mx === 0) return a.slice();
  // Divide first so that scaling up to ~1e292 cannot overflow in an intermediate.
  return a.map((x) => (x / mx) * target);
}

/** dbdt01/dsyt21's guarded ratio resid / (anorm · n · ulp). */
export function guardedRatio(resid: number, anorm: number, n: number, ulp: number): number {
  if (anorm <= 0 || anorm < UNFL) return resid === 0 ? 0 : 1 / ulp;
  if (anorm > resid) return resid / anorm / (n * ulp);
  if (anorm < 1) return Math.min(resid, n * anorm) / anorm / (n * ulp);
  return Math.min(resid / anorm, n) / (n * ulp);
}

/** DQRT01 ratios for A = Q·R with full Q (m×m) and R (m×n). */
export function qrRatios(a: Float64Array, q: Float64Array, r: Float64Array, m: number, n: number) {
  const qtA = matmul(transpose(q, m, m), a, m, m, n);
  const anorm = norm1(a, m, n);
  const resid = norm1(subtract(r, qtA), m, n);
  const mm = Math.max(1, m);
  // Divide in DQRT01's order: anorm·eps would underflow for tiny matrices.
  const factor = anorm > 0 ? resid / (mm * anorm) / EPS : resid === 0 ? 0 : Infinity;
  const qtq = matmul(transpose(q, m, m), q, m, m, m);
  const orth = norm1(subtract(identity(m), qtq), m, m) / (mm * EPS);
  return { factor, orth };
}

/** DSYT21 (ITYPE 1) ratios for A = Z·diag(w)·Zᵀ. */
export function eighRatios(a: Float64Array, w: Float64Array, z: Float64Array, n: number) {
  const zd = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) zd[i * n + j] = z[i * n + j]! * w[j]!;
  const rec = matmul(zd, transpose(z, n, n), n, n, n);
  const anorm = Math.max(norm1(a, n, n), UNFL);
  const resid = norm1(subtract(a, rec), n, n);
  const nn = Math.max(1, n);
  const factor = guardedRatio(resid, anorm, nn, ULP);
  const zzt = matmul(z, transpose(z, n, n), n, n, n);
  const orth = Math.min(norm1(subtract(zzt, identity(n)), n, n), nn) / (nn * ULP);
  return { factor, orth };
}

export function isAscending(w: Float64Array): boolean {
  for (let i = 1; i < w.length; i++) if (!(w[i - 1]! <= w[i]!)) return false;
  return true;
}

/** Copy of `a` with NaN written into the strictly upper (uplo 'L') or lower (uplo 'U') triangle. */
export function poisonOtherTriangle(a: Float64Array, n: number, uplo: 'L' | 'U'): Float64Array {
  const b = a.slice();
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if ((uplo === 'L' && j > i) || (uplo === 'U' && j < i)) b[i * n + j] = NaN;
    }
  }
  return b;
}
