/**
 * Blocked Householder reduction of a symmetric matrix to tridiagonal form, T = Qᵀ·A·Q (LAPACK
 * dsytrd with dlatrd panels, 'L'), with the same storage and output as symmetricTridiagonalize:
 * `w` row-major n×n of which only the lower triangle is read, d and e the tridiagonal, reflector k
 * below the sub-diagonal of column k with an implicit leading 1 at row k+1, τ in tau[k].
 *
 * Why blocked: the unblocked reduction applies each reflector to the trailing matrix as a
 * symmetric rank-2 update, a memory-bound sweep per column. Here the panel of NB columns is
 * reduced with its updates to the trailing matrix deferred: column j is brought up to date just
 * before it is used (A(:, j) −= V·W(j, :)ᵀ + W·V(j, :)ᵀ), and the trailing matrix receives all NB
 * updates at once, A₂₂ −= V·Wᵀ + W·Vᵀ, as ONE gemm with inner dimension 2·NB:
 * [V W]·[W V]ᵀ. Both triangles are kept (mirrored once at the start): the trailing update is
 * then one square gemm, and the other half of the flops — the symmetric matrix–vector product
 * with the trailing matrix that every column needs, which stays matrix–vector as in LAPACK — runs
 * as contiguous row dot products. The result is still a function of the lower triangle only.
 *
 * Tails below NX columns are finished by the unblocked reduction.
 */

import { kernels } from '@svd/tensor';
import { generateReflector } from './householderReflector.js';
import { reduceColumnsFrom } from './symmetricTridiagonalize.js';

const { gemm, rowMajor, transposed } = kernels;

/** Panel width (dsytrd's NB; measured). */
const NB = 32;
/** Below this trailing order the unblocked reduction finishes (dsytrd's NX). */
const NX = 64;

/**
 * Reduces the lower triangle of the row-major n×n `w` to tridiagonal form in place (dsytrd, 'L');
 * same contract as symmetricTridiagonalize, different rounding.
 *
 * @example
 * const n = 100;
 * const d = new Float64Array(n), e = new Float64Array(n - 1), tau = new Float64Array(n - 1);
 * kernels.blockedTridiagonalize(w, n, d, e, tau); // w: lower triangle of A, overwritten
 */
export function blockedTridiagonalize(
  w: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
): void {
  if (n === 0) return;
  let i0 = 0;
  if (n > NX) {
    // Mirror the lower triangle: with both triangles present the symmetric products below are
    // row dot products (no scattered stores), and the trailing update is a plain gemm.
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) w[j * n + i] = w[i * n + j]!;
    const wp = new Float64Array(n * NB); // W of the panel, row r at wp[r·NB]
    const v = new Float64Array(n);
    const tmp = new Float64Array(NB);
    const pack1 = new Float64Array(n * 2 * NB);
    const pack2 = new Float64Array(n * 2 * NB);
    for (; n - i0 > NX; i0 += NB) {
      reducePanel(w, n, i0, d, e, tau, wp, v, tmp);
      updateTrailing(w, n, i0, wp, pack1, pack2);
      for (let c = 0; c < NB; c++) {
        const j = i0 + c;
        w[(j + 1) * n + j] = e[j]!;
      }
    }
  }
  reduceColumnsFrom(w, n, i0, d, e, tau);
}

/**
 * dlatrd ('L') on columns i0..i0+NB: reduces them, leaving the reflectors in w (with explicit
 * unit entries at (j+1, j)), d and e, and the panel's W in wp (rows i0+1..n).
 */
function reducePanel(
  w: Float64Array,
  n: number,
  i0: number,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
  wp: Float64Array,
  v: Float64Array,
  tmp: Float64Array,
): void {
  for (let c = 0; c < NB; c++) {
    const j = i0 + c;
    // Bring column j (rows j..n) up to date with the panel's earlier reflectors:
    // A(r, j) −= V(r, :c)·W(j, :c) + W(r, :c)·V(j, :c).
    if (c > 0) {
      const wj = j * NB;
      const vj = j * n + i0;
      for (let r = j; r < n; r++) {
        const vr = r * n + i0;
        const wr = r * NB;
        let s = 0;
        for (let q = 0; q < c; q++) s += w[vr + q]! * wp[wj + q]! + wp[wr + q]! * w[vj + q]!;
        w[r * n + j] = w[r * n + j]! - s;
      }
    }
    d[j] = w[j * n + j]!;
    const p = n - j - 1; // order of the trailing block
    const t = generateReflector(w, (j + 1) * n + j, (j + 2) * n + j, n, p - 1);
    e[j] = w[(j + 1) * n + j]!;
    tau[j] = t;
    w[(j + 1) * n + j] = 1;
    for (let i = 0; i < p; i++) v[i] = w[(j + 1 + i) * n + j]!;

    // W(:, c) for rows j+1..n: τ·(A₂₂·v − V·(Wᵀv) − W·(Vᵀv)), A₂₂ the not yet updated trailing
    // block (lower triangle), then W −= ½τ(Wᵀv)·v.
    const col = new Float64Array(p);
    symmetricTimesVector(w, n, j + 1, p, v, col);
    if (c > 0) {
      // tmp = W(j+1:, :c)ᵀ·v; col −= V(j+1:, :c)·tmp
      tmp.fill(0, 0, c);
      for (let i = 0; i < p; i++) {
        const wr = (j + 1 + i) * NB;
        const vi = v[i]!;
        for (let q = 0; q < c; q++) tmp[q] = tmp[q]! + wp[wr + q]! * vi;
      }
      for (let i = 0; i < p; i++) {
        const vr = (j + 1 + i) * n + i0;
        let s = 0;
        for (let q = 0; q < c; q++) s += w[vr + q]! * tmp[q]!;
        col[i] = col[i]! - s;
      }
      // tmp = V(j+1:, :c)ᵀ·v; col −= W(j+1:, :c)·tmp
      tmp.fill(0, 0, c);
      for (let i = 0; i < p; i++) {
        const vr = (j + 1 + i) * n + i0;
        const vi = v[i]!;
        for (let q = 0; q < c; q++) tmp[q] = tmp[q]! + w[vr + q]! * vi;
      }
      for (let i = 0; i < p; i++) {
        const wr = (j + 1 + i) * NB;
        let s = 0;
        for (let q = 0; q < c; q++) s += wp[wr + q]! * tmp[q]!;
        col[i] = col[i]! - s;
      }
    }
    let yv = 0;
    for (let i = 0; i < p; i++) {
      col[i] = col[i]! * t;
      yv += col[i]! * v[i]!;
    }
    const alpha = -0.5 * t * yv;
    for (let i = 0; i < p; i++) wp[(j + 1 + i) * NB + c] = col[i]! + alpha * v[i]!;
    wp.fill(0, j * NB + c, j * NB + c + 1); // row j of W(:, c) is not part of it
  }
}

/**
 * y = B·v for the symmetric p×p block B = w[s.., s..], both triangles present: one dot product
 * per row, always summed as four interleaved partial sums (fixed order, so fixed bits).
 */
function symmetricTimesVector(
  w: Float64Array,
  n: number,
  s: number,
  p: number,
  v: Float64Array,
  y: Float64Array,
): void {
  const p4 = p - (p % 4);
  for (let i = 0; i < p; i++) {
    const row = (s + i) * n + s;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let j = 0;
    for (; j < p4; j += 4) {
      a0 += w[row + j]! * v[j]!;
      a1 += w[row + j + 1]! * v[j + 1]!;
      a2 += w[row + j + 2]! * v[j + 2]!;
      a3 += w[row + j + 3]! * v[j + 3]!;
    }
    for (; j < p; j++) a0 += w[row + j]! * v[j]!;
    y[i] = a0 + a1 + (a2 + a3);
  }
}

/** A₂₂ −= V·Wᵀ + W·Vᵀ on the whole trailing block after the panel at i0 (one gemm). */
function updateTrailing(
  w: Float64Array,
  n: number,
  i0: number,
  wp: Float64Array,
  vw: Float64Array,
  wv: Float64Array,
): void {
  const s = i0 + NB; // first row/column of A₂₂
  const m = n - s;
  if (m <= 0) return;
  const k2 = 2 * NB;
  // vw = [V W], wv = [W V] for rows s..n (V(s, NB−1) is the explicit unit entry).
  for (let r = 0; r < m; r++) {
    const src = (s + r) * n + i0;
    const ws = (s + r) * NB;
    const o = r * k2;
    for (let q = 0; q < NB; q++) {
      const vq = w[src + q]!;
      const wq = wp[ws + q]!;
      vw[o + q] = vq;
      vw[o + NB + q] = wq;
      wv[o + q] = wq;
      wv[o + NB + q] = vq;
    }
  }
  gemm(m, m, k2, -1, rowMajor(vw, k2), transposed(rowMajor(wv, k2)), 1, rowMajor(w, n, s * n + s));
}
