/**
 * Applies a sequence of plane rotations to consecutive rows of a row-major matrix (LAPACK dlasr
 * with PIVOT='V'): rotation j acts on rows (first + j, first + j + 1) as
 *
 *   x ← c·x + s·y,   y ← c·y − s·x.
 *
 * The bidiagonal QR stores the singular vectors as rows (Uᵀ and Vᵀ), so each rotation is one
 * pass over two contiguous rows. Applying a whole sweep here, after the chase, instead of inside
 * it keeps the chase loop small and lets this loop be tuned on its own.
 *
 * Rows that live in the SVD's wasm memory (svdWasm.ts) are swept by the f64x2 kernels of
 * rotationSequenceWasm.ts, two columns per lane pair, with the same operations per element in
 * the same order (so the same bits); an odd last column and every other array run the loops
 * below.
 */

import { SWEEP_BLOCK_PAIRS } from './rotationSequenceWasm.js';
import { type SvdWasm, svdWasmAddress, svdWasmInstance } from './svdWasm.js';

/**
 * The wasm instance that can sweep `count` rotations over rows at byte address `at` (−1 when
 * they are not in the wasm workspace), with the coefficients copied into its scratch, or null.
 */
function wasmSweep(at: number, rowLen: number, count: number, cs: Float64Array, sn: Float64Array): SvdWasm | null {
  if (rowLen < 2 || at < 0) return null;
  const w = svdWasmInstance();
  if (count > w.coefficients) return null;
  const view = w.view;
  const c0 = w.csIndex;
  const s0 = w.snIndex;
  for (let j = 0; j < count; j++) {
    view[c0 + j] = cs[j]!;
    view[s0 + j] = sn[j]!;
  }
  return w;
}

/**
 * Forward order (j = 0, 1, …): DIRECT='F'. `rowLen` is both the row length and the stride.
 * Identity rotations, common once a block has nearly converged, leave their rows as they are.
 * `at` is x's byte address in the SVD's wasm memory (−1: not there); `csAt` and `snAt` those of
 * cs and sn when they live there too (else −1: they are copied into the instance's scratch).
 *
 * Fused over the sequence: rotation j's output row j+1 is rotation j+1's input, so four columns
 * at a time are carried down the rows in locals and every element is read and written once,
 * instead of twice per rotation. Each element sees the same operations in the same order as with
 * one rotation at a time, so the bits are those of the plain loop.
 */
export function applyRotationsForward(
  x: Float64Array,
  rowLen: number,
  first: number,
  count: number,
  cs: Float64Array,
  sn: Float64Array,
  at: number = svdWasmAddress(x),
  csAt = -1,
  snAt = -1,
): void {
  if (count <= 0) return;
  // With the coefficients already in the wasm memory (csAt, snAt ≥ 0: a caller that placed them
  // there and knows x's address `at`), nothing is copied.
  const direct = at >= 0 && rowLen >= 2 && csAt >= 0 && snAt >= 0;
  const w = direct ? svdWasmInstance() : wasmSweep(at, rowLen, count, cs, sn);
  let k = 0;
  if (w !== null) {
    const pairs = rowLen >> 1;
    w.rotF(
      at + 8 * first * rowLen,
      8 * rowLen,
      count,
      Math.floor(pairs / SWEEP_BLOCK_PAIRS),
      pairs % SWEEP_BLOCK_PAIRS,
      direct ? csAt : 8 * w.csIndex,
      direct ? snAt : 8 * w.snIndex,
    );
    k = 2 * pairs;
  }
  const base = first * rowLen;
  for (; k + 3 < rowLen; k += 4) {
    let p = base + k;
    let x0 = x[p]!;
    let x1 = x[p + 1]!;
    let x2 = x[p + 2]!;
    let x3 = x[p + 3]!;
    for (let j = 0; j < count; j++) {
      const q = p + rowLen;
      const c = cs[j]!;
      const s = sn[j]!;
      const y0 = x[q]!;
      const y1 = x[q + 1]!;
      const y2 = x[q + 2]!;
      const y3 = x[q + 3]!;
      if (c === 1 && s === 0) {
        x[p] = x0;
        x[p + 1] = x1;
        x[p + 2] = x2;
        x[p + 3] = x3;
        x0 = y0;
        x1 = y1;
        x2 = y2;
        x3 = y3;
      } else {
        x[p] = c * x0 + s * y0;
        x[p + 1] = c * x1 + s * y1;
        x[p + 2] = c * x2 + s * y2;
        x[p + 3] = c * x3 + s * y3;
        x0 = c * y0 - s * x0;
        x1 = c * y1 - s * x1;
        x2 = c * y2 - s * x2;
        x3 = c * y3 - s * x3;
      }
      p = q;
    }
    x[p] = x0;
    x[p + 1] = x1;
    x[p + 2] = x2;
    x[p + 3] = x3;
  }
  for (; k < rowLen; k++) {
    let p = base + k;
    let xv = x[p]!;
    for (let j = 0; j < count; j++) {
      const q = p + rowLen;
      const c = cs[j]!;
      const s = sn[j]!;
      const yv = x[q]!;
      if (c === 1 && s === 0) {
        x[p] = xv;
        xv = yv;
      } else {
        x[p] = c * xv + s * yv;
        xv = c * yv - s * xv;
      }
      p = q;
    }
    x[p] = xv;
  }
}

/**
 * Backward order (j = count − 1, …, 0): DIRECT='B'. Fused like the forward order, carrying the
 * columns up the rows: rotation j's output row j is rotation j−1's second input.
 */
export function applyRotationsBackward(
  x: Float64Array,
  rowLen: number,
  first: number,
  count: number,
  cs: Float64Array,
  sn: Float64Array,
): void {
  if (count <= 0) return;
  const at = svdWasmAddress(x);
  const w = wasmSweep(at, rowLen, count, cs, sn);
  let k = 0;
  if (w !== null) {
    const pairs = rowLen >> 1;
    w.rotB(
      at + 8 * first * rowLen,
      8 * rowLen,
      count,
      Math.floor(pairs / SWEEP_BLOCK_PAIRS),
      pairs % SWEEP_BLOCK_PAIRS,
      8 * w.csIndex,
      8 * w.snIndex,
    );
    k = 2 * pairs;
  }
  const last = (first + count) * rowLen;
  for (; k + 3 < rowLen; k += 4) {
    let q = last + k;
    let y0 = x[q]!;
    let y1 = x[q + 1]!;
    let y2 = x[q + 2]!;
    let y3 = x[q + 3]!;
    for (let j = count - 1; j >= 0; j--) {
      const p = q - rowLen;
      const c = cs[j]!;
      const s = sn[j]!;
      const x0 = x[p]!;
      const x1 = x[p + 1]!;
      const x2 = x[p + 2]!;
      const x3 = x[p + 3]!;
      if (c === 1 && s === 0) {
        x[q] = y0;
        x[q + 1] = y1;
        x[q + 2] = y2;
        x[q + 3] = y3;
        y0 = x0;
        y1 = x1;
        y2 = x2;
        y3 = x3;
      } else {
        x[q] = c * y0 - s * x0;
        x[q + 1] = c * y1 - s * x1;
        x[q + 2] = c * y2 - s * x2;
        x[q + 3] = c * y3 - s * x3;
        y0 = c * x0 + s * y0;
        y1 = c * x1 + s * y1;
        y2 = c * x2 + s * y2;
        y3 = c * x3 + s * y3;
      }
      q = p;
    }
    x[q] = y0;
    x[q + 1] = y1;
    x[q + 2] = y2;
    x[q + 3] = y3;
  }
  for (; k < rowLen; k++) {
    let q = last + k;
    let yv = x[q]!;
    for (let j = count - 1; j >= 0; j--) {
      const p = q - rowLen;
      const c = cs[j]!;
      const s = sn[j]!;
      const xv = x[p]!;
      if (c === 1 && s === 0) {
        x[q] = yv;
        yv = xv;
      } else {
        x[q] = c * yv - s * xv;
        yv = c * xv + s * yv;
      }
      q = p;
    }
    x[q] = yv;
  }
}

/** One rotation of two rows (BLAS drot on contiguous data). */
export function rotateRows(x: Float64Array, px: number, py: number, len: number, c: number, s: number): void {
  for (let k = 0; k < len; k++) {
    const xv = x[px + k]!;
    const yv = x[py + k]!;
    x[px + k] = c * xv + s * yv;
    x[py + k] = c * yv - s * xv;
  }
}
