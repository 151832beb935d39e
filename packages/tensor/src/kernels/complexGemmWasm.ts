/**
 * The WebAssembly SIMD micro-kernel behind complex128 `complexGemm`: one complex number is one
 * v128 holding f64x2 (re, im).
 *
 * Built like the float64 kernel (`gemmWasm.ts`): the module is generated at run time by the
 * emitter in `wasmEmit.ts` the first time a large complex128 product runs, compiled and
 * instantiated synchronously, and has its own growable memory into which `complexGemm.ts`
 * packs the panels and stages C. Feature detection, the 'auto' | 'js' | 'wasm' switch
 * (`setGemmPath`) and `simulateNoWasmSimd` are those of `gemmWasm.ts`; they govern both kernels.
 *
 * What it computes: one macro-kernel call, C_block += alpha · Ã · B̃ (alpha complex), where Ã
 * is mc/ZMR panels of ZMR rows × kc and B̃ nc/ZNR panels of kc × ZNR columns, both written by
 * the JS complex packer (`packPanels` in `complexGemm.ts`: p-major, interleaved (re, im),
 * conjugation applied), and C_block an interleaved row-major buffer with mc padded to a
 * multiple of ZMR. The tile is ZMR×ZNR = 4×1 complex entries in four v128 accumulators (4×1
 * measured fastest in V8, ahead of 2×2, 4×2, 2×4, 3×2, 6×1 and 8×1). Per k step the B entry
 * b = (br, bi) is loaded once and turned into (−bi, br) by an `f64x2.neg` and an
 * `i8x16.shuffle`; each A entry a = (ar, ai) is loaded as two splats; then
 *
 *   acc += splat(ar)·(br, bi) + splat(ai)·(−bi, br)
 *        = (ar·br + (−(ai·bi)), ar·bi + ai·br),
 *
 * which is bit for bit the JS kernel's `r += ar·br − ai·bi; i += ar·bi + ai·br` (IEEE x − y is
 * x + (−y), and ai·(−bi) = −(ai·bi) exactly). At the end of a k block, with the lanes of acc
 * swapped by a shuffle,
 *
 *   C += splat(αr)·(r, i) + (−αi, αi)·(i, r)   (added in that order)
 *
 * which is the JS `c_re = c_re + αr·r − αi·i; c_im = c_im + αr·i + αi·r`. Only IEEE-exact
 * lane-wise mul/add, negation and lane moves are used (no relaxed FMA), so the result is
 * deterministic and identical to the JS kernel's on every engine. The tile shape and MC/NC do
 * not enter the result (each C entry sees the same products, in the same p order, in the same
 * KC blocks), only KC does, which is why {@link ZKC} is the JS kernel's KC too.
 *
 * Memory layout (bytes, see {@link wasmZgemm}): Ã (ZMC×ZKC complex) at 0, B̃ (ZKC×ZNC) after
 * it, then the C block.
 */
import { PAGE, type PanelArena, type PanelLayout, createPanelArena, reservePanelArena } from './wasmPanelArena.js';
import { wasmSimdSupported } from './gemmWasm.js';
import { Code, F64, I32, SWAP_F64X2, V128, wasmModule } from './wasmEmit.js';

/** Register tile of the wasm complex kernel: ZMR rows × ZNR columns of complex entries. */
export const ZMR = 4;
export const ZNR = 1;
/** k blocking: fixes the summation (C is updated once per k block); shared with the JS kernel. */
export const ZKC = 256;
/** Cache blocking of the wasm path (rows of Ã, columns of B̃ per block; free for the result). */
export const ZMC = 64;
export const ZNC = 256;

/** The kernel: C_block (byte address cp, row stride ldc bytes) += (alphaRe + i·alphaIm)·Ã·B̃. */
export type WasmZKernel = (
  ap: number,
  bp: number,
  cp: number,
  ldc: number,
  mc: number,
  nc: number,
  kc: number,
  alphaRe: number,
  alphaIm: number,
) => void;

/** The instance and the views over its memory (see wasmPanelArena.ts); Ã, B̃ and C interleaved. */
export type WasmZgemm = PanelArena<WasmZKernel>;

export const ZA_BYTES = 0;
export const ZB_BYTES = ZA_BYTES + ZMC * ZKC * 16;
export const ZC_BYTES = ZB_BYTES + ZKC * ZNC * 16;
const LAYOUT: PanelLayout = {
  aBytes: ZA_BYTES,
  aDoubles: 2 * ZMC * ZKC,
  bBytes: ZB_BYTES,
  bDoubles: 2 * ZKC * ZNC,
  cBytes: ZC_BYTES,
};
/** `i8x16.shuffle` lanes: f64 lane 1 of the first operand, then f64 lane 0 of the second. */
const NEG_SWAP = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];

/**
 * Generates `(ap, bp, cp, ldc, mc, nc, kc: i32, alphaRe, alphaIm: f64)`; mc, nc multiples of
 * ZMR, ZNR, nc ≥ 1, 1 ≤ kc ≤ ZKC, ldc in bytes. Loop nest: for each B̃ panel (ZNR columns of C)
 * × each Ã panel (ZMR rows): the ZMR×ZNR tile over kc in ZMR·ZNR v128 accumulators (+0 to
 * start, as the JS locals), then C_tile += alpha·acc.
 */
function kernelCode(): Code {
  const f = new Code([I32, I32, I32, I32, I32, I32, I32, F64, F64]);
  const [ap, bp, cp, ldc, mc, nc, kc, alphaRe, alphaIm] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const aPanel = f.local(I32); // bytes per Ã panel: ZMR·kc·16
  const bPanel = f.local(I32); // bytes per B̃ panel: ZNR·kc·16
  const aEnd = f.local(I32);
  const bEnd = f.local(I32);
  const aPan = f.local(I32);
  const bPan = f.local(I32);
  const cCol = f.local(I32);
  const cRow = f.local(I32);
  const pa = f.local(I32);
  const pb = f.local(I32);
  const pEnd = f.local(I32);
  const t = f.local(I32);
  const var_ = f.local(V128); // splat(ar)
  const vai = f.local(V128); // splat(ai)
  const vAr = f.local(V128); // splat(alphaRe)
  const vAi = f.local(V128); // (−alphaIm, alphaIm)
  const vb = Array.from({ length: 2 * ZNR }, () => f.local(V128)); // (br, bi) and (−bi, br) per column
  const acc = Array.from({ length: ZMR * ZNR }, () => f.local(V128));

  f.get(kc)
    .i32Const(ZMR * 16)
    .i32Mul()
    .set(aPanel);
  f.get(kc)
    .i32Const(ZNR * 16)
    .i32Mul()
    .set(bPanel);
  f.get(ap).get(mc).get(kc).i32Mul().i32Const(4).i32Shl().i32Add().set(aEnd);
  f.get(bp).get(nc).get(kc).i32Mul().i32Const(4).i32Shl().i32Add().set(bEnd);
  f.get(alphaRe).f64x2Splat().set(vAr);
  f.get(alphaIm).f64x2Splat().get(alphaIm).f64Neg().f64x2ReplaceLane(0).set(vAi);
  f.get(bp).set(bPan);
  f.get(cp).set(cCol);

  f.loop(); // over B̃ panels
  f.get(ap).set(aPan);
  f.get(cCol).set(cRow);
  f.loop(); // over Ã panels
  for (const v of acc) f.v128Zero().set(v);
  f.get(aPan).set(pa);
  f.get(bPan).set(pb);
  f.get(aPan).get(aPanel).i32Add().set(pEnd);
  f.loop(); // over k (kc ≥ 1)
  for (let j = 0; j < ZNR; j++) {
    f.get(pb)
      .v128Load(16 * j)
      .tee(vb[2 * j]!)
      .f64x2Neg()
      .get(vb[2 * j]!)
      .i8x16Shuffle(NEG_SWAP)
      .set(vb[2 * j + 1]!);
  }
  for (let r = 0; r < ZMR; r++) {
    f.get(pa)
      .v128Load64Splat(16 * r)
      .set(var_);
    f.get(pa)
      .v128Load64Splat(16 * r + 8)
      .set(vai);
    for (let j = 0; j < ZNR; j++) {
      const x = acc[r * ZNR + j]!;
      // acc += (splat(ar)·(br, bi) + splat(ai)·(−bi, br))
      f.get(x)
        .get(var_)
        .get(vb[2 * j]!)
        .f64x2Mul()
        .get(vai)
        .get(vb[2 * j + 1]!)
        .f64x2Mul()
        .f64x2Add()
        .f64x2Add()
        .set(x);
    }
  }
  f.get(pa)
    .i32Const(ZMR * 16)
    .i32Add()
    .tee(pa);
  f.get(pb)
    .i32Const(ZNR * 16)
    .i32Add()
    .set(pb);
  f.get(pEnd).i32LtU().brIf(0);
  f.end();
  // C_tile[r, j] = (C + splat(αr)·acc) + (−αi, αi)·swap(acc); row r at cRow + r·ldc.
  f.get(cRow).set(t);
  for (let r = 0; r < ZMR; r++) {
    if (r > 0) f.get(t).get(ldc).i32Add().set(t);
    for (let j = 0; j < ZNR; j++) {
      const x = acc[r * ZNR + j]!;
      f.get(t);
      f.get(t)
        .v128Load(16 * j)
        .get(vAr)
        .get(x)
        .f64x2Mul()
        .f64x2Add();
      f.get(vAi).get(x).get(x).i8x16Shuffle(SWAP_F64X2).f64x2Mul().f64x2Add();
      f.v128Store(16 * j);
    }
  }
  f.get(t).get(ldc).i32Add().set(cRow);
  f.get(aPan).get(aPanel).i32Add().tee(aPan);
  f.get(aEnd).i32LtU().brIf(0);
  f.end();
  f.get(cCol)
    .i32Const(ZNR * 16)
    .i32Add()
    .set(cCol);
  f.get(bPan).get(bPanel).i32Add().tee(bPan);
  f.get(bEnd).i32LtU().brIf(0);
  f.end();
  return f;
}

/** The complex kernel module: memory (Ã and B̃ areas preallocated) + `zgemm`. */
export function complexKernelModuleBytes(): Uint8Array<ArrayBuffer> {
  return wasmModule(Math.ceil(ZC_BYTES / PAGE), [{ name: 'zgemm', code: kernelCode() }]);
}

/** undefined: not tried yet; null: unavailable (no SIMD or instantiation failed). */
let state: WasmZgemm | null | undefined;

/**
 * Whether the complex128 wasm SIMD kernel can run here (feature detection + instantiation).
 *
 * @example
 * if (!kernels.wasmZgemmAvailable()) console.log('complex128 matmul runs the JavaScript kernel');
 */
export function wasmZgemmAvailable(): boolean {
  return wasmZgemm(0) !== null;
}

/**
 * The complex wasm kernel with room for a C block of `cDoubles` doubles (2 per complex entry),
 * or null when wasm SIMD is unavailable (or simulated away) or the memory cannot grow. Grows
 * the memory only when needed, never shrinks; bounded by the largest staged C block
 * (512 rows × ZNC columns in `complexGemm`, 2 MB), i.e. about 3.3 MB in all.
 */
export function wasmZgemm(cDoubles: number): WasmZgemm | null {
  if (!wasmSimdSupported()) return null;
  if (state === undefined) state = createPanelArena<WasmZKernel>(complexKernelModuleBytes(), 'zgemm', LAYOUT);
  const w = state;
  if (w === null) return null;
  return reservePanelArena(w, LAYOUT, cDoubles) ? w : null;
}
