import { clearNegativeZeros } from '../negativeZero.js';
import { complexDivide } from './complexScalar.js';

/**
 * Complex LU with partial pivoting, P·A = L·U (ZGETF2, right-looking), on an interleaved
 * row-major n×n matrix. Same output contract as the real luFactor: `lu` holds U on and above
 * the diagonal and L's multipliers below, perm[i] is the row of A that became row i,
 * sign = det(P), zeroPivot the 1-based column of the first exactly-zero pivot (0 if none).
 *
 * The pivot is the first entry of largest |re| + |im| (IZAMAX uses DCABS1, so pivots match
 * LAPACK / NumPy); multipliers are formed by Smith's division.
 *
 * @example
 * const { lu, perm, sign } = kernels.complexLU(Float64Array.of(1, 0, 0, 1, 0, 2, 1, 0), 2); // [[1, i], [2i, 1]]
 * // perm = [1, 0], sign = -1; lu = [2i, 1, -0.5i, 1.5] interleaved
 */
export function complexLU(
  a: Float64Array,
  n: number,
): { lu: Float64Array; perm: Int32Array; sign: 1 | -1; zeroPivot: number } {
  const lu = a.slice(0, 2 * n * n);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let sign: 1 | -1 = 1;
  let zeroPivot = 0;
  const q = new Float64Array(2);
  for (let k = 0; k < n; k++) {
    let p = k;
    let big = Math.abs(lu[2 * (k * n + k)]!) + Math.abs(lu[2 * (k * n + k) + 1]!);
    for (let i = k + 1; i < n; i++) {
      const x = Math.abs(lu[2 * (i * n + k)]!) + Math.abs(lu[2 * (i * n + k) + 1]!);
      if (x > big) {
        big = x;
        p = i;
      }
    }
    const pr = lu[2 * (p * n + k)]!;
    const pi = lu[2 * (p * n + k) + 1]!;
    if (pr === 0 && pi === 0) {
      if (zeroPivot === 0) zeroPivot = k + 1;
      continue;
    }
    if (p !== k) {
      for (let c = 0; c < 2 * n; c++) {
        const t = lu[2 * k * n + c]!;
        lu[2 * k * n + c] = lu[2 * p * n + c]!;
        lu[2 * p * n + c] = t;
      }
      const t = perm[k]!;
      perm[k] = perm[p]!;
      perm[p] = t;
      sign = sign === 1 ? -1 : 1;
    }
    const ok = 2 * k * n;
    for (let i = k + 1; i < n; i++) {
      const oi = 2 * i * n;
      complexDivide(lu[oi + 2 * k]!, lu[oi + 2 * k + 1]!, pr, pi, q);
      const lr = q[0]!;
      const li = q[1]!;
      lu[oi + 2 * k] = lr;
      lu[oi + 2 * k + 1] = li;
      if (lr === 0 && li === 0) continue;
      for (let c = 2 * (k + 1); c < 2 * n; c += 2) {
        const ur = lu[ok + c]!;
        const ui = lu[ok + c + 1]!;
        lu[oi + c] = lu[oi + c]! - (lr * ur - li * ui);
        lu[oi + c + 1] = lu[oi + c + 1]! - (lr * ui + li * ur);
      }
    }
  }
  return { lu: clearNegativeZeros(lu), perm, sign, zeroPivot };
}
