/**
 * The WebAssembly instance of the small-matrix SVD kernels (f64x2 SIMD, generated at run time
 * with the tensor package's emitter) and its memory, which doubles as the SVD's workspace: the
 * driver places Uᵀ and Vᵀ there (`svdWasmArrays`), the reflector accumulation fills them in
 * place and the bidiagonal QR's rotation sweeps run on them without a copy.
 *
 * One instance per thread (module state), whose memory grows to the largest request and is then
 * reused by every later call, so a batch of small SVDs allocates its vector buffers once. Views
 * handed out by `svdWasmArrays` are the live ones until the next call of it (which reuses the
 * memory, and may grow it and so detach them); the SVD driver copies its results out before that.
 *
 * Every kernel has a JavaScript twin with the same operations in the same order (no FMA), used
 * when wasm SIMD is unavailable or for data outside this memory, so the bits never depend on
 * the path.
 */

import { kernels } from '@svd/tensor';
import { columnProductsCode, trailingRowsCode } from './householderBidiagonalizeWasm.js';
import { reflectRowsCode } from './reflectRowsWasm.js';
import { backwardSweepCode, forwardSweepCode } from './rotationSequenceWasm.js';

const { wasmModule, wasmSimdSupported, WASM_PAGE } = kernels;

type SweepKernel = (
  x: number,
  stride: number,
  count: number,
  blocks: number,
  pairs: number,
  cs: number,
  sn: number,
) => void;

type ColumnProductsKernel = (a: number, stride: number, rows: number, pairs: number, odd: number, w: number) => void;
type TrailingRowsKernel = (
  a: number,
  stride: number,
  rows: number,
  pairs: number,
  odd: number,
  w: number,
  u: number,
  tq: number,
  tp: number,
) => void;
type ReflectKernel = (
  x: number,
  stride: number,
  rows: number,
  pairs: number,
  odd: number,
  v: number,
  tau: number,
) => void;

export interface SvdWasm {
  readonly rotF: SweepKernel;
  readonly rotB: SweepKernel;
  readonly reflectRows: ReflectKernel;
  readonly columnProducts: ColumnProductsKernel;
  readonly trailingRows: TrailingRowsKernel;
  readonly memory: WebAssembly.Memory;
  /** A view of the whole memory (re-created after each growth). */
  view: Float64Array;
  /** Element offsets of the rotation coefficient scratch (cosines, sines) and its capacity. */
  readonly csIndex: number;
  readonly snIndex: number;
  coefficients: number;
}

/** Room for this many rotation coefficients (each of c and s) at the bottom of the memory. */
const COEFFICIENTS = 4096;
/** Element index where the arrays start: guard, cosines, sines. */
const CS_INDEX = 8;
const SN_INDEX = CS_INDEX + COEFFICIENTS;
const ARRAYS_INDEX = SN_INDEX + COEFFICIENTS;
/** Requests above this many doubles (64 MiB) are refused: the caller uses plain arrays. */
const MAX_DOUBLES = 8 * 1024 * 1024;

/** undefined: not tried yet; null: unavailable. */
let state: SvdWasm | null | undefined;
let enabled = true;

/**
 * The module's binary. About 2.9 KB, below Chromium's 4 KiB limit on synchronous compilation on
 * the main thread (a test keeps it there).
 */
export function svdWasmModuleBytes(): Uint8Array<ArrayBuffer> {
  return wasmModule(1, [
    { name: 'rotF', code: forwardSweepCode() },
    { name: 'rotB', code: backwardSweepCode() },
    { name: 'reflectRows', code: reflectRowsCode() },
    { name: 'columnProducts', code: columnProductsCode() },
    { name: 'trailingRows', code: trailingRowsCode() },
  ]);
}

function instantiate(): SvdWasm | null {
  try {
    const module = new WebAssembly.Module(svdWasmModuleBytes());
    const inst = new WebAssembly.Instance(module, {});
    const memory = inst.exports.memory as WebAssembly.Memory;
    return {
      rotF: inst.exports.rotF as SweepKernel,
      rotB: inst.exports.rotB as SweepKernel,
      reflectRows: inst.exports.reflectRows as ReflectKernel,
      columnProducts: inst.exports.columnProducts as ColumnProductsKernel,
      trailingRows: inst.exports.trailingRows as TrailingRowsKernel,
      memory,
      view: new Float64Array(memory.buffer),
      csIndex: CS_INDEX,
      snIndex: SN_INDEX,
      coefficients: COEFFICIENTS,
    };
  } catch {
    return null;
  }
}

/** The instance, or null without wasm SIMD (or when disabled by {@link setSvdWasmEnabled}). */
export function svdWasm(): SvdWasm | null {
  if (!enabled) return null;
  if (state === undefined) state = wasmSimdSupported() ? instantiate() : null;
  return state;
}

/**
 * The views handed out by the last {@link svdWasmArrays} call and their byte addresses. The
 * kernels dispatch on identity with these (a few pointer comparisons) rather than on `x.buffer`
 * and `x.byteOffset`, whose getters are not inlined and cost more than a 16×16 kernel call.
 * Older views are not in the list: they take the JavaScript path (same bits).
 */
const liveViews: Float64Array[] = [];
const liveAddresses: number[] = [];

/** The byte address of `x` in the wasm memory if it is a live workspace view, else −1. */
export function svdWasmAddress(x: Float64Array): number {
  if (!enabled) return -1;
  for (let i = 0; i < liveViews.length; i++) if (liveViews[i] === x) return liveAddresses[i]!;
  return -1;
}

/** The instance, once {@link svdWasmAddress} has found a live view (so it exists). */
export function svdWasmInstance(): SvdWasm {
  return state as SvdWasm;
}

/**
 * Views of the wasm memory with the given lengths (each 16-byte aligned, disjoint; contents
 * left over from earlier calls), or null when wasm SIMD is unavailable or the request is too
 * large. Earlier views are reused memory: use the new ones only after the data of the old ones
 * has been consumed.
 */
export function svdWasmArrays(lengths: readonly number[]): Float64Array[] | null {
  const w = svdWasm();
  if (w === null) return null;
  let total = ARRAYS_INDEX;
  for (const len of lengths) total += len + (len & 1);
  if (total > MAX_DOUBLES) return null;
  if (w.view.length < total) {
    try {
      w.memory.grow(Math.ceil((total * 8 - w.memory.buffer.byteLength) / WASM_PAGE));
    } catch {
      return null;
    }
    w.view = new Float64Array(w.memory.buffer);
  }
  liveViews.length = 0;
  liveAddresses.length = 0;
  let at = ARRAYS_INDEX;
  for (const len of lengths) {
    liveViews.push(w.view.subarray(at, at + len));
    liveAddresses.push(8 * at);
    at += len + (len & 1);
  }
  return liveViews.slice();
}

/**
 * Turns the wasm kernels off (false) or back on, process-wide; returns the previous setting.
 * Internal: lets tests compare the two paths bit for bit.
 */
export function setSvdWasmEnabled(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}
