import { kernels } from '@svd/tensor';
import { clearNegativeZeros } from './negativeZero.js';

const { gemm, rowMajor } = kernels;

/** Column count at or below which a recursion leaf is factored by DGETF2's rank-1 updates. */
const LEAF = 16;

/**
 * LU factorization with partial (row) pivoting, P·A = L·U (DGETRF2, recursive).
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
 * Recursive as LAPACK's DGETRF2 (Toledo 1997): the columns are split in halves; the left half
 * is factored recursively, its rows of U right of it come from a unit lower triangular solve
 * (itself recursive, DTRSM), the Schur complement A₂₂ −= L₂₁·U₁₂ is one GEMM on the packed SIMD
 * kernel of @svd/tensor, and the right half is factored recursively. Leaves of ≤ 16 columns use
 * DGETF2's rank-1 updates. Pivoting swaps whole rows at once (contiguous in row-major), which
 * is DLASWP on both sides. Almost all of the 2/3·n³ work lands in GEMMs — a fixed-panel
 * right-looking version left a third of its time in scalar panel and triangular-solve loops —
 * and each GEMM stages the trailing block once per recursion level, not once per panel. The
 * pivot choice is the unblocked algorithm's (the first row of largest magnitude in the updated
 * column); only the rounding of the updates differs.
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
  factorColumns(lu, n, 0, n, perm, state);
  return { lu: clearNegativeZeros(lu), perm, sign: state.sign, zeroPivot: state.zeroPivot };
}

/**
 * DGETF2 on columns [j0, j1) of rows [j0, n): pivoting swaps whole rows; the rank-1 updates
 * reach column `updateEnd` (j1: a recursion leaf).
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

/**
 * Factors columns [c0, c1) of rows [c0, n), to which all earlier columns' updates have been
 * applied (DGETRF2).
 */
function factorColumns(
  lu: Float64Array,
  n: number,
  c0: number,
  c1: number,
  perm: Int32Array,
  state: { sign: 1 | -1; zeroPivot: number },
): void {
  const w = c1 - c0;
  if (w <= LEAF) {
    factorPanel(lu, n, c0, c1, c1, perm, state);
    return;
  }
  const h = c0 + (w >> 1);
  factorColumns(lu, n, c0, h, perm, state);
  // U₁₂ = L₁₁⁻¹·A₁₂ (rows [c0, h), columns [h, c1)), then A₂₂ −= L₂₁·U₁₂.
  solveUnitLower(lu, n, c0, h, h, c1);
  if (h < n) {
    gemm(
      n - h,
      c1 - h,
      h - c0,
      -1,
      rowMajor(lu, n, h * n + c0),
      rowMajor(lu, n, c0 * n + h),
      1,
      rowMajor(lu, n, h * n + h),
    );
  }
  factorColumns(lu, n, h, c1, perm, state);
}

/**
 * X ← L⁻¹·X in place, L = the unit lower triangle of lu[r0:r1, r0:r1], X = lu[r0:r1, x0:x1]
 * (recursive DTRSM: the lower half of the rows receives the upper half's contribution by GEMM).
 */
function solveUnitLower(lu: Float64Array, n: number, r0: number, r1: number, x0: number, x1: number): void {
  const rows = r1 - r0;
  if (rows <= LEAF) {
    // Dot form: row i −= Σₖ L[i,k]·row k over k < i in order, four rows k per pass (each element
    // sees the same subtractions in the same order as the column-by-column axpy form, whose
    // row k is final when it is used). A group holding a zero L[i,k] takes the one-row loop,
    // which skips that row.
    for (let i = r0 + 1; i < r1; i++) {
      const oi = i * n;
      let k = r0;
      for (; k + 3 < i; k += 4) {
        const l0 = lu[oi + k]!;
        const l1 = lu[oi + k + 1]!;
        const l2 = lu[oi + k + 2]!;
        const l3 = lu[oi + k + 3]!;
        if (l0 === 0 || l1 === 0 || l2 === 0 || l3 === 0) {
          subtractLeafRows(lu, n, oi, k, k + 4, x0, x1);
          continue;
        }
        const o0 = k * n;
        const o1 = o0 + n;
        const o2 = o1 + n;
        const o3 = o2 + n;
        for (let c = x0; c < x1; c++) {
          lu[oi + c] = lu[oi + c]! - l0 * lu[o0 + c]! - l1 * lu[o1 + c]! - l2 * lu[o2 + c]! - l3 * lu[o3 + c]!;
        }
      }
      subtractLeafRows(lu, n, oi, k, i, x0, x1);
    }
    return;
  }
  const h = r0 + (rows >> 1);
  solveUnitLower(lu, n, r0, h, x0, x1);
  gemm(
    r1 - h,
    x1 - x0,
    h - r0,
    -1,
    rowMajor(lu, n, h * n + r0),
    rowMajor(lu, n, r0 * n + x0),
    1,
    rowMajor(lu, n, h * n + x0),
  );
  solveUnitLower(lu, n, h, r1, x0, x1);
}

/** Row at oi, columns [x0, x1): −= L[i,k]·row k for k in [k0, k1) in order, skipping zero L[i,k]. */
function subtractLeafRows(lu: Float64Array, n: number, oi: number, k0: number, k1: number, x0: number, x1: number) {
  for (let k = k0; k < k1; k++) {
    const lik = lu[oi + k]!;
    if (lik === 0) continue;
    const ok = k * n;
    for (let c = x0; c < x1; c++) lu[oi + c] = lu[oi + c]! - lik * lu[ok + c]!;
  }
}
