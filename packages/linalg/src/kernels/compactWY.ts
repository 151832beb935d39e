import { kernels } from '@svd/tensor';

const { gemm, rowMajor, transposed } = kernels;

/*
 * Compact WY form of a block of Householder reflectors (Schreiber & Van Loan 1989; LAPACK dlarft
 * + dlarfb, forward direction, columnwise storage):
 *
 *   H_0·H_1⋯H_{nb−1} = I − V·T·Vᵀ,   Hᵢ = I − τᵢ·vᵢ·vᵢᵀ,
 *
 * with V (L×nb) unit lower trapezoidal and T (nb×nb) upper triangular. Applying the block to a
 * matrix is then three matrix products for the packed GEMM of @svd/tensor instead of nb
 * matrix–vector sweeps in scalar JavaScript, which is what makes blocked QR (dgeqrf) and blocked
 * Q formation (dorgqr) fast.
 *
 * V is held transposed, Vᵀ (nb×L row-major, one reflector per contiguous row): the QR panel is
 * factored in that layout anyway (householderQR.ts), and T comes from the Gram matrix Vᵀ·V, one
 * GEMM.
 */

/** Scratch for one block: Vᵀ (nb×L), T (nb×nb), the Gram matrix and W, W₂ (nb×cols). */
export interface ReflectorBlock {
  vt: Float64Array;
  t: Float64Array;
  gram: Float64Array;
  w: Float64Array;
  w2: Float64Array;
}

/** Scratch for blocks of at most `nb` reflectors of length ≤ `maxLen` applied to ≤ `maxCols` columns. */
export function reflectorBlockScratch(maxLen: number, nb: number, maxCols: number): ReflectorBlock {
  return {
    vt: new Float64Array(maxLen * nb),
    t: new Float64Array(nb * nb),
    gram: new Float64Array(nb * nb),
    w: new Float64Array(nb * Math.max(maxCols, 0)),
    w2: new Float64Array(nb * Math.max(maxCols, 0)),
  };
}

/**
 * Vᵀ (nb×L) of `blk` from the nb column reflectors that the compact factor `a` (row-major, row
 * length `ld`) stores in columns c0..c0+nb−1 from row r0 on (reflector q has its implicit 1 at
 * row r0 + q and zeros above it).
 */
export function gatherColumnReflectors(
  a: Float64Array,
  ld: number,
  r0: number,
  c0: number,
  L: number,
  nb: number,
  blk: ReflectorBlock,
): void {
  const { vt } = blk;
  vt.fill(0, 0, L * nb);
  // Row by row through `a` (contiguous reads); nb write streams into Vᵀ.
  for (let row = 0; row < L; row++) {
    const src = (r0 + row) * ld + c0;
    const last = Math.min(row, nb);
    for (let q = 0; q < last; q++) vt[q * L + row] = a[src + q]!;
    if (row < nb) vt[row * L + row] = 1;
  }
}

/** T of the block whose Vᵀ (nb×L) is in `blk`, with τ_q = tau[tauOffset + q] (dlarft). */
export function buildTriangularFactor(
  L: number,
  nb: number,
  tau: Float64Array,
  tauOffset: number,
  blk: ReflectorBlock,
): void {
  const { vt, t, gram } = blk;
  // gram = Vᵀ·V; only its strictly upper part (vₛᵀv_q, s < q) is used below.
  gemm(nb, nb, L, 1, rowMajor(vt, L), transposed(rowMajor(vt, L)), 0, rowMajor(gram, nb));
  triangularFactorFromGram(t, gram, tau, tauOffset, nb);
}

/**
 * dlarft's T (nb×nb upper triangular, forward, columnwise) from the Gram matrix G = VᵀV of the
 * block's reflectors (only G's strictly upper part is read) and τ_q = tau[tauOffset + q]:
 * T[0:q, q] = −τ_q·T[0:q, 0:q]·G[0:q, q]. Shared by the QR, the SVD's and eigh's blocked
 * reflector applications.
 */
export function triangularFactorFromGram(
  t: Float64Array,
  gram: Float64Array,
  tau: Float64Array,
  tauOffset: number,
  nb: number,
): void {
  t.fill(0, 0, nb * nb);
  for (let q = 0; q < nb; q++) {
    const tauQ = tau[tauOffset + q]!;
    t[q * nb + q] = tauQ;
    if (tauQ === 0) continue;
    for (let s = 0; s < q; s++) {
      let acc = 0;
      for (let p = s; p < q; p++) acc += t[s * nb + p]! * gram[p * nb + q]!;
      t[s * nb + q] = -tauQ * acc;
    }
  }
}

/**
 * C ← (I − V·op(T)·Vᵀ)·C for the L×cols block of the row-major `c` (row length `ldc`) starting
 * at `offset` (dlarfb, left side). op(T) = Tᵀ applies the block's transpose H_{nb−1}⋯H_0 (the
 * Qᵀ of a QR step); op(T) = T applies H_0⋯H_{nb−1} (forming Q).
 */
export function applyReflectorBlockLeft(
  blk: ReflectorBlock,
  L: number,
  nb: number,
  c: Float64Array,
  ldc: number,
  offset: number,
  cols: number,
  transposeT: boolean,
): void {
  if (cols <= 0 || L <= 0) return;
  const { vt, t, w, w2 } = blk;
  const C = rowMajor(c, ldc, offset);
  const Vt = rowMajor(vt, L);
  const T = rowMajor(t, nb);
  // W = Vᵀ·C (nb×cols), W₂ = op(T)·W, C −= V·W₂.
  gemm(nb, cols, L, 1, Vt, C, 0, rowMajor(w, cols));
  gemm(nb, cols, nb, 1, transposeT ? transposed(T) : T, rowMajor(w, cols), 0, rowMajor(w2, cols));
  gemm(L, cols, nb, -1, transposed(Vt), rowMajor(w2, cols), 1, C);
}
