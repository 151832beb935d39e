/**
 * Shared helpers for the public-API tests: fixture loading, dense row-major arithmetic on plain
 * Float64Arrays (independent of the code under test), and the LAPACK test ratios.
 */
import { readFileSync } from 'node:fs';
import { type Tensor, tensor } from '@svd/tensor';
import { UNFL, ULP, mulberry32, norm1 } from './support/denseMatrix.js';

export { EPS, ULP, UNFL, hasNegativeZero, matmul as mul, mulberry32, norm1, transpose } from './support/denseMatrix.js';


export interface Mat {
  shape: [number, number];
  data: number[];
}

/** Reads and parses a fixture file from test/fixtures/. */
export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** A float64 tensor from a fixture matrix. */
export function fromMat(a: Mat): Tensor {
  return tensor(Float64Array.from(a.data), { shape: a.shape });
}

/** Dense row-major float64 copy of a tensor's entries. */
export function f64(t: Tensor): Float64Array {
  return Float64Array.from(t.toTypedArray());
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i]!) <= m)) m = Math.abs(a[i]!);
  return m;
}

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

/** LAPACK ddrvbd test 7: max|s₁ − s₂| / max(k·ulp·max(s₁[0], s₂[0]), unfl). */
export function valuesRatio(s1: ArrayLike<number>, s2: ArrayLike<number>): number {
  const k = s1.length;
  if (k === 0) return 0;
  let diff = 0;
  for (let i = 0; i < k; i++) {
    const d = Math.abs(s1[i]! - s2[i]!);
    if (!(d <= diff)) diff = d;
  }
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

/** A float64 tensor of the given shape with U(−1, 1) entries. */
export function randomTensor(shape: number[], seed: number): Tensor {
  const rng = mulberry32(seed);
  let size = 1;
  for (const d of shape) size *= d;
  const data = new Float64Array(size);
  for (let i = 0; i < size; i++) data[i] = 2 * rng() - 1;
  return tensor(data, { shape });
}

/** Runs fn and returns what it threw (fails the test if nothing was thrown). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to throw');
}
