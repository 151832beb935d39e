/**
 * Applies a product of Householder reflectors to the rows of a matrix from the right, in blocks
 * (LAPACK dlarft + dlarfb, compact WY form; Schreiber & Van Loan 1989):
 *
 *   X ← X · H_{count−1} ⋯ H₁ · H₀,   Hᵢ = I − τᵢ·vᵢ·vᵢᵀ,
 *
 * which is how the divide-and-conquer SVD turns the bidiagonal's singular vectors into those of
 * A without forming Q or P: with X = U_Bᵀ, X·Qᵀ = (Q·U_B)ᵀ = Uᵀ (Qᵀ = H_{n−1}⋯H₀ since each
 * Hᵢ is symmetric).
 *
 * Why blocked: one reflector at a time is a matrix–vector sweep per reflector, bound by loads in
 * JS. For a block of nb reflectors, H_j⋯H_{j+nb−1} = I − V·T·Vᵀ with T upper triangular, so
 * X·(H_{j+nb−1}⋯H_j) = X − (X·V)·Tᵀ·Vᵀ: two matrix products for the packed gemm (about three
 * times the flop rate of the vector sweeps) and a small one with T (nb×nb), all on the gemm.
 *
 * Reflector storage is LAPACK's: vᵢ has an implicit 1 at coordinate lead(i) = i + leadShift and
 * its remaining entries at a[tailStart + i·diagStep + t·tailStride], t = 0, 1, … up to the end of
 * the row (coordinate len − 1). Column reflectors of a row-major M×N matrix (dgeqrf, dgebrd's Q)
 * are (tailStart N, diagStep N + 1, tailStride N, leadShift 0); row reflectors right of the
 * superdiagonal (dgebrd's P) are (2, N + 1, 1, 1).
 */

import { kernels } from '@svd/tensor';
import { triangularFactorFromGram } from '../compactWY.js';

const { gemm, rowMajor, transposed } = kernels;

/** Reflectors per block: wide enough for gemm to pay off, small enough that T stays cheap. */
const BLOCK = 32;

export interface ReflectorStorage {
  a: Float64Array;
  tau: Float64Array;
  count: number;
  tailStart: number;
  diagStep: number;
  tailStride: number;
  leadShift: number;
}

/** Left (column) reflectors of the row-major m×n `a`, as left by Householder QR / dgebrd. */
export function columnReflectors(a: Float64Array, n: number, tau: Float64Array, count: number): ReflectorStorage {
  return { a, tau, count, tailStart: n, diagStep: n + 1, tailStride: n, leadShift: 0 };
}

/** Right (row) reflectors of the row-major n×n bidiagonalised `a` (dgebrd's P, n − 2 of them). */
export function rowReflectors(a: Float64Array, n: number, tau: Float64Array): ReflectorStorage {
  return { a, tau, count: Math.max(n - 2, 0), tailStart: 2, diagStep: n + 1, tailStride: 1, leadShift: 1 };
}

/**
 * X (row-major rows×len) ← X · H_{count−1} ⋯ H₀ for the reflectors in `r` (coordinates
 * 0..len−1).
 */
export function applyReflectorsFromRight(x: Float64Array, rows: number, len: number, r: ReflectorStorage): void {
  if (rows === 0 || r.count === 0) return;
  const v = new Float64Array(len * BLOCK);
  const t = new Float64Array(BLOCK * BLOCK);
  const w = new Float64Array(rows * BLOCK);
  const wt = new Float64Array(rows * BLOCK);
  // Blocks from the last to the first: the product is applied right to left.
  const lastStart = Math.floor((r.count - 1) / BLOCK) * BLOCK;
  for (let j0 = lastStart; j0 >= 0; j0 -= BLOCK) {
    const nb = Math.min(BLOCK, r.count - j0);
    const lead0 = j0 + r.leadShift;
    const L = len - lead0;
    if (L <= 0) continue;
    buildBlock(r, j0, nb, lead0, len, v, t);
    // W = X[:, lead0:] · V   (rows × nb)
    gemm(rows, nb, L, 1, rowMajor(x, len, lead0), rowMajor(v, nb), 0, rowMajor(w, nb));
    // Wt = W · Tᵀ on the packed gemm too (T upper triangular, its zeros included): a scalar
    // triangular loop over all rows cost as much as the two large products' serial remainder
    // once those run on the thread pool.
    gemm(rows, nb, nb, 1, rowMajor(w, nb), transposed(rowMajor(t, nb)), 0, rowMajor(wt, nb));
    // X[:, lead0:] −= Wt · Vᵀ
    gemm(rows, L, nb, -1, rowMajor(wt, nb), transposed(rowMajor(v, nb)), 1, rowMajor(x, len, lead0));
  }
}

/**
 * V (L×nb row-major, unit lower trapezoidal: column q starts with its implicit 1 at row q) and
 * the upper triangular T with H_{j0}⋯H_{j0+nb−1} = I − V·T·Vᵀ (dlarft, forward, columnwise).
 */
function buildBlock(
  r: ReflectorStorage,
  j0: number,
  nb: number,
  lead0: number,
  len: number,
  v: Float64Array,
  t: Float64Array,
): void {
  const L = len - lead0;
  v.fill(0, 0, L * nb);
  for (let q = 0; q < nb; q++) {
    const i = j0 + q;
    v[q * nb + q] = 1;
    const src = r.tailStart + i * r.diagStep;
    const tail = L - q - 1;
    for (let p = 0; p < tail; p++) v[(q + 1 + p) * nb + q] = r.a[src + p * r.tailStride]!;
  }
  // The Gram matrix G = VᵀV on the packed gemm (column q of V is zero above row q, so G[s, q] is
  // v_sᵀv_q over the rows where v_q is non-zero): the scalar dot loops cost as much as the
  // reflector application's serial remainder once its large products run on the thread pool.
  const g = gram(nb);
  gemm(nb, nb, L, 1, transposed(rowMajor(v, nb)), rowMajor(v, nb), 0, rowMajor(g, nb));
  triangularFactorFromGram(t, g, r.tau, j0, nb);
}

let gramScratch = new Float64Array(0);

/** Scratch for the nb×nb Gram matrix (reused: the reduction is single-threaded per realm). */
function gram(nb: number): Float64Array {
  if (gramScratch.length < nb * nb) gramScratch = new Float64Array(nb * nb);
  return gramScratch;
}
