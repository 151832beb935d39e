/**
 * The tall-skinny SVD (m ≫ n), dgesdd's path for M ≥ MNTHR: factor A = Q₁·R by blocked
 * Householder QR, take the SVD of the small N×N R = U_R·Σ·Vᵀ, and return U = Q₁·[U_R; 0]
 * (completed by Q₁'s trailing columns for a full factor).
 *
 * Q₁ is never formed. Thin job: U = Q₁·[U_R; 0] is accumulated backwards, block by block, as
 * DORMQR does — each block's I − V·T·Vᵀ (compactWY.ts: T from the Gram matrix VᵀV, both by
 * GEMM) applied to the rows it touches — then transposed once into the driver's Uᵀ layout; the
 * scratch is O(M·min(N, 64)), so the thin SVD of a tall matrix never allocates more than a few
 * M×N buffers (the ops-svd memory contract). Full job: [U_R; 0]ᵀ embedded in an M×M buffer
 * with unit rows below and Q₁ᵀ applied from the right (blockedReflectors.ts). Either way
 * 4·M·N² multiply-adds on the packed SIMD kernel, against 2·M·N² scalar ones for forming Q₁ one
 * reflector at a time plus 2·M·N² for the product.
 *
 * Values only: the singular values of R are those of A. Householder QR is columnwise backward
 * stable, so the relative accuracy of tiny singular values (graded matrices) is what the
 * zero-shift bidiagonal QR on R's bidiagonal delivers; LAPACK's dgesdd/dgesvd take the same
 * route.
 */

import {
  applyReflectorBlockLeft,
  buildTriangularFactor,
  gatherColumnReflectors,
  reflectorBlockScratch,
} from '../compactWY.js';
import { extractR, householderQR } from '../householderQR.js';
import type { RotatedRows } from './bidiagonalQR.js';
import { applyReflectorsFromRight, columnReflectors } from './blockedReflectors.js';
import { transpose } from './denseRowMajor.js';
import type { SvdJob, TallSvd } from './svdDriver.js';

/** Reflectors per block when Q₁ is applied to [U_R; 0] (as householderQR's panel width). */
const NB = 64;

/** The SVD of a square N×N work matrix (destroyed), as the square path of the driver computes it. */
export type SquareSvd = (r: Float64Array, job: SvdJob) => TallSvd;

/**
 * Steps 3–5 of the driver for a tall M×N work matrix `a` (M > N ≥ 1; not modified) through
 * QR first. `squareSvd` computes the SVD of R; its thin Uᵀ (N×N) is lifted to A's.
 *
 * @example
 * // inside the real driver: tallSkinnySvd(work, M, N, job, (r, j) => squarePath(r, N, N, j))
 */
export function tallSkinnySvd(a: Float64Array, M: number, N: number, job: SvdJob, squareSvd: SquareSvd): TallSvd {
  const { qr, tau } = householderQR(a, M, N);
  const r = extractR(qr, M, N, N);
  if (job === 'none') return squareSvd(r, 'none');
  const inner = squareSvd(r, 'thin');
  const utR = (inner.ut as RotatedRows).data;
  if (job === 'thin') {
    // C = [U_R; 0] (M×N row-major), then C ← H_{j0}⋯ block by block from the last one.
    const c = new Float64Array(M * N);
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) c[i * N + j] = utR[j * N + i]!;
    const nb = Math.min(NB, N);
    const blk = reflectorBlockScratch(M, nb, N);
    const lastStart = Math.floor((N - 1) / nb) * nb;
    for (let j0 = lastStart; j0 >= 0; j0 -= nb) {
      const jb = Math.min(nb, N - j0);
      gatherColumnReflectors(qr, N, j0, j0, M - j0, jb, blk);
      buildTriangularFactor(M - j0, jb, tau, j0, blk);
      applyReflectorBlockLeft(blk, M - j0, jb, c, N, j0 * N, N, false);
    }
    return { d: inner.d, ut: { data: transpose(c, M, N), rowLength: M }, vt: inner.vt };
  }
  // Uᵀ = [U_Rᵀ 0; 0 I]·Q₁ᵀ: rows ≥ N are Q₁'s completion (unit rows before the reflectors).
  const ut = new Float64Array(M * M);
  for (let i = 0; i < N; i++) ut.set(utR.subarray(i * N, i * N + N), i * M);
  for (let i = N; i < M; i++) ut[i * M + i] = 1;
  applyReflectorsFromRight(ut, M, M, columnReflectors(qr, N, tau, N));
  return { d: inner.d, ut: { data: ut, rowLength: M }, vt: inner.vt };
}
