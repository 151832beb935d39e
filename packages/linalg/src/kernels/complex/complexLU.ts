import { kernels } from '@svd/tensor';
import { clearNegativeZeros } from '../negativeZero.js';
import { complexDivide } from './complexScalar.js';

const { complexGemm, rowMajor } = kernels;

/** Panel width and blocking threshold, as in the real luFactor. */
const NB = 64;
const BLOCKED_FROM = 64;
const ONE = [1, 0] as const;
const MINUS_ONE = [-1, 0] as const;

/**
 * Complex LU with partial pivoting, P·A = L·U (ZGETRF, right-looking, blocked), on an interleaved
 * row-major n×n matrix. Same output contract as the real luFactor: `lu` holds U on and above
 * the diagonal and L's multipliers below, perm[i] is the row of A that became row i,
 * sign = det(P), zeroPivot the 1-based column of the first exactly-zero pivot (0 if none).
 *
 * The pivot is the first entry of largest |re| + |im| (IZAMAX uses DCABS1, so pivots match
 * LAPACK / NumPy); multipliers are formed by Smith's division.
 *
 * Blocked as the real kernel: ZGETF2 on panels of NB columns (whole rows swapped), a unit lower
 * solve for the panel's rows of U, and the Schur complement update as one complexGemm.
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
  const state = { sign: 1 as 1 | -1, zeroPivot: 0 };
  const nb = n >= BLOCKED_FROM ? NB : n;
  for (let j0 = 0; j0 < n; j0 += nb) {
    const j1 = Math.min(j0 + nb, n);
    factorPanel(lu, n, j0, j1, nb === n ? n : j1, perm, state);
    if (j1 >= n) break;
    solveUnitLowerRows(lu, n, j0, j1);
    const rest = n - j1;
    complexGemm(
      rest,
      rest,
      j1 - j0,
      MINUS_ONE,
      rowMajor(lu, n, j1 * n + j0),
      rowMajor(lu, n, j0 * n + j1),
      ONE,
      rowMajor(lu, n, j1 * n + j1),
    );
  }
  const { sign, zeroPivot } = state;
  return { lu: clearNegativeZeros(lu), perm, sign, zeroPivot };
}

/** ZGETF2 on columns [j0, j1) of rows [j0, n); rank-1 updates reach column `updateEnd`. */
function factorPanel(
  lu: Float64Array,
  n: number,
  j0: number,
  j1: number,
  updateEnd: number,
  perm: Int32Array,
  state: { sign: 1 | -1; zeroPivot: number },
): void {
  const q = new Float64Array(2);
  for (let k = j0; k < j1; k++) {
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
      if (state.zeroPivot === 0) state.zeroPivot = k + 1;
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
      state.sign = state.sign === 1 ? -1 : 1;
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
      for (let c = 2 * (k + 1); c < 2 * updateEnd; c += 2) {
        const ur = lu[ok + c]!;
        const ui = lu[ok + c + 1]!;
        lu[oi + c] = lu[oi + c]! - (lr * ur - li * ui);
        lu[oi + c + 1] = lu[oi + c + 1]! - (lr * ui + li * ur);
      }
    }
  }
}

/** U₁₂ = L₁₁⁻¹·A₁₂ in place for rows [j0, j1), columns [j1, n) (L₁₁ unit lower; ZTRSM). */
function solveUnitLowerRows(lu: Float64Array, n: number, j0: number, j1: number): void {
  for (let k = j0; k < j1; k++) {
    const ok = 2 * k * n;
    for (let i = k + 1; i < j1; i++) {
      const oi = 2 * i * n;
      const lr = lu[oi + 2 * k]!;
      const li = lu[oi + 2 * k + 1]!;
      if (lr === 0 && li === 0) continue;
      for (let c = 2 * j1; c < 2 * n; c += 2) {
        const ur = lu[ok + c]!;
        const ui = lu[ok + c + 1]!;
        lu[oi + c] = lu[oi + c]! - (lr * ur - li * ui);
        lu[oi + c + 1] = lu[oi + c + 1]! - (lr * ui + li * ur);
      }
    }
  }
}
