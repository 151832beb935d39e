/**
 * Work matrices that the thread pool's workers can update in place (see `parallelGemm.ts`: a C
 * already in shared memory is neither copied in nor copied back).
 */
import { type Buffer, type DType, isSinglePrecision, itemWidth } from '../dtype.js';
import { poolUsable } from './threadPool.js';

/** Below this many elements `sharedWorkArray` returns ordinary memory (no product on it goes parallel). */
const SHARED_WORK_MIN = 128 * 128;

/**
 * A zeroed Float64Array of `length` elements for a kernel's work matrix that GEMMs update in place:
 * over a SharedArrayBuffer when the thread pool is usable and the array is large enough, so the
 * pool's workers write their parts of it directly (no copies in and out); ordinary memory
 * otherwise. Same values either way.
 *
 * @example
 * const work = kernels.sharedWorkArray(n * n); // eigh's tridiagonalisation updates it on the pool
 */
export function sharedWorkArray(length: number): Float64Array {
  if (length >= SHARED_WORK_MIN && poolUsable()) return new Float64Array(new SharedArrayBuffer(8 * length));
  return new Float64Array(length);
}

/**
 * A zero-filled buffer for `size` elements of `dtype` (as `allocate`) over a fresh
 * SharedArrayBuffer, for results the pool's workers write in place (`matmul`).
 */
export function sharedAllocate(dtype: DType, size: number): Buffer {
  const n = size * itemWidth(dtype);
  return isSinglePrecision(dtype)
    ? new Float32Array(new SharedArrayBuffer(4 * n))
    : new Float64Array(new SharedArrayBuffer(8 * n));
}
