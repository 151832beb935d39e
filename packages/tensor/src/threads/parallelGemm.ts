/**
 * The parallel dispatch in front of `gemm` and `complexGemm`. A product large enough to gain
 * (`crossover.ts`) is cut into chunks of whole rows (or, for a wide C, whole columns) of C
 * (`gemmChunkPlan.ts`); the caller and the pool workers claim chunks and run the serial kernel on
 * each (`gemmTask.ts`). k is never split, so every element of C is one kernel's full k-sum in the
 * kernel's own order: the result has the same bits for every thread count.
 *
 * Bits stay the same only if each chunk takes the same kind of path as the whole product (the
 * unpacked loops of small products sum in a different order from the packed kernels). Products
 * below the crossover stay serial and every chunk does at least MIN_CHUNK_WORK multiply-adds with
 * at least 2 rows and columns, far above the kernels' small-product thresholds (4096 real, 2048
 * complex), so whole product and chunks are all packed (JS and wasm packed paths agree bit for bit).
 *
 * Staging: workers cannot see ordinary typed arrays. The chunks are published from the back, each
 * with its own part of the operand it reads in part (A for a split by rows, B by columns; and of
 * C when beta ≠ 0) copied into the reused shared scratch. The operand every chunk reads in full
 * goes in as well: a real product split by rows has its B packed once, into the panel layout the
 * kernel uses (`gemmPanels.ts`), right after the first chunk is published — that chunk's worker
 * starts on the first block while the caller packs the others — and every chunk, the caller's
 * too, copies B's blocks from there instead of packing B again; other products copy the operand
 * (B by rows, A by columns) before publishing. The caller's front chunk is never copied: the
 * caller runs it on its own arrays. Chunks the workers finish are copied back by the caller
 * between its own chunks (`threadPool.ts`, ChunkStaging) — unless C is shared memory, as the
 * result of a `matmul` that goes parallel is (`sharedOutputPays`): then workers write it in place.
 * Operands already in a SharedArrayBuffer are read in place.
 */
import { complexGemm } from '../kernels/complexGemm.js';
import { ZNC } from '../kernels/complexGemmWasm.js';
import { gemm, packedGemm } from '../kernels/gemm.js';
import { type WholePackedB, packWholeB, packedBLength } from '../kernels/gemmPanels.js';
import type { ComplexScalar, GemmOutput, RealArray, StridedOperand } from '../kernels/gemmOperand.js';
import { NC, gemmPath } from '../kernels/gemmWasm.js';
import { worthParallel } from './crossover.js';
import { stagedBounds } from './gemmChunkPlan.js';
import { ThreadError } from '../errors.js';
import { type GemmJob, type GemmKernels, chunkTouched, runGemmChunk } from './gemmTask.js';
import { taskJobActive } from './parallelTasks.js';
import { copyBlockIn, copyRows, isShared, sharedView } from './sharedOperands.js';
import { scratchBuffer } from './sharedScratch.js';
import { getThreads, isPoolWorker } from './threadConfig.js';
import { type ChunkStaging, poolUsable, runJob } from './threadPool.js';

export { PARALLEL_MIN, ZPARALLEL_MIN } from './crossover.js';
export { chunkBounds } from './gemmChunkPlan.js';

/** Stands for B when a job carries B packed (nothing of the caller's B is posted to the workers). */
const NO_OPERAND: StridedOperand = { data: new Float64Array(0), offset: 0, rowStride: 0, colStride: 0 };
/** Sizes the packed B's place in the scratch (float64 panels). */
const PACKED = new Float64Array(0);

/** Every chunk does at least this much work (keeps chunks on the packed path; see above). */
const MIN_CHUNK_WORK = 1 << 15;

const KERNELS: GemmKernels = { gemm, packedGemm, complexGemm };

let active = false;
let crossoverScale = 1;

/**
 * Benchmark hook (exported as `internal.gemmParallelTesting`; not semver-stable): scales the
 * crossover so that products below it run on the pool too, to measure where threads start to pay.
 *
 * @example
 * internal.gemmParallelTesting.setCrossoverScale(0); // every product with ≥ 2 chunks goes parallel
 */
export const gemmParallelTesting = {
  setCrossoverScale(scale: number): void {
    crossoverScale = scale;
  },
};

/**
 * Whether a product may go to the pool now: not from inside a chunk (`active`: the chunks
 * themselves call gemm), nor while the workers are busy with the parts of a parallel task job (a
 * batch of decompositions) whose caller-side part this is, nor in a worker.
 */
function poolFree(): boolean {
  return !active && !taskJobActive() && !isPoolWorker() && poolUsable();
}

/**
 * Whether an m×k·k×n product (beta = 0) would run on the pool now if its C were in shared
 * memory, A and B being in shared memory or not as given. `matmul` then allocates its result in
 * a SharedArrayBuffer, so that workers write their chunks in place: no copy back through the
 * caller, and each thread takes the page faults of the fresh memory it writes (measured: 8.8 ms
 * of a 1024² product's 82 ms on one thread go to allocating and first touching the 8 MB result).
 */
export function sharedOutputPays(
  complex: boolean,
  m: number,
  n: number,
  k: number,
  aShared: boolean,
  bShared: boolean,
): boolean {
  if (m < 2 || n < 2 || !poolFree()) return false;
  const work = m * n * k;
  if (Math.floor(work / MIN_CHUNK_WORK) < 2) return false;
  return worthParallel(complex, work, (aShared ? 0 : m * k) + (bShared ? 0 : k * n), crossoverScale);
}

/**
 * Runs C ← alpha·A·B + beta·C on the pool when it is worth it; returns false (having done
 * nothing) when the caller should run the serial kernel. Operands are already checked.
 * `lowerBlock` > 0: only the lower block triangle (`gemmLowerBlocks`), split by whole blocks.
 */
export function parallelGemm(
  complex: boolean,
  m: number,
  n: number,
  k: number,
  alpha: ComplexScalar,
  a: StridedOperand,
  b: StridedOperand,
  beta: ComplexScalar,
  c: GemmOutput,
  lowerBlock = 0,
): boolean {
  if (!poolFree() || m < 2 || n < 2) return false;
  const cShared = isShared(c.data);
  const work = lowerBlock > 0 ? lowerBlockWork(m, n, k, lowerBlock, 0, m) : m * n * k;
  const cValues = lowerBlock > 0 ? work / k : m * n;
  const copies = (isShared(a.data) ? 0 : m * k) + (isShared(b.data) ? 0 : k * n) + (cShared ? 0 : 2 * cValues);
  if (!worthParallel(complex, work, copies, crossoverScale)) return false;
  const threads = getThreads();
  let splitRows = true;
  let bounds: number[];
  if (lowerBlock > 0) {
    bounds = lowerBlockBounds(m, n, k, lowerBlock, threads);
  } else {
    if (Math.floor(work / MIN_CHUNK_WORK) < 2) return false;
    const rowBounds = stagedBounds(m, threads, Math.ceil(MIN_CHUNK_WORK / (n * k)));
    const colBounds = stagedBounds(n, threads, Math.ceil(MIN_CHUNK_WORK / (m * k)));
    // Rows unless columns repack at most half as much: at 1024³ the row split measured 63–65 ms
    // against 69–73 ms for columns (2 threads), though the estimates favour columns by 3 : 4 —
    // row chunks copy, stage and collect C in contiguous blocks, column chunks in short rows.
    splitRows =
      colBounds.length < 3 ||
      (rowBounds.length >= 3 && rowCost(rowBounds, n) <= 2 * colCost(colBounds, m, n, complex ? ZNC : NC));
    bounds = splitRows ? rowBounds : colBounds;
  }
  if (bounds.length < 3) return false;
  const chunks = bounds.length - 1;

  // Shared scratch: A, B and C in row-major layout at their full sizes (only parts get written);
  // operands already in shared memory are used where they are.
  const width = complex ? 2 : 1;
  let bytes = 0;
  const place = (x: RealArray, elements: number): number => {
    const at = bytes;
    bytes += Math.ceil((elements * width * x.BYTES_PER_ELEMENT) / 8) * 8;
    return at;
  };
  // A real product split by rows packs B once for all chunks (the chunks copy its blocks): each
  // chunk packing all of B itself cost 1.5–1.9 ms per chunk at 1024² (4 chunks for 2 threads).
  const packB = !complex && splitRows && lowerBlock === 0;
  const aAt = isShared(a.data) ? -1 : place(a.data, m * k);
  const bAt = packB || isShared(b.data) ? -1 : place(b.data, k * n);
  const packedAt = packB ? place(PACKED, packedBLength(k, n)) : -1;
  const cAt = cShared ? -1 : place(c.data, m * n);
  // An in-place C that the product reads: a failed worker's chunk can be rerun only if it had not started.
  const inPlace = cShared && (complex ? beta[0] !== 0 || beta[1] !== 0 : beta[0] !== 0);
  const buf = scratchBuffer(bytes);
  const shared = (x: StridedOperand, at: number, rows: number, cols: number): StridedOperand =>
    at < 0
      ? x
      : {
          data: sharedView(x.data, buf, at, rows * cols * width),
          offset: 0,
          rowStride: cols,
          colStride: 1,
          ...(x.conj === true ? { conj: true } : {}),
        };
  const sa = shared(a, aAt, m, k);
  const sb: StridedOperand = packB ? NO_OPERAND : shared(b, bAt, k, n);
  const packed: WholePackedB | null = packB
    ? { data: new Float64Array(buf, packedAt, packedBLength(k, n)), ready: new Int32Array(new SharedArrayBuffer(4)) }
    : null;
  const sc: GemmOutput = cAt < 0 ? c : { data: sharedView(c.data, buf, cAt, m * n * width), offset: 0, rowStride: n };
  const readsC = cAt >= 0 && (complex ? beta[0] !== 0 || beta[1] !== 0 : beta[0] !== 0);

  const publishOrder: number[] = [];
  for (let ch = chunks - 1; ch >= 1; ch--) publishOrder.push(ch);
  // Columns of C a chunk of rows [lo, hi) touches (the lower block triangle stops at hi).
  const colsOf = (hi: number) => (lowerBlock > 0 ? Math.min(n, hi) : n);
  const staging: ChunkStaging = {
    publishOrder,
    // The operand every chunk reads in full goes in first (while the workers wake up); each chunk
    // brings its own part of the other. B packed whole comes right after the first published
    // chunk: its worker starts on the first block while the caller packs the others.
    shareCommon() {
      if (splitRows && bAt >= 0) copyBlockIn(b, 0, k, 0, n, width, sb.data, n);
      if (!splitRows && aAt >= 0) copyBlockIn(a, 0, m, 0, k, width, sa.data, k);
    },
    afterFirstPublish() {
      if (packed === null) return;
      try {
        packWholeB(packed, b, k, n);
      } catch (err) {
        // never leave a worker waiting for a block (the job is abandoned: runJob cancels it)
        Atomics.store(packed.ready, 0, 0x3fffffff);
        Atomics.notify(packed.ready, 0);
        throw err;
      }
    },
    publish(ch) {
      const lo = bounds[ch]!;
      const hi = bounds[ch + 1]!;
      if (splitRows) {
        if (aAt >= 0) copyBlockIn(a, lo, hi, 0, k, width, sa.data, k);
        if (readsC)
          copyRows(
            c.data,
            c.offset + lo * c.rowStride,
            c.rowStride,
            sc.data,
            lo * n,
            n,
            hi - lo,
            colsOf(hi) * width,
            width,
          );
      } else {
        if (bAt >= 0) copyBlockIn(b, 0, k, lo, hi, width, sb.data, n);
        if (readsC) copyRows(c.data, c.offset + lo, c.rowStride, sc.data, lo, n, m, (hi - lo) * width, width);
      }
    },
    collect(ch) {
      if (cAt < 0) return; // the worker wrote C in place
      const lo = bounds[ch]!;
      const hi = bounds[ch + 1]!;
      if (splitRows)
        copyRows(
          sc.data,
          lo * n,
          n,
          c.data,
          c.offset + lo * c.rowStride,
          c.rowStride,
          hi - lo,
          colsOf(hi) * width,
          width,
        );
      else copyRows(sc.data, lo, n, c.data, c.offset + lo, c.rowStride, m, (hi - lo) * width, width);
    },
  };

  const job: GemmJob = {
    complex,
    m,
    n,
    k,
    alpha,
    beta,
    a: sa,
    b: sb,
    c: sc,
    splitRows,
    bounds,
    lowerBlock,
    path: gemmPath(),
    packedB: packed,
    inPlace: inPlace ? { started: new Int32Array(new SharedArrayBuffer(4 * chunks)) } : null,
  };
  active = true;
  try {
    const onCaller = (ch: number) => {
      if (chunkTouched(job, ch)) {
        // only for the chunk of a worker that failed after it began to update C in place
        throw new ThreadError(
          complex ? 'complexGemm' : 'gemm',
          'a worker thread failed while updating its part of C in shared memory; C is partly updated',
        );
      }
      runGemmChunk(job, ch, KERNELS, a, b, c);
    };
    runJob(complex ? 'complexGemm' : 'gemm', 'gemm', job, chunks, onCaller, staging);
  } finally {
    active = false;
  }
  return true;
}

/** Multiply-adds of the lower-block-triangle rows [lo, hi) (lo a multiple of the block). */
function lowerBlockWork(m: number, n: number, k: number, block: number, lo: number, hi: number): number {
  let work = 0;
  for (let r0 = lo; r0 < hi; r0 += block) {
    const rows = Math.min(block, hi - r0, m - r0);
    work += rows * Math.min(n, r0 + rows) * k;
  }
  return work;
}

/**
 * Chunks of whole blocks for the lower block triangle, in the large–small–large layout of
 * `gemmChunkPlan.ts` measured in work (the blocks get wider down the triangle).
 */
function lowerBlockBounds(m: number, n: number, k: number, block: number, threads: number): number[] {
  const blocks = Math.ceil(m / block);
  const total = lowerBlockWork(m, n, k, block, 0, m);
  const shares = [3, ...new Array<number>(threads).fill(1), ...new Array<number>(threads - 1).fill(3)];
  const bounds = [0];
  let target = 0;
  let done = 0;
  let b = 0;
  for (const s of shares.slice(0, -1)) {
    target += (s * total) / (4 * threads);
    // advance whole blocks while the cut gets closer to the target
    while (b < blocks - 1) {
      const w = lowerBlockWork(m, n, k, block, b * block, Math.min(m, (b + 1) * block));
      if (Math.abs(done + w - target) > Math.abs(done - target)) break;
      done += w;
      b++;
    }
    if (b * block > bounds[bounds.length - 1]!) bounds.push(b * block);
  }
  bounds.push(m);
  return bounds;
}

/**
 * Extra packing plus copying of a split by rows, in units of k: every chunk after the first
 * repacks all of B (k·n), and B is copied once.
 */
function rowCost(bounds: readonly number[], n: number): number {
  return (bounds.length - 1) * n;
}

/**
 * The same for a split by columns: the kernel packs A once per NC-wide column block anyway, so a
 * chunk costs an A repack (k·m) only for each block beyond those; A is copied once.
 */
function colCost(bounds: readonly number[], m: number, n: number, nc: number): number {
  let packs = 0;
  for (let ch = 0; ch + 1 < bounds.length; ch++) packs += Math.ceil((bounds[ch + 1]! - bounds[ch]!) / nc);
  return (packs - Math.ceil(n / nc) + 1) * m;
}
