/**
 * The batch loop of the decompositions: every matrix of a batch through `matrixResults`, one
 * matrix per thread. A batch large enough to gain is split into parts of contiguous whole
 * matrices (`batchRange.ts`) that the caller and the pool workers claim
 * (`kernels.runParallelTasks`, the workers running this package's kernels from the bundled
 * `workerModule.generated.ts`); input and outputs live in shared memory. Smaller batches — and
 * every batch where workers cannot run the module (one thread, a browser main thread, no
 * cross-origin isolation, a CSP without 'unsafe-eval') — run serially. Both ways each matrix is
 * computed by the same code, so the results have the same bits for every thread count.
 *
 * Errors keep the serial semantics: the error raised is the one of the first failing matrix in
 * batch order, relabelled like the serial loop's (" at batch element k").
 */
import { getThreads, kernels } from '@svd/tensor';
import { type MatrixBatch, Stack, forEachMatrix } from '../batch.js';
import { relabelLinAlgError } from '../errors.js';
import { type BatchJob, batchBounds, runPartCollecting } from './batchRange.js';
import { type BatchTask, type MatrixFailure, matricesInto, matrixResults, outputSizes } from './batchTasks.js';
import { LINALG_MODULE } from './linalgModule.js';

/**
 * A batch goes parallel from this much work (Σ m·n·min(m, n) over the batch, complex counted 4×)
 * on. From the measured cost of a parallel batch on the 2-core project machine (BENCHMARKS.md,
 * threads: batch crossover): 20–150 µs more CPU per call, and ~1 ms until a worker (woken by a
 * message) starts its first part. 2¹⁹ is ≈ 3.3 ms of svd on one thread (16 matrices of 32²),
 * so that cost stays a small part of the work.
 */
export const BATCH_PARALLEL_MIN = 1 << 19;

/** Every part does at least this much work (≈ 0.4 ms of svd; a claim costs a few µs). */
const MIN_PART_WORK = 1 << 16;

/** Shared input arenas above this size are not kept between calls. */
const KEEP_BYTES = 64 * 1024 * 1024;

let arena: SharedArrayBuffer | null = null;
let crossoverScale = 1;

/**
 * Test and benchmark hook (exported as `kernels.batchParallelTesting`; not semver-stable):
 * scales the crossover so that small batches run on the pool too.
 *
 * @example
 * kernels.batchParallelTesting.setCrossoverScale(0); // every batch of ≥ 2 matrices goes parallel
 */
export const batchParallelTesting = {
  setCrossoverScale(scale: number): void {
    crossoverScale = scale;
  },
};

/** The estimated work of one matrix (multiply-add count up to a constant factor). */
function matrixWork(b: MatrixBatch): number {
  return b.rows * b.cols * Math.min(b.rows, b.cols) * (b.width === 2 ? 4 : 1);
}

/** The parts of a parallel run (guided: shrinking ranges of whole matrices), or null to stay serial. */
function partBounds(b: MatrixBatch): number[] | null {
  if (b.count < 2) return null;
  const each = matrixWork(b);
  if (b.count * each < crossoverScale * BATCH_PARALLEL_MIN || !kernels.parallelTasksAvailable()) return null;
  const minSize = crossoverScale === 0 ? 1 : Math.ceil(MIN_PART_WORK / each);
  const bounds = batchBounds(b.count, getThreads(), minSize);
  return bounds.length > 2 ? bounds : null;
}

/**
 * Applies `task` to every matrix of the batch: one array per output (in the task's output
 * order), `count` slots of the output's size each. The SVD writes every matrix's results
 * straight into these (batchTasks.ts: matrixResultsInto); for the other decompositions a single
 * matrix's kernel buffers are returned as they are (nothing copied).
 */
export function mapBatch(b: MatrixBatch, task: BatchTask): Float64Array[] {
  const sizes = outputSizes(task, b);
  const bounds = partBounds(b);
  if (bounds === null && task.kind === 'svd') {
    const outputs = sizes.map((s) => new Float64Array(b.count * s));
    const failure = matricesInto(task, b, b.data, outputs, sizes, 0, b.count);
    if (failure !== null) throw relabelLinAlgError(failure.err, b.op, b.batchShape.length > 0 ? failure.k : undefined);
    return outputs;
  }
  if (bounds === null) {
    const stacks = sizes.map((s) => new Stack(b.count, s));
    forEachMatrix(b, (a, k) => {
      const results = matrixResults(task, b, a);
      for (let i = 0; i < stacks.length; i++) stacks[i]!.put(k, results[i]!);
    });
    return stacks.map((s) => s.data());
  }
  return parallelMap(b, task, sizes, bounds);
}

function parallelMap(b: MatrixBatch, task: BatchTask, sizes: readonly number[], bounds: number[]): Float64Array[] {
  const inLength = b.count * b.rows * b.cols * b.width;
  const input = new Float64Array(sharedArena(8 * inLength), 0, inLength);
  input.set(b.data.subarray(0, inLength));
  // The outputs are fresh shared memory, returned as they are: the threads write their matrices'
  // results in place (and take the page faults of the memory they write), and the caller copies
  // nothing out. (Copied out of a reused arena, the results cost the caller alone, after the
  // parallel part, a copy into fresh memory and that memory's page faults.)
  const outputs = sizes.map((s) => new Float64Array(new SharedArrayBuffer(8 * b.count * s)));
  const job: BatchJob = {
    task,
    rows: b.rows,
    cols: b.cols,
    width: b.width,
    input,
    outputs,
    sizes,
    bounds,
    gemmPath: kernels.gemmPath(),
  };
  // The caller records the first failing matrix of each part instead of throwing (a throw would
  // abandon the job while workers still write to it); the earliest in batch order is raised.
  const failures: MatrixFailure[] = [];
  try {
    kernels.runParallelTasks(b.op, LINALG_MODULE, 'batch', job, job.bounds.length - 1, (p) => {
      const failure = runPartCollecting(job, p);
      if (failure !== null) failures.push(failure);
    });
  } catch (err) {
    arena = null; // a stalled worker may still write into it
    throw err;
  }
  if (failures.length > 0) {
    const first = failures.reduce((x, y) => (y.k < x.k ? y : x));
    throw relabelLinAlgError(first.err, b.op, b.batchShape.length > 0 ? first.k : undefined);
  }
  return outputs;
}

function sharedArena(bytes: number): SharedArrayBuffer {
  if (arena !== null && arena.byteLength >= bytes) return arena;
  const buf = new SharedArrayBuffer(Math.max(bytes, 1 << 16));
  if (bytes <= KEEP_BYTES) arena = buf;
  return buf;
}
