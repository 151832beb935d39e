/**
 * Dense interleaved (re, im) row-major complex arithmetic and the complex LAPACK ratios
 * (zbdt01, zunt01), written independently of the code under test. Part of the linalg test
 * support module (./index.ts).
 */

/** C = op(A)·B, A m×k (or k×m when adjA: C = Aᴴ·B), B k×n, interleaved. */
export function cmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number, adjA = false): Float64Array {
  const c = new Float64Array(2 * m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const ai = adjA ? 2 * (p * m + i) : 2 * (i * k + p);
      const ar = a[ai]!;
      const am = adjA ? -a[ai + 1]! : a[ai + 1]!;
      if (ar === 0 && am === 0) continue;
      for (let j = 0; j < n; j++) {
        const br = b[2 * (p * n + j)]!;
        const bm = b[2 * (p * n + j) + 1]!;
        c[2 * (i * n + j)] = c[2 * (i * n + j)]! + ar * br - am * bm;
        c[2 * (i * n + j) + 1] = c[2 * (i * n + j) + 1]! + ar * bm + am * br;
      }
    }
  }
  return c;
}

/** Aᴴ of an interleaved m×n matrix. */
export function cadjoint(a: Float64Array, m: number, n: number): Float64Array {
  const t = new Float64Array(2 * m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      t[2 * (j * m + i)] = a[2 * (i * n + j)]!;
      t[2 * (j * m + i) + 1] = -a[2 * (i * n + j) + 1]!;
    }
  }
  return t;
}

/** Complex 1-norm: max column sum of moduli; NaN-propagating. */
export function cnorm1(a: Float64Array, m: number, n: number): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += Math.hypot(a[2 * (i * n + j)]!, a[2 * (i * n + j) + 1]!);
    if (!(s <= best)) best = s;
  }
  return best;
}

/** ‖A − U·diag(s)·Vᴴ‖₁ with the first k = s.length columns of U (m×uCols) and V (n×vCols). */
export function csvdResidual(
  a: Float64Array,
  m: number,
  n: number,
  u: Float64Array,
  uCols: number,
  s: ArrayLike<number>,
  v: Float64Array,
  vCols: number,
): number {
  const k = s.length;
  const diff = new Float64Array(2 * m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let re = 0;
      let im = 0;
      for (let c = 0; c < k; c++) {
        const ur = u[2 * (i * uCols + c)]! * s[c]!;
        const ui = u[2 * (i * uCols + c) + 1]! * s[c]!;
        const vr = v[2 * (j * vCols + c)]!;
        const vi = -v[2 * (j * vCols + c) + 1]!;
        re += ur * vr - ui * vi;
        im += ur * vi + ui * vr;
      }
      diff[2 * (i * n + j)] = a[2 * (i * n + j)]! - re;
      diff[2 * (i * n + j) + 1] = a[2 * (i * n + j) + 1]! - im;
    }
  }
  return cnorm1(diff, m, n);
}

/** ‖I − QᴴQ‖₁ for interleaved rows×cols Q. */
export function corthResidual(q: Float64Array, rows: number, cols: number): number {
  const g = cmul(q, q, cols, rows, cols, true);
  for (let p = 0; p < cols; p++) g[2 * (p * cols + p)] = g[2 * (p * cols + p)]! - 1;
  return cnorm1(g, cols, cols);
}

/** zunt01 ratio min(‖I − QᴴQ‖₁, rows)/(rows·ulp). */
export function corthRatio(q: Float64Array, rows: number, cols: number, ulp: number): number {
  if (cols === 0) return 0;
  const r = Math.max(rows, 1);
  return Math.min(corthResidual(q, rows, cols), r) / (r * ulp);
}
