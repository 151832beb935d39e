/**
 * The eigenvectors of a symmetric matrix from those of its tridiagonal T = Qᵀ·A·Q, by applying
 * the reflectors symmetricTridiagonalize / blockedTridiagonalize leave below the sub-diagonal in
 * compact-WY blocks (LAPACK dormtr → dormql/dormqr with dlarft + dlarfb; Schreiber & Van Loan
 * 1989), never forming Q:
 *
 *   Vᵀ = Zᵀ·Qᵀ = Zᵀ·H_{n−2}⋯H₀,   H_j⋯H_{j+nb−1} = I − Y·T·Yᵀ,
 *   X ← X − (X·Y)·(Y·T)ᵀ   for X = the rows of Zᵀ, blocks from the last to the first.
 *
 * All three products run on the packed gemm (T as a dense nb×nb block: a scalar triangular loop
 * would cost more than the gemm). T is applied to Y (len × nb, len = the block's reflector
 * length) rather than to X·Y (n × nb): half the flops of that product on average.
 * Blocks are wider than the SVD's (blockedReflectors.ts): the middle dimension of the products is
 * nb, and a wider block spends less of the gemm's time staging its output.
 */

import { kernels } from '@svd/tensor';
import { triangularFactorFromGram } from './compactWY.js';

const { gemm, rowMajor, transposed } = kernels;

/** Reflectors per block (measured at n = 512, 1024: 64 beats 32 and 96). */
const BLOCK = 64;

/**
 * zt (row-major n×n, row i = an eigenvector of T) ← zt·Qᵀ, so row i becomes the eigenvector of A.
 * `w` and `tau` are the reduction's output (reflector k: implicit 1 at coordinate k+1, tail down
 * column k of w from row k+2).
 *
 * @example
 * kernels.blockedTridiagonalize(w, n, d, e, tau);
 * const zt = kernels.tridiagonalDivideConquer(d, e, n);
 * kernels.symmetricBackTransform(w, n, tau, zt); // row i of zt: eigenvector of A for d[i]
 */
export function symmetricBackTransform(w: Float64Array, n: number, tau: Float64Array, zt: Float64Array): void {
  const count = n - 1;
  if (count <= 0) return;
  const y = new Float64Array(n * BLOCK);
  const t = new Float64Array(BLOCK * BLOCK);
  const yt = new Float64Array(n * BLOCK);
  const xy = new Float64Array(n * BLOCK);
  const gram = new Float64Array(BLOCK * BLOCK);
  const lastStart = Math.floor((count - 1) / BLOCK) * BLOCK;
  for (let j0 = lastStart; j0 >= 0; j0 -= BLOCK) {
    const nb = Math.min(BLOCK, count - j0);
    const lead0 = j0 + 1;
    const len = n - lead0;
    buildBlock(w, n, tau, j0, nb, lead0, y, t, gram);
    // X − (X·Y)·(Y·T)ᵀ: T goes into Y (len rows) rather than into X·Y (n rows), fewer flops.
    gemm(len, nb, nb, 1, rowMajor(y, nb), rowMajor(t, nb), 0, rowMajor(yt, nb));
    gemm(n, nb, len, 1, rowMajor(zt, n, lead0), rowMajor(y, nb), 0, rowMajor(xy, nb));
    gemm(n, len, nb, -1, rowMajor(xy, nb), transposed(rowMajor(yt, nb)), 1, rowMajor(zt, n, lead0));
  }
}

/**
 * Y (len×nb row-major, unit lower trapezoidal: reflector j0+q has its 1 at row q) and the upper
 * triangular T (nb×nb, zero below the diagonal) with H_{j0}⋯H_{j0+nb−1} = I − Y·T·Yᵀ (dlarft,
 * forward, columnwise). The inner products yₛᵀy_q it needs are one gemm, G = YᵀY.
 */
function buildBlock(
  w: Float64Array,
  n: number,
  tau: Float64Array,
  j0: number,
  nb: number,
  lead0: number,
  y: Float64Array,
  t: Float64Array,
  gram: Float64Array,
): void {
  const len = n - lead0;
  // Row by row: row `row` of Y is w[lead0 + row, j0 .. j0 + min(row, nb)) then the unit entry
  // (contiguous reads, where a column at a time would stride through w).
  for (let row = 0; row < len; row++) {
    const src = (lead0 + row) * n + j0;
    const dst = row * nb;
    const tail = Math.min(row, nb);
    for (let q = 0; q < tail; q++) y[dst + q] = w[src + q]!;
    if (row < nb) {
      y[dst + row] = 1;
      y.fill(0, dst + row + 1, dst + nb);
    }
  }
  gemm(nb, nb, len, 1, transposed(rowMajor(y, nb)), rowMajor(y, nb), 0, rowMajor(gram, nb));
  triangularFactorFromGram(t, gram, tau, j0, nb);
}
