/**
 * Complex general matrix multiply on interleaved (re, im) row-major buffers:
 *
 *   C ← alpha · op(A) · op(B) + beta · C,   op(X) = X, Xᵀ, conj(X) or Xᴴ,
 *
 * chosen by a transpose flag and a conjugate flag per operand (trans + conj = Xᴴ). Offsets and
 * leading dimensions count complex elements, exactly as in `gemm`; the real and imaginary
 * parts of element e sit at buffer indices 2e and 2e+1:
 *
 *   A[i, p] = a[2(aOffset + i·lda + p)] + i·a[2(aOffset + i·lda + p) + 1]   (transA = false)
 *   A[i, p] at aOffset + p·lda + i                                          (transA = true)
 *   B[p, j] at bOffset + p·ldb + j (transB = false) or bOffset + j·ldb + p (transB = true)
 *   C[i, j] at cOffset + i·ldc + j
 *
 * alpha and beta are complex (re, im pairs). beta = 0 overwrites C without reading it.
 * Operands are packed into float64 panels (conjugation applied while packing) and a 2×2
 * complex register micro-kernel (8 real accumulators, 16 real multiply-adds per step) runs over
 * them.
 *
 * complex128 output: when WebAssembly SIMD is available and the product is past the measured
 * crossover (ZWASM_MIN), the same packed panels are written straight into wasm memory and a 4×1
 * complex micro-kernel runs as f64x2 code, one complex number per v128 (`complexGemmWasm.ts`);
 * C is staged through wasm memory, with beta applied on the way in. Its operations and their
 * order are those of the JS micro-kernel, so both paths give the same bits, and the cost per
 * real flop is about that of the float64 wasm kernel. The path switch is `setGemmPath` of
 * `gemmWasm.ts` (it governs real and complex output); complex64 output stays on the JS path.
 */
import { ZA_BYTES, ZB_BYTES, ZC_BYTES, ZKC, ZMC, ZMR, ZNC, ZNR, type WasmZgemm, wasmZgemm } from './complexGemmWasm.js';
import { type RealArray, checkDims, checkRange } from './gemm.js';
import { gemmPath } from './gemmWasm.js';

const MR = 2;
const NR = 2;
/** k blocking; shared with the wasm kernel so that both paths give the same bits. */
const KC = ZKC;
const MC = 64;
const NC = 256;

/** Below this many complex multiply-adds (m·n·k), the unpacked loops are faster than packing. */
const SMALL = 2048;

let packA = new Float64Array(2 * MC * KC);
let packB = new Float64Array(2 * KC * NC);
const tile = new Float64Array(2 * MR * NR);

/**
 * From this many complex multiply-adds (m·n·k) on, with m, n ≥ 2 and k ≥ ZWASM_MIN_K, complex128
 * output goes to the wasm SIMD kernel (`complexGemmWasm.ts`) when it is available (measured
 * crossover, Node 20 x64; below it the O(m·n) staging of C through wasm memory dominates).
 */
const ZWASM_MIN = 200;
const ZWASM_MIN_K = 5;

/** Rows of C staged in wasm memory at a time (bounds the memory the wasm path needs). */
const ZROWS = 512;

let lastPath: 'small' | 'js' | 'wasm' | 'none' = 'none';

/** Which path the last `complexGemm` call took (internal; tests check path forcing with it). */
export function lastComplexGemmPath(): 'small' | 'js' | 'wasm' | 'none' {
  return lastPath;
}

/**
 * C ← alpha·op(A)·op(B) + beta·C on interleaved complex row-major buffers (see module comment).
 *
 * @example
 * // C = Aᴴ·B for A (k×m) and B (k×n), all complex128 buffers
 * complexGemm(true, true, false, false, m, n, k, 1, 0, a, 0, m, b, 0, n, 0, 0, c, 0, n);
 */
export function complexGemm(
  transA: boolean,
  conjA: boolean,
  transB: boolean,
  conjB: boolean,
  m: number,
  n: number,
  k: number,
  alphaRe: number,
  alphaIm: number,
  a: RealArray,
  aOffset: number,
  lda: number,
  b: RealArray,
  bOffset: number,
  ldb: number,
  betaRe: number,
  betaIm: number,
  c: RealArray,
  cOffset: number,
  ldc: number,
): void {
  checkDims('complexGemm', m, n, k);
  if (m === 0 || n === 0) return;
  checkRange('complexGemm', 'c', c.length >> 1, cOffset, m, ldc, n, 1);
  if (k === 0 || (alphaRe === 0 && alphaIm === 0)) {
    lastPath = 'none';
    scaleC(m, n, betaRe, betaIm, c, cOffset, ldc);
    return;
  }
  if (transA) checkRange('complexGemm', 'a', a.length >> 1, aOffset, k, lda, m, 1);
  else checkRange('complexGemm', 'a', a.length >> 1, aOffset, m, lda, k, 1);
  if (transB) checkRange('complexGemm', 'b', b.length >> 1, bOffset, n, ldb, k, 1);
  else checkRange('complexGemm', 'b', b.length >> 1, bOffset, k, ldb, n, 1);

  // Strides in reals: A[i, p] = a[2·aOffset + i·ars + p·acs].
  const ars = 2 * (transA ? 1 : lda);
  const acs = 2 * (transA ? lda : 1);
  const brs = 2 * (transB ? 1 : ldb);
  const bcs = 2 * (transB ? ldb : 1);
  const sa = conjA ? -1 : 1;
  const sb = conjB ? -1 : 1;

  // complex128 output: the wasm SIMD kernel when available and (unless forced) large enough.
  const path = gemmPath();
  if (c.BYTES_PER_ELEMENT === 8 && (path === 'wasm' || (path === 'auto' && m >= 2 && n >= 2 && k >= ZWASM_MIN_K && m * n * k >= ZWASM_MIN))) {
    const w = wasmZgemm(2 * roundUp(Math.min(m, ZROWS), ZMR) * roundUp(Math.min(n, ZNC), ZNR));
    if (w !== null) {
      lastPath = 'wasm';
      wasmBlocked(w, m, n, k, alphaRe, alphaIm, a, 2 * aOffset, ars, acs, sa, b, 2 * bOffset, brs, bcs, sb, betaRe, betaIm, c, cOffset, ldc);
      return;
    }
  }

  scaleC(m, n, betaRe, betaIm, c, cOffset, ldc);
  if (m * n * k <= SMALL || n < 2 || m < 2) {
    lastPath = 'small';
    smallComplexGemm(m, n, k, alphaRe, alphaIm, a, 2 * aOffset, ars, acs, sa, b, 2 * bOffset, brs, bcs, sb, c, cOffset, ldc);
    return;
  }

  lastPath = 'js';
  if (packA.length < 2 * MC * KC) packA = new Float64Array(2 * MC * KC);
  if (packB.length < 2 * KC * NC) packB = new Float64Array(2 * KC * NC);
  const ap = packA;
  const bp = packB;
  const ldc2 = 2 * ldc;

  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packPanels(bp, b, 2 * bOffset + pc * brs + jc * bcs, bcs, brs, sb, nc, kc, NR);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packPanels(ap, a, 2 * aOffset + ic * ars + pc * acs, ars, acs, sa, mc, kc, MR);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = Math.min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = Math.min(MR, mc - ir);
            // 2×2 complex micro-kernel.
            let r00 = 0;
            let i00 = 0;
            let r01 = 0;
            let i01 = 0;
            let r10 = 0;
            let i10 = 0;
            let r11 = 0;
            let i11 = 0;
            let ai = 2 * ir * kc;
            let bi = 2 * jr * kc;
            const end = ai + 2 * MR * kc;
            for (; ai < end; ai += 2 * MR, bi += 2 * NR) {
              const ar0 = ap[ai]!;
              const ai0 = ap[ai + 1]!;
              const ar1 = ap[ai + 2]!;
              const ai1 = ap[ai + 3]!;
              const br0 = bp[bi]!;
              const bi0 = bp[bi + 1]!;
              const br1 = bp[bi + 2]!;
              const bi1 = bp[bi + 3]!;
              r00 += ar0 * br0 - ai0 * bi0;
              i00 += ar0 * bi0 + ai0 * br0;
              r01 += ar0 * br1 - ai0 * bi1;
              i01 += ar0 * bi1 + ai0 * br1;
              r10 += ar1 * br0 - ai1 * bi0;
              i10 += ar1 * bi0 + ai1 * br0;
              r11 += ar1 * br1 - ai1 * bi1;
              i11 += ar1 * bi1 + ai1 * br1;
            }
            const cIdx = 2 * (cOffset + (ic + ir) * ldc + jc + jr);
            if (mr === MR && nr === NR) {
              let q = cIdx;
              c[q] = c[q]! + alphaRe * r00 - alphaIm * i00;
              c[q + 1] = c[q + 1]! + alphaRe * i00 + alphaIm * r00;
              c[q + 2] = c[q + 2]! + alphaRe * r01 - alphaIm * i01;
              c[q + 3] = c[q + 3]! + alphaRe * i01 + alphaIm * r01;
              q += ldc2;
              c[q] = c[q]! + alphaRe * r10 - alphaIm * i10;
              c[q + 1] = c[q + 1]! + alphaRe * i10 + alphaIm * r10;
              c[q + 2] = c[q + 2]! + alphaRe * r11 - alphaIm * i11;
              c[q + 3] = c[q + 3]! + alphaRe * i11 + alphaIm * r11;
            } else {
              const t = tile;
              t[0] = r00;
              t[1] = i00;
              t[2] = r01;
              t[3] = i01;
              t[4] = r10;
              t[5] = i10;
              t[6] = r11;
              t[7] = i11;
              for (let ii = 0; ii < mr; ii++) {
                for (let jj = 0; jj < nr; jj++) {
                  const q = cIdx + ii * ldc2 + 2 * jj;
                  const tr = t[2 * (ii * NR + jj)]!;
                  const ti = t[2 * (ii * NR + jj) + 1]!;
                  c[q] = c[q]! + alphaRe * tr - alphaIm * ti;
                  c[q + 1] = c[q + 1]! + alphaRe * ti + alphaIm * tr;
                }
              }
            }
          }
        }
      }
    }
  }
}

const roundUp = (x: number, r: number): number => Math.ceil(x / r) * r;

/**
 * The packed complex GEMM with the wasm SIMD macro-kernel (see `complexGemmWasm.ts`): same KC
 * blocking, conjugation and summation order as the JS loops above (so the same bits), with C
 * staged through wasm memory — for each ZNC-column strip and each ZROWS-row chunk, beta·C is
 * written into a zero-padded interleaved buffer (row length a multiple of ZNR) with the same
 * formula as `scaleC`, every (KC, ZMC) block adds alpha·Ã·B̃ to it in wasm, and the valid part
 * is copied back. beta = 0 never reads C. Offsets and strides in reals.
 */
function wasmBlocked(
  w: WasmZgemm,
  m: number,
  n: number,
  k: number,
  alphaRe: number,
  alphaIm: number,
  a: RealArray,
  aOff: number,
  ars: number,
  acs: number,
  sa: number,
  b: RealArray,
  bOff: number,
  brs: number,
  bcs: number,
  sb: number,
  betaRe: number,
  betaIm: number,
  c: RealArray,
  cOffset: number,
  ldc: number,
): void {
  const { kernel, packA: ap, packB: bp, cBuf } = w;
  const betaZero = betaRe === 0 && betaIm === 0;
  const betaOne = betaRe === 1 && betaIm === 0;
  for (let jc = 0; jc < n; jc += ZNC) {
    const nc = Math.min(ZNC, n - jc);
    const ldw = roundUp(nc, ZNR);
    for (let i0 = 0; i0 < m; i0 += ZROWS) {
      const rows = Math.min(ZROWS, m - i0);
      const c0 = 2 * (cOffset + i0 * ldc + jc);
      // stage beta·C (padding rows/columns are zero and never copied back)
      if (betaZero || ldw !== nc) cBuf.fill(0, 0, 2 * roundUp(rows, ZMR) * ldw);
      if (!betaZero) {
        for (let i = 0; i < rows; i++) {
          const s = c0 + 2 * i * ldc;
          const d = 2 * i * ldw;
          if (betaOne) {
            for (let j = 0; j < 2 * nc; j++) cBuf[d + j] = c[s + j]!;
          } else {
            for (let j = 0; j < 2 * nc; j += 2) {
              const re = c[s + j]!;
              const im = c[s + j + 1]!;
              cBuf[d + j] = betaRe * re - betaIm * im;
              cBuf[d + j + 1] = betaRe * im + betaIm * re;
            }
          }
        }
      }
      for (let pc = 0; pc < k; pc += KC) {
        const kc = Math.min(KC, k - pc);
        packPanels(bp, b, bOff + pc * brs + jc * bcs, bcs, brs, sb, nc, kc, ZNR);
        for (let ic = 0; ic < rows; ic += ZMC) {
          const mc = Math.min(ZMC, rows - ic);
          packPanels(ap, a, aOff + (i0 + ic) * ars + pc * acs, ars, acs, sa, mc, kc, ZMR);
          kernel(ZA_BYTES, ZB_BYTES, ZC_BYTES + ic * ldw * 16, ldw * 16, roundUp(mc, ZMR), ldw, kc, alphaRe, alphaIm);
        }
      }
      for (let i = 0; i < rows; i++) {
        const d = c0 + 2 * i * ldc;
        const s = 2 * i * ldw;
        for (let j = 0; j < 2 * nc; j++) c[d + j] = cBuf[s + j]!;
      }
    }
  }
}

/** C ← beta·C for complex beta (beta = 0 writes zeros). */
function scaleC(m: number, n: number, betaRe: number, betaIm: number, c: RealArray, cOffset: number, ldc: number): void {
  if (betaRe === 1 && betaIm === 0) return;
  for (let i = 0; i < m; i++) {
    const row = 2 * (cOffset + i * ldc);
    if (betaRe === 0 && betaIm === 0) {
      c.fill(0, row, row + 2 * n);
      continue;
    }
    for (let q = row; q < row + 2 * n; q += 2) {
      const re = c[q]!;
      const im = c[q + 1]!;
      c[q] = betaRe * re - betaIm * im;
      c[q + 1] = betaRe * im + betaIm * re;
    }
  }
}

/**
 * Packs a `rows`×kc block X[r, p] = x[off + r·rs + p·cs] (reals; rs, cs in reals) into
 * consecutive panels of `w` rows stored p-major, interleaved: panel[2(p·w + rr)] = re,
 * panel[2(p·w + rr) + 1] = s·im. The last panel is zero-padded. Used for A (rows = i) and, with
 * the roles of the strides swapped, for B (rows = j).
 */
function packPanels(
  dst: Float64Array,
  x: RealArray,
  off: number,
  rs: number,
  cs: number,
  s: number,
  rows: number,
  kc: number,
  w: number,
): void {
  for (let r0 = 0; r0 < rows; r0 += w) {
    const nr = Math.min(w, rows - r0);
    const base = 2 * r0 * kc;
    for (let rr = 0; rr < w; rr++) {
      let d = base + 2 * rr;
      if (rr < nr) {
        for (let p = 0, src = off + (r0 + rr) * rs; p < kc; p++, d += 2 * w, src += cs) {
          dst[d] = x[src]!;
          dst[d + 1] = s * x[src + 1]!;
        }
      } else {
        for (let p = 0; p < kc; p++, d += 2 * w) {
          dst[d] = 0;
          dst[d + 1] = 0;
        }
      }
    }
  }
}

/** Unpacked loops for small or skinny products; offsets and strides in reals. */
function smallComplexGemm(
  m: number,
  n: number,
  k: number,
  alphaRe: number,
  alphaIm: number,
  a: RealArray,
  aOff: number,
  ars: number,
  acs: number,
  sa: number,
  b: RealArray,
  bOff: number,
  brs: number,
  bcs: number,
  sb: number,
  c: RealArray,
  cOffset: number,
  ldc: number,
): void {
  if (bcs === 2 && n > 1) {
    // i-p-j: the innermost loop runs along a row of B and a row of C.
    for (let i = 0; i < m; i++) {
      const ci = 2 * (cOffset + i * ldc);
      for (let p = 0; p < k; p++) {
        const q = aOff + i * ars + p * acs;
        const xr = a[q]!;
        const xi = sa * a[q + 1]!;
        const ar = alphaRe * xr - alphaIm * xi;
        const ai = alphaRe * xi + alphaIm * xr;
        if (ar === 0 && ai === 0) continue;
        const bRow = bOff + p * brs;
        for (let j = 0; j < n; j++) {
          const br = b[bRow + 2 * j]!;
          const bi = sb * b[bRow + 2 * j + 1]!;
          const o = ci + 2 * j;
          c[o] = c[o]! + ar * br - ai * bi;
          c[o + 1] = c[o + 1]! + ar * bi + ai * br;
        }
      }
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    const aRow = aOff + i * ars;
    const ci = 2 * (cOffset + i * ldc);
    for (let j = 0; j < n; j++) {
      const bCol = bOff + j * bcs;
      let sr = 0;
      let si = 0;
      for (let p = 0; p < k; p++) {
        const qa = aRow + p * acs;
        const qb = bCol + p * brs;
        const ar = a[qa]!;
        const ai = sa * a[qa + 1]!;
        const br = b[qb]!;
        const bi = sb * b[qb + 1]!;
        sr += ar * br - ai * bi;
        si += ar * bi + ai * br;
      }
      const o = ci + 2 * j;
      c[o] = c[o]! + alphaRe * sr - alphaIm * si;
      c[o + 1] = c[o + 1]! + alphaRe * si + alphaIm * sr;
    }
  }
}
