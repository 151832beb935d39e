/**
 * Copies between the caller's typed arrays and shared memory for the parallel GEMM. Workers
 * cannot see ordinary typed arrays, so what they read is copied into the shared scratch
 * (`sharedScratch.ts`) and what they write is copied back — by the caller, block by block, only
 * for the chunks workers run (`parallelGemm.ts`).
 */
import type { RealArray, StridedOperand } from '../kernels/gemmOperand.js';

/** Whether x is already shared memory (then workers read it where it is). */
export function isShared(x: RealArray): boolean {
  return typeof SharedArrayBuffer === 'function' && x.buffer instanceof SharedArrayBuffer;
}

/** A typed array of x's type over `length` elements of `buf` from byte `at`. */
export function sharedView(x: RealArray, buf: SharedArrayBuffer, at: number, length: number): RealArray {
  return x instanceof Float32Array ? new Float32Array(buf, at, length) : new Float64Array(buf, at, length);
}

/**
 * Copies the block rows [r0, r1) × columns [c0, c1) of operand x into `dst`, a row-major matrix
 * with `cols` columns, at the same positions. `width` reals per element (2 for complex); the
 * values are copied as stored (a `conj` flag stays on the operand record).
 */
export function copyBlockIn(
  x: StridedOperand,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
  width: number,
  dst: RealArray,
  cols: number,
): void {
  const src = x.data;
  if (x.colStride === 1) {
    copyRows(
      src,
      x.offset + r0 * x.rowStride + c0,
      x.rowStride,
      dst,
      r0 * cols + c0,
      cols,
      r1 - r0,
      (c1 - c0) * width,
      width,
    );
    return;
  }
  for (let i = r0; i < r1; i++) {
    let d = width * (i * cols + c0);
    for (
      let j = c0, s = width * (x.offset + i * x.rowStride + c0 * x.colStride);
      j < c1;
      j++, s += width * x.colStride
    ) {
      dst[d++] = src[s]!;
      if (width === 2) dst[d++] = src[s + 1]!;
    }
  }
}

/** Copies `rows` runs of `len` reals; offsets and row strides in elements of `width` reals. */
export function copyRows(
  src: RealArray,
  srcOff: number,
  srcLd: number,
  dst: RealArray,
  dstOff: number,
  dstLd: number,
  rows: number,
  len: number,
  width: number,
): void {
  for (let i = 0; i < rows; i++) {
    const s = width * (srcOff + i * srcLd);
    dst.set(src.subarray(s, s + len), width * (dstOff + i * dstLd));
  }
}
