/**
 * Blocked reduction of a Hermitian matrix to a REAL symmetric tridiagonal T = Qᴴ·A·Q (LAPACK
 * zhetrd with zlatrd panels, 'L'), with the storage and output of hermitianTridiagonalize: a FULL
 * interleaved row-major n×n Hermitian buffer, d and e real, reflector k below the sub-diagonal of
 * column k with an implicit unit leading entry, τ_k interleaved in `tau`.
 *
 * As in the real blockedTridiagonalize: each panel of NB columns is reduced with the updates to
 * the trailing matrix deferred (column j is brought up to date just before it is used), and the
 * trailing matrix then receives all of them at once, A₂₂ −= V·Wᴴ + W·Vᴴ = [V W]·[W V]ᴴ, as one
 * complexGemm with inner dimension 2·NB per block of rows, for the lower triangle only; its
 * diagonal is reset to exactly real, as zher2k's is. The Hermitian matrix–vector product each
 * column needs stays matrix–vector; it is memory-bound, so it reads the lower triangle only, two
 * rows per pass. Tails below NX columns are finished by the unblocked reduction (on both
 * triangles, mirrored from the lower one first).
 */

import { kernels } from '@svd/tensor';
import { generateComplexReflector } from './complexHouseholderReflector.js';
import { reduceHermitianColumnsFrom } from './hermitianTridiagonalize.js';

const { complexGemm, conjugated, rowMajor, transposed } = kernels;

/** Panel width (zhetrd's NB; measured). */
const NB = 32;
/**
 * Below this trailing order the unblocked reduction finishes (zhetrd's NX). Measured (CPU ms,
 * unblocked / blocked): n = 128: 4.2 / 3.8, n = 256: 33.4 / 22.7; NX = 128 is no better.
 */
const NX = 64;
/** Rows per complexGemm of the lower-triangle trailing update. */
const ROW_BLOCK = 64;
const ONE = [1, 0] as const;
const MINUS_ONE = [-1, 0] as const;

/**
 * Reduces the full Hermitian interleaved n×n `w` to real tridiagonal form in place (zhetrd,
 * 'L'); same contract as hermitianTridiagonalize, different rounding.
 *
 * @example
 * const n = 100;
 * const d = new Float64Array(n), e = new Float64Array(n - 1), tau = new Float64Array(2 * (n - 1));
 * kernels.blockedHermitianTridiagonalize(w, n, d, e, tau); // w: both triangles of A, overwritten
 */
export function blockedHermitianTridiagonalize(
  w: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
): void {
  if (n === 0) return;
  let i0 = 0;
  if (n > NX) {
    const wp = new Float64Array(2 * n * NB); // W of the panel, row r at wp[2·r·NB]
    const v = new Float64Array(2 * n);
    const col = new Float64Array(2 * n);
    const tmp = new Float64Array(2 * NB);
    const vw = new Float64Array(2 * n * 2 * NB);
    const wv = new Float64Array(2 * n * 2 * NB);
    for (; n - i0 > NX; i0 += NB) {
      reducePanel(w, n, i0, d, e, tau, wp, v, col, tmp);
      updateTrailing(w, n, i0, wp, vw, wv);
    }
    // The unblocked tail reads both triangles of its block: mirror the updated lower one.
    for (let i = i0; i < n; i++) {
      for (let j = i0; j < i; j++) {
        w[2 * (j * n + i)] = w[2 * (i * n + j)]!;
        w[2 * (j * n + i) + 1] = -w[2 * (i * n + j) + 1]!;
      }
    }
  }
  reduceHermitianColumnsFrom(w, n, i0, d, e, tau);
}

/** zlatrd ('L') on columns i0..i0+NB (reflectors with explicit unit entries at (j+1, j)). */
function reducePanel(
  w: Float64Array,
  n: number,
  i0: number,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
  wp: Float64Array,
  v: Float64Array,
  col: Float64Array,
  tmp: Float64Array,
): void {
  const W = (r: number, q: number): number => 2 * (r * NB + q);
  const A = (r: number, q: number): number => 2 * (r * n + q);
  for (let c = 0; c < NB; c++) {
    const j = i0 + c;
    // A(r, j) −= V(r, :c)·conj(W(j, :c)) + W(r, :c)·conj(V(j, :c)), rows j..n.
    if (c > 0) {
      const wj = 2 * j * NB;
      const vj = 2 * (j * n + i0);
      for (let r = j; r < n; r++) {
        const vr0 = 2 * (r * n + i0);
        const wr0 = 2 * r * NB;
        let sr = 0;
        let si = 0;
        for (let q = 0; q < 2 * c; q += 2) {
          const vr = w[vr0 + q]!;
          const vi = w[vr0 + q + 1]!;
          const xr = wp[wj + q]!;
          const xi = wp[wj + q + 1]!;
          const yr = wp[wr0 + q]!;
          const yi = wp[wr0 + q + 1]!;
          const ur = w[vj + q]!;
          const ui = w[vj + q + 1]!;
          sr += vr * xr + vi * xi + (yr * ur + yi * ui);
          si += vi * xr - vr * xi + (yi * ur - yr * ui);
        }
        const o = A(r, j);
        w[o] = w[o]! - sr;
        w[o + 1] = w[o + 1]! - si;
      }
    }
    w[A(j, j) + 1] = 0;
    d[j] = w[A(j, j)]!;
    const p = n - j - 1;
    for (let i = 0; i < p; i++) {
      const o = A(j + 1 + i, j);
      v[2 * i] = w[o]!;
      v[2 * i + 1] = w[o + 1]!;
    }
    generateComplexReflector(v, 0, p - 1, tau, j);
    e[j] = v[0]!;
    v[0] = 1;
    v[1] = 0;
    for (let i = 0; i < p; i++) {
      const o = A(j + 1 + i, j);
      w[o] = v[2 * i]!;
      w[o + 1] = v[2 * i + 1]!;
    }
    const tr = tau[2 * j]!;
    const ti = tau[2 * j + 1]!;

    // col = A₂₂·v (rows j+1..n: the not yet updated trailing block, from its lower triangle).
    hermitianTimesVector(w, n, j + 1, p, v, col);
    if (c > 0) {
      // col −= V·(Wᴴv) + W·(Vᴴv) over the panel's earlier columns.
      subtractPanelProduct(w, n, i0, j, p, c, wp, v, col, tmp, true);
      subtractPanelProduct(w, n, i0, j, p, c, wp, v, col, tmp, false);
    }
    // col ← τ·col; α = −½·τ·(colᴴv); W(:, c) = col + α·v.
    let xvr = 0;
    let xvi = 0;
    for (let i = 0; i < p; i++) {
      const sr = col[2 * i]!;
      const si = col[2 * i + 1]!;
      const yr = tr * sr - ti * si;
      const yi = tr * si + ti * sr;
      col[2 * i] = yr;
      col[2 * i + 1] = yi;
      xvr += yr * v[2 * i]! + yi * v[2 * i + 1]!;
      xvi += yr * v[2 * i + 1]! - yi * v[2 * i]!;
    }
    const ar = -0.5 * (tr * xvr - ti * xvi);
    const ai = -0.5 * (tr * xvi + ti * xvr);
    for (let i = 0; i < p; i++) {
      const vr = v[2 * i]!;
      const vi = v[2 * i + 1]!;
      const o = W(j + 1 + i, c);
      wp[o] = col[2 * i]! + ar * vr - ai * vi;
      wp[o + 1] = col[2 * i + 1]! + ar * vi + ai * vr;
    }
    wp[W(j, c)] = 0;
    wp[W(j, c) + 1] = 0;
  }
}

/**
 * y = B·v for the Hermitian p×p block B = w[s.., s..] (interleaved) read from its lower triangle
 * (real diagonal), two rows at a time: each pair of row segments is read once for both the dot
 * products (yᵢ, yᵢ₊₁) and the conjugate-transposed contributions to y[0..i) — half the memory
 * traffic of the full-matrix product that bounds this loop. Fixed summation order.
 */
function hermitianTimesVector(
  w: Float64Array,
  n: number,
  s: number,
  p: number,
  v: Float64Array,
  y: Float64Array,
): void {
  y.fill(0, 0, 2 * p);
  let i = 0;
  for (; i + 1 < p; i += 2) {
    const r0 = 2 * ((s + i) * n + s);
    const r1 = r0 + 2 * n;
    const v0r = v[2 * i]!;
    const v0i = v[2 * i + 1]!;
    const v1r = v[2 * i + 2]!;
    const v1i = v[2 * i + 3]!;
    let a0r = 0;
    let a0i = 0;
    let a1r = 0;
    let a1i = 0;
    for (let q = 0; q < 2 * i; q += 2) {
      const b0r = w[r0 + q]!;
      const b0i = w[r0 + q + 1]!;
      const b1r = w[r1 + q]!;
      const b1i = w[r1 + q + 1]!;
      const vr = v[q]!;
      const vi = v[q + 1]!;
      a0r += b0r * vr - b0i * vi;
      a0i += b0r * vi + b0i * vr;
      a1r += b1r * vr - b1i * vi;
      a1i += b1r * vi + b1i * vr;
      // conj(b0)·v0 + conj(b1)·v1
      y[q] = y[q]! + (b0r * v0r + b0i * v0i + (b1r * v1r + b1i * v1i));
      y[q + 1] = y[q + 1]! + (b0r * v0i - b0i * v0r + (b1r * v1i - b1i * v1r));
    }
    const d0 = w[r0 + 2 * i]!;
    const d1 = w[r1 + 2 * i + 2]!;
    const br = w[r1 + 2 * i]!; // A(i+1, i)
    const bi = w[r1 + 2 * i + 1]!;
    y[2 * i] = y[2 * i]! + a0r + d0 * v0r + (br * v1r + bi * v1i);
    y[2 * i + 1] = y[2 * i + 1]! + a0i + d0 * v0i + (br * v1i - bi * v1r);
    y[2 * i + 2] = y[2 * i + 2]! + a1r + (br * v0r - bi * v0i) + d1 * v1r;
    y[2 * i + 3] = y[2 * i + 3]! + a1i + (br * v0i + bi * v0r) + d1 * v1i;
  }
  if (i < p) {
    const r0 = 2 * ((s + i) * n + s);
    const v0r = v[2 * i]!;
    const v0i = v[2 * i + 1]!;
    let a0r = 0;
    let a0i = 0;
    for (let q = 0; q < 2 * i; q += 2) {
      const b0r = w[r0 + q]!;
      const b0i = w[r0 + q + 1]!;
      const vr = v[q]!;
      const vi = v[q + 1]!;
      a0r += b0r * vr - b0i * vi;
      a0i += b0r * vi + b0i * vr;
      y[q] = y[q]! + (b0r * v0r + b0i * v0i);
      y[q + 1] = y[q + 1]! + (b0r * v0i - b0i * v0r);
    }
    const d0 = w[r0 + 2 * i]!;
    y[2 * i] = y[2 * i]! + a0r + d0 * v0r;
    y[2 * i + 1] = y[2 * i + 1]! + a0i + d0 * v0i;
  }
}

/**
 * col −= X·(Yᴴ·v) over rows j+1..n and the panel's first c columns, with (X, Y) = (V, W) when
 * `vFirst` and (W, V) otherwise (zlatrd's two pairs of zgemv). V(r, q) is w[2(r·n + i0 + q)],
 * W(r, q) is wp[2(r·NB + q)].
 */
function subtractPanelProduct(
  w: Float64Array,
  n: number,
  i0: number,
  j: number,
  p: number,
  c: number,
  wp: Float64Array,
  v: Float64Array,
  col: Float64Array,
  tmp: Float64Array,
  vFirst: boolean,
): void {
  const x = vFirst ? w : wp;
  const y = vFirst ? wp : w;
  const xBase = vFirst ? 2 * i0 : 0;
  const yBase = vFirst ? 0 : 2 * i0;
  const xStride = vFirst ? 2 * n : 2 * NB;
  const yStride = vFirst ? 2 * NB : 2 * n;
  tmp.fill(0, 0, 2 * c);
  for (let i = 0; i < p; i++) {
    const o = yBase + (j + 1 + i) * yStride;
    const vr = v[2 * i]!;
    const vi = v[2 * i + 1]!;
    for (let q = 0; q < 2 * c; q += 2) {
      const yr = y[o + q]!;
      const yi = y[o + q + 1]!;
      // conj(y)·v
      tmp[q] = tmp[q]! + yr * vr + yi * vi;
      tmp[q + 1] = tmp[q + 1]! + yr * vi - yi * vr;
    }
  }
  for (let i = 0; i < p; i++) {
    const o = xBase + (j + 1 + i) * xStride;
    let sr = 0;
    let si = 0;
    for (let q = 0; q < 2 * c; q += 2) {
      const xr = x[o + q]!;
      const xi = x[o + q + 1]!;
      const tr = tmp[q]!;
      const ti = tmp[q + 1]!;
      sr += xr * tr - xi * ti;
      si += xr * ti + xi * tr;
    }
    col[2 * i] = col[2 * i]! - sr;
    col[2 * i + 1] = col[2 * i + 1]! - si;
  }
}

/**
 * A₂₂ −= V·Wᴴ + W·Vᴴ on the lower part of the trailing block after the panel at i0 (one
 * complexGemm per block of ROW_BLOCK rows, up to the diagonal); diagonal made real.
 */
function updateTrailing(
  w: Float64Array,
  n: number,
  i0: number,
  wp: Float64Array,
  vw: Float64Array,
  wv: Float64Array,
): void {
  const s = i0 + NB;
  const m = n - s;
  if (m <= 0) return;
  const k2 = 2 * NB;
  for (let r = 0; r < m; r++) {
    const src = 2 * ((s + r) * n + i0);
    const ws = 2 * (s + r) * NB;
    const o = 2 * r * k2;
    for (let q = 0; q < 2 * NB; q++) {
      vw[o + q] = w[src + q]!;
      vw[o + 2 * NB + q] = wp[ws + q]!;
      wv[o + q] = wp[ws + q]!;
      wv[o + 2 * NB + q] = w[src + q]!;
    }
  }
  const b = conjugated(transposed(rowMajor(wv, k2)));
  for (let r0 = 0; r0 < m; r0 += ROW_BLOCK) {
    const rows = Math.min(ROW_BLOCK, m - r0);
    complexGemm(rows, r0 + rows, k2, MINUS_ONE, rowMajor(vw, k2, r0 * k2), b, ONE, rowMajor(w, n, (s + r0) * n + s));
  }
  for (let r = s; r < n; r++) w[2 * (r * n + r) + 1] = 0;
}
