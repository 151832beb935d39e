import { kernels } from '@svd/tensor';

const { addTransposedProduct, gemvWorkspace, wasmSimdSupported } = kernels;

/** From this many right-hand sides on, the diagonal block runs on the f64x2 kernel. */
const WIDE_FROM = 16;
/** Largest block (rows × right-hand sides) copied into the workspace: it stays allocated (1 MiB). */
const MAX_BLOCK = 128 * 1024;

/** The block's own workspace in wasm memory (kept between calls; no other kernel touches it). */
let work: Float64Array | null = null;

/**
 * The non-transposed diagonal-block solve of `triangularSolve` for many right-hand sides, on the
 * f64x2 kernel of @svd/tensor (`addTransposedProduct`): the block's rows of X are copied into a
 * wasm workspace, row i gets xᵢ ← xᵢ + Σⱼ (−Tᵢⱼ)·xⱼ over the rows solved before it, four rows per
 * pass, then is divided by Tᵢᵢ, and the block is copied back. x + (−t)·y is x − t·y exactly and the
 * kernel adds the rows in order, so the bits are those of the scalar dot form. A row of T with a
 * zero in the block takes the scalar loop, which skips that term (0·Inf would otherwise make a NaN).
 *
 * Returns false (and does nothing) when the block is narrow, too large for the kept workspace, or
 * wasm SIMD is unavailable: the caller then runs the JavaScript loops.
 */
export function solveWideDiagonalBlock(
  t: Float64Array,
  n: number,
  x: Float64Array,
  nrhs: number,
  i0: number,
  i1: number,
  forward: boolean,
  unitDiagonal: boolean,
): boolean {
  const size = i1 - i0;
  const need = size * nrhs + size;
  if (nrhs < WIDE_FROM || size * nrhs > MAX_BLOCK || !wasmSimdSupported()) return false;
  if (work === null || work.length < need) work = gemvWorkspace(Math.max(need, 32 * 256 + 32), { dedicated: true });
  const w = work;
  const vOff = size * nrhs;
  w.set(x.subarray(i0 * nrhs, i1 * nrhs), 0);
  for (let s = 0; s < size; s++) {
    const i = forward ? i0 + s : i1 - 1 - s;
    const oi = (i - i0) * nrhs;
    const ti = i * n;
    const j0 = forward ? i0 : i + 1;
    const j1 = forward ? i : i1;
    let zero = false;
    for (let j = j0; j < j1; j++) {
      const tij = t[ti + j]!;
      if (tij === 0) zero = true;
      w[vOff + j - j0] = -tij;
    }
    if (!zero) {
      addTransposedProduct(w, (j0 - i0) * nrhs, nrhs, j1 - j0, nrhs, vOff, oi);
    } else {
      for (let j = j0; j < j1; j++) {
        const tij = t[ti + j]!;
        if (tij === 0) continue;
        const oj = (j - i0) * nrhs;
        for (let r = 0; r < nrhs; r++) w[oi + r] = w[oi + r]! - tij * w[oj + r]!;
      }
    }
    if (!unitDiagonal) {
      const tii = t[ti + i]!;
      for (let r = 0; r < nrhs; r++) w[oi + r] = w[oi + r]! / tii;
    }
  }
  x.set(w.subarray(0, size * nrhs), i0 * nrhs);
  return true;
}
