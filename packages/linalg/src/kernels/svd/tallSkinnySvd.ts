/**
 * The tall-skinny SVD (m ≫ n), dgesdd's path for M ≥ MNTHR: factor A = Q₁·R by Householder
 * QR, take the SVD of the small N×N R = U_R·Σ·Vᵀ, and return U = Q₁·[U_R; 0] (completed by
 * Q₁'s trailing columns for a full factor). Q₁ is never formed.
 *
 * Thin job (thinTallSkinnySvd below): the QR is the recursive one on Aᵀ (recursiveQR.ts), which
 * keeps Vᵀ explicit and T for all N reflectors, so U = [U_R; 0] − V·(T·(V₀ᵀ·U_R)) is ONE
 * M×N×N GEMM (2·M·N² flops) written directly in the final sorted layout. It replaced a
 * block-by-block DORMQR-style sweep (4·M·N² flops in rank-64 updates, a T per block from a Gram
 * matrix, then a transpose and a reordering copy): 2000×100 went from ~31 to ~18 ms CPU.
 * Full job: [U_R; 0]ᵀ embedded in an M×M buffer with unit rows below and Q₁ᵀ applied from the
 * right by blocked dgeqrf's reflectors (blockedReflectors.ts).
 *
 * Values only: the singular values of R are those of A. Householder QR is columnwise backward
 * stable, so the relative accuracy of tiny singular values (graded matrices) is what the
 * zero-shift bidiagonal QR on R's bidiagonal delivers; LAPACK's dgesdd/dgesvd take the same
 * route.
 */

import { kernels } from '@svd/tensor';
import { extractR, householderQR } from '../householderQR.js';
import { recursiveQRTransposed } from '../recursiveQR.js';
import type { RotatedRows } from './bidiagonalQR.js';
import { applyReflectorsFromRight, columnReflectors } from './blockedReflectors.js';
import { transposeInto } from './denseRowMajor.js';
import type { SvdJob, TallSvd } from './svdDriver.js';

const { gemm, rowMajor, transposed } = kernels;

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
  if (job === 'thin') return thinTallSkinnySvd(a, M, N, squareSvd);
  const { qr, tau } = householderQR(a, M, N);
  const r = extractR(qr, M, N, N);
  if (job === 'none') return squareSvd(r, 'none');
  const inner = squareSvd(r, 'thin');
  const utR = (inner.ut as RotatedRows).data;
  // Uᵀ = [U_Rᵀ 0; 0 I]·Q₁ᵀ: rows ≥ N are Q₁'s completion (unit rows before the reflectors).
  const ut = new Float64Array(M * M);
  for (let i = 0; i < N; i++) ut.set(utR.subarray(i * N, i * N + N), i * M);
  for (let i = N; i < M; i++) ut[i * M + i] = 1;
  applyReflectorsFromRight(ut, M, M, columnReflectors(qr, N, tau, N));
  return { d: inner.d, ut: { data: ut, rowLength: M }, vt: inner.vt };
}

/**
 * The thin job: A = Q₁·R by the recursive QR (recursiveQR.ts), which leaves Vᵀ explicit and T
 * for all N reflectors, so Q₁ = I − V·T·Vᵀ is applied to [U_R; 0] in one go. [U_R; 0] is zero
 * below row N, so only V's top N×N block V₀ meets it:
 *
 *   U = [U_R; 0] − V·(T·(V₀ᵀ·U_R)),
 *
 * two N×N×N products and one M×N×N GEMM (2·M·N² flops — what dgesdd spends multiplying by the
 * Q₁ it forms first with dorgqr, here without forming it), written straight into the driver's
 * final layout with U_R's columns already in sorted order (`leftColumns`), so U is never
 * transposed. Scratch: Vᵀ (M×N) besides U itself, within the few M×N buffers the thin job may
 * allocate (the ops-svd memory contract).
 */
function thinTallSkinnySvd(a: Float64Array, M: number, N: number, squareSvd: SquareSvd): TallSvd {
  const at = borrowTransposeScratch(M * N);
  transposeInto(a, M, N, at);
  const { vt, r, t } = recursiveQRTransposed(at, M, N);
  const inner = squareSvd(r, 'thin');
  const utR = (inner.ut as RotatedRows).data;
  const leftColumns = (order: Int32Array): Float64Array => {
    // u = [U_R·P; 0] (P: the sort permutation), then u −= V·(T·(V₀ᵀ·U_R·P)). The work matrix
    // is free by now (M×N, the driver's own copy): U goes there instead of a fresh buffer.
    const u = a.subarray(0, M * N);
    for (let c = 0; c < N; c++) {
      const src = order[c]! * N;
      for (let j = 0; j < N; j++) u[j * N + c] = utR[src + j]!;
    }
    const x = new Float64Array(N * N);
    const y = new Float64Array(N * N);
    gemm(N, N, N, 1, rowMajor(vt, M), rowMajor(u, N), 0, rowMajor(x, N));
    gemm(N, N, N, 1, rowMajor(t, N), rowMajor(x, N), 0, rowMajor(y, N));
    const V = transposed(rowMajor(vt, M));
    gemm(N, N, N, -1, V, rowMajor(y, N), 1, rowMajor(u, N));
    // Rows ≥ N of [U_R·P; 0] are zero: beta = 0 there, so the GEMM never reads them.
    gemm(M - N, N, N, -1, { ...V, offset: N }, rowMajor(y, N), 0, rowMajor(u, N, N * N));
    returnTransposeScratch(at);
    return u;
  };
  return { d: inner.d, ut: null, vt: inner.vt, leftColumns };
}

/**
 * Aᵀ's buffer is kept between calls (up to SCRATCH_MAX doubles): on a fresh buffer every page is
 * faulted in on first touch, which measured 3.6 ms per 1.6 MB (a 2000×100 matrix) on the
 * benchmark machine — a fifth of the whole SVD — while the QR's own arithmetic is ~40 Mflop.
 * The work matrix itself becomes U, so with this scratch a thin tall SVD touches one fresh M×N
 * buffer (the result) instead of three. Larger problems allocate: their O(M·N²) work dwarfs it.
 */
const SCRATCH_MAX = 1 << 20;
let transposeScratch: Float64Array | null = null;

function borrowTransposeScratch(size: number): Float64Array {
  if (size > SCRATCH_MAX) return new Float64Array(size);
  const s = transposeScratch;
  if (s !== null && s.length >= size) {
    transposeScratch = null; // in use (a nested call would allocate)
    return s.subarray(0, size);
  }
  return new Float64Array(size);
}

function returnTransposeScratch(x: Float64Array): void {
  if (x.buffer.byteLength > SCRATCH_MAX * 8) return;
  if (transposeScratch === null || transposeScratch.length < x.buffer.byteLength / 8) {
    transposeScratch = new Float64Array(x.buffer);
  }
}
