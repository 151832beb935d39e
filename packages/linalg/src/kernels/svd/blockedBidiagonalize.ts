/**
 * Blocked Householder bidiagonalisation of a tall row-major matrix, in place (LAPACK dgebrd with
 * dlabrd panels, m ≥ n): the same A = Q·B·Pᵀ and the same reflector storage as the unblocked
 * householderBidiagonalize.ts (dgebd2), which finishes the last columns.
 *
 * Why blocked: the unblocked reduction updates the whole trailing matrix with two rank-one
 * updates per column, i.e. all 8/3·n³ flops in matrix–vector sweeps. dlabrd reduces `nb` rows
 * and columns of a panel while only accumulating the update in two tall-skinny matrices X and Y,
 * and the trailing matrix then takes it as one GEMM, A ← A − [V X]·[Yᵀ; U] (k = 2·nb): half of
 * the flops move into the SIMD GEMM, and the two matrix–vector products that remain per column
 * (y = Aᵀv and x = A·u over the not yet updated trailing matrix) only read A.
 *
 * Layout (global indices; lda = n): panel p covers rows/columns p … p+nb−1. X is m×nb row-major
 * (X[r, q]), Y is kept transposed, nb×n (Yt[q, c]), so both enter the GEMM as row-major blocks.
 * As in dlabrd, the units of the reflectors are written into A while the panel is being reduced
 * (A[i, i] = A[i, i+1] = 1) and d, e are put back after the trailing update.
 */

import { kernels } from '@svd/tensor';
import { generateReflector } from '../householderReflector.js';
import { type Bidiagonal, householderBidiagonalize } from './householderBidiagonalize.js';

const { addTransposedProduct, gemm, gemvWorkspace, rowMajor, rowProducts } = kernels;

/** Panel width. dgebrd takes 32 from ILAENV; here 8–20 are within noise of each other and 32–48 are 10–30% slower (256² … 1024², see BENCHMARKS.md): the panel's own O(n·nb²) loops run in scalar JS. */
export const BIDIAGONAL_BLOCK = 16;

/** Below this many remaining columns the unblocked dgebd2 finishes (dgebrd's NX crossover). */
export const BIDIAGONAL_BLOCKED_FROM = 96;

/**
 * Reduces the tall (m ≥ n) row-major `a` (row length n) in place to upper bidiagonal form; same
 * contract as householderBidiagonalize, blocked for n ≥ BIDIAGONAL_BLOCKED_FROM.
 */
export function blockedBidiagonalize(a: Float64Array, m: number, n: number, nb = BIDIAGONAL_BLOCK): Bidiagonal {
  if (n < BIDIAGONAL_BLOCKED_FROM || nb < 2) return householderBidiagonalize(a, m, n);
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(n - 1, 0));
  const tauQ = new Float64Array(n);
  const tauP = new Float64Array(n);
  const ws = new PanelWorkspace(m, n, nb);
  const w = ws.w;
  w.set(a.subarray(0, m * n));
  let p = 0;
  for (; n - p >= BIDIAGONAL_BLOCKED_FROM; p += nb) {
    reducePanel(w, m, n, p, nb, d, e, tauQ, tauP, ws);
    trailingUpdate(w, m, n, p, nb, ws);
    for (let q = p; q < p + nb; q++) {
      w[q * n + q] = d[q]!;
      w[q * n + q + 1] = e[q]!;
    }
  }
  a.set(w.subarray(0, m * n));
  finishUnblocked(a, m, n, p, d, e, tauQ, tauP);
  return { d, e, tauQ, tauP };
}

/**
 * Scratch of one reduction, allocated once and reused by every panel. The matrix, X and the
 * vectors of the two matrix–vector products live in one gemv workspace (WebAssembly memory when
 * available), so those products run in the SIMD kernels without copies.
 */
class PanelWorkspace {
  /**
   * The workspace: A (m×n) at 0, X (m×nb) at xOff, then v (m), y (n), s, s2, s3 (m each), t1, t2,
   * t3, t4 (nb + 1 each) and Yᵀ (nb×n).
   */
  readonly w: Float64Array;
  readonly xOff: number;
  readonly vOff: number;
  readonly yOff: number;
  readonly sOff: number;
  readonly s2Off: number;
  readonly s3Off: number;
  readonly t1Off: number;
  readonly t2Off: number;
  readonly t3Off: number;
  readonly t4Off: number;
  readonly ytOff: number;
  /** Yᵀ (nb×n row-major): a view of the workspace. */
  readonly yt: Float64Array;
  /** [V X] and [Yᵀ; U] of the trailing update (k = 2·nb). */
  readonly left: Float64Array;
  readonly right: Float64Array;
  constructor(m: number, n: number, nb: number) {
    this.xOff = m * n;
    this.vOff = this.xOff + m * nb;
    this.yOff = this.vOff + m;
    this.sOff = this.yOff + n;
    this.s2Off = this.sOff + m;
    this.s3Off = this.s2Off + m;
    this.t1Off = this.s3Off + m;
    this.t2Off = this.t1Off + nb + 1;
    this.t3Off = this.t2Off + nb + 1;
    this.t4Off = this.t3Off + nb + 1;
    this.ytOff = this.t4Off + nb + 1;
    this.w = gemvWorkspace(this.ytOff + nb * n);
    this.yt = this.w.subarray(this.ytOff, this.ytOff + nb * n);
    this.left = new Float64Array(m * 2 * nb);
    this.right = new Float64Array(2 * nb * n);
  }
}

/** dlabrd (m ≥ n branch) on the panel at (p, p) of the workspace: reduces nb rows and columns, fills X and Yᵀ. */
function reducePanel(
  w: Float64Array,
  m: number,
  n: number,
  p: number,
  nb: number,
  d: Float64Array,
  e: Float64Array,
  tauQ: Float64Array,
  tauP: Float64Array,
  ws: PanelWorkspace,
): void {
  const { yt, xOff, vOff, yOff, sOff, s2Off, s3Off, t1Off, t2Off, t3Off, t4Off, ytOff } = ws;
  // Every product below is one of the f64x2 gemv kernels on the workspace (y += Aᵀ·v as
  // addTransposedProduct, subtractions through negated vectors; x = A·u as rowProducts).
  for (let j = 0; j < nb; j++) {
    const i = p + j;
    // A[i:m, i] −= A[i:m, p:i]·Y[i, p:i]ᵀ + X[i:m, 0:j]·A[p:i, i]
    if (j > 0) {
      for (let q = 0; q < j; q++) {
        w[t1Off + q] = yt[q * n + i]!;
        w[t2Off + q] = w[(p + q) * n + i]!;
      }
      rowProducts(w, i * n + p, n, m - i, j, t1Off, sOff);
      rowProducts(w, xOff + i * nb, nb, m - i, j, t2Off, s2Off);
      for (let r = i; r < m; r++) w[r * n + i] = w[r * n + i]! - (w[sOff + r - i]! + w[s2Off + r - i]!);
    }
    const diag = i * n + i;
    const tq = generateReflector(w, diag, diag + n, n, m - i - 1);
    tauQ[i] = tq;
    d[i] = w[diag]!;
    w[diag] = 1;

    // Y[i+1:n, j] = τ_Q·(A[i:m, i+1:n]ᵀ·v − Y[i+1:n, 0:j]·(A[i:m, p:i]ᵀ·v) − A[p:i, i+1:n]ᵀ·(X[i:m, 0:j]ᵀ·v))
    const rows = m - i;
    for (let r = 0; r < rows; r++) w[vOff + r] = w[(i + r) * n + i]!;
    const c0 = i + 1;
    const cols = n - c0;
    w.fill(0, yOff + c0, yOff + n);
    w.fill(0, t1Off, t1Off + j);
    w.fill(0, t2Off, t2Off + j);
    addTransposedProduct(w, i * n + c0, n, rows, cols, vOff, yOff + c0);
    addTransposedProduct(w, i * n + p, n, rows, j, vOff, t1Off);
    addTransposedProduct(w, xOff + i * nb, nb, rows, j, vOff, t2Off);
    for (let q = 0; q < j; q++) {
      w[t3Off + q] = -w[t1Off + q]!;
      w[t4Off + q] = -w[t2Off + q]!;
    }
    addTransposedProduct(w, ytOff + c0, n, j, cols, t3Off, yOff + c0);
    addTransposedProduct(w, p * n + c0, n, j, cols, t4Off, yOff + c0);
    const ytRow = j * n;
    for (let c = c0; c < n; c++) yt[ytRow + c] = tq * w[yOff + c]!;

    // A[i, i+1:n] −= Y[i+1:n, 0:j+1]·A[i, p:i+1]ᵀ + A[p:i, i+1:n]ᵀ·X[i, 0:j]ᵀ
    const top = i * n;
    for (let q = 0; q <= j; q++) w[t3Off + q] = -w[top + p + q]!;
    for (let q = 0; q < j; q++) w[t4Off + q] = -w[xOff + i * nb + q]!;
    addTransposedProduct(w, ytOff + c0, n, j + 1, cols, t3Off, top + c0);
    addTransposedProduct(w, p * n + c0, n, j, cols, t4Off, top + c0);

    const tp = generateReflector(w, top + c0, top + c0 + 1, 1, n - c0 - 1);
    tauP[i] = tp;
    e[i] = w[top + c0]!;
    w[top + c0] = 1;

    // X[i+1:m, j] = τ_P·(A[i+1:m, i+1:n]·u − A[i+1:m, p:i+1]·(Y[i+1:n, 0:j+1]ᵀ·u) − X[i+1:m, 0:j]·(A[p:i, i+1:n]·u))
    rowProducts(w, ytOff + c0, n, j + 1, cols, top + c0, t1Off);
    rowProducts(w, p * n + c0, n, j, cols, top + c0, t2Off);
    rowProducts(w, c0 * n + c0, n, m - c0, cols, top + c0, sOff);
    rowProducts(w, c0 * n + p, n, m - c0, j + 1, t1Off, s2Off);
    rowProducts(w, xOff + c0 * nb, nb, m - c0, j, t2Off, s3Off);
    for (let r = 0; r < m - c0; r++) {
      const s3 = j > 0 ? w[s3Off + r]! : 0;
      w[xOff + (c0 + r) * nb + j] = tp * (w[sOff + r]! - w[s2Off + r]! - s3);
    }
  }
}

/**
 * A[p+nb:m, p+nb:n] −= V·Yᵀ + X·U as one GEMM with k = 2·nb on [V X] and [Yᵀ; U] (V the
 * column reflectors of the panel below it, U its row reflectors right of it, units included),
 * so the trailing block is staged through the GEMM once per panel instead of twice.
 */
function trailingUpdate(a: Float64Array, m: number, n: number, p: number, nb: number, ws: PanelWorkspace): void {
  const r0 = p + nb;
  const rows = m - r0;
  const cols = n - r0;
  if (rows <= 0 || cols <= 0) return;
  const k2 = 2 * nb;
  const { left, right, xOff, yt } = ws;
  for (let r = 0; r < rows; r++) {
    const src = (r0 + r) * n + p;
    const dst = r * k2;
    for (let q = 0; q < nb; q++) left[dst + q] = a[src + q]!;
    const xs = xOff + (r0 + r) * nb;
    for (let q = 0; q < nb; q++) left[dst + nb + q] = a[xs + q]!;
  }
  for (let q = 0; q < nb; q++) {
    right.set(yt.subarray(q * n + r0, q * n + n), q * cols);
    right.set(a.subarray((p + q) * n + r0, (p + q) * n + n), (nb + q) * cols);
  }
  gemm(rows, cols, k2, -1, rowMajor(left, k2), rowMajor(right, cols), 1, rowMajor(a, n, r0 * n + r0));
}

/** dgebd2 on the trailing (m−p)×(n−p) block, copied out and back (it is at most a few panels wide). */
function finishUnblocked(
  a: Float64Array,
  m: number,
  n: number,
  p: number,
  d: Float64Array,
  e: Float64Array,
  tauQ: Float64Array,
  tauP: Float64Array,
): void {
  const rows = m - p;
  const cols = n - p;
  if (cols <= 0) return;
  const sub = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) sub.set(a.subarray((p + r) * n + p, (p + r) * n + n), r * cols);
  const bd = householderBidiagonalize(sub, rows, cols);
  for (let r = 0; r < rows; r++) a.set(sub.subarray(r * cols, r * cols + cols), (p + r) * n + p);
  d.set(bd.d, p);
  e.set(bd.e, p);
  tauQ.set(bd.tauQ, p);
  tauP.set(bd.tauP, p);
}
