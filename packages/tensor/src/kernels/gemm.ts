/**
 * Real general matrix multiply, BLAS `?gemm` style, on flat row-major typed arrays:
 *
 *   C ← alpha · A · B + beta · C,
 *
 * with A m×k, B k×n and C m×n. Every operand is a strided record (`gemmOperand.ts`): an offset
 * and a row and a column stride (in elements), so callers pass sub-blocks of larger matrices
 * and transposes (`transposed`) without copies:
 *
 *   A[i, p] = a.data[a.offset + i·a.rowStride + p·a.colStride]   (likewise B)
 *   C[i, j] = c.data[c.offset + i·c.rowStride + j]
 *
 * Strides of A and B may be anything (0 broadcasts, negative walks backwards) as long as every
 * element read lies inside the array; C must not overlap A or B.
 * Buffers may be Float64Array or Float32Array, in any mix; arithmetic is always in float64
 * (operands are packed into float64 panels) and rounded once per k-block when C is float32.
 * As in BLAS, beta = 0 overwrites C without reading it (NaNs in C do not propagate), and
 * alpha = 0 or k = 0 only scales C.
 *
 * Algorithm (GotoBLAS layering; the loop nest is in `gemmBlocking.ts`): C is split in column
 * blocks of NC, k in blocks of KC, rows in blocks of MC. For each (NC, KC) block, B is packed
 * into KC×4 column panels; for each MC block A is packed into 4×KC row panels; a 4×4 register
 * micro-kernel (16 accumulators in locals) then runs over contiguous panel memory. Edge tiles
 * are zero-padded in the panels and written back partially. Small products skip packing
 * (`unpackedGemm.ts`).
 *
 * float64 output: when WebAssembly SIMD is available and the product is past the measured
 * crossover (WASM_MIN), the same packed panels are written straight into wasm memory and the
 * micro-kernel runs as f64x2 code (`gemmWasm.ts`); C is staged through wasm memory, with beta
 * applied on the way in. Its operations and their order are those of the JS micro-kernel, so
 * both paths give the same bits. Float32 output always takes the JS path.
 */
import { COPY_AS_SET, type StagedPanelSteps, blockedProduct, roundUp, stagedProduct } from './gemmBlocking.js';
import { type GemmOutput, type RealArray, type StridedOperand, checkDims, checkOperand } from './gemmOperand.js';
import { A_BYTES, B_BYTES, C_BYTES, KC, MC, NC, type WasmGemm, gemmPath, wasmGemm } from './gemmWasm.js';
import { MR, NR, type WholePackedB, copyPackedB, packPanelsA, packPanelsB } from './gemmPanels.js';
import { scaleRows, unpackedGemm } from './unpackedGemm.js';
import { parallelGemm } from '../threads/parallelGemm.js';

export type { RealArray } from './gemmOperand.js';

/** Below this many multiply-adds (m·n·k), the unpacked loops are faster than packing. */
const SMALL = 4096;

/**
 * From this many multiply-adds (m·n·k) on, with m, n ≥ 2 and k ≥ WASM_MIN_K, float64 output goes
 * to the wasm SIMD kernel when it is available. Measured crossover (Node 20, x64): wasm is
 * already ahead from about 5×5×5 (staging C through wasm memory costs O(m·n)); it loses only on
 * matrix–vector shapes (m or n = 1, left to the unpacked loops) and on rank-1/rank-2 updates of
 * a large C (k ≤ 2), where the two O(m·n) copies cost as much as the arithmetic.
 */
const WASM_MIN = 128;
const WASM_MIN_K = 3;

/** Rows of C copied into wasm memory at a time (bounds the memory the wasm path needs). */
const WASM_ROWS = 1024;

let lastPath: 'small' | 'js' | 'wasm' | 'none' = 'none';

/** Which path the last `gemm` call took (internal; tests check path forcing with it). */
export function lastGemmPath(): 'small' | 'js' | 'wasm' | 'none' {
  return lastPath;
}

let packA = new Float64Array(MC * KC);
let packB = new Float64Array(KC * NC);
const tile = new Float64Array(MR * NR);

/**
 * C ← alpha·A·B + beta·C on strided buffers (see the module comment for the layout).
 *
 * @example
 * // C (2×2) = A (2×3) · B (3×2), all row-major
 * gemm(2, 2, 3, 1, rowMajor(a, 3), rowMajor(b, 2), 0, rowMajor(c, 2));
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: StridedOperand,
  b: StridedOperand,
  beta: number,
  c: GemmOutput,
): void {
  checkDims('gemm', m, n, k);
  if (m === 0 || n === 0) return;
  checkOperand('gemm', 'c', c, m, n, 1);
  if (k === 0 || alpha === 0) {
    lastPath = 'none';
    scaleRows(m, n, beta, c.data, c.offset, c.rowStride);
    return;
  }
  checkOperand('gemm', 'a', a, m, k, 1);
  checkOperand('gemm', 'b', b, k, n, 1);
  // Large products run on the thread pool (same bits; see threads/parallelGemm.ts).
  if (parallelGemm(false, m, n, k, [alpha, 0], a, b, [beta, 0], c)) return;
  packedGemm(m, n, k, alpha, a, b, null, beta, c);
}

/**
 * `gemm` without its checks and its thread-pool dispatch, with B either as an operand or packed
 * whole by `packWholeB` (`packedB`, for a product of the same k×n B: then `b` is not read). Both
 * give the same bits: the blocks are copied instead of packed, the loop nest is the same.
 *
 * @example
 * packWholeB(pb, rowMajor(b, n), k, n);
 * packedGemm(rows, n, k, 1, aRows, rowMajor(b, n), pb, 0, cRows); // rows of C = A·B
 */
export function packedGemm(
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: StridedOperand,
  b: StridedOperand,
  packedB: WholePackedB | null,
  beta: number,
  c: GemmOutput,
): void {
  // float64 output: the wasm SIMD kernel when available and (unless forced) large enough.
  const path = gemmPath();
  const wasmSized = m >= 2 && n >= 2 && k >= WASM_MIN_K && m * n * k >= WASM_MIN;
  if (c.data.BYTES_PER_ELEMENT === 8 && (path === 'wasm' || (path === 'auto' && wasmSized))) {
    const w = wasmGemm(roundUp4(Math.min(m, WASM_ROWS)) * roundUp4(Math.min(n, NC)));
    if (w !== null) {
      lastPath = 'wasm';
      try {
        stagedProduct(m, n, k, c, BLOCKING, wasmSteps.bind(w, n, k, alpha, a, b, packedB, beta, c.data));
      } finally {
        wasmSteps.release();
      }
      return;
    }
  }

  scaleRows(m, n, beta, c.data, c.offset, c.rowStride);
  // (B packed whole comes from a parallel product's chunks, never small: parallelGemm.ts)
  if (packedB === null && (m * n * k <= SMALL || n < 2 || m < 2)) {
    lastPath = 'small';
    unpackedGemm(m, n, k, alpha, a, b, c);
    return;
  }
  lastPath = 'js';

  if (packA.length < MC * KC) packA = new Float64Array(MC * KC);
  if (packB.length < KC * NC) packB = new Float64Array(KC * NC);
  const ap = packA;
  const bp = packB;
  blockedProduct(m, n, k, BLOCKING, {
    packB: (pc, jc, kc, nc) =>
      packedB === null ? packPanelsB(bp, b, pc, jc, kc, nc) : copyPackedB(bp, packedB, k, n, pc, jc, kc, nc),
    packA: (ic, pc, mc, kc) => packPanelsA(ap, a, ic, pc, mc, kc),
    multiply: (ic, jc, mc, nc, kc) =>
      multiplyPanels(ap, bp, mc, nc, kc, alpha, c.data, c.offset + ic * c.rowStride + jc, c.rowStride),
  });
}

const BLOCKING = { mc: MC, kc: KC, nc: NC } as const;

const roundUp4 = (x: number): number => (x + 3) & ~3;

/**
 * The 4×4 register micro-kernel over one packed mc×kc block of A and kc×nc block of B:
 * C[c0 + i·ldc + j] += alpha·(Ã·B̃)[i, j], 16 accumulators in locals over contiguous panels.
 */
function multiplyPanels(
  ap: Float64Array,
  bp: Float64Array,
  mc: number,
  nc: number,
  kc: number,
  alpha: number,
  c: RealArray,
  c0: number,
  ldc: number,
): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = Math.min(NR, nc - jr);
    for (let ir = 0; ir < mc; ir += MR) {
      const mr = Math.min(MR, mc - ir);
      // 4×4 micro-kernel: 16 accumulators in locals over contiguous panels.
      let c00 = 0;
      let c01 = 0;
      let c02 = 0;
      let c03 = 0;
      let c10 = 0;
      let c11 = 0;
      let c12 = 0;
      let c13 = 0;
      let c20 = 0;
      let c21 = 0;
      let c22 = 0;
      let c23 = 0;
      let c30 = 0;
      let c31 = 0;
      let c32 = 0;
      let c33 = 0;
      let ai = ir * kc;
      let bi = jr * kc;
      const end = ai + kc * MR;
      for (; ai < end; ai += MR, bi += NR) {
        const a0 = ap[ai]!;
        const a1 = ap[ai + 1]!;
        const a2 = ap[ai + 2]!;
        const a3 = ap[ai + 3]!;
        const b0 = bp[bi]!;
        const b1 = bp[bi + 1]!;
        const b2 = bp[bi + 2]!;
        const b3 = bp[bi + 3]!;
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3;
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3;
        c20 += a2 * b0;
        c21 += a2 * b1;
        c22 += a2 * b2;
        c23 += a2 * b3;
        c30 += a3 * b0;
        c31 += a3 * b1;
        c32 += a3 * b2;
        c33 += a3 * b3;
      }
      const cIdx = c0 + ir * ldc + jr;
      if (mr === MR && nr === NR) {
        let r = cIdx;
        c[r] = c[r]! + alpha * c00;
        c[r + 1] = c[r + 1]! + alpha * c01;
        c[r + 2] = c[r + 2]! + alpha * c02;
        c[r + 3] = c[r + 3]! + alpha * c03;
        r += ldc;
        c[r] = c[r]! + alpha * c10;
        c[r + 1] = c[r + 1]! + alpha * c11;
        c[r + 2] = c[r + 2]! + alpha * c12;
        c[r + 3] = c[r + 3]! + alpha * c13;
        r += ldc;
        c[r] = c[r]! + alpha * c20;
        c[r + 1] = c[r + 1]! + alpha * c21;
        c[r + 2] = c[r + 2]! + alpha * c22;
        c[r + 3] = c[r + 3]! + alpha * c23;
        r += ldc;
        c[r] = c[r]! + alpha * c30;
        c[r + 1] = c[r + 1]! + alpha * c31;
        c[r + 2] = c[r + 2]! + alpha * c32;
        c[r + 3] = c[r + 3]! + alpha * c33;
      } else {
        const t = tile;
        t[0] = c00;
        t[1] = c01;
        t[2] = c02;
        t[3] = c03;
        t[4] = c10;
        t[5] = c11;
        t[6] = c12;
        t[7] = c13;
        t[8] = c20;
        t[9] = c21;
        t[10] = c22;
        t[11] = c23;
        t[12] = c30;
        t[13] = c31;
        t[14] = c32;
        t[15] = c33;
        writeTile(t, mr, nr, alpha, c, cIdx, ldc);
      }
    }
  }
}

const EMPTY = new Float64Array(0);
const NO_OPERAND: StridedOperand = { data: EMPTY, offset: 0, rowStride: 0, colStride: 0 };

/**
 * The wasm path's per-block steps (see `gemmWasm.ts` and `stagedProduct`): the same packers as
 * the JS path write straight into wasm memory, and beta is applied while C is staged in. One
 * object is reused by every call (its operands are set per call and released after it), so a
 * call allocates no closures.
 */
class WasmSteps implements StagedPanelSteps {
  readonly width = 1;
  readonly stagedRows = WASM_ROWS;
  readonly padRows = 4;
  readonly padCols = 4;
  cBuf: Float64Array = EMPTY;
  betaZero = false;
  private w: WasmGemm | null = null;
  private alpha = 0;
  private beta = 0;
  private a: StridedOperand = NO_OPERAND;
  private b: StridedOperand = NO_OPERAND;
  private packedB: WholePackedB | null = null;
  private k = 0;
  private n = 0;
  private c: RealArray = EMPTY;

  bind(
    w: WasmGemm,
    n: number,
    k: number,
    alpha: number,
    a: StridedOperand,
    b: StridedOperand,
    packedB: WholePackedB | null,
    beta: number,
    c: RealArray,
  ): this {
    this.w = w;
    this.cBuf = w.cBuf;
    this.alpha = alpha;
    this.beta = beta;
    this.betaZero = beta === 0;
    this.a = a;
    this.b = b;
    this.packedB = packedB;
    this.k = k;
    this.n = n;
    this.c = c;
    return this;
  }

  /** Drops the references to the caller's buffers (so the reused object keeps nothing alive). */
  release(): void {
    this.w = null;
    this.cBuf = EMPTY;
    this.a = NO_OPERAND;
    this.b = NO_OPERAND;
    this.packedB = null;
    this.c = EMPTY;
  }

  stageRow(d: number, s: number, count: number): void {
    const { cBuf, c, beta } = this;
    if (beta === 1 && count >= COPY_AS_SET) cBuf.set(c.subarray(s, s + count), d);
    else if (beta === 1) for (let j = 0; j < count; j++) cBuf[d + j] = c[s + j]!;
    else for (let j = 0; j < count; j++) cBuf[d + j] = beta * c[s + j]!;
  }

  packB(pc: number, jc: number, kc: number, nc: number): void {
    if (this.packedB === null) packPanelsB(this.w!.packB, this.b, pc, jc, kc, nc);
    else copyPackedB(this.w!.packB, this.packedB, this.k, this.n, pc, jc, kc, nc);
  }

  packA(row: number, pc: number, mc: number, kc: number): void {
    packPanelsA(this.w!.packA, this.a, row, pc, mc, kc);
  }

  kernel(ic: number, ldw: number, mc: number, kc: number): void {
    this.w!.kernel(A_BYTES, B_BYTES, C_BYTES + ic * ldw * 8, ldw * 8, roundUp(mc, 4), ldw, kc, this.alpha);
  }
}

const wasmSteps = new WasmSteps();

function writeTile(
  t: Float64Array,
  mr: number,
  nr: number,
  alpha: number,
  c: RealArray,
  ci: number,
  ldc: number,
): void {
  for (let ii = 0; ii < mr; ii++) {
    const row = ci + ii * ldc;
    for (let jj = 0; jj < nr; jj++) c[row + jj] = c[row + jj]! + alpha * t[ii * NR + jj]!;
  }
}
