import { complexDivide } from './complex/complexScalar.js';
import { clearNegativeZeros } from './negativeZero.js';

/**
 * LU with partial (row) pivoting of a row-major m×n matrix of any shape, P·A = L·U (DGETF2 /
 * ZGETF2, right-looking, k = min(m, n) steps): `lu` is m×n with U (k×n) on and above the
 * diagonal and the multipliers of L (m×k, unit lower) below it. `perm[i]` is the row of A that
 * became row i of P·A (length m); `pivots[j]` is getrf's ipiv, 0-based (row j was swapped with
 * row pivots[j] ≥ j; length k). Width 2 reads interleaved complex and pivots on the first
 * largest |re| + |im| (IZAMAX's DCABS1), forming multipliers by Smith's division. An exactly zero
 * pivot column is skipped, as DGETRF does (no error). Used for m ≠ n; the square kernels
 * (`luFactor`, `complexLU`) keep their own loops.
 *
 * @example
 * const { lu, perm, pivots } = kernels.rectangularLU(Float64Array.of(1, 2, 3, 4, 5, 6), 2, 3, 1);
 * // P·A = L·U with perm = [1, 0], pivots = [1, 1]; lu = [4, 5, 6, 0.25, 0.75, 1.5]
 */
export function rectangularLU(
  a: Float64Array,
  m: number,
  n: number,
  w: 1 | 2,
): { lu: Float64Array; perm: Int32Array; pivots: Float64Array } {
  const lu = a.slice(0, m * n * w);
  const k = Math.min(m, n);
  const perm = new Int32Array(m);
  for (let i = 0; i < m; i++) perm[i] = i;
  const pivots = new Float64Array(k);
  const q = new Float64Array(2);
  const row = n * w;
  for (let j = 0; j < k; j++) {
    let p = j;
    let big = -1;
    for (let i = j; i < m; i++) {
      const o = i * row + j * w;
      const x = w === 1 ? Math.abs(lu[o]!) : Math.abs(lu[o]!) + Math.abs(lu[o + 1]!);
      if (x > big) {
        big = x;
        p = i;
      }
    }
    pivots[j] = p;
    if (big === 0) continue; // nothing to eliminate below an exactly zero pivot
    if (p !== j) {
      for (let c = 0; c < row; c++) {
        const t = lu[j * row + c]!;
        lu[j * row + c] = lu[p * row + c]!;
        lu[p * row + c] = t;
      }
      const t = perm[j]!;
      perm[j] = perm[p]!;
      perm[p] = t;
    }
    const oj = j * row;
    const pr = lu[oj + j * w]!;
    const pi = w === 2 ? lu[oj + j * w + 1]! : 0;
    for (let i = j + 1; i < m; i++) {
      const oi = i * row;
      if (w === 1) {
        const lij = lu[oi + j]! / pr;
        lu[oi + j] = lij;
        if (lij === 0) continue;
        for (let c = j + 1; c < n; c++) lu[oi + c] = lu[oi + c]! - lij * lu[oj + c]!;
        continue;
      }
      complexDivide(lu[oi + 2 * j]!, lu[oi + 2 * j + 1]!, pr, pi, q);
      const lr = q[0]!;
      const li = q[1]!;
      lu[oi + 2 * j] = lr;
      lu[oi + 2 * j + 1] = li;
      if (lr === 0 && li === 0) continue;
      for (let c = 2 * (j + 1); c < row; c += 2) {
        const ur = lu[oj + c]!;
        const ui = lu[oj + c + 1]!;
        lu[oi + c] = lu[oi + c]! - (lr * ur - li * ui);
        lu[oi + c + 1] = lu[oi + c + 1]! - (lr * ui + li * ur);
      }
    }
  }
  return { lu: clearNegativeZeros(lu), perm, pivots };
}
