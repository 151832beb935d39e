/**
 * The secular phases of a large divide-and-conquer merge (eigh's tridiagonal, svd's bidiagonal) on the thread pool
 * (`kernels.runParallelTasks` with this package's worker module, task `secular`): parts of
 * contiguous outputs (roots, ẑ entries, secular vectors), each computed by the same code on the
 * caller or a worker (`tridiagonalSecularParts.ts`), so the same bits for every thread count.
 * Small merges, and merges where the pool cannot run the module, run the parts in order here.
 */
import { getThreads, kernels } from '@svd/tensor';
import { runModuleParts } from '../threads/linalgModule.js';
import { type BidiagonalSecularJob, runBidiagonalSecularPart } from './svd/bidiagonalSecularParts.js';
import { type SecularPhaseJob, runSecularPart } from './tridiagonalSecularParts.js';

/** A phase of either merge: the tridiagonal eigensolver's or the bidiagonal SVD's. */
export type SecularJob = SecularPhaseJob | BidiagonalSecularJob;

/** Runs part `part` of either kind of phase (the workers' `secular` task calls this too). */
export function runSecularJobPart(job: SecularJob, part: number): void {
  if ('merge' in job) runBidiagonalSecularPart(job, part);
  else runSecularPart(job, part);
}

/** A merge goes parallel from this many kept poles on (k² work per phase; smaller merges gain nothing). */
export const SECULAR_PARALLEL_MIN = 256;

let phasesOnPool = 0;

/** Secular phases run on the pool since load (tests). */
export function secularPhasesOnPool(): number {
  return phasesOnPool;
}

/** Parts per thread (the caller takes a late worker's parts). */
const PARTS_PER_THREAD = 4;

/** Whether a merge over k kept poles runs its secular phases on the pool (its arrays must then be shared). */
export function secularParallel(k: number): boolean {
  return k >= SECULAR_PARALLEL_MIN && getThreads() > 1 && kernels.parallelTasksAvailable();
}

/** Part boundaries over k outputs: equal ranges, `parts` of them. */
export function secularBounds(k: number, parallel: boolean): number[] {
  const parts = parallel ? Math.min(PARTS_PER_THREAD * getThreads(), k >> 4) : 1;
  const bounds = [0];
  for (let p = 1; p < parts; p++) bounds.push(Math.round((p * k) / parts));
  bounds.push(k);
  return bounds;
}

/**
 * Runs every part of `job` (on the pool when `parallel`); a root that failed to converge is
 * raised as SecularRootError for the first failing part (roots are in order within a part).
 */
export function runSecularPhase(op: string, job: SecularJob, parallel: boolean): void {
  const parts = job.bounds.length - 1;
  if (!parallel) {
    for (let p = 0; p < parts; p++) runSecularJobPart(job, p);
    return;
  }
  phasesOnPool++;
  runModuleParts(op, 'secular', job, parts, (p) => runSecularJobPart(job, p));
}

/** A zeroed vector of n doubles, over a SharedArrayBuffer when the pool could run parallel phases. */
export function sharedVector(n: number): Float64Array {
  if (n >= SECULAR_PARALLEL_MIN && kernels.parallelTasksAvailable()) {
    return new Float64Array(new SharedArrayBuffer(8 * n));
  }
  return new Float64Array(n);
}
