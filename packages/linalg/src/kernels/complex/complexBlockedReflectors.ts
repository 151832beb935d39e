/**
 * The complex twin of svd/blockedReflectors.ts (LAPACK zlarft + zlarfb, compact WY form): it
 * turns the real bidiagonal's singular vectors into those of a complex A without forming Q or P.
 *
 * With the reflectors Hᵢ = I − τᵢ·vᵢ·vᵢᴴ of complexBidiagonalize / complexHouseholderQR,
 * Q = H₀⋯H_{c−1} and X (rows of transposed vectors, not conjugated) we want X·Qᵀ, and
 * Qᵀ = K_{c−1}⋯K₀ with Kᵢ = Hᵢᵀ = I − τᵢ·wᵢ·wᵢᴴ, wᵢ = conj(vᵢ): the same shape as the real case,
 * on the conjugated vectors.
 *
 * Block identity: for a block j0 … j0+nb−1, K_{j0}ᴴ⋯K_{j0+nb−1}ᴴ = I − W·T·Wᴴ with T the
 * forward zlarft factor of the conjugated τ's (Kᵢᴴ = I − conj(τᵢ)·wᵢ·wᵢᴴ); taking adjoints,
 * K_{j0+nb−1}⋯K_{j0} = I − W·Tᴴ·Wᴴ, so X ← X − (X·W)·Tᴴ·Wᴴ: two complex GEMMs and a small
 * triangular product, blocks from the last to the first.
 *
 * Storage: as in blockedReflectors.ts, counted in complex elements (tau interleaved).
 */

import { kernels } from '@svd/tensor';
import type { ReflectorStorage } from '../svd/blockedReflectors.js';

const { complexGemm, conjugated, rowMajor, transposed } = kernels;

const BLOCK = 32;
const ONE: readonly [number, number] = [1, 0];
const ZERO: readonly [number, number] = [0, 0];
const MINUS_ONE: readonly [number, number] = [-1, 0];

/**
 * X (interleaved row-major rows×len) ← X·K_{count−1}⋯K₀ with Kᵢ = Hᵢᵀ for the complex
 * reflectors in `r` (coordinates 0..len−1): X·Qᵀ for Q = H₀⋯H_{count−1}.
 */
export function applyComplexReflectorsTransposedFromRight(
  x: Float64Array,
  rows: number,
  len: number,
  r: ReflectorStorage,
): void {
  if (rows === 0 || r.count === 0) return;
  const w = new Float64Array(2 * len * BLOCK);
  const t = new Float64Array(2 * BLOCK * BLOCK);
  const z = new Float64Array(2 * rows * BLOCK);
  const lastStart = Math.floor((r.count - 1) / BLOCK) * BLOCK;
  for (let j0 = lastStart; j0 >= 0; j0 -= BLOCK) {
    const nb = Math.min(BLOCK, r.count - j0);
    const lead0 = j0 + r.leadShift;
    const L = len - lead0;
    if (L <= 0) continue;
    buildBlock(r, j0, nb, L, w, t);
    // Z = X[:, lead0:]·W  (rows × nb)
    complexGemm(rows, nb, L, ONE, rowMajor(x, len, lead0), rowMajor(w, nb), ZERO, rowMajor(z, nb));
    // Z ← Z·Tᴴ: (Tᴴ)[q, s] = conj(T[s, q]) is lower triangular, so column s needs columns q ≥ s
    // and an ascending sweep can overwrite in place.
    for (let i = 0; i < rows; i++) {
      const base = 2 * i * nb;
      for (let s = 0; s < nb; s++) {
        let re = 0;
        let im = 0;
        for (let q = s; q < nb; q++) {
          const zr = z[base + 2 * q]!;
          const zi = z[base + 2 * q + 1]!;
          const tr = t[2 * (s * nb + q)]!;
          const ti = -t[2 * (s * nb + q) + 1]!;
          re += zr * tr - zi * ti;
          im += zr * ti + zi * tr;
        }
        z[base + 2 * s] = re;
        z[base + 2 * s + 1] = im;
      }
    }
    // X[:, lead0:] −= Z·Wᴴ
    complexGemm(
      rows,
      L,
      nb,
      MINUS_ONE,
      rowMajor(z, nb),
      conjugated(transposed(rowMajor(w, nb))),
      ONE,
      rowMajor(x, len, lead0),
    );
  }
}

/**
 * W (L×nb interleaved row-major, unit lower trapezoidal, column q = conj(v_{j0+q}) with its 1 at
 * row q) and the upper triangular T with K_{j0}ᴴ⋯K_{j0+nb−1}ᴴ = I − W·T·Wᴴ (zlarft forward,
 * columnwise, on the conjugated τ's).
 */
function buildBlock(r: ReflectorStorage, j0: number, nb: number, L: number, w: Float64Array, t: Float64Array): void {
  w.fill(0, 0, 2 * L * nb);
  for (let q = 0; q < nb; q++) {
    const i = j0 + q;
    w[2 * (q * nb + q)] = 1;
    const src = r.tailStart + i * r.diagStep;
    const tail = L - q - 1;
    for (let p = 0; p < tail; p++) {
      const e = 2 * (src + p * r.tailStride);
      const d = 2 * ((q + 1 + p) * nb + q);
      w[d] = r.a[e]!;
      w[d + 1] = -r.a[e + 1]!;
    }
  }
  t.fill(0, 0, 2 * nb * nb);
  const dots = new Float64Array(2 * nb);
  for (let q = 0; q < nb; q++) {
    // σ = conj(τ_q)
    const sr = r.tau[2 * (j0 + q)]!;
    const si = -r.tau[2 * (j0 + q) + 1]!;
    t[2 * (q * nb + q)] = sr;
    t[2 * (q * nb + q) + 1] = si;
    if ((sr === 0 && si === 0) || q === 0) continue;
    // dots[s] = w_sᴴ·w_q over the rows where w_q is non-zero (from row q on)
    dots.fill(0, 0, 2 * q);
    for (let row = q; row < L; row++) {
      const base = 2 * row * nb;
      const qr = w[base + 2 * q]!;
      const qi = w[base + 2 * q + 1]!;
      if (qr === 0 && qi === 0) continue;
      for (let s = 0; s < q; s++) {
        const ar = w[base + 2 * s]!;
        const ai = -w[base + 2 * s + 1]!;
        dots[2 * s] = dots[2 * s]! + ar * qr - ai * qi;
        dots[2 * s + 1] = dots[2 * s + 1]! + ar * qi + ai * qr;
      }
    }
    // T[0:q, q] = −σ·T[0:q, 0:q]·dots
    for (let s = 0; s < q; s++) {
      let re = 0;
      let im = 0;
      for (let p = s; p < q; p++) {
        const tr = t[2 * (s * nb + p)]!;
        const ti = t[2 * (s * nb + p) + 1]!;
        const dr = dots[2 * p]!;
        const di = dots[2 * p + 1]!;
        re += tr * dr - ti * di;
        im += tr * di + ti * dr;
      }
      t[2 * (s * nb + q)] = -(sr * re - si * im);
      t[2 * (s * nb + q) + 1] = -(sr * im + si * re);
    }
  }
}
