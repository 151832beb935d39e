import { kernels } from '@svd/tensor';
import { generateComplexReflector } from '../complex/complexHouseholderReflector.js';
import { HESSENBERG_NB, HESSENBERG_NX } from './blockedHessenbergReduce.js';

const { complexGemm, conjugated, rowMajor, transposed } = kernels;

/*
 * Blocked reduction of a complex matrix to upper Hessenberg form (LAPACK zgehrd with zlahr2
 * panels), the complex counterpart of blockedHessenbergReduce.ts: for the panel's reflectors
 * Q = H_p⋯H_{p+nb−1} = I − V·T·Vᴴ (H_k = I − τ_k·v_k·v_kᴴ), zlahr2 forms Y = A·V·T column by
 * column and brings each panel column up to date (A·Q from the right, Qᴴ = I − V·Tᴴ·Vᴴ from the
 * left) just before its reflector is generated; the trailing matrix then gets A −= Y·Vᴴ and
 * A := (I − V·Tᴴ·Vᴴ)·A as complex GEMMs. Same storage as the unblocked complexHessenbergReduce
 * (interleaved; reflector tails below the subdiagonal copied to `reflectors`, τ interleaved in
 * taus); the subdiagonal comes out real (zlarfg's β); different rounding.
 */

const ONE = [1, 0] as const;
const ZERO = [0, 0] as const;
const MINUS_ONE = [-1, 0] as const;

/**
 * Reduces columns ilo.. of the interleaved n×n `a` (active block ilo..ihi) in panels while more
 * than NX columns remain; returns the first column left for the unblocked reduction.
 *
 * @example
 * const next = complexBlockedHessenbergPanels(a, n, 0, n - 1, reflectors, taus);
 */
export function complexBlockedHessenbergPanels(
  a: Float64Array,
  n: number,
  ilo: number,
  ihi: number,
  reflectors: Float64Array | null,
  taus: Float64Array,
): number {
  let p = ilo;
  if (ihi - p <= HESSENBERG_NX) return p;
  const nb = HESSENBERG_NB;
  const w = {
    y: new Float64Array(2 * (ihi + 1) * nb),
    v: new Float64Array(2 * n * nb),
    t: new Float64Array(2 * nb * nb),
    tmp: new Float64Array(2 * n * nb),
    w2: new Float64Array(2 * n * nb),
    vec: new Float64Array(2 * n),
    col: new Float64Array(2 * nb),
    tau: new Float64Array(2),
  };
  for (; ihi - p > HESSENBERG_NX; p += nb) {
    reducePanel(a, n, ihi, p, nb, taus, w);
    updateTrailing(a, n, ihi, p, nb, w);
    for (let c = 0; c < nb; c++) {
      const j = p + c;
      for (let r = j + 2; r <= ihi; r++) {
        const q = 2 * (r * n + j);
        if (reflectors) {
          reflectors[q] = a[q]!;
          reflectors[q + 1] = a[q + 1]!;
        }
        a[q] = 0;
        a[q + 1] = 0;
      }
    }
  }
  return p;
}

interface Work {
  y: Float64Array;
  v: Float64Array;
  t: Float64Array;
  tmp: Float64Array;
  w2: Float64Array;
  vec: Float64Array;
  col: Float64Array;
  tau: Float64Array;
}

/** zlahr2 on columns p..p+nb−1 (see blockedHessenbergReduce.ts reducePanel; complex). */
function reducePanel(
  a: Float64Array,
  n: number,
  ihi: number,
  p: number,
  nb: number,
  taus: Float64Array,
  w: Work,
): void {
  const { y, v, t, vec, col, tau } = w;
  const m = ihi - p;
  v.fill(0, 0, 2 * m * nb);
  t.fill(0);
  for (let c = 0; c < nb; c++) {
    const j = p + c;
    if (c > 0) {
      // Right: A(r, j) −= Σ_d Y(r, d)·conj(V(j, d)).
      const vj = 2 * (j - p - 1) * nb;
      for (let r = p + 1; r <= ihi; r++) {
        let sr = 0;
        let si = 0;
        const yr = 2 * r * nb;
        for (let d = 0; d < c; d++) {
          const ar = y[yr + 2 * d]!;
          const ai = y[yr + 2 * d + 1]!;
          const br = v[vj + 2 * d]!;
          const bi = -v[vj + 2 * d + 1]!;
          sr += ar * br - ai * bi;
          si += ar * bi + ai * br;
        }
        const q = 2 * (r * n + j);
        a[q] = a[q]! - sr;
        a[q + 1] = a[q + 1]! - si;
      }
      // Left: b := (I − V·Tᴴ·Vᴴ)·b, b = A(p+1..ihi, j).
      col.fill(0, 0, 2 * c);
      for (let r = 0; r < m; r++) {
        const q = 2 * ((p + 1 + r) * n + j);
        const xr = a[q]!;
        const xi = a[q + 1]!;
        const vr = 2 * r * nb;
        for (let d = 0; d < c; d++) {
          const br = v[vr + 2 * d]!;
          const bi = -v[vr + 2 * d + 1]!;
          col[2 * d] = col[2 * d]! + (br * xr - bi * xi);
          col[2 * d + 1] = col[2 * d + 1]! + (br * xi + bi * xr);
        }
      }
      for (let d = c - 1; d >= 0; d--) {
        let sr = 0;
        let si = 0;
        for (let e = 0; e <= d; e++) {
          const tr = t[2 * (e * nb + d)]!;
          const ti = -t[2 * (e * nb + d) + 1]!;
          const xr = col[2 * e]!;
          const xi = col[2 * e + 1]!;
          sr += tr * xr - ti * xi;
          si += tr * xi + ti * xr;
        }
        col[2 * d] = sr;
        col[2 * d + 1] = si;
      }
      for (let r = 0; r < m; r++) {
        let sr = 0;
        let si = 0;
        const vr = 2 * r * nb;
        for (let d = 0; d < c; d++) {
          const br = v[vr + 2 * d]!;
          const bi = v[vr + 2 * d + 1]!;
          const xr = col[2 * d]!;
          const xi = col[2 * d + 1]!;
          sr += br * xr - bi * xi;
          si += br * xi + bi * xr;
        }
        const q = 2 * ((p + 1 + r) * n + j);
        a[q] = a[q]! - sr;
        a[q + 1] = a[q + 1]! - si;
      }
    }
    // The reflector annihilating A(j+2..ihi, j).
    const len = ihi - j;
    for (let i = 0; i < len; i++) {
      const q = 2 * ((j + 1 + i) * n + j);
      vec[2 * i] = a[q]!;
      vec[2 * i + 1] = a[q + 1]!;
    }
    generateComplexReflector(vec, 0, len - 1, tau, 0);
    const taur = tau[0]!;
    const taui = tau[1]!;
    taus[2 * j] = taur;
    taus[2 * j + 1] = taui;
    a[2 * ((j + 1) * n + j)] = vec[0]!;
    a[2 * ((j + 1) * n + j) + 1] = vec[1]!;
    vec[0] = 1;
    vec[1] = 0;
    for (let i = 0; i < len; i++) {
      const q = 2 * ((j + 1 + i) * n + j);
      if (i > 0) {
        a[q] = vec[2 * i]!;
        a[q + 1] = vec[2 * i + 1]!;
      }
      v[2 * ((j - p + i) * nb + c)] = vec[2 * i]!;
      v[2 * ((j - p + i) * nb + c) + 1] = vec[2 * i + 1]!;
    }
    // col = V(:, 0..c−1)ᴴ·v.
    for (let d = 0; d < c; d++) {
      let sr = 0;
      let si = 0;
      for (let i = 0; i < len; i++) {
        const q = 2 * ((j - p + i) * nb + d);
        const br = v[q]!;
        const bi = -v[q + 1]!;
        const xr = vec[2 * i]!;
        const xi = vec[2 * i + 1]!;
        sr += br * xr - bi * xi;
        si += br * xi + bi * xr;
      }
      col[2 * d] = sr;
      col[2 * d + 1] = si;
    }
    // Y(r, c) = τ·(A(r, j+1..ihi)·v − Y(r, 0..c−1)·col), rows p+1..ihi.
    for (let r = p + 1; r <= ihi; r++) {
      const row = 2 * (r * n + j + 1);
      let sr = 0;
      let si = 0;
      for (let i = 0; i < len; i++) {
        const ar = a[row + 2 * i]!;
        const ai = a[row + 2 * i + 1]!;
        const xr = vec[2 * i]!;
        const xi = vec[2 * i + 1]!;
        sr += ar * xr - ai * xi;
        si += ar * xi + ai * xr;
      }
      const yr = 2 * r * nb;
      for (let d = 0; d < c; d++) {
        const ar = y[yr + 2 * d]!;
        const ai = y[yr + 2 * d + 1]!;
        const xr = col[2 * d]!;
        const xi = col[2 * d + 1]!;
        sr -= ar * xr - ai * xi;
        si -= ar * xi + ai * xr;
      }
      y[yr + 2 * c] = taur * sr - taui * si;
      y[yr + 2 * c + 1] = taur * si + taui * sr;
    }
    // T(0..c−1, c) = −τ·T(0..c−1, 0..c−1)·col; T(c, c) = τ.
    for (let d = 0; d < c; d++) {
      let sr = 0;
      let si = 0;
      for (let e = d; e < c; e++) {
        const tr = t[2 * (d * nb + e)]!;
        const ti = t[2 * (d * nb + e) + 1]!;
        const xr = col[2 * e]!;
        const xi = col[2 * e + 1]!;
        sr += tr * xr - ti * xi;
        si += tr * xi + ti * xr;
      }
      t[2 * (d * nb + c)] = -(taur * sr - taui * si);
      t[2 * (d * nb + c) + 1] = -(taur * si + taui * sr);
    }
    t[2 * (c * nb + c)] = taur;
    t[2 * (c * nb + c) + 1] = taui;
  }
}

/** zgehrd's updates after a panel (complex GEMMs; see blockedHessenbergReduce.ts). */
function updateTrailing(a: Float64Array, n: number, ihi: number, p: number, nb: number, w: Work): void {
  const { y, v, t, tmp, w2 } = w;
  const m = ihi - p;
  // Y(0..p, :) = A(0..p, p+1..ihi)·V·T.
  complexGemm(p + 1, nb, m, ONE, rowMajor(a, n, p + 1), rowMajor(v, nb), ZERO, rowMajor(tmp, nb));
  complexGemm(p + 1, nb, nb, ONE, rowMajor(tmp, nb), rowMajor(t, nb), ZERO, rowMajor(y, nb));
  // A(0..ihi, p+nb..ihi) −= Y·V(p+nb..ihi, :)ᴴ.
  const cols = ihi - p - nb + 1;
  const v2h = conjugated(transposed(rowMajor(v, nb, (nb - 1) * nb)));
  complexGemm(ihi + 1, cols, nb, MINUS_ONE, rowMajor(y, nb), v2h, ONE, rowMajor(a, n, p + nb));
  // The panel's own columns p+1..p+nb−1, rows 0..p: A(r, p+c1) −= Σ_{c<c1} Y(r, c)·conj(V(p+c1, c)).
  for (let r = 0; r <= p; r++) {
    const yr = 2 * r * nb;
    for (let c1 = 1; c1 < nb; c1++) {
      const vr = 2 * (c1 - 1) * nb;
      let sr = 0;
      let si = 0;
      for (let c = 0; c < c1; c++) {
        const ar = y[yr + 2 * c]!;
        const ai = y[yr + 2 * c + 1]!;
        const br = v[vr + 2 * c]!;
        const bi = -v[vr + 2 * c + 1]!;
        sr += ar * br - ai * bi;
        si += ar * bi + ai * br;
      }
      const q = 2 * (r * n + p + c1);
      a[q] = a[q]! - sr;
      a[q + 1] = a[q + 1]! - si;
    }
  }
  // From the left: A(p+1..ihi, p+nb..n−1) −= V·(Tᴴ·(Vᴴ·A)).
  const nc = n - p - nb;
  const sub = (p + 1) * n + p + nb;
  complexGemm(nb, nc, m, ONE, conjugated(transposed(rowMajor(v, nb))), rowMajor(a, n, sub), ZERO, rowMajor(tmp, nc));
  complexGemm(nb, nc, nb, ONE, conjugated(transposed(rowMajor(t, nb))), rowMajor(tmp, nc), ZERO, rowMajor(w2, nc));
  complexGemm(m, nc, nb, MINUS_ONE, rowMajor(v, nb), rowMajor(w2, nc), ONE, rowMajor(a, n, sub));
}
