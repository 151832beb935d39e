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
 * needs — stays matrix–vector as in LAPACK, but as a full (both triangles) product in the f64x2
 * gemv kernels on a workspace copy of the matrix (see PanelScratch): a full product splits by
 * output rows over the thread pool with each row summed by one thread, where the symmetric
 * product's transposed contributions would have to be summed across threads. Keeping the upper
 * triangle costs one transposition of the trailing block's lower triangle per panel.
 *
 * Tails below NX columns are finished by the unblocked reduction.
 */

import { kernels } from '@svd/tensor';
import { generateReflector } from './householderReflector.js';
import { mirrorLower } from './mirrorLower.js';
import { reduceColumnsFrom } from './symmetricTridiagonalize.js';

const { addTransposedProduct, gemmLowerBlocks, gemvWorkspace, rowMajor, rowProducts, transposed } = kernels;

/** Panel width (dsytrd's NB; measured). */
const NB = 32;
/**
 * Below this trailing order the unblocked reduction finishes (dsytrd's NX). Measured with the
 * f64x2 gemv panels (Node 20, one thread, CPU ms, NX = 128 / NX = 48 or 32): n = 96: 0.63 /
 * 0.34, n = 128: 1.46 / 0.66, n = 160: 1.89 / 1.00, n = 256: 3.70 / 2.75, n = 512: 19.0 / 18.2;
 * n = 64 about even (0.19 / 0.14–0.21), n = 48 blocked no faster. (Before those panels NX = 128
 * won: the unblocked reduction's symmetric rank-2 sweeps now lose from n ≈ 64 on.)
 */
const NX = 48;
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
    // The matrix, v and A₂₂·v live in one gemv workspace (see PanelScratch).
    const ws = new PanelScratch(n);
    const a = ws.a;
    a.set(w.subarray(0, n * n));
    mirrorLower(a, n, 0);
    for (; n - i0 > NX; i0 += NB) {
      reducePanel(a, n, i0, d, e, tau, ws);
      updateTrailing(a, n, i0, ws.wp, ws.pack1, ws.pack2);
      mirrorLower(a, n, i0 + NB);
      for (let c = 0; c < NB; c++) {
        const j = i0 + c;
        a[(j + 1) * n + j] = e[j]!;
      }
    }
    w.set(a.subarray(0, n * n));
  }
  reduceColumnsFrom(w, n, i0, d, e, tau);
}

/**
 * Scratch of one blocked reduction. The product with the trailing block, A₂₂·v, is a full
 * matrix–vector product (`kernels.rowProducts`, f64x2 kernels on the gemv workspace, split by rows
 * over the thread pool for large blocks — every row's dot product summed by one thread in a fixed
 * order, so the same bits for every thread count). For that the workspace holds the whole
 * symmetric trailing block: the upper triangle is refreshed from the lower one after every
 * trailing update (`mirrorLower`), and the panel only reads columns of A₂₂ it has not changed yet.
 */
class PanelScratch {
  /**
   * The workspace: A (n×n) at 0, v at vOff, A₂₂·v at yOff, the panel's W (n×NB, row r at
   * wOff + r·NB) at wOff, two product vectors at s1Off and s2Off, and Wᵀv or Vᵀv at tOff.
   */
  readonly a: Float64Array;
  readonly vOff: number;
  readonly yOff: number;
  readonly wOff: number;
  readonly s1Off: number;
  readonly s2Off: number;
  readonly tOff: number;
  /** W of the panel: a view of the workspace (row r at wp[r·NB]). */
  readonly wp: Float64Array;
  readonly pack1: Float64Array;
  readonly pack2: Float64Array;
  constructor(n: number) {
    this.vOff = n * n;
    this.yOff = this.vOff + n;
    this.wOff = this.yOff + n;
    this.s1Off = this.wOff + n * NB;
    this.s2Off = this.s1Off + n;
    this.tOff = this.s2Off + n;
    this.a = gemvWorkspace(this.tOff + NB);
    this.wp = this.a.subarray(this.wOff, this.wOff + n * NB);
    this.pack1 = new Float64Array(n * 2 * NB);
    this.pack2 = new Float64Array(n * 2 * NB);
  }
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
  ws: PanelScratch,
): void {
  const { wp, vOff, yOff, wOff, s1Off, s2Off, tOff } = ws;
  for (let c = 0; c < NB; c++) {
    const j = i0 + c;
    // Bring column j (rows j..n) up to date with the panel's earlier reflectors:
    // A(r, j) −= V(r, :c)·W(j, :c) + W(r, :c)·V(j, :c) (f64x2 row products on the workspace).
    if (c > 0) {
      rowProducts(w, j * n + i0, n, n - j, c, wOff + j * NB, s1Off);
      rowProducts(w, wOff + j * NB, NB, n - j, c, j * n + i0, s2Off);
      for (let r = j; r < n; r++) w[r * n + j] = w[r * n + j]! - (w[s1Off + r - j]! + w[s2Off + r - j]!);
    }
    d[j] = w[j * n + j]!;
    const p = n - j - 1; // order of the trailing block
    const t = generateReflector(w, (j + 1) * n + j, (j + 2) * n + j, n, p - 1);
    e[j] = w[(j + 1) * n + j]!;
    tau[j] = t;
    w[(j + 1) * n + j] = 1;
    for (let i = 0; i < p; i++) w[vOff + i] = w[(j + 1 + i) * n + j]!;

    // W(:, c) for rows j+1..n: τ·(A₂₂·v − V·(Wᵀv) − W·(Vᵀv)), A₂₂ the not yet updated trailing
    // block (both triangles: its columns j+1.. are untouched by this panel so far), then
    // W −= ½τ(Wᵀv)·v.
    rowProducts(w, (j + 1) * n + j + 1, n, p, p, vOff, yOff);
    const v = w.subarray(vOff, vOff + p);
    const col = w.subarray(yOff, yOff + p);
    if (c > 0) {
      const vRows = (j + 1) * n + i0; // V(j+1:, :c)
      const wRows = wOff + (j + 1) * NB; // W(j+1:, :c)
      // col −= V·(Wᵀv) + W·(Vᵀv)
      w.fill(0, tOff, tOff + c);
      addTransposedProduct(w, wRows, NB, p, c, vOff, tOff);
      rowProducts(w, vRows, n, p, c, tOff, s1Off);
      w.fill(0, tOff, tOff + c);
      addTransposedProduct(w, vRows, n, p, c, vOff, tOff);
      rowProducts(w, wRows, NB, p, c, tOff, s2Off);
      for (let i = 0; i < p; i++) col[i] = col[i]! - w[s1Off + i]! - w[s2Off + i]!;
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
