/**
 * Test helpers for the SVD kernels: a deterministic RNG, LAPACK-style matrix generators
 * (TESTING/MATGEN dlatms modes) and the ddrvbd test ratios (dbdt01, dort01, ordering, test 7).
 */
import { expect } from 'vitest';
import type { SvdKernelResult } from '../../../src/kernels/svd/index.js';
import { ULP, UNFL } from '../../support/denseMatrix.js';

export { ULP, UNFL, mulberry32, randomMatrix } from '../../support/denseMatrix.js';

/** LAPACK's TESTING/svd.in THRESH. */
export const THRESH = 50;

/** A random orthogonal n×n matrix as a product of n random Householder reflectors. */
export function randomOrthogonal(n: number, rng: () => number): Float64Array {
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

/** dlatm1 modes 4, 3, 1 with COND = 1/ulp and max = 1. */
export function spectrum(k: number, mode: SpectrumMode): Float64Array {
  const d = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const t = k === 1 ? 0 : i / (k - 1);
    if (mode === 'arithmetic') d[i] = 1 - t * (1 - ULP);
    else if (mode === 'geometric') d[i] = ULP ** t;
    else d[i] = i === 0 ? 1 : ULP;
  }
  return d;
}

/** Rectangular diagonal m×n with the given diagonal. */
export function diagonalMatrix(m: number, n: number, d: Float64Array): Float64Array {
  const a = new Float64Array(m * n);
  for (let i = 0; i < Math.min(m, n, d.length); i++) a[i * n + i] = d[i]!;
  return a;
}

/** Dense U·diag(d)·Vᵀ with random orthogonal U (m×m) and V (n×n). */
export function denseWithSpectrum(m: number, n: number, d: Float64Array, rng: () => number): Float64Array {
  const u = randomOrthogonal(m, rng);
  const v = randomOrthogonal(n, rng);
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

export function scaled(a: Float64Array, f: number): Float64Array {
  return a.map((x) => x * f);
}

/** Exact power of two nearest to 1/x (for rescaling a test quantity to ~1 without error). */
function inversePowerOfTwo(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  // Clamped so the factor itself is finite; for subnormal x the result is then ≥ 2^-54, plenty.
  const e = Math.max(-1000, Math.min(1000, -Math.round(Math.log2(x))));
  return 2 ** e;
}

function oneNorm(a: Float64Array, m: number, n: number): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += Math.abs(a[i * n + j]!);
    if (!(s <= best)) best = s;
  }
  return best;
}

/**
 * dbdt01-style ratio ‖A − U·S·Vᵀ‖₁ / (‖A‖₁ · n · ulp). A and S are first scaled by the same
 * power of two (exact), so matrices near over/underflow are measured as accurately as others.
 */
export function residualRatio(a: Float64Array, m: number, n: number, r: SvdKernelResult): number {
  const k = Math.min(m, n);
  if (k === 0) return 0;
  const u = r.u!;
  const v = r.v!;
  let amax = 0;
  for (const x of a) amax = Math.max(amax, Math.abs(x));
  const p = inversePowerOfTwo(amax);
  const diff = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let t = 0;
      for (let c = 0; c < k; c++) t += u[i * r.uCols + c]! * (r.s[c]! * p) * v[j * r.vCols + c]!;
      diff[i * n + j] = a[i * n + j]! * p - t;
    }
  }
  const anorm = oneNorm(scaled(a, p), m, n);
  const resid = oneNorm(diff, m, n);
  if (anorm === 0) return resid === 0 ? 0 : 1 / ULP;
  return resid / anorm / (n * ULP);
}

/** dort01-style ‖I − QᵀQ‖₁ / (rows · ulp) for the row-major rows×cols Q. */
export function orthogonalityRatio(q: Float64Array, rows: number, cols: number): number {
  if (cols === 0) return 0;
  const g = new Float64Array(cols * cols);
  for (let p = 0; p < cols; p++) {
    for (let s = 0; s < cols; s++) {
      let t = 0;
      for (let i = 0; i < rows; i++) t += q[i * cols + p]! * q[i * cols + s]!;
      g[p * cols + s] = (p === s ? 1 : 0) - t;
    }
  }
  return oneNorm(g, cols, cols) / (Math.max(rows, 1) * ULP);
}

/** Singular values finite, ≥ 0 without −0, non-increasing (LAPACK test 4, made NaN-strict). */
export function expectOrdered(s: Float64Array): void {
  for (let i = 0; i < s.length; i++) {
    const x = s[i]!;
    expect(Number.isFinite(x), `s[${i}] = ${x} is not finite`).toBe(true);
    expect(x >= 0, `s[${i}] = ${x} is negative`).toBe(true);
    expect(Object.is(x, -0), `s[${i}] is -0`).toBe(false);
    if (i > 0) expect(x <= s[i - 1]!, `s[${i}] = ${x} > s[${i - 1}] = ${s[i - 1]}`).toBe(true);
  }
}

/** LAPACK ddrvbd test 7: |S − S'| / max(k·ulp·S₁, unfl). */
export function valuesRatio(s1: Float64Array, s2: Float64Array): number {
  const k = s1.length;
  if (k === 0) return 0;
  let diff = 0;
  for (let i = 0; i < k; i++) diff = Math.max(diff, Math.abs(s1[i]! - s2[i]!));
  return diff / Math.max(k * ULP * Math.max(s1[0]!, s2[0]!), UNFL);
}

/** Asserts the full set of LAPACK ratios for a thin or full result. */
export function expectLapackRatios(a: Float64Array, m: number, n: number, r: SvdKernelResult, label = ''): void {
  const k = Math.min(m, n);
  expect(r.s.length).toBe(k);
  expectOrdered(r.s);
  expect(r.u).not.toBeNull();
  expect(r.v).not.toBeNull();
  expect(r.u!.length).toBe(m * r.uCols);
  expect(r.v!.length).toBe(n * r.vCols);
  for (const x of r.u!) expect(Number.isFinite(x)).toBe(true);
  for (const x of r.v!) expect(Number.isFinite(x)).toBe(true);
  expect(residualRatio(a, m, n, r), `${label} residual ratio`).toBeLessThan(THRESH);
  expect(orthogonalityRatio(r.u!, m, r.uCols), `${label} U orthogonality`).toBeLessThan(THRESH);
  expect(orthogonalityRatio(r.v!, n, r.vCols), `${label} V orthogonality`).toBeLessThan(THRESH);
}
