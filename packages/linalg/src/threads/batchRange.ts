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
 * Boundaries of contiguous ranges over `count` matrices for `threads` threads: guided
 * self-scheduling (Polychronopoulos & Kuck 1987, as OpenMP's `schedule(guided)`: each range
 * 1/(2·threads) of the matrices still unassigned, at least `minSize`), laid out from both ends for
 * the claiming order of the pool (`jobProtocol.ts`: the caller claims from the front, the workers
 * from the back). Each range goes to the end whose threads would, at equal speeds, claim next —
 * the caller's alone, the workers' together — so both ends start with large ranges and the
 * smallest ones meet in the middle, where the threads finish: they end within about one small
 * range of each other even when one started late or was slowed by other load. (Guided ranges laid
 * out from the front only gave the workers the smallest ranges first and left a mid-sized range
 * — a tenth of the batch — as the last one claimed.)
 */
export function batchBounds(count: number, threads: number, minSize: number): number[] {
  const front: number[] = [];
  const back: number[] = [];
  let callerLoad = 0;
  let workerLoad = 0;
  const workers = Math.max(1, threads - 1);
  for (let left = count; left > 0; ) {
    const size = Math.min(left, Math.max(minSize, 1, Math.ceil(left / (2 * threads))));
    if (callerLoad * workers <= workerLoad) {
      front.push(size);
      callerLoad += size;
    } else {
      back.push(size);
      workerLoad += size;
    }
    left -= size;
  }
  const bounds = [0];
  for (const size of [...front, ...back.reverse()]) bounds.push(bounds[bounds.length - 1]! + size);
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
