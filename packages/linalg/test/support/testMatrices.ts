/**
 * LAPACK-style test matrices (TESTING/MATGEN dlatms / dlatm1 modes) on dense row-major
 * Float64Arrays, and seeded random tensors. Part of the linalg test support module (./index.ts).
 */
import { type Tensor, tensor } from '@svd/tensor';
import { formQ, householderQR } from '../../src/kernels/index.js';
import { ULP, matmul, mulberry32, randomMatrix, transpose } from './denseMatrix.js';

/** Random orthogonal n×n: the Q of the kernel's Householder QR of a random matrix (diag(R) > 0). */
export function orthogonalFromQR(n: number, rng: () => number): Float64Array {
  const { qr, tau } = householderQR(randomMatrix(n, n, rng), n, n);
  return formQ(qr, tau, n, n, n);
}

/** Random orthogonal n×n as a product of n random Householder reflectors (independent of the kernels). */
export function orthogonalFromReflectors(n: number, rng: () => number): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  const v = new Float64Array(n);
  for (let h = 0; h < n; h++) {
    let vv = 0;
    for (let i = 0; i < n; i++) {
      v[i] = 2 * rng() - 1;
      vv += v[i]! * v[i]!;
    }
    // Q ← Q·(I − 2vvᵀ/vᵀv)
    for (let r = 0; r < n; r++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[r * n + i]! * v[i]!;
      const t = (2 * dot) / vv;
      for (let i = 0; i < n; i++) q[r * n + i] = q[r * n + i]! - t * v[i]!;
    }
  }
  return q;
}

export type SpectrumMode = 'arithmetic' | 'geometric' | 'clustered';

/** DLATM1 modes 4, 3, 1 with max |d| = 1 and condition `cond` (default 1/ulp, as in the SVD tests). */
export function spectrum(n: number, mode: SpectrumMode, cond = 1 / ULP): Float64Array {
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (n === 1) d[i] = 1;
    else if (mode === 'arithmetic') d[i] = 1 - (i / (n - 1)) * (1 - 1 / cond);
    else if (mode === 'geometric') d[i] = cond ** (-i / (n - 1));
    else d[i] = i === 0 ? 1 : 1 / cond;
  }
  return d;
}

/** d with each entry's sign flipped with probability 1/2. */
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

/** Dense U·diag(s)·Vᵀ, m×n, with random orthogonal U, V from {@link orthogonalFromQR}. */
export function matrixFromSingularValues(m: number, n: number, s: Float64Array, rng: () => number): Float64Array {
  const u = orthogonalFromQR(m, rng);
  const v = orthogonalFromQR(n, rng);
  const k = Math.min(m, n);
  const us = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) us[i * n + j] = u[i * m + j]! * s[j]!;
  return matmul(us, transpose(v, n, n), m, n, n);
}

/** Dense U·diag(d)·Vᵀ with random orthogonal U (m×m) and V (n×n) from {@link orthogonalFromReflectors}. */
export function denseWithSpectrum(m: number, n: number, d: Float64Array, rng: () => number): Float64Array {
  const u = orthogonalFromReflectors(m, rng);
  const v = orthogonalFromReflectors(n, rng);
  const k = Math.min(m, n);
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let c = 0; c < k; c++) {
      const t = u[i * m + c]! * d[c]!;
      if (t === 0) continue;
      for (let j = 0; j < n; j++) a[i * n + j] = a[i * n + j]! + t * v[j * n + c]!;
    }
  }
  return a;
}

/** Rectangular diagonal m×n with the given diagonal. */
export function diagonalMatrix(m: number, n: number, d: Float64Array): Float64Array {
  const a = new Float64Array(m * n);
  for (let i = 0; i < Math.min(m, n, d.length); i++) a[i * n + i] = d[i]!;
  return a;
}

/** Scale so that max|a| = target (power-of-two free, like DLATMS's ANORM scaling). */
export function scaleToMax(a: Float64Array, target: number): Float64Array {
  let mx = 0;
  for (const x of a) mx = Math.max(mx, Math.abs(x));
  if (mx === 0) return a.slice();
  // Divide first so that scaling up to ~1e292 cannot overflow in an intermediate.
  return a.map((x) => (x / mx) * target);
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

/** A float64 tensor of the given shape with U(−1, 1) entries. */
export function randomTensor(shape: number[], seed: number): Tensor {
  const rng = mulberry32(seed);
  let size = 1;
  for (const d of shape) size *= d;
  const data = new Float64Array(size);
  for (let i = 0; i < size; i++) data[i] = 2 * rng() - 1;
  return tensor(data, { shape });
}
