/**
 * What the two divide-and-conquer trees (the SVD's bidiagonal one, svd/bidiagonalTree.ts, and
 * eigh's tridiagonal one, tridiagonalTree.ts) share to solve independent subtrees side by side:
 * how deep to cut a block into parallel parts, and a shared copy of a job's saved inputs (the job itself runs
 * through `runModuleParts`, threads/linalgModule.ts).
 */

import { getThreads, kernels } from '@svd/tensor';
import { isSharedMemory } from './isSharedMemory.js';

/**
 * A block of at least this many rows solves its subtrees in parallel (the same size from which a
 * merge's secular phases go to the pool). Measured on the bidiagonals of random n×n matrices,
 * D&C alone, 1 → 2 threads (medians of 40 pairs, load 6, autogroup −20): n = 256 9.7 → 8.0 ms,
 * 384 21.2 → 21.1, 512 43.0 → 28.7; smaller blocks have too little work per part to gain.
 */
export const SUBTREES_PARALLEL_MIN = 256;

/**
 * Whether a tree of n rows may solve subtrees on the pool (so its driver puts the arrays the
 * parts write in shared memory): n large enough, more than one thread, a usable pool.
 */
export function subtreesMayRunParallel(n: number): boolean {
  return n >= SUBTREES_PARALLEL_MIN && getThreads() > 1 && kernels.parallelTasksAvailable();
}

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

/** A copy of `a` in a new SharedArrayBuffer (a job's saved inputs, which reruns start from). */
export function copyShared(a: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(8 * a.length));
  out.set(a);
  return out;
}
