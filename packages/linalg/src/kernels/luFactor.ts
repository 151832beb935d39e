import { kernels } from '@svd/tensor';
import { clearNegativeZeros } from './negativeZero.js';

const { gemm, rowMajor } = kernels;

/**
 * Panel width of the blocked factorisation (32–64 measured at 512²; wider panels mean fewer GEMM
 * passes, each of which packs and stages the trailing matrix). Below BLOCKED_FROM the whole
 * matrix is one panel.
 */
const NB = 64;
const BLOCKED_FROM = 64;

/**
 * LU factorization with partial (row) pivoting, P·A = L·U (DGETRF, right-looking, blocked).
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
 * Blocked as DGETRF: a panel of NB columns is factored by the rank-1 updates of DGETF2 (whole
 * rows are swapped at once — contiguous in row-major — which is DLASWP on both sides), the
 * panel's rows of U right of it come from a unit lower triangular solve (DTRSM), and the Schur
 * complement A₂₂ −= L₂₁·U₁₂ is one GEMM on the packed SIMD kernel of @svd/tensor. The pivot
 * choice is the same as the unblocked algorithm's (the first row of largest magnitude in the
 * updated column); only the rounding of the trailing updates differs.
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
  const state = { sign: 1 as 1 | -1, zeroPivot: 0 };
  const nb = n >= BLOCKED_FROM ? NB : n;
  for (let j0 = 0; j0 < n; j0 += nb) {
    const jb = Math.min(nb, n - j0);
    const j1 = j0 + jb;
    // Unblocked, the "panel" spans all columns and the steps below have nothing to do.
    factorPanel(lu, n, j0, j1, nb === n ? n : j1, perm, state);
    if (j1 >= n) break;
    solveUnitLowerRows(lu, n, j0, j1);
    const rest = n - j1;
    gemm(
      rest,
      rest,
      jb,
      -1,
      rowMajor(lu, n, j1 * n + j0),
      rowMajor(lu, n, j0 * n + j1),
      1,
      rowMajor(lu, n, j1 * n + j1),
    );
  }
  return { lu: clearNegativeZeros(lu), perm, sign: state.sign, zeroPivot: state.zeroPivot };
}

/**
 * DGETF2 on columns [j0, j1) of rows [j0, n): pivoting swaps whole rows; the rank-1 updates
 * reach column `updateEnd` (j1 for a panel, n when unblocked).
 */
function factorPanel(
  lu: Float64Array,
  n: number,
  j0: number,
  j1: number,
  updateEnd: number,
  perm: Int32Array,
  state: { sign: 1 | -1; zeroPivot: number },
): void {
  for (let k = j0; k < j1; k++) {
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
      if (state.zeroPivot === 0) state.zeroPivot = k + 1;
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
      state.sign = state.sign === 1 ? -1 : 1;
    }
    const ok = k * n;
    for (let i = k + 1; i < n; i++) {
      const oi = i * n;
      // Divide rather than multiply by 1/pivot: one rounding instead of two, and no overflow
      // of 1/pivot for tiny pivots (DGETF2 needs an SFMIN branch for the latter).
      const lik = lu[oi + k]! / pivot;
      lu[oi + k] = lik;
      if (lik === 0) continue;
      for (let c = k + 1; c < updateEnd; c++) lu[oi + c] = lu[oi + c]! - lik * lu[ok + c]!;
    }
  }
}

/** U₁₂ = L₁₁⁻¹·A₁₂ in place for rows [j0, j1), columns [j1, n) (L₁₁ unit lower; DTRSM). */
function solveUnitLowerRows(lu: Float64Array, n: number, j0: number, j1: number): void {
  for (let k = j0; k < j1; k++) {
    const ok = k * n;
    for (let i = k + 1; i < j1; i++) {
      const oi = i * n;
      const lik = lu[oi + k]!;
      if (lik === 0) continue;
      for (let c = j1; c < n; c++) lu[oi + c] = lu[oi + c]! - lik * lu[ok + c]!;
    }
  }
}
