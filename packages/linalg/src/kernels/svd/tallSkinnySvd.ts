/**
 * The tall-skinny SVD (m ≫ n), dgesdd's path for M ≥ MNTHR: factor A = Q₁·R by blocked
 * Householder QR, take the SVD of the small N×N R = U_R·Σ·Vᵀ, and return U = Q₁·[U_R; 0]
 * (completed by Q₁'s trailing columns for a full factor).
 *
 * Q₁ is never formed: [U_R; 0]ᵀ (one row per singular vector) is embedded in a uRows×M buffer
 * and Q₁ᵀ is applied from the right with the blocked reflectors (compact WY through the GEMM,
 * blockedReflectors.ts). That is 4·M·N² multiply-adds on the packed SIMD kernel, against
 * 2·M·N² scalar ones for forming Q₁ one reflector at a time plus 2·M·N² for the product.
 *
 * Values only: the singular values of R are those of A. Householder QR is columnwise backward
 * stable, so the relative accuracy of tiny singular values (graded matrices) is what the
 * zero-shift bidiagonal QR on R's bidiagonal delivers; LAPACK's dgesdd/dgesvd take the same
 * route.
 */

import { extractR, householderQR } from '../householderQR.js';
import type { RotatedRows } from './bidiagonalQR.js';
import { applyReflectorsFromRight, columnReflectors } from './blockedReflectors.js';
import type { SvdJob, TallSvd } from './svdDriver.js';

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
  const uRows = job === 'full' ? M : N;
  // Uᵀ = [U_Rᵀ 0; 0 I]·Q₁ᵀ: rows ≥ N are Q₁'s completion (unit rows before the reflectors).
  const ut = new Float64Array(uRows * M);
  const utR = (inner.ut as RotatedRows).data;
  for (let i = 0; i < N; i++) ut.set(utR.subarray(i * N, i * N + N), i * M);
  for (let i = N; i < uRows; i++) ut[i * M + i] = 1;
  applyReflectorsFromRight(ut, uRows, M, columnReflectors(qr, N, tau, N));
  return { d: inner.d, ut: { data: ut, rowLength: M }, vt: inner.vt };
}
