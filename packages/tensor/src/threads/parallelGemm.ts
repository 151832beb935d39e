/**
 * The parallel dispatch in front of `gemm` and `complexGemm`. A product large enough to gain is
 * cut into chunks of whole rows (or, for a wide C, whole columns) of C; the caller and the pool
 * workers claim chunks and run the serial kernel on each (`gemmTask.ts`). k is never split, so
 * every element of C is one kernel's full k-sum in the kernel's own order: the result has the
 * same bits for every thread count.
 *
 * Bits stay the same only if each chunk takes the same kind of path as the whole product (the
 * unpacked loops of small products sum in a different order from the packed kernels). Products
 * below PARALLEL_MIN stay serial and every chunk does at least MIN_CHUNK_WORK multiply-adds with
 * at least 2 rows and columns, far above the kernels' small-product thresholds (4096 real, 2048
 * complex), so whole product and chunks are all packed (JS and wasm packed paths agree bit for bit).
 *
 * Workers cannot see ordinary typed arrays, so operands not already in shared memory are copied
 * into a reused SharedArrayBuffer (O(m·k + k·n + m·n) against O(m·n·k) work, ~1% at 1024²). The
 * caller runs its own chunks on the original arrays and copies back only the workers' chunks.
 */
import { complexGemm } from '../kernels/complexGemm.js';
import { gemm } from '../kernels/gemm.js';
import type { ComplexScalar, GemmOutput, RealArray, StridedOperand } from '../kernels/gemmOperand.js';
import { ZNC } from '../kernels/complexGemmWasm.js';
import { NC, gemmPath } from '../kernels/gemmWasm.js';
import { type GemmJob, type GemmKernels, runGemmChunk } from './gemmTask.js';
import { taskJobActive } from './parallelTasks.js';
import { scratchBuffer } from './sharedScratch.js';
import { getThreads, isPoolWorker } from './threadConfig.js';
import { poolUsable, runJob } from './threadPool.js';

/**
 * Below this many multiply-adds (m·n·k) a product stays on the calling thread. Measured on the
 * 2-core project machine (BENCHMARKS.md, threads; workers woken by message, ~1 ms until a worker
 * starts its first chunk): 2 threads lost at 256³ and won 1.2× at 384³, 1.4× at 512³.
 */
export const PARALLEL_MIN = 320 * 320 * 320;

/**
 * The same for complex products, in complex multiply-adds: a complex product of the same count
 * is 4× the work, yet 2 threads still lost at 256³ complex (the dispatch latency dominates).
 */
export const ZPARALLEL_MIN = PARALLEL_MIN;

/** Every chunk does at least this much work (keeps chunks on the packed path; see above). */
const MIN_CHUNK_WORK = 1 << 15;

/** Chunks per thread: more balances a loaded machine, fewer repacks the shared operand less. */
const CHUNKS_PER_THREAD = 2;

const KERNELS: GemmKernels = { gemm, complexGemm };

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
 * Runs C ← alpha·A·B + beta·C on the pool when it is worth it; returns false (having done
 * nothing) when the caller should run the serial kernel. Operands are already checked.
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
): boolean {
  // `active`: the chunks themselves call gemm; `taskJobActive()`: the workers are busy with the
  // parts of a parallel task job (a batch of decompositions) whose caller-side part this is.
  if (
    active ||
    taskJobActive() ||
    isPoolWorker() ||
    m < 2 ||
    n < 2 ||
    m * n * k < crossoverScale * (complex ? ZPARALLEL_MIN : PARALLEL_MIN) ||
    !poolUsable()
  )
    return false;
  const work = m * n * k;
  const maxChunks = Math.min(getThreads() * CHUNKS_PER_THREAD, Math.floor(work / MIN_CHUNK_WORK));
  if (maxChunks < 2) return false;
  const rowBounds = chunkBounds(m, maxChunks, Math.ceil(MIN_CHUNK_WORK / (n * k)));
  const colBounds = chunkBounds(n, maxChunks, Math.ceil(MIN_CHUNK_WORK / (m * k)));
  // Each row chunk packs all of B again, each column chunk all of A again — except that the
  // kernel packs A once per NC-column block anyway: split where the least is repacked.
  const nc = complex ? ZNC : NC;
  const rowRepack = (rowBounds.length - 2) * n;
  const colRepack = Math.max(0, colBounds.length - 1 - Math.ceil(n / nc)) * m;
  const splitRows = colBounds.length < 3 || (rowBounds.length >= 3 && rowRepack < colRepack);
  const bounds = splitRows ? rowBounds : colBounds;
  if (bounds.length < 3) return false;

  const width = complex ? 2 : 1;
  let bytes = 0;
  const place = (x: RealArray, elements: number): number => {
    const at = bytes;
    bytes += Math.ceil((elements * width * x.BYTES_PER_ELEMENT) / 8) * 8;
    return at;
  };
  const aAt = isShared(a.data) ? -1 : place(a.data, m * k);
  const bAt = isShared(b.data) ? -1 : place(b.data, k * n);
  const cAt = place(c.data, m * n);
  const buf = scratchBuffer(bytes);
  const sa = aAt < 0 ? a : copyOperand(a, m, k, width, buf, aAt);
  const sb = bAt < 0 ? b : copyOperand(b, k, n, width, buf, bAt);
  const scData = view(c.data, buf, cAt, m * n * width);
  const sc: GemmOutput = { data: scData, offset: 0, rowStride: n };
  const readsC = complex ? beta[0] !== 0 || beta[1] !== 0 : beta[0] !== 0;
  if (readsC) copyRows(c.data, c.offset, c.rowStride, scData, 0, n, m, n * width, width);

  const job: GemmJob = { complex, m, n, k, alpha, beta, a: sa, b: sb, c: sc, splitRows, bounds, path: gemmPath() };
  active = true;
  let byWorker: boolean[];
  try {
    byWorker = runJob(complex ? 'complexGemm' : 'gemm', 'gemm', job, bounds.length - 1, (ch) =>
      runGemmChunk(job, ch, KERNELS, a, b, c),
    );
  } finally {
    active = false;
  }
  for (let ch = 0; ch < byWorker.length; ch++) {
    if (!byWorker[ch]) continue;
    const lo = bounds[ch]!;
    const hi = bounds[ch + 1]!;
    if (splitRows)
      copyRows(scData, lo * n, n, c.data, c.offset + lo * c.rowStride, c.rowStride, hi - lo, n * width, width);
    else copyRows(scData, lo, n, c.data, c.offset + lo, c.rowStride, m, (hi - lo) * width, width);
  }
  return true;
}

/**
 * Chunk boundaries over [0, dim): at most `maxChunks` chunks of equal size rounded up to a
 * multiple of 4 (the micro-kernel's tile, so no chunk edge splits a tile) — of 64 (the row
 * block) when chunks are that large — and at least `minSize` long.
 */
export function chunkBounds(dim: number, maxChunks: number, minSize: number): number[] {
  let size = Math.max(Math.ceil(dim / maxChunks), minSize, 2);
  size = size >= 64 ? Math.ceil(size / 64) * 64 : Math.ceil(size / 4) * 4;
  const bounds = [0];
  for (let lo = size; lo < dim; lo += size) bounds.push(lo);
  bounds.push(dim);
  return bounds;
}

function isShared(x: RealArray): boolean {
  return typeof SharedArrayBuffer === 'function' && x.buffer instanceof SharedArrayBuffer;
}

/** A typed array of x's type over `length` elements of `buf` from byte `at`. */
function view(x: RealArray, buf: SharedArrayBuffer, at: number, length: number): RealArray {
  return x instanceof Float32Array ? new Float32Array(buf, at, length) : new Float64Array(buf, at, length);
}

/** Copies the rows×cols operand x into `buf` at byte `at`, row-major (the values, not the layout, matter). */
function copyOperand(
  x: StridedOperand,
  rows: number,
  cols: number,
  width: number,
  buf: SharedArrayBuffer,
  at: number,
): StridedOperand {
  const dst = view(x.data, buf, at, rows * cols * width);
  const src = x.data;
  if (x.colStride === 1) {
    copyRows(src, x.offset, x.rowStride, dst, 0, cols, rows, cols * width, width);
  } else {
    for (let i = 0, d = 0; i < rows; i++) {
      for (let j = 0, s = width * (x.offset + i * x.rowStride); j < cols; j++, s += width * x.colStride) {
        dst[d++] = src[s]!;
        if (width === 2) dst[d++] = src[s + 1]!;
      }
    }
  }
  return { data: dst, offset: 0, rowStride: cols, colStride: 1, ...(x.conj === true ? { conj: true } : {}) };
}

/** Copies `rows` runs of `len` reals; offsets and row strides in elements of `width` reals. */
function copyRows(
  src: RealArray,
  srcOff: number,
  srcLd: number,
  dst: RealArray,
  dstOff: number,
  dstLd: number,
  rows: number,
  len: number,
  width: number,
): void {
  for (let i = 0; i < rows; i++) {
    const s = width * (srcOff + i * srcLd);
    dst.set(src.subarray(s, s + len), width * (dstOff + i * dstLd));
  }
}
