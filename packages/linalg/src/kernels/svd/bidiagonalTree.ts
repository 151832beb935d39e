/**
 * The recursion of the divide-and-conquer bidiagonal SVD (bidiagonalDivideConquer.ts, dlasd0's
 * tree): halve at the middle row, solve both halves, merge. The two halves of a split are
 * independent problems until their merge (disjoint rows of d, disjoint diagonal blocks of U and
 * VT; e is only read), so for a large block with threads on, the subtrees below the top
 * ⌈log₂ threads⌉ levels run as parts of one job on the pool (`kernels.runParallelTasks`, worker
 * task `subtree`) and the caller then does the merges above them (whose secular phases and GEMMs
 * use the pool again). Each subtree is solved by the same serial code wherever it runs, and the
 * serial merges give the same bits as the pooled ones, so the result does not depend on the
 * number of threads.
 */

import { kernels } from '@svd/tensor';
import { copyShared, subtreeDepth as depthFor } from '../subtreeJobs.js';
import { solveBidiagonalLeaf } from './bidiagonalLeaf.js';
import { type VectorStore, mergeBidiagonalHalves } from './bidiagonalMerge.js';
import { type MergeWorkspace, createMergeWorkspace } from './deflation.js';
import { runModuleParts } from '../../threads/linalgModule.js';

/** Blocks of at most this many rows are solved by the QR (dbdsdc's SMLSIZ = 25). */
export const LEAF_SIZE = 25;

export { SUBTREES_PARALLEL_MIN } from '../subtreeJobs.js';

/** The scaled bidiagonal (d, e), the vector storage and the merge scratch of one problem. */
export interface TreeProblem {
  readonly d: Float64Array;
  readonly e: Float64Array;
  readonly store: VectorStore;
  readonly ws: MergeWorkspace;
}

/** One independent subtree: rows first..first+size−1, with or without the extra column. */
interface Subtree {
  readonly first: number;
  readonly size: number;
  readonly extraColumn: number;
}

/** A job of independent subtrees (all arrays shared; structured-cloned to the workers). */
export interface SubtreeJob {
  /** The problem's diagonal: each part writes its subtree's rows. */
  readonly d: Float64Array;
  /** The diagonal as it was before the job: each part starts from its rows here (a rerun too). */
  readonly dBefore: Float64Array;
  readonly e: Float64Array;
  readonly u: Float64Array;
  readonly ldu: number;
  readonly vt: Float64Array;
  readonly ldvt: number;
  /** Part p solves subtrees[p]. */
  readonly subtrees: readonly Subtree[];
  /** The caller's GEMM path, applied in the workers too. */
  readonly gemmPath: kernels.GemmPath;
}

let subtreeJobs = 0;

/** Subtree jobs run on the pool since load (tests). */
export function subtreeJobsOnPool(): number {
  return subtreeJobs;
}

/**
 * SVD of the n×(n + extraColumn) block at rows lo..: split at the middle row ic, solve the left
 * part (always n_l×(n_l+1): it keeps the superdiagonal entry of row ic−1) and the right part
 * (which inherits extraColumn), then merge with the center row (α = d[ic], β = e[ic]).
 */
export function divideAndConquer(problem: TreeProblem, lo: number, n: number, extraColumn: number): void {
  if (n <= LEAF_SIZE) {
    const { d, e, store } = problem;
    solveBidiagonalLeaf({ first: lo, size: n, extraColumn, d, e, store });
    return;
  }
  const depth = subtreeDepth(problem, n);
  if (depth > 0) {
    solveInParallel(problem, lo, n, extraColumn, depth);
    return;
  }
  const leftSize = (n - 1) >> 1;
  divideAndConquer(problem, lo, leftSize, 1);
  divideAndConquer(problem, lo + leftSize + 1, n - leftSize - 1, extraColumn);
  mergeAt(problem, lo, n, extraColumn);
}

/** Merges the two solved halves of the block at rows lo.. (split at its middle row). */
function mergeAt(problem: TreeProblem, lo: number, n: number, extraColumn: number): void {
  const leftSize = (n - 1) >> 1;
  const ic = lo + leftSize;
  const node = {
    first: lo,
    leftSize,
    rightSize: n - leftSize - 1,
    extraColumn,
    alpha: problem.d[ic]!,
    beta: problem.e[ic]!,
  };
  mergeBidiagonalHalves(node, problem.d, problem.store, problem.ws);
}

/** Levels of the tree above the parallel subtrees (⌈log₂ threads⌉), or 0 to stay serial. */
function subtreeDepth(problem: TreeProblem, n: number): number {
  const { d, e, store } = problem;
  return depthFor(n, [d, e, store.u, store.vt]);
}

/** The block's subtrees `depth` levels down on the pool, then the merges above them on the caller. */
function solveInParallel(problem: TreeProblem, lo: number, n: number, extraColumn: number, depth: number): void {
  const subtrees: Subtree[] = [];
  collectSubtrees(lo, n, extraColumn, depth, subtrees);
  const { d, e, store } = problem;
  const job: SubtreeJob = {
    d,
    dBefore: copyShared(d),
    e,
    u: store.u,
    ldu: store.ldu,
    vt: store.vt,
    ldvt: store.ldvt,
    subtrees,
    gemmPath: kernels.gemmPath(),
  };
  // a part a worker threw in is rerun on the caller from dBefore
  subtreeJobs++;
  runModuleParts('svd', 'subtree', job, subtrees.length, (p) => runSubtreePart(job, p, problem.ws));
  mergeAbove(problem, lo, n, extraColumn, depth);
}

/** The subtrees `depth` levels below the block, left to right (leaves stop early). */
function collectSubtrees(lo: number, n: number, extraColumn: number, depth: number, out: Subtree[]): void {
  if (depth === 0 || n <= LEAF_SIZE) {
    out.push({ first: lo, size: n, extraColumn });
    return;
  }
  const leftSize = (n - 1) >> 1;
  collectSubtrees(lo, leftSize, 1, depth - 1, out);
  collectSubtrees(lo + leftSize + 1, n - leftSize - 1, extraColumn, depth - 1, out);
}

/** The merges of the levels above the subtrees, bottom-up (the serial recursion's order). */
function mergeAbove(problem: TreeProblem, lo: number, n: number, extraColumn: number, depth: number): void {
  if (depth === 0 || n <= LEAF_SIZE) return;
  const leftSize = (n - 1) >> 1;
  mergeAbove(problem, lo, leftSize, 1, depth - 1);
  mergeAbove(problem, lo + leftSize + 1, n - leftSize - 1, extraColumn, depth - 1);
  mergeAt(problem, lo, n, extraColumn);
}

/**
 * Solves subtree `part` of a job (the caller with its workspace, a worker with a new one): its
 * rows of d from dBefore, its blocks of U and VT cleared, then the serial recursion. Idempotent,
 * so a part rerun after a worker failed gives the same result.
 */
export function runSubtreePart(job: SubtreeJob, part: number, ws?: MergeWorkspace): void {
  const { first: lo, size: n, extraColumn } = job.subtrees[part]!;
  const m = n + extraColumn;
  const { u, ldu, vt, ldvt } = job;
  job.d.set(job.dBefore.subarray(lo, lo + n), lo);
  for (let c = lo; c < lo + n; c++) u.fill(0, lo + c * ldu, lo + n + c * ldu);
  for (let r = lo; r < lo + m; r++) vt.fill(0, r * ldvt + lo, r * ldvt + lo + m);
  const problem: TreeProblem = {
    d: job.d,
    e: job.e,
    store: { u, ldu, vt, ldvt },
    ws: ws ?? createMergeWorkspace(n, m),
  };
  divideAndConquer(problem, lo, n, extraColumn);
}
