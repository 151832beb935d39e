/**
 * A batch split into parts of contiguous whole matrices, and one part's run: each matrix of the
 * part is read from the shared input, decomposed by `matrixResults` (the code the serial loop
 * runs) and its outputs written into their slots of the shared outputs. The caller and the pool
 * workers (`workerEntry.ts`) run parts with this same function, so the bits do not depend on who
 * computed a matrix, nor on the number of threads.
 */
import type { kernels } from '@svd/tensor';
import { type BatchTask, type MatrixGeometry, matrixResults } from './batchTasks.js';

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
 * Boundaries of `parts` contiguous ranges over `count` matrices, as equal as possible (the first
 * `count mod parts` ranges one longer).
 */
export function batchBounds(count: number, parts: number): number[] {
  const p = Math.max(1, Math.min(parts, count));
  const base = Math.floor(count / p);
  const extra = count % p;
  const bounds = [0];
  for (let i = 0; i < p; i++) bounds.push(bounds[i]! + base + (i < extra ? 1 : 0));
  return bounds;
}

/** Computes matrix k of the job into its output slots. */
export function runMatrix(job: BatchJob, k: number): void {
  const size = job.rows * job.cols * job.width;
  const results = matrixResults(job.task, job, job.input.subarray(k * size, (k + 1) * size));
  for (let i = 0; i < job.outputs.length; i++) {
    const s = job.sizes[i]!;
    job.outputs[i]!.set(results[i]!.subarray(0, s), k * s);
  }
}

/** Runs part `part` (throws at its first failing matrix; a worker's failed part is rerun by the caller). */
export function runPart(job: BatchJob, part: number): void {
  for (let k = job.bounds[part]!; k < job.bounds[part + 1]!; k++) runMatrix(job, k);
}
