/**
 * The memory layout both WebAssembly GEMM kernels share: one instance whose linear memory holds
 * the packed A panel, the packed B panel, and after them the staged C block, with Float64Array
 * views the JS packers write into directly. The memory grows only when a larger C block is
 * staged (never shrinks), and the views are re-created only then, so no call allocates.
 */
export interface PanelArena<K> {
  kernel: K;
  memory: WebAssembly.Memory;
  packA: Float64Array;
  packB: Float64Array;
  /** The staged C block: from `cBytes` to the end of memory. */
  cBuf: Float64Array;
}

export interface PanelLayout {
  /** Byte offset and length (doubles) of the A panel, then of the B panel; C starts at cBytes. */
  aBytes: number;
  aDoubles: number;
  bBytes: number;
  bDoubles: number;
  cBytes: number;
}

/**
 * Bytes per WebAssembly memory page (exported from `kernels` as `WASM_PAGE`).
 *
 * @example
 * memory.grow(Math.ceil(extraBytes / kernels.WASM_PAGE));
 */
export const PAGE = 65536;

function refreshViews<K>(w: PanelArena<K>, l: PanelLayout): void {
  const buf = w.memory.buffer;
  w.packA = new Float64Array(buf, l.aBytes, l.aDoubles);
  w.packB = new Float64Array(buf, l.bBytes, l.bDoubles);
  w.cBuf = new Float64Array(buf, l.cBytes, (buf.byteLength - l.cBytes) / 8);
}

/** Instantiates `bytes` (exporting `memory` and the kernel `exportName`), or null on any failure. */
export function createPanelArena<K>(
  bytes: Uint8Array<ArrayBuffer>,
  exportName: string,
  layout: PanelLayout,
): PanelArena<K> | null {
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const w: PanelArena<K> = {
      kernel: instance.exports[exportName] as K,
      memory: instance.exports.memory as WebAssembly.Memory,
      packA: new Float64Array(0),
      packB: new Float64Array(0),
      cBuf: new Float64Array(0),
    };
    refreshViews(w, layout);
    return w;
  } catch {
    return null;
  }
}

/**
 * Makes room for a C block of `cDoubles` doubles. False when the engine refuses more memory, in
 * which case the caller takes the JS path for this call.
 */
export function reservePanelArena<K>(w: PanelArena<K>, layout: PanelLayout, cDoubles: number): boolean {
  if (w.cBuf.length >= cDoubles) return true;
  const need = layout.cBytes + cDoubles * 8;
  try {
    w.memory.grow(Math.ceil((need - w.memory.buffer.byteLength) / PAGE));
  } catch {
    return false;
  }
  refreshViews(w, layout);
  return true;
}
