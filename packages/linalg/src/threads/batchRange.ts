/**
 * A batch split into parts of contiguous whole matrices, and one part's run: the part's matrices
 * are read from the shared input, decomposed by `matricesInto` (the code the serial loop runs;
 * small real SVDs two at a time, with the bits of one at a time) and their outputs written into
 * their slots of the shared outputs. The caller and the pool
 * workers (`workerEntry.ts`) run parts with this same function, so the bits do not depend on who
 * computed a matrix, nor on the number of threads.
 */
import type { kernels } from '@svd/tensor';
import { type BatchTask, type MatrixFailure, type MatrixGeometry, matricesInto } from './batchTasks.js';

/** A batch job in shared memory (structured-cloned to the workers: plain data and shared views). */
export interface BatchJob extends MatrixGeometry {
  readonly task: BatchTask;
  /** count matrices of rows·cols·width reals each, back to back. */
  readonly input: Float64Array;
  /** One array per output: count slots of `sizes[i]` reals. */
  readonly outputs: readonly Float64Array[];
  readonly sizes: readonly number[];
  /** Part p covers matrices [bounds[p], bounds[p + 1]). */
  readonly bounds: readonly number[];
  /** The caller's GEMM path, applied in the workers too. */
  readonly gemmPath: kernels.GemmPath;
}

/**
 * Boundaries of contiguous ranges over `count` matrices for `threads` threads, guided
 * self-scheduling (Polychronopoulos & Kuck 1987, as OpenMP's `schedule(guided)`): each range is
 * 1/(2·threads) of the matrices still unassigned, at least `minSize`. Early ranges are large
 * (few claims), the last ones small, so the threads finish close together even when one of them
 * started late or was slowed by other load.
 */
export function batchBounds(count: number, threads: number, minSize: number): number[] {
  const bounds = [0];
  for (let lo = 0; lo < count; ) {
    lo = Math.min(count, lo + Math.max(minSize, 1, Math.ceil((count - lo) / (2 * threads))));
    bounds.push(lo);
  }
  return bounds;
}

/**
 * Computes the matrices of part `part` into their output slots, up to the first that fails (its
 * index and error are returned; null when all succeed).
 */
export function runPartCollecting(job: BatchJob, part: number): MatrixFailure | null {
  return matricesInto(job.task, job, job.input, job.outputs, job.sizes, job.bounds[part]!, job.bounds[part + 1]!);
}

/** Runs part `part` (throws at its first failing matrix; a worker's failed part is rerun by the caller). */
export function runPart(job: BatchJob, part: number): void {
  const failure = runPartCollecting(job, part);
  if (failure !== null) throw failure.err;
}
