/**
 * Shared memory for the operands of a parallel kernel call: ordinary typed arrays cannot be seen
 * by workers, so the caller copies them (O(n²) against O(n³) work) into one growable
 * SharedArrayBuffer that is reused between calls. Reuse matters: touching fresh memory costs far
 * more than the copies (measured: 1 ms to copy three 1024² operands into a warm buffer, ~100 ms
 * into a new one). Buffers above KEEP_BYTES are not kept, so the pool never holds more than that.
 */
const KEEP_BYTES = 64 * 1024 * 1024;

let arena: SharedArrayBuffer | null = null;

/** A SharedArrayBuffer of at least `bytes` bytes (the kept one when large enough). */
export function scratchBuffer(bytes: number): SharedArrayBuffer {
  if (arena !== null && arena.byteLength >= bytes) return arena;
  const buf = new SharedArrayBuffer(Math.max(bytes, 1 << 16));
  if (bytes <= KEEP_BYTES) arena = buf;
  return buf;
}

/** Forgets the kept buffer (after a job was abandoned, a stalled worker might still write to it). */
export function discardScratch(): void {
  arena = null;
}
