/**
 * Complex general matrix multiply on interleaved (re, im) strided buffers:
 *
 *   C ← alpha · A · B + beta · C,
 *
 * with the strided operand records of `gemm` (`gemmOperand.ts`): offsets and strides count
 * complex elements, and the real and imaginary parts of element e sit at buffer indices 2e and
 * 2e+1. A transpose is a record with swapped strides (`transposed`), a conjugate one with
 * `conj: true` (`conjugated`), so Aᴴ needs no copy:
 *
 *   A[i, p] = x[2e] + i·x[2e + 1],  e = a.offset + i·a.rowStride + p·a.colStride  (conj: x[2e] − i·x[2e + 1])
 *   C[i, j] at element c.offset + i·c.rowStride + j
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
import { COPY_AS_SET, type StagedPanelSteps, blockedProduct, roundUp, stagedProduct } from './gemmBlocking.js';
import {
  type ComplexScalar,
  type GemmOutput,
  type RealArray,
  type StridedOperand,
  checkDims,
  checkOperand,
} from './gemmOperand.js';
import { gemmPath } from './gemmWasm.js';
import { type RealStrides, inReals, scaleComplexRows, unpackedComplexGemm } from './unpackedGemm.js';
import { parallelGemm } from '../threads/parallelGemm.js';

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
 * C ← alpha·A·B + beta·C on interleaved complex strided buffers (see the module comment);
 * alpha and beta are (re, im) pairs.
 *
 * @example
 * // C = Aᴴ·B for A (k×m) and B (k×n), all complex128 row-major buffers
 * const ONE = [1, 0] as const;
 * complexGemm(m, n, k, ONE, conjugated(transposed(rowMajor(a, m))), rowMajor(b, n), [0, 0], rowMajor(c, n));
 */
export function complexGemm(
  m: number,
  n: number,
  k: number,
  alpha: ComplexScalar,
  a: StridedOperand,
  b: StridedOperand,
  beta: ComplexScalar,
  c: GemmOutput,
): void {
  const [alphaRe, alphaIm] = alpha;
  const [betaRe, betaIm] = beta;
  checkDims('complexGemm', m, n, k);
  if (m === 0 || n === 0) return;
  checkOperand('complexGemm', 'c', c, m, n, 2);
  if (k === 0 || (alphaRe === 0 && alphaIm === 0)) {
    lastPath = 'none';
    scaleComplexRows(m, n, betaRe, betaIm, c);
    return;
  }
  checkOperand('complexGemm', 'a', a, m, k, 2);
  checkOperand('complexGemm', 'b', b, k, n, 2);
  // Large products run on the thread pool (same bits; see threads/parallelGemm.ts).
  if (parallelGemm(true, m, n, k, alpha, a, b, beta, c)) return;
  const x = inReals(a);
  const y = inReals(b);

  // complex128 output: the wasm SIMD kernel when available and (unless forced) large enough.
  const path = gemmPath();
  const wasmSized = m >= 2 && n >= 2 && k >= ZWASM_MIN_K && m * n * k >= ZWASM_MIN;
  if (c.data.BYTES_PER_ELEMENT === 8 && (path === 'wasm' || (path === 'auto' && wasmSized))) {
    const w = wasmZgemm(2 * roundUp(Math.min(m, ZROWS), ZMR) * roundUp(Math.min(n, ZNC), ZNR));
    if (w !== null) {
      lastPath = 'wasm';
      try {
        stagedProduct(m, n, k, c, WASM_BLOCKING, wasmSteps.bind(w, alphaRe, alphaIm, x, y, betaRe, betaIm, c.data));
      } finally {
        wasmSteps.release();
      }
      return;
    }
  }

  scaleComplexRows(m, n, betaRe, betaIm, c);
  if (m * n * k <= SMALL || n < 2 || m < 2) {
    lastPath = 'small';
    unpackedComplexGemm(m, n, k, alphaRe, alphaIm, x, y, c);
    return;
  }

  lastPath = 'js';
  if (packA.length < 2 * MC * KC) packA = new Float64Array(2 * MC * KC);
  if (packB.length < 2 * KC * NC) packB = new Float64Array(2 * KC * NC);
  const ap = packA;
  const bp = packB;
  blockedProduct(m, n, k, BLOCKING, {
    packB: (pc, jc, kc, nc) => packPanelsB(bp, y, pc, jc, kc, nc, NR),
    packA: (ic, pc, mc, kc) => packPanelsA(ap, x, ic, pc, mc, kc, MR),
    multiply: (ic, jc, mc, nc, kc) => {
      const c0 = 2 * (c.offset + ic * c.rowStride + jc);
      multiplyPanels(ap, bp, mc, nc, kc, alphaRe, alphaIm, c.data, c0, 2 * c.rowStride);
    },
  });
}

const BLOCKING = { mc: MC, kc: KC, nc: NC } as const;
const WASM_BLOCKING = { mc: ZMC, kc: KC, nc: ZNC } as const;

/** The 2×2 complex register micro-kernel over one packed mc×kc block of A and kc×nc block of B. */
function multiplyPanels(
  ap: Float64Array,
  bp: Float64Array,
  mc: number,
  nc: number,
  kc: number,
  alphaRe: number,
  alphaIm: number,
  c: RealArray,
  c0: number,
  ldc2: number,
): void {
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
      const cIdx = c0 + ir * ldc2 + 2 * jr;
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

const EMPTY = new Float64Array(0);

/**
 * The wasm path's per-block steps (see `complexGemmWasm.ts` and `stagedProduct`): the same
 * packers as the JS path write into wasm memory, and beta·C is staged with the formula of
 * `scaleC` (so both paths give the same bits). One object is reused by every call (operands set
 * per call, released after it), so a call allocates no closures.
 */
class WasmSteps implements StagedPanelSteps {
  readonly width = 2;
  readonly stagedRows = ZROWS;
  readonly padRows = ZMR;
  readonly padCols = ZNR;
  cBuf: Float64Array = EMPTY;
  betaZero = false;
  private w: WasmZgemm | null = null;
  private alphaRe = 0;
  private alphaIm = 0;
  private betaRe = 0;
  private betaIm = 0;
  private a: RealStrides | null = null;
  private b: RealStrides | null = null;
  private c: RealArray = EMPTY;

  bind(
    w: WasmZgemm,
    alphaRe: number,
    alphaIm: number,
    a: RealStrides,
    b: RealStrides,
    betaRe: number,
    betaIm: number,
    c: RealArray,
  ): this {
    this.w = w;
    this.cBuf = w.cBuf;
    this.alphaRe = alphaRe;
    this.alphaIm = alphaIm;
    this.betaRe = betaRe;
    this.betaIm = betaIm;
    this.betaZero = betaRe === 0 && betaIm === 0;
    this.a = a;
    this.b = b;
    this.c = c;
    return this;
  }

  /** Drops the references to the caller's buffers (so the reused object keeps nothing alive). */
  release(): void {
    this.w = null;
    this.cBuf = EMPTY;
    this.a = null;
    this.b = null;
    this.c = EMPTY;
  }

  stageRow(d: number, s: number, count: number): void {
    const { cBuf, c, betaRe, betaIm } = this;
    if (betaRe === 1 && betaIm === 0) {
      if (2 * count >= COPY_AS_SET) cBuf.set(c.subarray(s, s + 2 * count), d);
      else for (let j = 0; j < 2 * count; j++) cBuf[d + j] = c[s + j]!;
      return;
    }
    for (let j = 0; j < 2 * count; j += 2) {
      const re = c[s + j]!;
      const im = c[s + j + 1]!;
      cBuf[d + j] = betaRe * re - betaIm * im;
      cBuf[d + j + 1] = betaRe * im + betaIm * re;
    }
  }

  packB(pc: number, jc: number, kc: number, nc: number): void {
    packPanelsB(this.w!.packB, this.b!, pc, jc, kc, nc, ZNR);
  }

  packA(row: number, pc: number, mc: number, kc: number): void {
    packPanelsA(this.w!.packA, this.a!, row, pc, mc, kc, ZMR);
  }

  kernel(ic: number, ldw: number, mc: number, kc: number): void {
    const w = this.w!;
    w.kernel(
      ZA_BYTES,
      ZB_BYTES,
      ZC_BYTES + ic * ldw * 16,
      ldw * 16,
      roundUp(mc, ZMR),
      ldw,
      kc,
      this.alphaRe,
      this.alphaIm,
    );
  }
}

const wasmSteps = new WasmSteps();

/** Packs the mc×kc block of A at (i0, p0) into panels of `w` rows (see `packPanels`). */
function packPanelsA(
  dst: Float64Array,
  a: RealStrides,
  i0: number,
  p0: number,
  mc: number,
  kc: number,
  w: number,
): void {
  const off = a.offset + i0 * a.rowStride + p0 * a.colStride;
  packPanels(dst, a.data, off, a.rowStride, a.colStride, a.imSign, mc, kc, w);
}

/** Packs the kc×nc block of B at (p0, j0) into panels of `w` columns (see `packPanels`). */
function packPanelsB(
  dst: Float64Array,
  b: RealStrides,
  p0: number,
  j0: number,
  kc: number,
  nc: number,
  w: number,
): void {
  const off = b.offset + p0 * b.rowStride + j0 * b.colStride;
  packPanels(dst, b.data, off, b.colStride, b.rowStride, b.imSign, nc, kc, w);
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
