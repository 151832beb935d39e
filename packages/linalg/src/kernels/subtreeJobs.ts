/**
 * What the two divide-and-conquer trees (the SVD's bidiagonal one, svd/bidiagonalTree.ts, and
 * eigh's tridiagonal one, tridiagonalTree.ts) share to solve independent subtrees side by side:
 * how deep to cut a block into parallel parts, and one job of parts on the pool
 * (`kernels.runParallelTasks`) whose failures are raised only after every part has stopped.
 */

import { getThreads, kernels } from '@svd/tensor';
import { MERGE_MODULE } from '../threads/mergeModule.js';
import { isSharedMemory } from './isSharedMemory.js';

/**
 * A block of at least this many rows solves its subtrees in parallel (the same size from which a
 * merge's secular phases go to the pool). Measured on the bidiagonals of random n×n matrices,
 * D&C alone, 1 → 2 threads (medians of 40 pairs, load 6, autogroup −20): n = 256 9.7 → 8.0 ms,
 * 384 21.2 → 21.1, 512 43.0 → 28.7; smaller blocks have too little work per part to gain.
 */
export const SUBTREES_PARALLEL_MIN = 256;

/**
 * Levels of a block of n rows above its parallel subtrees (⌈log₂ threads⌉, fewer when the
 * subtrees would get small), or 0 to stay serial: too small, one thread, no usable pool (or
 * already inside a job), or an array the workers must write is not shared memory.
 */
export function subtreeDepth(n: number, arrays: readonly Float64Array[]): number {
  const threads = getThreads();
  if (n < SUBTREES_PARALLEL_MIN || threads < 2 || !kernels.parallelTasksAvailable()) return 0;
  if (!arrays.every(isSharedMemory)) return 0;
  let depth = 1;
  // deeper only while the subtrees stay large enough to be worth a part each
  while (1 << depth < threads && n >> (depth + 1) >= SUBTREES_PARALLEL_MIN >> 1) depth++;
  return depth;
}

/**
 * Runs `parts` parts of `job` as worker task `task` of the linalg worker module, the caller's
 * share by `runOnCaller`. A part a worker threw in is rerun on the caller, so every error is the
 * caller's; they are recorded (a throw would abandon the job while workers still write its
 * arrays) and the earliest part's is raised once all parts are done.
 */
export function runSubtreeJob(
  op: string,
  task: string,
  job: unknown,
  parts: number,
  runOnCaller: (part: number) => void,
): void {
  const failures: { part: number; err: unknown }[] = [];
  kernels.runParallelTasks(op, MERGE_MODULE, task, job, parts, (p) => {
    try {
      runOnCaller(p);
    } catch (err) {
      failures.push({ part: p, err });
    }
  });
  if (failures.length > 0) throw failures.reduce((x, y) => (y.part < x.part ? y : x)).err;
}

/** A copy of `a` in a new SharedArrayBuffer (a job's saved inputs, which reruns start from). */
export function copyShared(a: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(8 * a.length));
  out.set(a);
  return out;
}
