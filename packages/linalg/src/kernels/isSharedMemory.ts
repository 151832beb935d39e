/**
 * Whether a typed array is a view of a SharedArrayBuffer: the arrays pool workers may write (a
 * parallel part's outputs, a merge's workspaces) must be, so every "may this go to the pool"
 * test asks this one question. False where SharedArrayBuffer does not exist.
 */
export function isSharedMemory(a: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer === 'function' && a.buffer instanceof SharedArrayBuffer;
}
