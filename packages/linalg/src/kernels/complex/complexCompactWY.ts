import { kernels } from '@svd/tensor';
import { generateComplexReflector } from './complexHouseholderReflector.js';

const { complexGemm, conjugated, rowMajor, transposed } = kernels;

const ONE = [1, 0] as const;
const ZERO = [0, 0] as const;
const MINUS_ONE = [-1, 0] as const;

/*
 * Complex compact WY form (LAPACK zlarft + zlarfb, forward, columnwise) and the complex QR panel
 * (zgeqr2), the complex twins of ../compactWY.ts and ../qrPanel.ts:
 *
 *   H_0·H_1⋯H_{nb−1} = I − V·T·Vᴴ,   Hᵢ = I − τᵢ·vᵢ·vᵢᴴ,
 *
 * with T upper triangular from the Gram matrix VᴴV (T[0:q, q] = −τ_q·T[0:q, 0:q]·Vᴴ[0:q, :]·v_q).
 * V is held transposed and unconjugated, Vᵀ (nb×L, one reflector per contiguous row; interleaved
 * re, im), so Vᴴ and V are strided/conjugated views of the same buffer for complexGemm.
 */

/** Scratch for one block: Vᵀ (nb×L), T and the Gram matrix (nb×nb), W, W₂ (nb×cols); interleaved. */
export interface ComplexReflectorBlock {
  vt: Float64Array;
  t: Float64Array;
  gram: Float64Array;
  w: Float64Array;
  w2: Float64Array;
}

/** Scratch for blocks of ≤ `nb` reflectors of length ≤ `maxLen` applied to ≤ `maxCols` columns. */
export function complexReflectorBlockScratch(maxLen: number, nb: number, maxCols: number): ComplexReflectorBlock {
  const cols = Math.max(maxCols, 0);
  return {
    vt: new Float64Array(2 * maxLen * nb),
    t: new Float64Array(2 * nb * nb),
    gram: new Float64Array(2 * nb * nb),
    w: new Float64Array(2 * nb * cols),
    w2: new Float64Array(2 * nb * cols),
  };
}

/**
 * ZGEQR2 on the panel of columns c0..c0+nb−1, rows r0..m−1 of the interleaved row-major `qr`
 * (row length n), factored transposed in `blk.vt` (contiguous reflectors). Writes the panel's R
 * and reflector tails back in compact form, τ to tau[2(c0+q)], and leaves Vᵀ in `blk.vt`.
 * Each later panel column gets H_qᴴ = I − conj(τ_q)·v·vᴴ, as the unblocked zgeqr2.
 */
export function factorComplexPanel(
  qr: Float64Array,
  n: number,
  r0: number,
  c0: number,
  L: number,
  nb: number,
  tau: Float64Array,
  blk: ComplexReflectorBlock,
): void {
  const p = blk.vt;
  for (let i = 0; i < L; i++) {
    const src = 2 * ((r0 + i) * n + c0);
    for (let q = 0; q < nb; q++) {
      p[2 * (q * L + i)] = qr[src + 2 * q]!;
      p[2 * (q * L + i) + 1] = qr[src + 2 * q + 1]!;
    }
  }
  for (let q = 0; q < nb; q++) {
    const oq = 2 * q * L;
    generateComplexReflector(p, q * L + q, L - q - 1, tau, c0 + q);
    const tr = tau[2 * (c0 + q)]!;
    const ti = -tau[2 * (c0 + q) + 1]!; // conj(τ)
    if (tr === 0 && ti === 0) continue;
    for (let c = q + 1; c < nb; c++) {
      const oc = 2 * c * L;
      // dot = vᴴ·col, v = [1; tail]
      let dr = p[oc + 2 * q]!;
      let di = p[oc + 2 * q + 1]!;
      for (let i = 2 * (q + 1); i < 2 * L; i += 2) {
        const vr = p[oq + i]!;
        const vi = p[oq + i + 1]!;
        const xr = p[oc + i]!;
        const xi = p[oc + i + 1]!;
        dr += vr * xr + vi * xi;
        di += vr * xi - vi * xr;
      }
      if (dr === 0 && di === 0) continue;
      const sr = tr * dr - ti * di;
      const si = tr * di + ti * dr;
      p[oc + 2 * q] = p[oc + 2 * q]! - sr;
      p[oc + 2 * q + 1] = p[oc + 2 * q + 1]! - si;
      for (let i = 2 * (q + 1); i < 2 * L; i += 2) {
        const vr = p[oq + i]!;
        const vi = p[oq + i + 1]!;
        p[oc + i] = p[oc + i]! - (sr * vr - si * vi);
        p[oc + i + 1] = p[oc + i + 1]! - (sr * vi + si * vr);
      }
    }
  }
  for (let i = 0; i < L; i++) {
    const dst = 2 * ((r0 + i) * n + c0);
    for (let q = 0; q < nb; q++) {
      qr[dst + 2 * q] = p[2 * (q * L + i)]!;
      qr[dst + 2 * q + 1] = p[2 * (q * L + i) + 1]!;
    }
  }
  for (let q = 0; q < nb; q++) {
    p.fill(0, 2 * q * L, 2 * (q * L + q));
    p[2 * (q * L + q)] = 1;
    p[2 * (q * L + q) + 1] = 0;
  }
}

/** Vᵀ (nb×L) of `blk` from the compact factor's column reflectors c0.. (rows r0..), as the real twin. */
export function gatherComplexColumnReflectors(
  a: Float64Array,
  ld: number,
  r0: number,
  c0: number,
  L: number,
  nb: number,
  blk: ComplexReflectorBlock,
): void {
  const { vt } = blk;
  vt.fill(0, 0, 2 * L * nb);
  for (let row = 0; row < L; row++) {
    const src = 2 * ((r0 + row) * ld + c0);
    const last = Math.min(row, nb);
    for (let q = 0; q < last; q++) {
      vt[2 * (q * L + row)] = a[src + 2 * q]!;
      vt[2 * (q * L + row) + 1] = a[src + 2 * q + 1]!;
    }
    if (row < nb) vt[2 * (row * L + row)] = 1;
  }
}

/** T of the block in `blk` (zlarft), τ_q = tau[2(tauOffset + q)], tau[2(tauOffset + q) + 1]. */
export function buildComplexTriangularFactor(
  L: number,
  nb: number,
  tau: Float64Array,
  tauOffset: number,
  blk: ComplexReflectorBlock,
): void {
  const { vt, t, gram } = blk;
  const Vt = rowMajor(vt, L);
  // gram = Vᴴ·V (only the strictly upper part is used).
  complexGemm(nb, nb, L, ONE, conjugated(Vt), transposed(Vt), ZERO, rowMajor(gram, nb));
  t.fill(0, 0, 2 * nb * nb);
  for (let q = 0; q < nb; q++) {
    const tr = tau[2 * (tauOffset + q)]!;
    const ti = tau[2 * (tauOffset + q) + 1]!;
    t[2 * (q * nb + q)] = tr;
    t[2 * (q * nb + q) + 1] = ti;
    if (tr === 0 && ti === 0) continue;
    for (let s = 0; s < q; s++) {
      let ar = 0;
      let ai = 0;
      for (let p = s; p < q; p++) {
        const xr = t[2 * (s * nb + p)]!;
        const xi = t[2 * (s * nb + p) + 1]!;
        const yr = gram[2 * (p * nb + q)]!;
        const yi = gram[2 * (p * nb + q) + 1]!;
        ar += xr * yr - xi * yi;
        ai += xr * yi + xi * yr;
      }
      t[2 * (s * nb + q)] = -(tr * ar - ti * ai);
      t[2 * (s * nb + q) + 1] = -(tr * ai + ti * ar);
    }
  }
}

/**
 * C ← (I − V·op(T)·Vᴴ)·C on the L×cols block of the interleaved row-major `c` (row length
 * `ldc`, `offset` in complex elements). op(T) = Tᴴ (adjoint) applies the block's Qᴴ (a QR step),
 * op(T) = T the block's Q (forming Q).
 */
export function applyComplexReflectorBlockLeft(
  blk: ComplexReflectorBlock,
  L: number,
  nb: number,
  c: Float64Array,
  ldc: number,
  offset: number,
  cols: number,
  adjointT: boolean,
): void {
  if (cols <= 0 || L <= 0) return;
  const { vt, t, w, w2 } = blk;
  const C = rowMajor(c, ldc, offset);
  const Vt = rowMajor(vt, L);
  const T = rowMajor(t, nb);
  complexGemm(nb, cols, L, ONE, conjugated(Vt), C, ZERO, rowMajor(w, cols));
  complexGemm(nb, cols, nb, ONE, adjointT ? conjugated(transposed(T)) : T, rowMajor(w, cols), ZERO, rowMajor(w2, cols));
  complexGemm(L, cols, nb, MINUS_ONE, transposed(Vt), rowMajor(w2, cols), ONE, C);
}
