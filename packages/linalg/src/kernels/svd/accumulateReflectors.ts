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

/**
 * Qᵀ restricted to its first `rows` rows (rows = n for a thin factor, m for a full one), from
 * `count` column reflectors stored below the diagonal of the row-major m×n `a`. Written into
 * `out` (zero-filled, rows·m long) when given, else into a new array.
 */
export function formLeftFactorTransposed(
  a: Float64Array,
  m: number,
  n: number,
  tau: Float64Array,
  count: number,
  rows: number,
  out?: Float64Array,
): Float64Array {
  const qt = out ?? new Float64Array(rows * m);
  for (let r = 0; r < rows; r++) qt[r * m + r] = 1;
  const v = new Float64Array(m);
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
 * (row length n): reflector i acts on coordinates i+1..n−1. Written into `out` (zero-filled,
 * n·n long) when given.
 */
export function formRightFactorTransposed(
  a: Float64Array,
  n: number,
  tau: Float64Array,
  out?: Float64Array,
): Float64Array {
  const pt = out ?? new Float64Array(n * n);
  for (let r = 0; r < n; r++) pt[r * n + r] = 1;
  const v = new Float64Array(n);
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
 * rows [r0, r1) ← rows·(I − τ·v·vᵀ) on entries [from, to) (row length `len`).
 *
 * Four rows share each load of v: in JS (no SIMD) these loops are bound by loads and loop
 * overhead, not by flops, so amortising the v stream over four rows roughly doubles throughput.
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
  let r = r0;
  for (; r + 3 < r1; r += 4) {
    const b0 = r * len;
    const b1 = b0 + len;
    const b2 = b1 + len;
    const b3 = b2 + len;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    for (let j = from; j < to; j++) {
      const vj = v[j]!;
      d0 += x[b0 + j]! * vj;
      d1 += x[b1 + j]! * vj;
      d2 += x[b2 + j]! * vj;
      d3 += x[b3 + j]! * vj;
    }
    const s0 = tau * d0;
    const s1 = tau * d1;
    const s2 = tau * d2;
    const s3 = tau * d3;
    if (s0 === 0 && s1 === 0 && s2 === 0 && s3 === 0) continue;
    for (let j = from; j < to; j++) {
      const vj = v[j]!;
      x[b0 + j] = x[b0 + j]! - s0 * vj;
      x[b1 + j] = x[b1 + j]! - s1 * vj;
      x[b2 + j] = x[b2 + j]! - s2 * vj;
      x[b3 + j] = x[b3 + j]! - s3 * vj;
    }
  }
  for (; r < r1; r++) {
    const base = r * len;
    let dot = 0;
    for (let j = from; j < to; j++) dot += x[base + j]! * v[j]!;
    if (dot === 0) continue;
    const s = tau * dot;
    for (let j = from; j < to; j++) x[base + j] = x[base + j]! - s * v[j]!;
  }
}
