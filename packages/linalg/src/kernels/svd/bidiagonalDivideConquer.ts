/**
 * Singular values and vectors of an upper bidiagonal matrix by divide and conquer (after LAPACK
 * dbdsdc / dlasd0; Gu & Eisenstat 1995, "A divide-and-conquer algorithm for the bidiagonal
 * SVD").
 *
 * Why: the implicit QR (bidiagonalQR.ts) spends O(n²) rotations on each of n vectors, i.e.
 * ~6n³ scalar flops in rotation passes that JS cannot vectorise. Divide and conquer replaces
 * them with matrix products (the packed gemm) plus O(n²) work per merge for the secular
 * equation, and deflation makes clustered or repeated singular values cheaper, not harder.
 *
 * Structure:
 *   1. scale by a power of two (exact) so that max |entry| ∈ [1, 2): the deflation and split
 *      tolerances are absolute,
 *   2. split where |eᵢ| < 0.9·eps (an absolute perturbation of eps·‖B‖, as dbdsdc does),
 *   3. each piece: recursively halve at its middle row; leaves (≤ LEAF_SIZE rows) go to the QR
 *      (bidiagonalLeaf.ts), merges to bidiagonalMerge.ts; with threads on, independent subtrees
 *      of a large piece run on the pool (bidiagonalTree.ts),
 *   4. scale back, order descending.
 *
 * Accuracy is the LAPACK one of dbdsdc: backward stable (small ‖B − UΣVᵀ‖/‖B‖, orthogonal U, V),
 * singular values accurate to O(eps·‖B‖). Unlike the zero-shift QR it does NOT guarantee high
 * RELATIVE accuracy of tiny singular values of graded matrices, so the SVD driver keeps the QR
 * for values-only requests.
 */

import { kernels } from '@svd/tensor';
import { ConvergenceError } from '../../errors.js';
import { EPS, powerOfTwo } from '../machineConstants.js';
import { assertFiniteValues } from './bidiagonalMerge.js';
import { copyShared, subtreesMayRunParallel } from '../subtreeJobs.js';
import { type TreeProblem, divideAndConquer } from './bidiagonalTree.js';
import { createMergeWorkspace } from './deflation.js';

export { LEAF_SIZE } from './bidiagonalTree.js';

/** dbdsdc's split threshold, relative to the scaled max |entry| ≈ 1. */
const SPLIT_TOL = 0.9 * EPS;

export interface BidiagonalSvd {
  /** Singular values, descending, ≥ +0. */
  s: Float64Array;
  /** Uᵀ, row-major n×n: row i is the left singular vector of s[i]. */
  ut: Float64Array;
  /** Vᵀ, row-major n×n: row i is the right singular vector of s[i]. */
  vt: Float64Array;
}

/**
 * SVD B = U·diag(s)·Vᵀ of the n×n upper bidiagonal with diagonal d[0..n) and superdiagonal
 * e[0..n−1) (neither is modified). Entries must be finite. Throws ConvergenceError if a secular
 * equation or a leaf QR does not converge.
 */
export function bidiagonalDivideConquer(d: Float64Array, e: Float64Array, n: number): BidiagonalSvd {
  // Shared memory when the pool could solve subtrees (bidiagonalTree.ts): they write d and read e.
  const shared = subtreesMayRunParallel(n);
  const dd = shared ? copyShared(d.subarray(0, n)) : d.slice(0, n);
  const ee = shared ? copyShared(e.subarray(0, Math.max(n - 1, 0))) : e.slice(0, Math.max(n - 1, 0));
  // U column-major and VT row-major: in both, each singular vector is a contiguous run. Shared
  // memory when threads are on: the merges' products read and update them in place.
  const u = kernels.sharedWorkArray(n * n);
  const vt = kernels.sharedWorkArray(n * n);

  let maxEntry = 0; // dbdsdc's ORGNRM
  for (let i = 0; i < n; i++) maxEntry = Math.max(maxEntry, Math.abs(dd[i]!));
  for (let i = 0; i < n - 1; i++) maxEntry = Math.max(maxEntry, Math.abs(ee[i]!));
  if (!Number.isFinite(maxEntry)) {
    throw new ConvergenceError('svd', 'divide-and-conquer SVD received a non-finite bidiagonal entry');
  }
  if (maxEntry === 0) {
    for (let i = 0; i < n; i++) {
      u[i * n + i] = 1;
      vt[i * n + i] = 1;
    }
    return { s: new Float64Array(n), ut: u, vt };
  }
  const exp = Math.floor(Math.log2(maxEntry));
  const scale = powerOfTwo(-exp);
  for (let i = 0; i < n; i++) dd[i] = dd[i]! * scale;
  for (let i = 0; i < n - 1; i++) ee[i] = ee[i]! * scale;

  const problem: TreeProblem = { d: dd, e: ee, store: { u, ldu: n, vt, ldvt: n }, ws: createMergeWorkspace(n, n + 1) };
  let start = 0;
  for (let i = 0; i < n; i++) {
    if (i < n - 1 && !(Math.abs(ee[i]!) < SPLIT_TOL)) continue;
    if (i < n - 1) ee[i] = 0;
    solvePiece(problem, start, i - start + 1);
    start = i + 1;
  }

  const unscale = powerOfTwo(exp);
  for (let i = 0; i < n; i++) dd[i] = dd[i]! * unscale;
  assertFiniteValues(dd, 0, n);

  // Descending order (stable); vectors gathered as contiguous rows.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => dd[b]! - dd[a]! || a - b);
  const s = new Float64Array(n);
  const utOut = new Float64Array(n * n);
  // shared memory when threads are on: Vᵀ·Pᵀ's GEMMs (blockedReflectors.ts) update it in place
  const vtOut = kernels.sharedWorkArray(n * n);
  for (let i = 0; i < n; i++) {
    const src = order[i]!;
    const v = dd[src]!;
    s[i] = v === 0 ? 0 : v;
    // Column src of the column-major U and row src of the row-major VT are both contiguous.
    utOut.set(u.subarray(src * n, src * n + n), i * n);
    vtOut.set(vt.subarray(src * n, src * n + n), i * n);
  }
  return { s, ut: utOut, vt: vtOut };
}

/** One unreduced piece (rows lo..lo+size−1), square (no extra column). */
function solvePiece(problem: TreeProblem, lo: number, size: number): void {
  if (size === 1) {
    // 1×1: |d| with the sign moved into V.
    const { d, store } = problem;
    const x = d[lo]!;
    d[lo] = Math.abs(x);
    store.u[lo + lo * store.ldu] = 1;
    store.vt[lo + lo * store.ldvt] = x < 0 ? -1 : 1;
    return;
  }
  divideAndConquer(problem, lo, size, 0);
}
