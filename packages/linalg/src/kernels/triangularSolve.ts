import { kernels } from '@svd/tensor';
import { clearNegativeZeros } from './negativeZero.js';
import { solveWideDiagonalBlock } from './wideDiagonalBlockSolve.js';

const { gemm, rowMajor, transposed } = kernels;

/** Rows per diagonal block of the blocked solve; below BLOCKED_FROM it is one block. */
const NB = 32;
const BLOCKED_FROM = 2 * NB;

export interface TriangularSolveOptions {
  /** T is lower triangular (else upper); only that triangle is read. */
  lower: boolean;
  /** Assume T[i,i] = 1 and do not read the diagonal. */
  unitDiagonal: boolean;
  /** Solve Tᵀ·X = B instead of T·X = B. */
  transpose: boolean;
}

/**
 * Solve op(T)·X = B for X (DTRSM, left side), T row-major n×n triangular, B row-major n×nrhs.
 * B is not modified. A zero on the diagonal gives Inf/NaN as IEEE arithmetic dictates (DTRSM
 * does not check either); callers that need a singularity error check the diagonal first.
 *
 * Blocked as DTRSM for n ≥ 64: rows of X are solved in blocks of NB in solve order; before a
 * block is solved, the contributions of all rows already solved are subtracted in one GEMM
 * (X_blk −= op(T)[blk, done]·X[done], on the packed SIMD kernel of @svd/tensor), so only the
 * NB×NB diagonal blocks run in scalar code.
 *
 * Within a diagonal block every variant walks T by rows (contiguous): the non-transposed solves use the dot form
 * xᵢ = (bᵢ − Σ T[i,j]·xⱼ)/T[i,i], the transposed ones the axpy form that, after finishing xᵢ,
 * subtracts T[i,j]·xᵢ from the remaining right-hand sides. Rows of X/B are contiguous too, so
 * the innermost loop always runs along nrhs.
 *
 * @example
 * const opts = { lower: true, unitDiagonal: false, transpose: false };
 * kernels.triangularSolve(Float64Array.of(2, 0, 1, 1), 2, Float64Array.of(2, 3), 1, opts); // [1, 2]
 */
export function triangularSolve(
  t: Float64Array,
  n: number,
  b: Float64Array,
  nrhs: number,
  opts: TriangularSolveOptions,
): Float64Array {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(nrhs) || nrhs < 0) {
    throw new RangeError(`triangularSolve: dimensions must be non-negative integers, got n=${n}, nrhs=${nrhs}`);
  }
  if (t.length < n * n) throw new RangeError(`triangularSolve: T holds ${t.length} values, expected ${n * n}`);
  if (b.length < n * nrhs) {
    throw new RangeError(`triangularSolve: B holds ${b.length} values, expected ${n * nrhs}`);
  }
  const x = b.slice(0, n * nrhs);
  const { lower, transpose } = opts;
  // op(T) is lower triangular  <=>  lower XOR transpose: then solve top-down, else bottom-up.
  const forward = lower !== transpose;
  const nb = n >= BLOCKED_FROM ? NB : n;
  const blocks = n === 0 ? 0 : Math.ceil(n / nb);
  for (let s = 0; s < blocks; s++) {
    const blk = forward ? s : blocks - 1 - s;
    const i0 = blk * nb;
    const i1 = Math.min(i0 + nb, n);
    // The solved rows: [0, i0) going forward, [i1, n) going backward.
    const d0 = forward ? 0 : i1;
    const d1 = forward ? i0 : n;
    if (d1 > d0 && nrhs > 0) {
      const opT = transpose ? transposed(rowMajor(t, n, d0 * n + i0)) : rowMajor(t, n, i0 * n + d0);
      gemm(i1 - i0, nrhs, d1 - d0, -1, opT, rowMajor(x, nrhs, d0 * nrhs), 1, rowMajor(x, nrhs, i0 * nrhs));
    }
    solveDiagonalBlock(t, n, x, nrhs, i0, i1, forward, opts);
  }
  return clearNegativeZeros(x);
}

/** The unblocked solve restricted to rows [i0, i1) of X and the diagonal block of T. */
function solveDiagonalBlock(
  t: Float64Array,
  n: number,
  x: Float64Array,
  nrhs: number,
  i0: number,
  i1: number,
  forward: boolean,
  opts: TriangularSolveOptions,
): void {
  const { unitDiagonal, transpose } = opts;
  const size = i1 - i0;
  if (!transpose && solveWideDiagonalBlock(t, n, x, nrhs, i0, i1, forward, unitDiagonal)) return;
  if (!transpose) {
    // Dot form along row i of T: T[i, j] for j before i in the solve order.
    for (let s = 0; s < size; s++) {
      const i = forward ? i0 + s : i1 - 1 - s;
      const oi = i * nrhs;
      const ti = i * n;
      const j0 = forward ? i0 : i + 1;
      const j1 = forward ? i : i1;
      let j = j0;
      // Eight, then four rows of X per pass over row i: the same subtractions in the same order
      // as one row at a time (a − t₀y₀ − t₁y₁ − … is left to right), with an eighth (a quarter)
      // of the loads and stores of x[i] (two solves with 256 right-hand sides at 256²: 4.4 → 3.2
      // ms). A group holding a zero Tᵢⱼ takes the one-row loop, which skips that row.
      for (; j + 7 < j1; j += 8) {
        let nz = true;
        for (let q = j; q < j + 8; q++) if (t[ti + q] === 0) nz = false;
        if (!nz) {
          subtractRows(t, ti, x, oi, nrhs, j, j + 8);
          continue;
        }
        const t0 = t[ti + j]!;
        const t1 = t[ti + j + 1]!;
        const t2 = t[ti + j + 2]!;
        const t3 = t[ti + j + 3]!;
        const t4 = t[ti + j + 4]!;
        const t5 = t[ti + j + 5]!;
        const t6 = t[ti + j + 6]!;
        const t7 = t[ti + j + 7]!;
        const o0 = j * nrhs;
        const o1 = o0 + nrhs;
        const o2 = o1 + nrhs;
        const o3 = o2 + nrhs;
        const o4 = o3 + nrhs;
        const o5 = o4 + nrhs;
        const o6 = o5 + nrhs;
        const o7 = o6 + nrhs;
        for (let r = 0; r < nrhs; r++) {
          x[oi + r] =
            x[oi + r]! -
            t0 * x[o0 + r]! -
            t1 * x[o1 + r]! -
            t2 * x[o2 + r]! -
            t3 * x[o3 + r]! -
            t4 * x[o4 + r]! -
            t5 * x[o5 + r]! -
            t6 * x[o6 + r]! -
            t7 * x[o7 + r]!;
        }
      }
      for (; j + 3 < j1; j += 4) {
        const t0 = t[ti + j]!;
        const t1 = t[ti + j + 1]!;
        const t2 = t[ti + j + 2]!;
        const t3 = t[ti + j + 3]!;
        if (t0 === 0 || t1 === 0 || t2 === 0 || t3 === 0) {
          subtractRows(t, ti, x, oi, nrhs, j, j + 4);
          continue;
        }
        const o0 = j * nrhs;
        const o1 = o0 + nrhs;
        const o2 = o1 + nrhs;
        const o3 = o2 + nrhs;
        for (let r = 0; r < nrhs; r++) {
          x[oi + r] = x[oi + r]! - t0 * x[o0 + r]! - t1 * x[o1 + r]! - t2 * x[o2 + r]! - t3 * x[o3 + r]!;
        }
      }
      subtractRows(t, ti, x, oi, nrhs, j, j1);
      if (!unitDiagonal) {
        const tii = t[ti + i]!;
        for (let r = 0; r < nrhs; r++) x[oi + r] = x[oi + r]! / tii;
      }
    }
  } else {
    // Tᵀ[j, i] = T[i, j]: once xᵢ is final, row i of T updates the rows still to be solved.
    for (let s = 0; s < size; s++) {
      const i = forward ? i0 + s : i1 - 1 - s;
      const oi = i * nrhs;
      const ti = i * n;
      if (!unitDiagonal) {
        const tii = t[ti + i]!;
        for (let r = 0; r < nrhs; r++) x[oi + r] = x[oi + r]! / tii;
      }
      // upper T, transposed (forward): rows j > i; lower T, transposed (backward): rows j < i.
      const j0 = forward ? i + 1 : i0;
      const j1 = forward ? i1 : i;
      for (let j = j0; j < j1; j++) {
        const tij = t[ti + j]!;
        if (tij === 0) continue;
        const oj = j * nrhs;
        for (let r = 0; r < nrhs; r++) x[oj + r] = x[oj + r]! - tij * x[oi + r]!;
      }
    }
  }
}

/** x[i, :] −= T[i, j]·x[j, :] for j in [j0, j1), one row at a time, skipping zero Tᵢⱼ. */
function subtractRows(t: Float64Array, ti: number, x: Float64Array, oi: number, nrhs: number, j0: number, j1: number) {
  for (let j = j0; j < j1; j++) {
    const tij = t[ti + j]!;
    if (tij === 0) continue;
    const oj = j * nrhs;
    for (let r = 0; r < nrhs; r++) x[oi + r] = x[oi + r]! - tij * x[oj + r]!;
  }
}
