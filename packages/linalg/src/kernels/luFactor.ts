import { clearNegativeZeros } from './negativeZero.js';

/**
 * LU factorization with partial (row) pivoting, P·A = L·U (DGETF2, right-looking).
 *
 * Output `lu` is row-major n×n: U on and above the diagonal, the multipliers of the unit lower
 * triangular L below it. `perm[i]` is the row of A that ended up as row i of P·A, so
 * (P·A)[i, :] = A[perm[i], :]. `sign` = det(P) = ±1 (det(A) = sign·Π U[i,i]).
 *
 * Singular input does not throw: like DGETRF it records the first exactly-zero pivot
 * (`zeroPivot`, 1-based, 0 if none), skips the elimination of that column (there is nothing
 * below the zero pivot to eliminate) and carries on. Solving with such a factor is the caller's
 * decision.
 *
 * The rank-1 update walks rows (A[i, k+1:] −= l_ik·U[k, k+1:]), contiguous in row-major.
 *
 * @example
 * const { lu, perm, sign, zeroPivot } = kernels.luFactor(Float64Array.of(1, 2, 3, 4), 2);
 * // lu = [3, 4, 0.333…, 0.666…], perm = [1, 0], sign = -1, zeroPivot = 0 (det = -1·3·0.666… = -2)
 */
export function luFactor(
  a: Float64Array,
  n: number,
): { lu: Float64Array; perm: Int32Array; sign: 1 | -1; zeroPivot: number } {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`lu: the order must be a non-negative integer, got ${n}`);
  if (a.length < n * n) throw new RangeError(`lu: buffer holds ${a.length} values, expected ${n * n}`);
  const lu = a.slice(0, n * n);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let sign: 1 | -1 = 1;
  let zeroPivot = 0;
  for (let k = 0; k < n; k++) {
    // IDAMAX: first row of largest magnitude (NaN never wins a comparison, as in BLAS).
    let p = k;
    let big = Math.abs(lu[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const x = Math.abs(lu[i * n + k]!);
      if (x > big) {
        big = x;
        p = i;
      }
    }
    const pivot = lu[p * n + k]!;
    if (pivot === 0) {
      if (zeroPivot === 0) zeroPivot = k + 1;
      continue;
    }
    if (p !== k) {
      const ok = k * n;
      const op = p * n;
      for (let c = 0; c < n; c++) {
        const t = lu[ok + c]!;
        lu[ok + c] = lu[op + c]!;
        lu[op + c] = t;
      }
      const t = perm[k]!;
      perm[k] = perm[p]!;
      perm[p] = t;
      sign = sign === 1 ? -1 : 1;
    }
    const ok = k * n;
    for (let i = k + 1; i < n; i++) {
      const oi = i * n;
      // Divide rather than multiply by 1/pivot: one rounding instead of two, and no overflow
      // of 1/pivot for tiny pivots (DGETF2 needs an SFMIN branch for the latter).
      const lik = lu[oi + k]! / pivot;
      lu[oi + k] = lik;
      if (lik === 0) continue;
      for (let c = k + 1; c < n; c++) lu[oi + c] = lu[oi + c]! - lik * lu[ok + c]!;
    }
  }
  return { lu: clearNegativeZeros(lu), perm, sign, zeroPivot };
}
