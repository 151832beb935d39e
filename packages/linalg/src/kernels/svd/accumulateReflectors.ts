/**
 * Explicit orthogonal factors from stored Householder reflectors (LAPACK dorg2r / dorgbr),
 * produced TRANSPOSED: row j of the result is the j-th column of Q (or P).
 *
 * The transposed layout is what the rest of the SVD wants: every singular vector is then a
 * contiguous row, so the reflectors here and the Givens rotations of the bidiagonal QR both run
 * along contiguous memory.
 *
 * Backward accumulation (apply the last reflector first) is used because, at the time reflector
 * i is applied, rows above i are still unit vectors and every other row is zero left of column
 * i; the work shrinks to the trailing block, the same 4/3·n³ as LAPACK.
 */

import { svdWasmAddress, svdWasmInstance } from './svdWasm.js';

/**
 * Qᵀ restricted to its first `rows` rows (rows = n for a thin factor, m for a full one), from
 * `count` column reflectors stored below the diagonal of the row-major m×n `a`. Written into
 * `out` (rows·m long, any contents) when given, else into a new array; `scratch` (≥ m) holds the
 * gathered reflector (pass views of the SVD's wasm memory for both to run in SIMD).
 */
export function formLeftFactorTransposed(
  a: Float64Array,
  m: number,
  n: number,
  tau: Float64Array,
  count: number,
  rows: number,
  out?: Float64Array,
  scratch?: Float64Array,
): Float64Array {
  const qt = out ?? new Float64Array(rows * m);
  if (out !== undefined) qt.fill(0, 0, rows * m);
  for (let r = 0; r < rows; r++) qt[r * m + r] = 1;
  const v = scratch ?? new Float64Array(m);
  for (let i = count - 1; i >= 0; i--) {
    const t = tau[i]!;
    if (t === 0) continue;
    // Gather the strided column reflector once so the row updates below are contiguous.
    v[i] = 1;
    for (let r = i + 1; r < m; r++) v[r] = a[r * n + i]!;
    applyReflectorToRows(qt, m, i, rows, v, i, m, t);
  }
  return qt;
}

/**
 * Pᵀ (n×n) from the row reflectors stored right of the superdiagonal of the row-major `a`
 * (row length n): reflector i acts on coordinates i+1..n−1. Written into `out` (any
 * contents, n·n long) when given; `scratch` (≥ n) holds the reflector.
 */
export function formRightFactorTransposed(
  a: Float64Array,
  n: number,
  tau: Float64Array,
  out?: Float64Array,
  scratch?: Float64Array,
): Float64Array {
  const pt = out ?? new Float64Array(n * n);
  if (out !== undefined) pt.fill(0, 0, n * n);
  for (let r = 0; r < n; r++) pt[r * n + r] = 1;
  const v = scratch ?? new Float64Array(n);
  for (let i = n - 3; i >= 0; i--) {
    const t = tau[i]!;
    if (t === 0) continue;
    const lead = i + 1;
    v[lead] = 1;
    for (let j = lead + 1; j < n; j++) v[j] = a[i * n + j]!;
    applyReflectorToRows(pt, n, lead, n, v, lead, n, t);
  }
  return pt;
}

/**
 * rows [r0, r1) ← rows·(I − τ·v·vᵀ) on entries [from, to) (row length `len`): per row
 * dot = (even-lane sum) + (odd-lane sum) [+ last odd entry], s = τ·dot, row −= s·v unless s = 0.
 *
 * The two interleaved partial sums are the lanes of the f64x2 kernel (reflectRowsWasm.ts), which
 * runs when x and v are views of the SVD's wasm memory; this loop is its twin with the same
 * operations in the same order, so the path never changes the bits.
 */
function applyReflectorToRows(
  x: Float64Array,
  len: number,
  r0: number,
  r1: number,
  v: Float64Array,
  from: number,
  to: number,
  tau: number,
): void {
  if (r1 <= r0 || to <= from) return;
  const pairs = (to - from) >> 1;
  const odd = (to - from) & 1;
  const ax = svdWasmAddress(x);
  const av = ax < 0 ? -1 : svdWasmAddress(v);
  if (av >= 0) {
    svdWasmInstance().reflectRows(ax + 8 * (r0 * len + from), 8 * len, r1 - r0, pairs, odd, av + 8 * from, tau);
    return;
  }
  const pairEnd = from + 2 * pairs;
  for (let r = r0; r < r1; r++) {
    const base = r * len;
    let even = 0;
    let oddSum = 0;
    for (let j = from; j < pairEnd; j += 2) {
      even += x[base + j]! * v[j]!;
      oddSum += x[base + j + 1]! * v[j + 1]!;
    }
    let dot = even + oddSum;
    if (odd !== 0) dot += x[base + pairEnd]! * v[pairEnd]!;
    const s = tau * dot;
    if (s === 0) continue;
    for (let j = from; j < to; j++) x[base + j] = x[base + j]! - s * v[j]!;
  }
}
