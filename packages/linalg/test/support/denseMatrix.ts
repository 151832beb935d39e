/**
 * Dense row-major Float64Array arithmetic for tests, independent of the code under test, and
 * LAPACK's machine constants. Part of the linalg test support module (./index.ts).
 */

export const ULP = 2 ** -52; // DLAMCH('P'): EIG tests (SVD, eigh)
export const EPS = 2 ** -53; // DLAMCH('E'): LIN tests (QR, Cholesky)
export const UNFL = 2 ** -1022;
export const OVFL = 1 / UNFL;

/** mulberry32: a tiny deterministic PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform(−1, 1) entries, row-major m×n. */
export function randomMatrix(m: number, n: number, rng: () => number): Float64Array {
  const a = new Float64Array(m * n);
  for (let i = 0; i < a.length; i++) a[i] = 2 * rng() - 1;
  return a;
}

/** C = A·B for row-major A (m×k), B (k×n). */
export function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      if (aip === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j] = c[i * n + j]! + aip * b[p * n + j]!;
    }
  }
  return c;
}

export function transpose(a: Float64Array, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j]!;
  return t;
}

export function identity(n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = 1;
  return a;
}

/** 1-norm (max column sum of |a|), NaN-propagating: a NaN column sum wins. */
export function norm1(a: Float64Array, m: number, n: number): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += Math.abs(a[i * n + j]!);
    if (!(s <= best)) best = s;
  }
  return best;
}

/** True when some entry is −0. */
export function hasNegativeZero(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (Object.is(a[i], -0)) return true;
  return false;
}

/** Entrywise a − b. */
export function subtract(a: Float64Array, b: Float64Array): Float64Array {
  const c = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) c[i] = a[i]! - b[i]!;
  return c;
}

/** Entrywise a·f. */
export function scale(a: Float64Array, f: number): Float64Array {
  return a.map((x) => x * f);
}

/** max |aᵢ|, NaN-propagating. */
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i]!) <= m)) m = Math.abs(a[i]!);
  return m;
}

/** Whether w is non-decreasing (NaN fails). */
export function isAscending(w: Float64Array): boolean {
  for (let i = 1; i < w.length; i++) if (!(w[i - 1]! <= w[i]!)) return false;
  return true;
}
