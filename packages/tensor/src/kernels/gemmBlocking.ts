/**
 * The GotoBLAS loop nest shared by the real and the complex GEMM, for both of their paths (JS
 * micro-kernel and wasm SIMD macro-kernel). What differs between the four — panel layout, micro-
 * kernel, how beta scales C — comes in as callbacks, called once per block (never per element),
 * so a fix to the blocking or to the staging of C lands in one place.
 *
 * Blocking: C in column blocks of `nc`, the shared dimension in blocks of `kc`, rows in blocks of
 * `mc`. For each (nc, kc) block the B panels are packed once; for each mc block the A panels are
 * packed, then the macro-kernel adds alpha·Ã·B̃ into C.
 */
import type { GemmOutput } from './gemmOperand.js';

/** Block sizes of one GEMM flavour. */
export interface Blocking {
  readonly mc: number;
  readonly kc: number;
  readonly nc: number;
}

/** The per-block work of one GEMM call (rows and columns are absolute indices into C). */
export interface PanelSteps {
  /** Packs B[pc .. pc+kc, jc .. jc+nc] into the B panels. */
  packB(pc: number, jc: number, kc: number, nc: number): void;
  /** Packs A[row .. row+mc, pc .. pc+kc] into the A panels. */
  packA(row: number, pc: number, mc: number, kc: number): void;
}

/** The JS path's macro-kernel: C[ic.., jc..] += alpha·Ã·B̃ for the packed mc×kc and kc×nc panels. */
export interface JsPanelSteps extends PanelSteps {
  multiply(ic: number, jc: number, mc: number, nc: number, kc: number): void;
}

/** Runs the blocked loop nest over an m×n C with shared dimension k (C already scaled by beta). */
export function blockedProduct(m: number, n: number, k: number, blocking: Blocking, steps: JsPanelSteps): void {
  const { mc: MC, kc: KC, nc: NC } = blocking;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      steps.packB(pc, jc, kc, nc);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        steps.packA(ic, pc, mc, kc);
        steps.multiply(ic, jc, mc, nc, kc);
      }
    }
  }
}

/** The wasm path: C is staged through a padded buffer in wasm memory. */
export interface StagedPanelSteps extends PanelSteps {
  /** Reals per element of C (1 real, 2 complex). */
  readonly width: number;
  /** Rows of C staged at a time (bounds the wasm memory the path needs). */
  readonly stagedRows: number;
  /** The staged C rows are padded to multiples of `padRows` and `padCols` (the kernel's tile). */
  readonly padRows: number;
  readonly padCols: number;
  /** The staging buffer (a view of wasm memory). */
  readonly cBuf: Float64Array;
  /** beta = 0: C is never read. */
  readonly betaZero: boolean;
  /** Writes beta·C[s .. s+count) (count elements, `width` reals each) into cBuf[d ..]. */
  stageRow(d: number, s: number, count: number): void;
  /** Runs the wasm macro-kernel on staged rows ic .. ic+mc, staged row length ldw elements. */
  kernel(ic: number, ldw: number, mc: number, kc: number): void;
}

/** From this many reals on, a row is copied with `TypedArray.set` (below, the view costs more than the loop). */
export const COPY_AS_SET = 64;

export const roundUp = (x: number, r: number): number => Math.ceil(x / r) * r;

/**
 * The blocked loop nest with C staged through wasm memory: for each nc-column strip and each
 * `stagedRows`-row chunk, beta·C is written into a zero-padded buffer (beta = 0 never reads C),
 * every (kc, mc) block adds alpha·Ã·B̃ to it in wasm, and the valid part is copied back. Same
 * blocking, packing and summation order as {@link blockedProduct}, so both paths give the same
 * bits.
 */
export function stagedProduct(
  m: number,
  n: number,
  k: number,
  c: GemmOutput,
  blocking: Blocking,
  steps: StagedPanelSteps,
): void {
  const { mc: MC, kc: KC, nc: NC } = blocking;
  const { width, stagedRows, padRows, padCols, cBuf } = steps;
  const cData = c.data;
  const ldc = c.rowStride;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    const ldw = roundUp(nc, padCols);
    for (let i0 = 0; i0 < m; i0 += stagedRows) {
      const rows = Math.min(stagedRows, m - i0);
      const c0 = width * (c.offset + i0 * ldc + jc);
      // stage beta·C (padding rows/columns are zero and never copied back)
      if (steps.betaZero || ldw !== nc) cBuf.fill(0, 0, width * roundUp(rows, padRows) * ldw);
      if (!steps.betaZero) for (let i = 0; i < rows; i++) steps.stageRow(width * i * ldw, c0 + width * i * ldc, nc);
      for (let pc = 0; pc < k; pc += KC) {
        const kc = Math.min(KC, k - pc);
        steps.packB(pc, jc, kc, nc);
        for (let ic = 0; ic < rows; ic += MC) {
          const mc = Math.min(MC, rows - ic);
          steps.packA(i0 + ic, pc, mc, kc);
          steps.kernel(ic, ldw, mc, kc);
        }
      }
      // copy back (long rows as a typed-array copy, a memcpy; short ones element by element)
      const len = width * nc;
      for (let i = 0; i < rows; i++) {
        const s = width * i * ldw;
        const d = c0 + width * i * ldc;
        if (len >= COPY_AS_SET) cData.set(cBuf.subarray(s, s + len), d);
        else for (let j = 0; j < len; j++) cData[d + j] = cBuf[s + j]!;
      }
    }
  }
}
