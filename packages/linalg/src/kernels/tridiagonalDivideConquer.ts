/**
 * Eigenvalues and eigenvectors of a symmetric tridiagonal matrix by divide and conquer (after
 * LAPACK dstedc / dlaed0; Cuppen 1981, Gu & Eisenstat 1995).
 *
 * Why: the implicit QL (tridiagonalQL.ts) rotates all n vectors O(n) times per eigenvalue, ~3n³
 * scalar flops in rotation passes that JS cannot vectorise. Divide and conquer does its O(n³) in
 * matrix products on the packed gemm, plus O(n²) per merge for the secular equation, and
 * deflation makes clustered eigenvalues cheaper rather than harder.
 *
 * Structure:
 *   1. scale by a power of two (exact) so that max |entry| ∈ [1, 2): the deflation tolerance of
 *      the merges is absolute,
 *   2. split where |eᵢ| ≤ eps·√|dᵢ|·√|dᵢ₊₁| (dstedc's criterion),
 *   3. each piece of more than LEAF_SIZE rows is torn in the middle at its coupling β (|β|
 *      subtracted from the two touching diagonal entries), both halves solved recursively and
 *      merged (tridiagonalMerge.ts); pieces and leaves of at most LEAF_SIZE rows go to the QL
 *      (the recursion: tridiagonalTree.ts, which with threads on solves the subtrees of a large
 *      piece side by side on the pool),
 *   4. scale back, sort ascending.
 *
 * Accuracy is dstedc's: backward stable (‖T − ZΛZᵀ‖ = O(eps·‖T‖), Z orthogonal to working
 * precision); eigenvalues accurate to O(eps·‖T‖) absolutely.
 */

import { kernels } from '@svd/tensor';
import { ConvergenceError } from '../errors.js';
import { EPS, powerOfTwo } from './machineConstants.js';
import { copyShared, subtreesMayRunParallel } from './subtreeJobs.js';
import { type TridiagonalMergeWorkspace, createTridiagonalMergeWorkspace } from './tridiagonalMerge.js';
import { TRIDIAGONAL_LEAF_SIZE, type TridiagonalProblem, solveTridiagonalBlock } from './tridiagonalTree.js';
import { isSharedMemory } from './isSharedMemory.js';

/**
 * Eigendecomposition T = Z·diag(d)·Zᵀ of the n×n symmetric tridiagonal with diagonal d and
 * off-diagonal e, in place: d ends ascending, e is destroyed, and the returned row-major n×n zt
 * has the eigenvector of d[i] as row i. Entries must be finite (ConvergenceError otherwise, or
 * when a secular equation or a leaf QL does not converge).
 *
 * @example
 * const d = Float64Array.of(2, 2, 2), e = Float64Array.of(1, 1);
 * const zt = kernels.tridiagonalDivideConquer(d, e, 3); // d = [2 − √2, 2, 2 + √2]; row i ↔ d[i]
 */
export function tridiagonalDivideConquer(d: Float64Array, e: Float64Array, n: number, op = 'eigh'): Float64Array {
  // shared memory when threads are on: the merges and the back-transformation (dormtr) update it
  // with GEMMs, which the pool then runs in place
  const zt = kernels.sharedWorkArray(n * n);
  let maxEntry = 0;
  for (let i = 0; i < n; i++) maxEntry = Math.max(maxEntry, Math.abs(d[i]!));
  for (let i = 0; i < n - 1; i++) maxEntry = Math.max(maxEntry, Math.abs(e[i]!));
  if (!Number.isFinite(maxEntry)) {
    throw new ConvergenceError(op, 'the tridiagonal matrix contains NaN or Infinity');
  }
  if (maxEntry === 0) {
    for (let i = 0; i < n; i++) zt[i * n + i] = 1;
    return zt;
  }
  const exp = Math.floor(Math.log2(maxEntry));
  const scale = powerOfTwo(-exp);
  for (let i = 0; i < n; i++) d[i] = d[i]! * scale;
  for (let i = 0; i < n - 1; i++) e[i] = e[i]! * scale;

  // d and e in shared memory when the pool could solve subtrees (tridiagonalTree.ts): their parts
  // write both; copied back at the end. One thread keeps them as they are.
  const shared = subtreesMayRunParallel(n);
  const problem: TridiagonalProblem = {
    d: shared ? copyShared(d) : d,
    e: shared ? copyShared(e) : e,
    zt,
    ld: n,
    op,
  };
  const dd = problem.d;
  const ee = problem.e;
  let ws: TridiagonalMergeWorkspace | null = null;
  let start = 0;
  for (let i = 0; i < n; i++) {
    if (i < n - 1) {
      const tiny = EPS * Math.sqrt(Math.abs(dd[i]!)) * Math.sqrt(Math.abs(dd[i + 1]!));
      if (Math.abs(ee[i]!) > tiny) continue;
      ee[i] = 0;
    }
    const size = i - start + 1;
    if (size > TRIDIAGONAL_LEAF_SIZE && ws === null) ws = mergeWorkspace(n);
    solveTridiagonalBlock(problem, start, size, ws);
    start = i + 1;
  }
  if (shared) {
    d.set(dd);
    e.set(ee);
  }

  const unscale = powerOfTwo(exp);
  for (let i = 0; i < n; i++) d[i] = d[i]! * unscale;
  sortAscending(d, zt, n);
  return zt;
}

/**
 * The last merge workspace, kept weakly for the next solve of the same order: its 4·n² scratch
 * (8 MB at n = 512) allocated afresh on every call cost more than its fill (page faults and
 * major collections of the large-object space; eigh 512² one thread ≈ 69 → 58 ms CPU in separate
 * processes). Only without the thread pool: with it the workspace is shared memory the workers
 * are handed, and a fresh one per solve keeps that simple. The garbage collector may still take
 * it; nothing depends on its contents (every entry is written before it is read).
 */
let lastWorkspace: WeakRef<TridiagonalMergeWorkspace> | null = null;
let lastOrder = -1;

function mergeWorkspace(n: number): TridiagonalMergeWorkspace {
  if (kernels.parallelTasksAvailable()) return createTridiagonalMergeWorkspace(n);
  const prior = lastOrder === n ? lastWorkspace?.deref() : undefined;
  if (prior !== undefined && !isSharedMemory(prior.rows)) return prior;
  const ws = createTridiagonalMergeWorkspace(n);
  lastWorkspace = new WeakRef(ws);
  lastOrder = n;
  return ws;
}

/** Sorts d ascending (stable) and moves the rows of zt along. */
function sortAscending(d: Float64Array, zt: Float64Array, n: number): void {
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = d[i - 1]! <= d[i]!;
  if (sorted) return;
  const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => d[p]! - d[q]! || p - q);
  const dv = d.slice();
  const rows = zt.slice();
  for (let t = 0; t < n; t++) {
    const src = order[t]!;
    d[t] = dv[src]!;
    zt.set(rows.subarray(src * n, src * n + n), t * n);
  }
}
