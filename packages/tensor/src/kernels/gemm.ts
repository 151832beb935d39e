/**
 * Real general matrix multiply, BLAS `?gemm` style, on flat row-major typed arrays:
 *
 *   C ← alpha · op(A) · op(B) + beta · C,   op(X) = X or Xᵀ,
 *
 * with op(A) m×k, op(B) k×n and C m×n. Every operand is addressed by an offset and a leading
 * dimension (in elements), so callers can pass sub-blocks of larger matrices:
 *
 *   A[i, p] = a[aOffset + i·lda + p]     (transA = false; a stores the m×k matrix)
 *   A[i, p] = a[aOffset + p·lda + i]     (transA = true;  a stores the k×m matrix Aᵀ)
 *   B[p, j] = b[bOffset + p·ldb + j]     (transB = false)
 *   B[p, j] = b[bOffset + j·ldb + p]     (transB = true)
 *   C[i, j] = c[cOffset + i·ldc + j]
 *
 * Leading dimensions of A and B may be anything (0 broadcasts one row, negative walks
 * backwards) as long as every element read lies inside the array; C must not overlap A or B.
 * Buffers may be Float64Array or Float32Array, in any mix; arithmetic is always in float64
 * (operands are packed into float64 panels) and rounded once per k-block when C is float32.
 * As in BLAS, beta = 0 overwrites C without reading it (NaNs in C do not propagate), and
 * alpha = 0 or k = 0 only scales C.
 *
 * Algorithm (GotoBLAS layering): C is split in column blocks of NC, k in blocks of KC, rows in
 * blocks of MC. For each (NC, KC) block, B is packed into KC×4 column panels; for each MC block
 * A is packed into 4×KC row panels; a 4×4 register micro-kernel (16 accumulators in locals)
 * then runs over contiguous panel memory. Edge tiles are zero-padded in the panels and written
 * back partially. Small products skip packing.
 *
 * float64 output: when WebAssembly SIMD is available and the product is past the measured
 * crossover (WASM_MIN), the same packed panels are written straight into wasm memory and the
 * micro-kernel runs as f64x2 code (`gemmWasm.ts`); C is staged through wasm memory, with beta
 * applied on the way in. Its operations and their order are those of the JS micro-kernel, so
 * both paths give the same bits. Float32 output always takes the JS path.
 */
import { ValueError } from '../errors.js';
import { C_BYTES, KC, MC, NC, A_BYTES, B_BYTES, type WasmGemm, gemmPath, wasmGemm } from './gemmWasm.js';

/** A real buffer the kernels read or write. */
export type RealArray = Float64Array | Float32Array;

const MR = 4;
const NR = 4;

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
 * C ← alpha·op(A)·op(B) + beta·C on row-major buffers (see the module comment for the layout).
 *
 * @example
 * // C (2×2) = A (2×3) · B (3×2)
 * gemm(false, false, 2, 2, 3, 1, a, 0, 3, b, 0, 2, 0, c, 0, 2);
 */
export function gemm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: RealArray,
  aOffset: number,
  lda: number,
  b: RealArray,
  bOffset: number,
  ldb: number,
  beta: number,
  c: RealArray,
  cOffset: number,
  ldc: number,
): void {
  checkDims('gemm', m, n, k);
  if (m === 0 || n === 0) return;
  checkRange('gemm', 'c', c.length, cOffset, m, ldc, n, 1);
  if (k === 0 || alpha === 0) {
    lastPath = 'none';
    scaleC(m, n, beta, c, cOffset, ldc);
    return;
  }
  if (transA) checkRange('gemm', 'a', a.length, aOffset, k, lda, m, 1);
  else checkRange('gemm', 'a', a.length, aOffset, m, lda, k, 1);
  if (transB) checkRange('gemm', 'b', b.length, bOffset, n, ldb, k, 1);
  else checkRange('gemm', 'b', b.length, bOffset, k, ldb, n, 1);

  // A's (row, column) strides as seen through op(): A[i, p] = a[aOffset + i·ars + p·acs].
  const ars = transA ? 1 : lda;
  const acs = transA ? lda : 1;
  const brs = transB ? 1 : ldb;
  const bcs = transB ? ldb : 1;

  // float64 output: the wasm SIMD kernel when available and (unless forced) large enough.
  const path = gemmPath();
  if (c.BYTES_PER_ELEMENT === 8 && (path === 'wasm' || (path === 'auto' && m >= 2 && n >= 2 && k >= WASM_MIN_K && m * n * k >= WASM_MIN))) {
    const w = wasmGemm(roundUp4(Math.min(m, WASM_ROWS)) * roundUp4(Math.min(n, NC)));
    if (w !== null) {
      lastPath = 'wasm';
      wasmBlocked(w, m, n, k, alpha, a, aOffset, ars, acs, b, bOffset, brs, bcs, beta, c, cOffset, ldc);
      return;
    }
  }

  scaleC(m, n, beta, c, cOffset, ldc);
  if (m * n * k <= SMALL || n < 2 || m < 2) {
    lastPath = 'small';
    smallGemm(m, n, k, alpha, a, aOffset, ars, acs, b, bOffset, brs, bcs, c, cOffset, ldc);
    return;
  }
  lastPath = 'js';

  if (packA.length < MC * KC) packA = new Float64Array(MC * KC);
  if (packB.length < KC * NC) packB = new Float64Array(KC * NC);
  const ap = packA;
  const bp = packB;

  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packPanelsB(bp, b, bOffset + pc * brs + jc * bcs, brs, bcs, kc, nc);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packPanelsA(ap, a, aOffset + ic * ars + pc * acs, ars, acs, mc, kc);
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
            const cIdx = cOffset + (ic + ir) * ldc + jc + jr;
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
    }
  }
}

const roundUp4 = (x: number): number => (x + 3) & ~3;

/**
 * The packed GEMM with the wasm SIMD macro-kernel (see `gemmWasm.ts`): same blocking, packing
 * and summation order as the JS loops in `gemm`, but C is staged through wasm memory — for
 * each NC-column strip and each WASM_ROWS-row chunk, beta·C is copied into a zero-padded
 * buffer (row stride a multiple of 4), every (KC, MC) block adds alpha·Ã·B̃ to it in wasm, and
 * the valid part is copied back. beta is applied while copying in (beta = 0 never reads C).
 */
function wasmBlocked(
  w: WasmGemm,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: RealArray,
  aOffset: number,
  ars: number,
  acs: number,
  b: RealArray,
  bOffset: number,
  brs: number,
  bcs: number,
  beta: number,
  c: RealArray,
  cOffset: number,
  ldc: number,
): void {
  const { kernel, packA, packB, cBuf } = w;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    const ldw = roundUp4(nc);
    for (let i0 = 0; i0 < m; i0 += WASM_ROWS) {
      const rows = Math.min(WASM_ROWS, m - i0);
      const c0 = cOffset + i0 * ldc + jc;
      // stage beta·C (padding rows/columns are zero and never copied back)
      if (beta === 0 || ldw !== nc) cBuf.fill(0, 0, roundUp4(rows) * ldw);
      if (beta !== 0) {
        for (let i = 0; i < rows; i++) {
          const s = c0 + i * ldc;
          const d = i * ldw;
          if (beta === 1) for (let j = 0; j < nc; j++) cBuf[d + j] = c[s + j]!;
          else for (let j = 0; j < nc; j++) cBuf[d + j] = beta * c[s + j]!;
        }
      }
      for (let pc = 0; pc < k; pc += KC) {
        const kc = Math.min(KC, k - pc);
        packPanelsB(packB, b, bOffset + pc * brs + jc * bcs, brs, bcs, kc, nc);
        for (let ic = 0; ic < rows; ic += MC) {
          const mc = Math.min(MC, rows - ic);
          packPanelsA(packA, a, aOffset + (i0 + ic) * ars + pc * acs, ars, acs, mc, kc);
          kernel(A_BYTES, B_BYTES, C_BYTES + ic * ldw * 8, ldw * 8, roundUp4(mc), ldw, kc, alpha);
        }
      }
      for (let i = 0; i < rows; i++) {
        const d = c0 + i * ldc;
        const s = i * ldw;
        for (let j = 0; j < nc; j++) c[d + j] = cBuf[s + j]!;
      }
    }
  }
}

/** C ← beta·C (beta = 0 writes zeros). */
function scaleC(m: number, n: number, beta: number, c: RealArray, cOffset: number, ldc: number): void {
  if (beta === 1) return;
  for (let i = 0; i < m; i++) {
    const row = cOffset + i * ldc;
    if (beta === 0) c.fill(0, row, row + n);
    else for (let j = row; j < row + n; j++) c[j] = beta * c[j]!;
  }
}

/**
 * Packs the kc×nc block B[p, j] = b[off + p·rs + j·cs] into consecutive kc×NR panels, each
 * stored p-major (panel[p·NR + jj]); the last panel is zero-padded to NR columns.
 */
function packPanelsB(bp: Float64Array, b: RealArray, off: number, rs: number, cs: number, kc: number, nc: number): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = Math.min(NR, nc - jr);
    const base = jr * kc;
    const src = off + jr * cs;
    if (nr === NR && cs === 1) {
      for (let p = 0, d = base, s = src; p < kc; p++, d += NR, s += rs) {
        bp[d] = b[s]!;
        bp[d + 1] = b[s + 1]!;
        bp[d + 2] = b[s + 2]!;
        bp[d + 3] = b[s + 3]!;
      }
    } else {
      for (let jj = 0; jj < NR; jj++) {
        if (jj < nr) {
          for (let p = 0, d = base + jj, s = src + jj * cs; p < kc; p++, d += NR, s += rs) bp[d] = b[s]!;
        } else {
          for (let p = 0, d = base + jj; p < kc; p++, d += NR) bp[d] = 0;
        }
      }
    }
  }
}

/**
 * Packs the mc×kc block A[i, p] = a[off + i·rs + p·cs] into consecutive MR×kc panels stored
 * p-major (panel[p·MR + ii]); the last panel is zero-padded to MR rows.
 */
function packPanelsA(ap: Float64Array, a: RealArray, off: number, rs: number, cs: number, mc: number, kc: number): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = Math.min(MR, mc - ir);
    const base = ir * kc;
    const src = off + ir * rs;
    if (mr === MR && rs === 1) {
      for (let p = 0, d = base, s = src; p < kc; p++, d += MR, s += cs) {
        ap[d] = a[s]!;
        ap[d + 1] = a[s + 1]!;
        ap[d + 2] = a[s + 2]!;
        ap[d + 3] = a[s + 3]!;
      }
    } else {
      for (let ii = 0; ii < MR; ii++) {
        if (ii < mr) {
          for (let p = 0, d = base + ii, s = src + ii * rs; p < kc; p++, d += MR, s += cs) ap[d] = a[s]!;
        } else {
          for (let p = 0, d = base + ii; p < kc; p++, d += MR) ap[d] = 0;
        }
      }
    }
  }
}

function writeTile(t: Float64Array, mr: number, nr: number, alpha: number, c: RealArray, ci: number, ldc: number): void {
  for (let ii = 0; ii < mr; ii++) {
    const row = ci + ii * ldc;
    for (let jj = 0; jj < nr; jj++) c[row + jj] = c[row + jj]! + alpha * t[ii * NR + jj]!;
  }
}

/** Unpacked loops for small or skinny products (matrix-vector, tiny batches). */
function smallGemm(
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: RealArray,
  aOff: number,
  ars: number,
  acs: number,
  b: RealArray,
  bOff: number,
  brs: number,
  bcs: number,
  c: RealArray,
  cOff: number,
  ldc: number,
): void {
  if (bcs === 1 && n > 1) {
    // i-p-j: the innermost loop runs along a row of B and a row of C.
    for (let i = 0; i < m; i++) {
      const ci = cOff + i * ldc;
      for (let p = 0; p < k; p++) {
        const av = alpha * a[aOff + i * ars + p * acs]!;
        if (av === 0) continue;
        const bRow = bOff + p * brs;
        for (let j = 0; j < n; j++) c[ci + j] = c[ci + j]! + av * b[bRow + j]!;
      }
    }
    return;
  }
  // dot products: C[i, j] = Σ_p A[i, p] B[p, j].
  for (let i = 0; i < m; i++) {
    const aRow = aOff + i * ars;
    const ci = cOff + i * ldc;
    for (let j = 0; j < n; j++) {
      const bCol = bOff + j * bcs;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[aRow + p * acs]! * b[bCol + p * brs]!;
      c[ci + j] = c[ci + j]! + alpha * s;
    }
  }
}

export function checkDims(op: string, m: number, n: number, k: number): void {
  for (const [name, v] of [
    ['m', m],
    ['n', n],
    ['k', k],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new ValueError(op, `${name} must be a non-negative integer, got ${v}`);
  }
}

/**
 * Checks that a rows×cols block with row stride `ld` and column stride `cs` starting at `off`
 * lies inside an array of `length` elements (complex kernels pass complex element counts).
 */
export function checkRange(
  op: string,
  name: string,
  length: number,
  off: number,
  rows: number,
  ld: number,
  cols: number,
  cs: number,
): void {
  if (rows === 0 || cols === 0) return;
  const r = (rows - 1) * ld;
  const q = (cols - 1) * cs;
  const lo = off + Math.min(0, r) + Math.min(0, q);
  const hi = off + Math.max(0, r) + Math.max(0, q);
  if (!Number.isInteger(off) || !Number.isInteger(ld) || lo < 0 || hi >= length) {
    throw new ValueError(
      op,
      `${name}: a ${rows}×${cols} block at offset ${off} with leading dimension ${ld} reaches elements ${lo}..${hi}, outside the array of length ${length}`,
    );
  }
}
