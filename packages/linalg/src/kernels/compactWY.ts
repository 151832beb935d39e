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
 * Row-major storage: the reflectors are columns of the compact QR factor (vᵢ below the diagonal
 * of column c0 + i, the 1 implicit on it), so they are gathered once into a dense V — L·nb
 * copies against the 4·L·nb·cols multiply-adds of the application — and T is built from the
 * Gram matrix VᵀV, itself one GEMM.
 */

/** Scratch for one block: V (L×nb), T (nb×nb), the Gram matrix and W (nb×cols). */
export interface ReflectorBlock {
  v: Float64Array;
  t: Float64Array;
  gram: Float64Array;
  w: Float64Array;
  w2: Float64Array;
}

/** Scratch for blocks of at most `nb` reflectors of length ≤ `maxLen` applied to ≤ `maxCols` columns. */
export function reflectorBlockScratch(maxLen: number, nb: number, maxCols: number): ReflectorBlock {
  return {
    v: new Float64Array(maxLen * nb),
    t: new Float64Array(nb * nb),
    gram: new Float64Array(nb * nb),
    w: new Float64Array(nb * maxCols),
    w2: new Float64Array(nb * maxCols),
  };
}

/**
 * Gathers the nb column reflectors that the compact factor `a` (row-major, row length `ld`)
 * stores in columns c0..c0+nb−1 from row r0 on (reflector q has its implicit 1 at row r0 + q)
 * into the dense L×nb V of `blk`, and builds T (dlarft). L = rows − r0 of the factor.
 */
export function buildReflectorBlock(
  a: Float64Array,
  ld: number,
  r0: number,
  c0: number,
  L: number,
  nb: number,
  tau: Float64Array,
  blk: ReflectorBlock,
): void {
  const { v, t, gram } = blk;
  v.fill(0, 0, L * nb);
  for (let row = 0; row < L; row++) {
    const src = (r0 + row) * ld + c0;
    const dst = row * nb;
    const last = Math.min(row, nb);
    for (let q = 0; q < last; q++) v[dst + q] = a[src + q]!;
    if (row < nb) v[dst + row] = 1;
  }
  // gram = VᵀV; only its strictly upper part (vₛᵀv_q, s < q) is used below.
  gemm(nb, nb, L, 1, transposed(rowMajor(v, nb)), rowMajor(v, nb), 0, rowMajor(gram, nb));
  t.fill(0, 0, nb * nb);
  for (let q = 0; q < nb; q++) {
    const tauQ = tau[c0 + q]!;
    t[q * nb + q] = tauQ;
    if (tauQ === 0) continue;
    // T[0:q, q] = −τ_q · T[0:q, 0:q] · Vᵀ[0:q, :]·v_q
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
  const { v, t, w, w2 } = blk;
  const C = rowMajor(c, ldc, offset);
  const V = rowMajor(v, nb);
  const T = rowMajor(t, nb);
  // W = Vᵀ·C (nb×cols), W2 = op(T)·W, C −= V·W2.
  gemm(nb, cols, L, 1, transposed(V), C, 0, rowMajor(w, cols));
  gemm(nb, cols, nb, 1, transposeT ? transposed(T) : T, rowMajor(w, cols), 0, rowMajor(w2, cols));
  gemm(L, cols, nb, -1, V, rowMajor(w2, cols), 1, C);
}
