/**
 * How a parallel GEMM cuts C into chunks: whole rows or whole columns (k is never split, so every
 * element of C is one serial kernel's full k-sum and the bits do not depend on the chunking).
 *
 * For t threads there are 3t chunks, laid out for the claiming order of `jobProtocol.ts` (the
 * caller from the front, workers from the back): one large chunk for the caller first, 2t small
 * ones in the middle, t − 1 large ones for the workers last. Each thread starts on a large chunk
 * (3/4 of its share); whoever finishes first takes the small ones (1/8 of a share each), so the
 * threads end within about 1/(8t) of the product of each other even when one got less CPU (a
 * loaded machine) or had more to stage (the caller copies and packs the shared operands). The
 * small chunks were twice as large (t of them) while every chunk packed all of B again; with B
 * packed once (`gemmPanels.ts`) a chunk of a real product costs only a copy of the packed blocks.
 */

/**
 * Even chunk boundaries over [0, dim): at most `maxChunks` chunks of equal size rounded up to a
 * multiple of 4 (the micro-kernel's tile) — of 64 (the row block) when chunks are that large —
 * and at least `minSize` long.
 */
export function chunkBounds(dim: number, maxChunks: number, minSize: number): number[] {
  let size = Math.max(Math.ceil(dim / maxChunks), minSize, 2);
  size = size >= 64 ? Math.ceil(size / 64) * 64 : Math.ceil(size / 4) * 4;
  const bounds = [0];
  for (let lo = size; lo < dim; lo += size) bounds.push(lo);
  bounds.push(dim);
  return bounds;
}

/**
 * Boundaries of the large–small–large layout above for `threads` threads over [0, dim), each
 * boundary on a multiple of 4 (64 once the small chunks reach 64); chunks at least `minSize`
 * long. Falls back to `chunkBounds` when dim is too short for that many chunks.
 */
export function stagedBounds(dim: number, threads: number, minSize: number): number[] {
  const unit = dim / (4 * threads);
  const align = unit / 2 >= 64 ? 64 : 4;
  const sizes = [3, ...new Array<number>(2 * threads).fill(0.5), ...new Array<number>(threads - 1).fill(3)];
  const bounds = [0];
  let at = 0;
  for (const s of sizes.slice(0, -1)) {
    at += s * unit;
    const b = Math.round(at / align) * align;
    if (b - bounds[bounds.length - 1]! < Math.max(minSize, 2) || dim - b < Math.max(minSize, 2)) {
      return chunkBounds(dim, 2 * threads, minSize);
    }
    bounds.push(b);
  }
  bounds.push(dim);
  return bounds;
}
