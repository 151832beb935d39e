/**
 * The residual ratios of LAPACK's testing suite (dbdt01, dort01, dsyt21, dqrt01, ddrvbd test 7)
 * on dense row-major Float64Arrays, and the assertions built on them. Part of the linalg test
 * support module (./index.ts).
 */
import { expect } from 'vitest';
import type { SvdKernelResult } from '../../src/kernels/svd/index.js';
import { EPS, ULP, UNFL, identity, matmul, norm1, scale, subtract, transpose } from './denseMatrix.js';

/** LAPACK's TESTING/svd.in THRESH. */
export const THRESH = 50;

/**
 * dbdt01 / dsyt21 ratio resid/(anorm·n·ulp) with LAPACK's overflow clamp: when anorm < resid
 * the ratio is computed as min(resid, n·anorm)/anorm/(n·ulp) (anorm < 1) or
 * min(resid/anorm, n)/(n·ulp), so it never overflows. anorm = 0 gives 0 or 1/ulp.
 */
export function clampedRatio(resid: number, anorm: number, n: number, ulp: number): number {
  const nn = Math.max(n, 1);
  if (anorm <= 0) return resid === 0 ? 0 : 1 / ulp;
  if (anorm >= resid) return resid / anorm / (nn * ulp);
  if (anorm < 1) return Math.min(resid, nn * anorm) / anorm / (nn * ulp);
  return Math.min(resid / anorm, nn) / (nn * ulp);
}

/** ‖A − U·diag(s)·Vᵀ‖₁ using the first k columns of U (m×uCols) and V (n×vCols). */
export function svdResidual(
  a: Float64Array,
  m: number,
  n: number,
  u: Float64Array,
  uCols: number,
  s: Float64Array,
  v: Float64Array,
  vCols: number,
): number {
  const k = s.length;
  const diff = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let t = 0;
      for (let c = 0; c < k; c++) t += u[i * uCols + c]! * s[c]! * v[j * vCols + c]!;
      diff[i * n + j] = a[i * n + j]! - t;
    }
  }
  return norm1(diff, m, n);
}

/** ‖I − QᵀQ‖₁ for row-major rows×cols Q (dort01 divides it by rows·ulp). */
export function orthResidual(q: Float64Array, rows: number, cols: number): number {
  const g = new Float64Array(cols * cols);
  for (let p = 0; p < cols; p++) {
    for (let s = 0; s < cols; s++) {
      let t = 0;
      for (let i = 0; i < rows; i++) t += q[i * cols + p]! * q[i * cols + s]!;
      g[p * cols + s] = (p === s ? 1 : 0) - t;
    }
  }
  return norm1(g, cols, cols);
}

/** dort01 ratio min(‖I − QᵀQ‖₁, rows)/(rows·ulp) as in dsyt21 / ddrvbd. */
export function orthRatio(q: Float64Array, rows: number, cols: number, ulp = ULP): number {
  if (cols === 0) return 0;
  const r = Math.max(rows, 1);
  return Math.min(orthResidual(q, rows, cols), r) / (r * ulp);
}

/** LAPACK ddrvbd test 7: max|s₁ − s₂| / max(k·ulp·max(s₁[0], s₂[0]), unfl); NaN if any difference is. */
export function valuesRatio(s1: ArrayLike<number>, s2: ArrayLike<number>): number {
  const k = s1.length;
  if (k === 0) return 0;
  let diff = 0;
  for (let i = 0; i < k; i++) diff = Math.max(diff, Math.abs(s1[i]! - s2[i]!)); // a NaN sticks
  return diff / Math.max(k * ULP * Math.max(s1[0]!, s2[0]!), UNFL);
}

/** dsyt21 test 3: max|d₁ − d₂| / max(unfl, ulp·max(|d₁|, |d₂|, diff)). */
export function eigenvaluesRatio(d1: ArrayLike<number>, d2: ArrayLike<number>): number {
  let t1 = 0;
  let t2 = 0;
  for (let i = 0; i < d1.length; i++) {
    t1 = Math.max(t1, Math.abs(d1[i]!), Math.abs(d2[i]!));
    const d = Math.abs(d1[i]! - d2[i]!);
    if (!(d <= t2)) t2 = d;
  }
  return t2 / Math.max(UNFL, ULP * Math.max(t1, t2));
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
  const factor = clampedRatio(resid, anorm, nn, ULP); // anorm ≥ UNFL, nn ≥ 1: dsyt21's guarded ratio
  const zzt = matmul(z, transpose(z, n, n), n, n, n);
  const orth = Math.min(norm1(subtract(zzt, identity(n)), n, n), nn) / (nn * ULP);
  return { factor, orth };
}

/** Exact power of two nearest to 1/x (for rescaling a test quantity to ~1 without error). */
function inversePowerOfTwo(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  // Clamped so the factor itself is finite; for subnormal x the result is then ≥ 2^-54, plenty.
  const e = Math.max(-1000, Math.min(1000, -Math.round(Math.log2(x))));
  return 2 ** e;
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
  const anorm = norm1(scale(a, p), m, n);
  const resid = norm1(diff, m, n);
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
  return norm1(g, cols, cols) / (Math.max(rows, 1) * ULP);
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
