import { kernels } from '@svd/tensor';
import { generateReflector } from '../householderReflector.js';

const { gemm, rowMajor, transposed } = kernels;

/*
 * Blocked reduction to upper Hessenberg form (LAPACK dgehrd with dlahr2 panels; Quintana-Ortí &
 * van de Geijn 2006). The unblocked dgehd2 applies each reflector to the whole trailing matrix
 * from both sides — two memory-bound rank-1 sweeps per column. Here NB columns at a time are
 * reduced with their updates deferred: for the panel's reflectors Q = H_p⋯H_{p+nb−1} =
 * I − V·T·Vᵀ (compact WY), dlahr2 forms Y = A·V·T column by column (the one matrix–vector product
 * per column with the trailing matrix that cannot be deferred) and brings each panel column up
 * to date just before its reflector is generated. The trailing matrix then receives the whole
 * panel at once as GEMMs: A := A − Y·Vᵀ from the right (rows 0..ihi) and A := (I − V·Tᵀ·Vᵀ)·A
 * from the left (dlarfb), which is about 70 % of the flops.
 *
 * Same storage contract as the unblocked `hessenbergReduce`: reflector k has its implicit 1 at
 * row k+1 and its tail below the subdiagonal of column k (copied into `reflectors` and zeroed
 * in `a`), τ in taus[k]; different rounding.
 */

/** Panel width (dgehrd's NB). */
export const HESSENBERG_NB = 32;
/**
 * Below this many remaining columns the unblocked reduction finishes (dgehrd's NX). Measured
 * (CPU ms, n = 256 with Q): NX = 128 → see BENCHMARKS.md "eig: blocked Hessenberg…".
 */
export const HESSENBERG_NX = 64;

/**
 * Reduces columns ilo.. of the row-major n×n `a` (active block ilo..ihi) in panels of NB while
 * more than NX columns remain; returns the first column left for the unblocked reduction.
 *
 * @example
 * const next = kernels.blockedHessenbergPanels(a, n, 0, n - 1, reflectors, taus);
 */
export function blockedHessenbergPanels(
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
  const y = new Float64Array((ihi + 1) * nb);
  const v = new Float64Array(n * nb);
  const t = new Float64Array(nb * nb);
  const tmp = new Float64Array(Math.max(n * nb, nb * n));
  const w2 = new Float64Array(nb * n);
  const vec = new Float64Array(n);
  const col = new Float64Array(nb);
  for (; ihi - p > HESSENBERG_NX; p += nb) {
    reducePanel(a, n, ihi, p, nb, taus, y, v, t, vec, col);
    updateTrailing(a, n, ihi, p, nb, y, v, t, tmp, w2);
    for (let c = 0; c < nb; c++) {
      const j = p + c;
      for (let r = j + 2; r <= ihi; r++) {
        if (reflectors) reflectors[r * n + j] = a[r * n + j]!;
        a[r * n + j] = 0;
      }
    }
  }
  return p;
}

/**
 * dlahr2 on columns p..p+nb−1: generates their reflectors (tails left in `a`, β on the
 * subdiagonal, τ in taus), the dense V (rows p+1..ihi at v[(r−p−1)·nb]), T (nb×nb upper) and
 * Y = A·V·T for rows p+1..ihi (y[r·nb]). Rows 0..p of Y are formed afterwards by GEMM.
 */
function reducePanel(
  a: Float64Array,
  n: number,
  ihi: number,
  p: number,
  nb: number,
  taus: Float64Array,
  y: Float64Array,
  v: Float64Array,
  t: Float64Array,
  vec: Float64Array,
  col: Float64Array,
): void {
  const m = ihi - p; // rows p+1..ihi
  v.fill(0, 0, m * nb);
  t.fill(0);
  for (let c = 0; c < nb; c++) {
    const j = p + c;
    if (c > 0) {
      // Right: column j of A·Q, A(:, j) −= Y·V(j, :)ᵀ on rows p+1..ihi.
      const vj = (j - p - 1) * nb;
      for (let r = p + 1; r <= ihi; r++) {
        let s = 0;
        const yr = r * nb;
        for (let d = 0; d < c; d++) s += y[yr + d]! * v[vj + d]!;
        a[r * n + j] = a[r * n + j]! - s;
      }
      // Left: b := (I − V·Tᵀ·Vᵀ)·b for b = A(p+1..ihi, j).
      col.fill(0, 0, c);
      for (let r = 0; r < m; r++) {
        const b = a[(p + 1 + r) * n + j]!;
        const vr = r * nb;
        for (let d = 0; d < c; d++) col[d] = col[d]! + v[vr + d]! * b;
      }
      for (let d = c - 1; d >= 0; d--) {
        let s = 0;
        for (let e = 0; e <= d; e++) s += t[e * nb + d]! * col[e]!;
        col[d] = s;
      }
      for (let r = 0; r < m; r++) {
        let s = 0;
        const vr = r * nb;
        for (let d = 0; d < c; d++) s += v[vr + d]! * col[d]!;
        const q = (p + 1 + r) * n + j;
        a[q] = a[q]! - s;
      }
    }
    const len = ihi - j; // reflector rows j+1..ihi
    const tau = generateReflector(a, (j + 1) * n + j, (j + 2) * n + j, n, len - 1);
    taus[j] = tau;
    vec[0] = 1;
    v[(j - p) * nb + c] = 1;
    for (let i = 1; i < len; i++) {
      const x = a[(j + 1 + i) * n + j]!;
      vec[i] = x;
      v[(j - p + i) * nb + c] = x;
    }
    // Y(:, c) = A(p+1..ihi, j+1..ihi)·v − Y(:, 0..c−1)·(Vᵀ·v), times τ.
    for (let d = 0; d < c; d++) {
      let s = 0;
      for (let i = 0; i < len; i++) s += v[(j - p + i) * nb + d]! * vec[i]!;
      col[d] = s;
    }
    // Four rows per pass: four independent sums (the dot products are latency-bound), each
    // still accumulated left to right.
    let r = p + 1;
    for (; r + 3 <= ihi; r += 4) {
      const row = r * n + j + 1;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < len; i++) {
        const x = vec[i]!;
        s0 += a[row + i]! * x;
        s1 += a[row + n + i]! * x;
        s2 += a[row + 2 * n + i]! * x;
        s3 += a[row + 3 * n + i]! * x;
      }
      finishY(y, r, nb, c, col, tau, s0);
      finishY(y, r + 1, nb, c, col, tau, s1);
      finishY(y, r + 2, nb, c, col, tau, s2);
      finishY(y, r + 3, nb, c, col, tau, s3);
    }
    for (; r <= ihi; r++) {
      const row = r * n + j + 1;
      let s = 0;
      for (let i = 0; i < len; i++) s += a[row + i]! * vec[i]!;
      finishY(y, r, nb, c, col, tau, s);
    }
    // T(0..c−1, c) = −τ·T(0..c−1, 0..c−1)·(Vᵀ·v); T(c, c) = τ.
    for (let d = 0; d < c; d++) {
      let s = 0;
      for (let e = d; e < c; e++) s += t[d * nb + e]! * col[e]!;
      t[d * nb + c] = -tau * s;
    }
    t[c * nb + c] = tau;
  }
}

/** Y(r, c) = τ·(A(r, :)·v − Y(r, 0..c−1)·(Vᵀ·v)), given s = A(r, :)·v. */
function finishY(y: Float64Array, r: number, nb: number, c: number, col: Float64Array, tau: number, s: number): void {
  const yr = r * nb;
  let u = 0;
  for (let d = 0; d < c; d++) u += y[yr + d]! * col[d]!;
  y[yr + c] = tau * (s - u);
}

/**
 * dgehrd's updates after a panel: rows 0..p of Y, A(0..ihi, p+nb..ihi) −= Y·V₂ᵀ (GEMM), the
 * panel columns' rows 0..p, then A(p+1..ihi, p+nb..n−1) := (I − V·Tᵀ·Vᵀ)·A (dlarfb, three GEMMs).
 */
function updateTrailing(
  a: Float64Array,
  n: number,
  ihi: number,
  p: number,
  nb: number,
  y: Float64Array,
  v: Float64Array,
  t: Float64Array,
  tmp: Float64Array,
  w2: Float64Array,
): void {
  const m = ihi - p;
  // Y(0..p, :) = A(0..p, p+1..ihi)·V·T.
  gemm(p + 1, nb, m, 1, rowMajor(a, n, p + 1), rowMajor(v, nb), 0, rowMajor(tmp, nb));
  gemm(p + 1, nb, nb, 1, rowMajor(tmp, nb), rowMajor(t, nb), 0, rowMajor(y, nb));
  // From the right, the columns past the panel: A(0..ihi, p+nb..ihi) −= Y·V(p+nb..ihi, :)ᵀ.
  const cols = ihi - p - nb + 1;
  gemm(ihi + 1, cols, nb, -1, rowMajor(y, nb), transposed(rowMajor(v, nb, (nb - 1) * nb)), 1, rowMajor(a, n, p + nb));
  // From the right, the panel's own columns p+1..p+nb−1 above the panel (rows 0..p).
  for (let r = 0; r <= p; r++) {
    const yr = r * nb;
    for (let c1 = 1; c1 < nb; c1++) {
      const vr = (c1 - 1) * nb;
      let s = 0;
      for (let c = 0; c < c1; c++) s += y[yr + c]! * v[vr + c]!;
      a[r * n + p + c1] = a[r * n + p + c1]! - s;
    }
  }
  // From the left: A(p+1..ihi, p+nb..n−1) −= V·(Tᵀ·(Vᵀ·A)).
  const nc = n - p - nb;
  const sub = (p + 1) * n + p + nb;
  gemm(nb, nc, m, 1, transposed(rowMajor(v, nb)), rowMajor(a, n, sub), 0, rowMajor(tmp, nc));
  gemm(nb, nc, nb, 1, transposed(rowMajor(t, nb)), rowMajor(tmp, nc), 0, rowMajor(w2, nc));
  gemm(m, nc, nb, -1, rowMajor(v, nb), rowMajor(w2, nc), 1, rowMajor(a, n, sub));
}
