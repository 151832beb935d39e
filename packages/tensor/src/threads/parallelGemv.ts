/**
 * The matrix–vector products of the blocked reductions (`kernels.addTransposedProduct`,
 * `kernels.rowProducts`) on the thread pool. They run on the kept gemv workspace, whose memory
 * is a shared WebAssembly memory: the workers instantiate the same kernels on it
 * (`gemvWasm.ts`, `gemvOnMemory`), so nothing is copied in or out.
 *
 * Split by outputs: y += Aᵀ·v by ranges of columns of y, x = A·u by ranges of rows of x. Every
 * output element is summed by one serial kernel call in the kernel's fixed order, which does not
 * depend on where the range starts or ends, so the bits are the same for every thread count and
 * chunking (1 thread included).
 *
 * A chunk of y += Aᵀ·v updates y in place; the caller keeps y's old values, so a chunk of a
 * worker that died or threw is rerun from them.
 */
import { sharedGemvMemory, sharedGemvMemoryId } from '../kernels/gemvWasm.js';
import { type GemvJob, type GemvKind, type GemvSerial, runGemvChunk } from './gemvTask.js';
import { taskJobActive } from './parallelTasks.js';
import { getThreads, isPoolWorker } from './threadConfig.js';
import { poolUsable, runJob } from './threadPool.js';

/**
 * A product goes to the pool from this many multiply-adds on (rows·cols, ≈ 362²; BENCHMARKS.md,
 * threads, 2026-12-06). A 256² product takes ≈ 8 µs on one thread, about what posting a job and
 * collecting the worker's chunks costs even with the worker awake; from ≈ 512² (≈ 34 µs) on the
 * split can pay. In a 1024² reduction the products below this bound are 4% of the gemv work
 * and a third of its columns' jobs.
 */
export const GEMV_PARALLEL_MIN = 1 << 17;

/** Every chunk has at least this many multiply-adds. */
const MIN_CHUNK_WORK = 1 << 14;

/** Chunks per thread: small enough that a late worker leaves little for the caller to wait on (it takes the unclaimed ones). */
const CHUNKS_PER_THREAD = 4;

let crossoverScale = 1;
let jobs = 0;

/**
 * Test and benchmark hook (exported as `internal.gemvParallelTesting`; not semver-stable): scales
 * the crossover so that small products run on the pool too.
 *
 * @example
 * internal.gemvParallelTesting.setCrossoverScale(0); // every product with ≥ 2 chunks goes parallel
 */
export const gemvParallelTesting = {
  /** Also clears the back-off state (see `judge`), so a test starts from the pool. */
  setCrossoverScale(scale: number): void {
    crossoverScale = scale;
    paused = 0;
    judged = 0;
    late = 0;
  },
  /** Products run on the pool since load. */
  jobsRun(): number {
    return jobs;
  },
};

/** Output boundaries: `chunks` nearly equal ranges of `length`, inner boundaries on multiples of `align`. */
function outputBounds(length: number, chunks: number, align: number): number[] {
  const bounds = [0];
  for (let c = 1; c < chunks; c++) {
    const b = Math.round((c * length) / chunks / align) * align;
    if (b > bounds[bounds.length - 1]! && b < length) bounds.push(b);
  }
  bounds.push(length);
  return bounds;
}

/**
 * Runs the product on the pool when `data` is the kept shared workspace and the product is large
 * enough; returns false (having done nothing) when the caller should run `serial` itself.
 */
export function parallelGemv(
  kind: GemvKind,
  data: Float64Array,
  aOff: number,
  lda: number,
  rows: number,
  cols: number,
  vecOff: number,
  outOff: number,
  serial: GemvSerial,
): boolean {
  const work = rows * cols;
  if (work < crossoverScale * GEMV_PARALLEL_MIN || taskJobActive() || isPoolWorker() || !poolUsable()) return false;
  const memory = sharedGemvMemory(data);
  if (memory === null || (crossoverScale > 0 && backingOff())) return false;
  const length = kind === 'rows' ? rows : cols;
  const want = Math.min(CHUNKS_PER_THREAD * getThreads(), Math.floor(work / MIN_CHUNK_WORK), length >> 2);
  if (want < 2) return false;
  const bounds = outputBounds(length, want, kind === 'rows' ? 4 : 2);
  if (bounds.length < 3) return false;
  const job: GemvJob = {
    kind,
    memory,
    memoryId: sharedGemvMemoryId(),
    doubles: data.length,
    aOff,
    lda,
    rows,
    cols,
    vecOff,
    outOff,
    bounds,
  };
  // y += Aᵀ·v accumulates in place: keep y so that any chunk can be rerun (by the caller, when a
  // worker died or threw), its range restored first. x = A·u overwrites: nothing to keep.
  const saved = kind === 'cols' ? data.slice(outOff, outOff + cols) : null;
  jobs++;
  let own = 0;
  let ownEnd = 0;
  runJob('gemv', 'gemv', job, bounds.length - 1, (c) => {
    const t0 = performance.now();
    if (saved !== null) data.set(saved.subarray(bounds[c]!, bounds[c + 1]!), outOff + bounds[c]!);
    runGemvChunk(job, c, data, serial);
    ownEnd = performance.now();
    own += ownEnd - t0;
  });
  // a caller that ran no chunk was not kept waiting by slow workers (and ownEnd is unset)
  if (own > 0) judge(performance.now() - ownEnd, own);
  return true;
}

/**
 * Back-off when the workers do not keep up. These jobs are short (tens of µs), so on a machine
 * with more runnable threads than cores a worker that is descheduled in the middle of its chunk
 * makes the caller wait for a whole time slice, many times the product. A job is "late" when the
 * caller, done with its own chunks, waited longer than it computed; when LATE_LIMIT of the last
 * WINDOW jobs were late, the next PAUSE products stay on the caller (then the pool is tried
 * again). Only where the work runs changes, never the results.
 */
const WINDOW = 32;
const LATE_LIMIT = 8;
const PAUSE = 512;
let judged = 0;
let late = 0;
let paused = 0;

function judge(waited: number, own: number): void {
  if (waited > own) late++;
  if (++judged < WINDOW) return;
  if (late >= LATE_LIMIT) paused = PAUSE;
  judged = 0;
  late = 0;
}

/** Whether the back-off keeps this product on the caller (counts the paused products down). */
function backingOff(): boolean {
  if (paused === 0) return false;
  paused--;
  return true;
}
