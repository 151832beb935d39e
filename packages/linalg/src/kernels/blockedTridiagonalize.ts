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
 * [V W]·[W V]ᵀ, computed block row by block row for the lower triangle only (one
 * `kernels.gemmLowerBlocks` call, which the thread pool splits by whole row blocks). The other half of
 * the flops — the symmetric matrix–vector product with the trailing matrix that every column
 * needs — stays matrix–vector as in LAPACK; it is memory-bound, so it reads the lower triangle
 * only, two rows per pass.
 *
 * Tails below NX columns are finished by the unblocked reduction.
 */

import { kernels } from '@svd/tensor';
import { generateReflector } from './householderReflector.js';
import { reduceColumnsFrom } from './symmetricTridiagonalize.js';

const { gemmLowerBlocks, rowMajor, transposed } = kernels;

/** Panel width (dsytrd's NB; measured). */
const NB = 32;
/**
 * Below this trailing order the unblocked reduction finishes (dsytrd's NX). Measured (CPU ms,
 * unblocked / blocked): NX = 64 loses at n = 96 (0.91 / 1.36) and ties at 128; NX = 128 wins from
 * n = 192 (6.3 / 5.4) and at 256 (14.9 / 10.9); NX = 192 is slower at 256 (12.6).
 */
const NX = 128;
/** Rows per gemm of the lower-triangle trailing update. */
const ROW_BLOCK = 64;

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
 * y = B·v for the symmetric p×p block B = w[s.., s..] read from its lower triangle. Two rows at a
 * time: each pair of row segments is read once and serves both the dot products with v (for yᵢ,
 * yᵢ₊₁) and the transposed contributions to y[0..i) — half the memory traffic of a full-matrix
 * product, which is what bounds this loop. The summation order is fixed (same bits every run).
 */
function symmetricTimesVector(
  w: Float64Array,
  n: number,
  s: number,
  p: number,
  v: Float64Array,
  y: Float64Array,
): void {
  y.fill(0, 0, p);
  let i = 0;
  for (; i + 1 < p; i += 2) {
    const r0 = (s + i) * n + s;
    const r1 = r0 + n;
    const v0 = v[i]!;
    const v1 = v[i + 1]!;
    let a0 = 0;
    let a1 = 0;
    for (let j = 0; j < i; j++) {
      const b0 = w[r0 + j]!;
      const b1 = w[r1 + j]!;
      const vj = v[j]!;
      a0 += b0 * vj;
      a1 += b1 * vj;
      y[j] = y[j]! + (b0 * v0 + b1 * v1);
    }
    const b10 = w[r1 + i]!;
    y[i] = y[i]! + a0 + w[r0 + i]! * v0 + b10 * v1;
    y[i + 1] = y[i + 1]! + a1 + b10 * v0 + w[r1 + i + 1]! * v1;
  }
  if (i < p) {
    const row = (s + i) * n + s;
    const vi = v[i]!;
    let acc = 0;
    for (let j = 0; j < i; j++) {
      const b = w[row + j]!;
      acc += b * v[j]!;
      y[j] = y[j]! + b * vi;
    }
    y[i] = y[i]! + acc + w[row + i]! * vi;
  }
}

/**
 * A₂₂ −= V·Wᵀ + W·Vᵀ on the lower part of the trailing block after the panel at i0: one gemm
 * [V W]·[W V]ᵀ per block of ROW_BLOCK rows, over the columns up to the block's diagonal, all in
 * one `gemmLowerBlocks` call.
 */
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
  // One call for all the row blocks, so the pool splits it (by whole blocks: same bits).
  gemmLowerBlocks(
    m,
    m,
    k2,
    ROW_BLOCK,
    -1,
    rowMajor(vw, k2),
    transposed(rowMajor(wv, k2)),
    1,
    rowMajor(w, n, s * n + s),
  );
}
