/**
 * The recursion of the divide-and-conquer symmetric tridiagonal eigensolver
 * (tridiagonalDivideConquer.ts, dlaed0's tree): tear the block in the middle at its coupling β,
 * solve both halves, merge. The two halves of a tear are independent problems until their merge
 * (disjoint entries of d and e, disjoint diagonal blocks of the vectors), so for a large block
 * with threads on, the subtrees below the top ⌈log₂ threads⌉ levels run as parts of one job on
 * the pool (subtreeJobs.ts, worker task `tridiagonalSubtree`) and the caller then does the merges
 * above them (whose secular phases and GEMMs use the pool again). Each subtree is solved by the
 * same serial code wherever it runs, and the serial merges give the same bits as the pooled ones,
 * so the result does not depend on the number of threads.
 */

import { kernels } from '@svd/tensor';
import { copyShared, subtreeDepth } from './subtreeJobs.js';
import {
  type TridiagonalMergeWorkspace,
  createTridiagonalMergeWorkspace,
  mergeTridiagonalHalves,
} from './tridiagonalMerge.js';
import { tridiagonalQL } from './tridiagonalQL.js';
import { runModuleParts } from '../threads/linalgModule.js';

/** Leaves of at most this many rows are solved by the QL (dstedc's SMLSIZ = 25). */
export const TRIDIAGONAL_LEAF_SIZE = 25;

/** The scaled tridiagonal (d, e), the row-major vectors zt (leading dimension ld) of one solve. */
export interface TridiagonalProblem {
  readonly d: Float64Array;
  readonly e: Float64Array;
  readonly zt: Float64Array;
  readonly ld: number;
  readonly op: string;
}

/** A job of independent subtrees (all arrays shared; structured-cloned to the workers). */
export interface TridiagonalSubtreeJob {
  /** The diagonal, torn above the subtrees: each part writes its subtree's entries. */
  readonly d: Float64Array;
  /** d as it was before the job: each part starts from its entries here (a rerun too). */
  readonly dBefore: Float64Array;
  /** The off-diagonal: each part's QL leaves destroy the entries inside its subtree. */
  readonly e: Float64Array;
  readonly eBefore: Float64Array;
  readonly zt: Float64Array;
  readonly ld: number;
  /** Part p solves rows/columns subtrees[p].first.. of its own diagonal block. */
  readonly subtrees: readonly { readonly first: number; readonly size: number }[];
  readonly op: string;
  /** The caller's GEMM path, applied in the workers too. */
  readonly gemmPath: kernels.GemmPath;
}

let subtreeJobs = 0;

/** Tridiagonal subtree jobs run on the pool since load (tests). */
export function tridiagonalSubtreeJobsOnPool(): number {
  return subtreeJobs;
}

/**
 * Rows/columns lo..lo+size of zt ← eigenvectors of the unreduced block there (d ascending within
 * each merged block). `ws` is null only when the block is a leaf.
 */
export function solveTridiagonalBlock(
  problem: TridiagonalProblem,
  lo: number,
  size: number,
  ws: TridiagonalMergeWorkspace | null,
): void {
  const { d, e, zt, ld, op } = problem;
  if (size <= TRIDIAGONAL_LEAF_SIZE || ws === null) {
    const local = new Float64Array(size * size);
    for (let i = 0; i < size; i++) local[i * size + i] = 1;
    tridiagonalQL(d.subarray(lo, lo + size), e.subarray(lo, lo + size - 1), local, size, op);
    for (let i = 0; i < size; i++) zt.set(local.subarray(i * size, i * size + size), (lo + i) * ld + lo);
    return;
  }
  const depth = subtreeDepth(size, [d, e, zt]);
  if (depth > 0) {
    solveInParallel(problem, lo, size, depth, ws);
    return;
  }
  const n1 = tear(d, e, lo, size);
  const beta = e[lo + n1 - 1]!;
  solveTridiagonalBlock(problem, lo, n1, ws);
  solveTridiagonalBlock(problem, lo + n1, size - n1, ws);
  mergeTridiagonalHalves(d, zt, ld, lo, n1, size, beta, op, ws);
}

/** Tears the block in the middle: |β| off the two diagonal entries it couples; returns the left size. */
function tear(d: Float64Array, e: Float64Array, lo: number, size: number): number {
  const n1 = size >> 1;
  const b = Math.abs(e[lo + n1 - 1]!);
  d[lo + n1 - 1] = d[lo + n1 - 1]! - b;
  d[lo + n1] = d[lo + n1]! - b;
  return n1;
}

/** The block's subtrees `depth` levels down on the pool, then the merges above them on the caller. */
function solveInParallel(
  problem: TridiagonalProblem,
  lo: number,
  size: number,
  depth: number,
  ws: TridiagonalMergeWorkspace,
): void {
  const { d, e, zt, ld, op } = problem;
  const subtrees: { first: number; size: number }[] = [];
  tearAbove(d, e, lo, size, depth, subtrees);
  const job: TridiagonalSubtreeJob = {
    d,
    dBefore: copyShared(d),
    e,
    eBefore: copyShared(e),
    zt,
    ld,
    subtrees,
    op,
    gemmPath: kernels.gemmPath(),
  };
  subtreeJobs++;
  runModuleParts(op, 'tridiagonalSubtree', job, subtrees.length, (p) => runTridiagonalSubtreePart(job, p, ws));
  mergeAbove(problem, lo, size, depth, ws);
}

/** The tears of the levels above the subtrees (the serial recursion's order), collecting them left to right. */
function tearAbove(
  d: Float64Array,
  e: Float64Array,
  lo: number,
  size: number,
  depth: number,
  out: { first: number; size: number }[],
): void {
  if (depth === 0 || size <= TRIDIAGONAL_LEAF_SIZE) {
    out.push({ first: lo, size });
    return;
  }
  const n1 = tear(d, e, lo, size);
  tearAbove(d, e, lo, n1, depth - 1, out);
  tearAbove(d, e, lo + n1, size - n1, depth - 1, out);
}

/** The merges of the levels above the subtrees, bottom-up (the serial recursion's order). */
function mergeAbove(
  problem: TridiagonalProblem,
  lo: number,
  size: number,
  depth: number,
  ws: TridiagonalMergeWorkspace,
): void {
  if (depth === 0 || size <= TRIDIAGONAL_LEAF_SIZE) return;
  const n1 = size >> 1;
  mergeAbove(problem, lo, n1, depth - 1, ws);
  mergeAbove(problem, lo + n1, size - n1, depth - 1, ws);
  const { d, zt, ld, op } = problem;
  mergeTridiagonalHalves(d, zt, ld, lo, n1, size, problem.e[lo + n1 - 1]!, op, ws);
}

/**
 * Solves subtree `part` of a job (the caller with its workspace, a worker with a new one): its
 * entries of d and e from dBefore and eBefore, its diagonal block of zt cleared, then the serial
 * recursion. Idempotent, so a part rerun after a worker failed gives the same result.
 */
export function runTridiagonalSubtreePart(
  job: TridiagonalSubtreeJob,
  part: number,
  ws?: TridiagonalMergeWorkspace,
): void {
  const { first: lo, size } = job.subtrees[part]!;
  const { d, e, zt, ld, op } = job;
  d.set(job.dBefore.subarray(lo, lo + size), lo);
  e.set(job.eBefore.subarray(lo, lo + size - 1), lo);
  for (let r = lo; r < lo + size; r++) zt.fill(0, r * ld + lo, r * ld + lo + size);
  const workspace = size > TRIDIAGONAL_LEAF_SIZE ? (ws ?? createTridiagonalMergeWorkspace(size)) : null;
  solveTridiagonalBlock({ d, e, zt, ld, op }, lo, size, workspace);
}
