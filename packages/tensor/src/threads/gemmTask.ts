/**
 * One chunk of a parallel GEMM: the product restricted to a block of rows (or columns) of C, run
 * by the serial kernel on sub-block operand records. Every element of C gets the full k-sum, in
 * the kernel's own order, so a chunk's elements have the same bits as in one serial call — as
 * long as the chunk takes a packed path like the whole product does (`parallelGemm.ts` keeps
 * chunks large enough for that).
 */
import type { GemmPath } from '../kernels/gemmWasm.js';
import type { ComplexScalar, GemmOutput, RealArray, StridedOperand } from '../kernels/gemmOperand.js';

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
   * For a C updated in place (shared memory, beta ≠ 0): before a worker touches its chunk of C it
   * copies it into `backup` (same layout as C: offset 0, row stride n) and sets saved[chunk] = 1,
   * so that a caller rerunning the chunk of a worker that died or threw half-way can restore the
   * old C first. null when C is a shared copy or beta = 0 (a rerun then needs no old C).
   */
  readonly backup: { readonly data: RealArray; readonly saved: Int32Array } | null;
}

export type RealKernel = (
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: StridedOperand,
  b: StridedOperand,
  beta: number,
  c: GemmOutput,
) => void;

export type ComplexKernel = (
  m: number,
  n: number,
  k: number,
  alpha: ComplexScalar,
  a: StridedOperand,
  b: StridedOperand,
  beta: ComplexScalar,
  c: GemmOutput,
) => void;

/** The serial kernels a chunk runs (passed in, so this module imports neither). */
export interface GemmKernels {
  readonly gemm: RealKernel;
  readonly complexGemm: ComplexKernel;
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
  kernels: GemmKernels,
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

/** The part of C chunk `chunk` writes: rows, columns, and where it starts (elements). */
function chunkRegion(job: GemmJob, chunk: number): { rows: number; cols: number; row0: number; col0: number } {
  const lo = job.bounds[chunk]!;
  const hi = job.bounds[chunk + 1]!;
  if (!job.splitRows) return { rows: job.m, cols: hi - lo, row0: 0, col0: lo };
  return { rows: hi - lo, cols: job.lowerBlock > 0 ? Math.min(job.n, hi) : job.n, row0: lo, col0: 0 };
}

/** Copies rows×cols of `from` (at fromOff, row stride fromLd) to `to`; elements of `width` reals. */
function copyRegion(
  from: RealArray,
  fromOff: number,
  fromLd: number,
  to: RealArray,
  toOff: number,
  toLd: number,
  rows: number,
  cols: number,
  width: number,
): void {
  for (let i = 0; i < rows; i++) {
    const s = width * (fromOff + i * fromLd);
    to.set(from.subarray(s, s + width * cols), width * (toOff + i * toLd));
  }
}

/** In a worker, before running `chunk` on an in-place C: saves its part of C (see GemmJob.backup). */
export function backUpChunk(job: GemmJob, chunk: number): void {
  const b = job.backup;
  if (b === null) return;
  const r = chunkRegion(job, chunk);
  const w = job.complex ? 2 : 1;
  const { c } = job;
  copyRegion(
    c.data,
    c.offset + r.row0 * c.rowStride + r.col0,
    c.rowStride,
    b.data,
    r.row0 * job.n + r.col0,
    job.n,
    r.rows,
    r.cols,
    w,
  );
  Atomics.store(b.saved, chunk, 1);
}

/** On the caller, before rerunning a worker's `chunk`: puts back the C the worker may have changed. */
export function restoreChunk(job: GemmJob, chunk: number): void {
  const b = job.backup;
  if (b === null || Atomics.load(b.saved, chunk) !== 1) return;
  const r = chunkRegion(job, chunk);
  const w = job.complex ? 2 : 1;
  const { c } = job;
  copyRegion(
    b.data,
    r.row0 * job.n + r.col0,
    job.n,
    c.data,
    c.offset + r.row0 * c.rowStride + r.col0,
    c.rowStride,
    r.rows,
    r.cols,
    w,
  );
}
