/**
 * Final normalisation of the bidiagonal QR output: non-negative values (sign moved into V, as
 * dbdsqr does) and a stable descending order.
 */

import type { RotatedRows } from './bidiagonalQR.js';

/**
 * Makes every d_i ≥ +0, negating row i of `vt` where d_i was negative.
 *
 * `d < 0` (never Math.sign, which is 0 at 0 and would zero a vector); a −0 is rewritten as +0
 * explicitly because −0 < 0 is false and it would otherwise leak out (1/−0 = −Infinity).
 */
export function makeNonNegative(d: Float64Array, n: number, vt: RotatedRows | null): void {
  for (let i = 0; i < n; i++) {
    const di = d[i]!;
    if (di < 0) {
      d[i] = -di;
      if (vt !== null) {
        const L = vt.rowLength;
        const base = i * L;
        for (let j = 0; j < L; j++) vt.data[base + j] = -vt.data[base + j]!;
      }
    } else if (di === 0) {
      d[i] = 0;
    }
  }
}

/**
 * Permutation p with d[p[0]] ≥ d[p[1]] ≥ …; ties keep their original order (stable), so equal
 * singular values keep the vectors the QR produced for them in a reproducible order.
 * Insertion sort: the QR output is nearly sorted already, so this is close to linear.
 */
export function descendingOrder(d: Float64Array, n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = 1; i < n; i++) {
    const pi = p[i]!;
    const v = d[pi]!;
    let j = i - 1;
    // Strict comparison keeps ties in place (stability).
    while (j >= 0 && d[p[j]!]! < v) {
      p[j + 1] = p[j]!;
      j--;
    }
    p[j + 1] = pi;
  }
  return p;
}
