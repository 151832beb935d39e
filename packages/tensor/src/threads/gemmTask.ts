/**
 * One chunk of a parallel GEMM: the product restricted to a block of rows (or columns) of C, run
 * by the serial kernel on sub-block operand records. Every element of C gets the full k-sum, in
 * the kernel's own order, so a chunk's elements have the same bits as in one serial call — as
 * long as the chunk takes a packed path like the whole product does (`parallelGemm.ts` keeps
 * chunks large enough for that).
 */
import type { complexGemm } from '../kernels/complexGemm.js';
import type { gemm, packedGemm } from '../kernels/gemm.js';
import type { WholePackedB } from '../kernels/gemmPanels.js';
import type { GemmPath } from '../kernels/gemmWasm.js';
import type { ComplexScalar, GemmOutput, StridedOperand } from '../kernels/gemmOperand.js';

/** A GEMM split into chunks of rows (`splitRows`) or columns of C: chunk c is [bounds[c], bounds[c+1]). */
export interface GemmJob {
  readonly complex: boolean;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly alpha: ComplexScalar;
  readonly beta: ComplexScalar;
  readonly a: StridedOperand;
  readonly b: StridedOperand;
  readonly c: GemmOutput;
  readonly splitRows: boolean;
  readonly bounds: readonly number[];
  /**
   * 0: the full rectangle. Otherwise the lower block triangle of `gemmLowerBlocks` (rows are
   * split, at multiples of it): each block of this many rows from row r0 covers columns
   * [0, min(n, r0 + block)), one serial kernel call per block.
   */
  readonly lowerBlock: number;
  /** The caller's `gemmPath()`, applied in the workers too. */
  readonly path: GemmPath;
  /**
   * A real product split by rows: all of B packed once (`gemmPanels.ts`, in shared memory), which
   * every chunk copies its blocks from instead of packing B again (`b` is then not read); the
   * caller packs it while workers may already run their first chunk. null otherwise.
   */
  readonly packedB: WholePackedB | null;
  /**
   * For a C updated in place (shared memory, beta ≠ 0): a worker sets started[chunk] = 1 before it
   * writes its chunk of C. A chunk whose worker died or threw after that cannot be rerun (its old
   * C is gone), so the call throws a ThreadError instead; before it, the caller reruns it as usual.
   * Saving each chunk's C first would cost the workers a copy of their part of C on every call —
   * up to half their time on the reductions' low-rank updates — for a failure that should not
   * happen. null when C is a shared copy or beta = 0.
   */
  readonly inPlace: { readonly started: Int32Array } | null;
}

/**
 * The serial kernels a chunk runs: gemm.ts's `gemm` and `packedGemm` (B optionally packed whole)
 * and complexGemm.ts's `complexGemm`, passed in so this module imports neither at run time.
 */
export interface GemmKernels {
  readonly gemm: typeof gemm;
  readonly packedGemm: typeof packedGemm;
  readonly complexGemm: typeof complexGemm;
}

/** Runs chunk `chunk` of `job` with its operands `a`, `b`, `c` (the job's or the caller's own). */
export function runGemmChunk(
  job: GemmJob,
  chunk: number,
  kernels: GemmKernels,
  a: StridedOperand = job.a,
  b: StridedOperand = job.b,
  c: GemmOutput = job.c,
): void {
  const lo = job.bounds[chunk]!;
  const hi = job.bounds[chunk + 1]!;
  if (job.lowerBlock > 0) {
    lowerBlockRows(job, lo, hi, kernels, a, b, c);
    return;
  }
  let { m, n } = job;
  if (job.splitRows) {
    m = hi - lo;
    a = { ...a, offset: a.offset + lo * a.rowStride };
    c = { ...c, offset: c.offset + lo * c.rowStride };
  } else {
    n = hi - lo;
    b = { ...b, offset: b.offset + lo * b.colStride };
    c = { ...c, offset: c.offset + lo };
  }
  if (job.complex) kernels.complexGemm(m, n, job.k, job.alpha, a, b, job.beta, c);
  else if (job.packedB !== null) kernels.packedGemm(m, n, job.k, job.alpha[0], a, b, job.packedB, job.beta[0], c);
  else kernels.gemm(m, n, job.k, job.alpha[0], a, b, job.beta[0], c);
}

/**
 * Rows [lo, hi) of a lower-block-triangle product (`lo` a multiple of the block): one serial
 * kernel call per block of rows, over the columns up to the block's last row. The serial
 * `gemmLowerBlocks` runs exactly these calls for [0, m), so every thread count gives the same bits.
 */
export function lowerBlockRows(
  job: Pick<GemmJob, 'complex' | 'n' | 'k' | 'alpha' | 'beta' | 'lowerBlock'>,
  lo: number,
  hi: number,
  kernels: Pick<GemmKernels, 'gemm' | 'complexGemm'>,
  a: StridedOperand,
  b: StridedOperand,
  c: GemmOutput,
): void {
  for (let r0 = lo; r0 < hi; r0 += job.lowerBlock) {
    const rows = Math.min(job.lowerBlock, hi - r0);
    const cols = Math.min(job.n, r0 + rows);
    const ar = { ...a, offset: a.offset + r0 * a.rowStride };
    const cr = { ...c, offset: c.offset + r0 * c.rowStride };
    if (job.complex) kernels.complexGemm(rows, cols, job.k, job.alpha, ar, b, job.beta, cr);
    else kernels.gemm(rows, cols, job.k, job.alpha[0], ar, b, job.beta[0], cr);
  }
}

/** In a worker, before running `chunk`: records that an in-place C is about to change (see GemmJob.inPlace). */
export function markStarted(job: GemmJob, chunk: number): void {
  if (job.inPlace !== null) Atomics.store(job.inPlace.started, chunk, 1);
}

/** Whether a worker may have changed its chunk of an in-place C (so the chunk cannot be rerun). */
export function chunkTouched(job: GemmJob, chunk: number): boolean {
  return job.inPlace !== null && Atomics.load(job.inPlace.started, chunk) === 1;
}
