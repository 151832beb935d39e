/**
 * Blocked complex bidiagonalisation to a REAL bidiagonal (LAPACK zgebrd with zlabrd panels,
 * m ≥ n), in place, with exactly the conventions of the unblocked complexBidiagonalize.ts (which
 * finishes the last columns): A = Q·B·Pᴴ, Hᵢ = I − τQᵢ·vᵢ·vᵢᴴ applied as Hᵢᴴ from the left,
 * Gᵢ = I − τPᵢ·uᵢ·uᵢᴴ from the right, v below the diagonal, u right of the superdiagonal (as is).
 *
 * Same design as the real svd/blockedBidiagonalize.ts: after j steps of a panel the matrix is
 * A₀ − V·Yᴴ − X·Uᴴ with the updates kept in X (m×nb) and Yᴴ (nb×n, stored as Yh[q, c] =
 * conj(y_q[c])), and the trailing block takes them as one complex GEMM [V X]·[Yh; conj(U)ᵀ].
 * The two products over the not yet updated trailing matrix, y = A₀ᴴ·v and s = A₀·u, run as real
 * f64x2 products on the interleaved rows (kernels.addTransposedProduct / rowProducts) in a gemv
 * workspace: conj(A)ᵀ·v = Σ_r Re(v_r)·row_r and Σ_r Im(v_r)·row_r recombined, A·u as two real
 * dot products per row.
 *
 * Derivation (our conventions): left step j, A ← A − conj(τ)·v·(vᴴA) = A − v·y_jᴴ with
 * y_j = τ·Aᴴv = τ·(A₀ᴴv − Y·(Vᴴv) − U·(Xᴴv)); right step, A ← A − τP·(A·u)·uᴴ = A − x_j·uᴴ with
 * x_j = τP·(A₀u − V·(Yᴴu) − X·(Uᴴu)).
 */

import { kernels } from '@svd/tensor';
import { type ComplexBidiagonal, complexBidiagonalize } from './complexBidiagonalize.js';
import { generateComplexReflector } from './complexHouseholderReflector.js';

const { addTransposedProduct, complexGemm, gemvWorkspace, rowMajor, rowProducts } = kernels;

/** Panel width (zgebrd takes 32; 8–16 measured fastest here, 32 is 20–35% slower at 256²–512²). */
export const COMPLEX_BIDIAGONAL_BLOCK = 16;

/** Below this many remaining columns the unblocked reduction finishes. */
export const COMPLEX_BIDIAGONAL_BLOCKED_FROM = 96;

/**
 * Reduces the tall (m ≥ n) interleaved complex `a` (row length n) in place to a real upper
 * bidiagonal; same contract and storage as complexBidiagonalize, blocked for
 * n ≥ COMPLEX_BIDIAGONAL_BLOCKED_FROM.
 */
export function complexBlockedBidiagonalize(
  a: Float64Array,
  m: number,
  n: number,
  nb = COMPLEX_BIDIAGONAL_BLOCK,
): ComplexBidiagonal {
  if (n < COMPLEX_BIDIAGONAL_BLOCKED_FROM || nb < 2) return complexBidiagonalize(a, m, n);
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(n - 1, 0));
  const tauQ = new Float64Array(2 * n);
  const tauP = new Float64Array(2 * n);
  const ws = new Workspace(m, n, nb);
  const w = ws.w;
  w.set(a.subarray(0, 2 * m * n));
  let p = 0;
  for (; n - p >= COMPLEX_BIDIAGONAL_BLOCKED_FROM; p += nb) {
    reducePanel(w, m, n, p, nb, d, e, tauQ, tauP, ws);
    trailingUpdate(w, m, n, p, nb, ws);
    for (let q = p; q < p + nb; q++) {
      w[2 * (q * n + q)] = d[q]!;
      w[2 * (q * n + q) + 1] = 0;
      w[2 * (q * n + q + 1)] = e[q]!;
      w[2 * (q * n + q + 1) + 1] = 0;
    }
  }
  a.set(w.subarray(0, 2 * m * n));
  const rows = m - p;
  const cols = n - p;
  const sub = new Float64Array(2 * rows * cols);
  for (let r = 0; r < rows; r++) sub.set(a.subarray(2 * ((p + r) * n + p), 2 * (p + r + 1) * n), 2 * r * cols);
  const bd = complexBidiagonalize(sub, rows, cols);
  for (let r = 0; r < rows; r++) a.set(sub.subarray(2 * r * cols, 2 * (r + 1) * cols), 2 * ((p + r) * n + p));
  d.set(bd.d, p);
  e.set(bd.e, p);
  tauQ.set(bd.tauQ, 2 * p);
  tauP.set(bd.tauP, 2 * p);
  return { d, e, tauQ, tauP };
}

/** Scratch of one reduction; offsets into the gemv workspace count reals. */
class Workspace {
  readonly w: Float64Array;
  /** X (m×nb complex) */
  readonly xOff: number;
  /** Re v, Im v (m each), P and Q (2n each), the two real forms of u (2n each), Re s, Im s (m each). */
  readonly vrOff: number;
  readonly viOff: number;
  readonly pOff: number;
  readonly qOff: number;
  readonly uaOff: number;
  readonly ubOff: number;
  readonly srOff: number;
  readonly siOff: number;
  /** Yh (nb×n complex), conj(y_q[c]) at row q. */
  readonly yh: Float64Array;
  readonly v: Float64Array;
  readonly u: Float64Array;
  readonly t1: Float64Array;
  readonly t2: Float64Array;
  readonly left: Float64Array;
  readonly right: Float64Array;
  constructor(m: number, n: number, nb: number) {
    this.xOff = 2 * m * n;
    this.vrOff = this.xOff + 2 * m * nb;
    this.viOff = this.vrOff + m;
    this.pOff = this.viOff + m;
    this.qOff = this.pOff + 2 * n;
    this.uaOff = this.qOff + 2 * n;
    this.ubOff = this.uaOff + 2 * n;
    this.srOff = this.ubOff + 2 * n;
    this.siOff = this.srOff + m;
    this.w = gemvWorkspace(this.siOff + m);
    this.yh = new Float64Array(2 * nb * n);
    this.v = new Float64Array(2 * m);
    this.u = new Float64Array(2 * n);
    this.t1 = new Float64Array(2 * nb);
    this.t2 = new Float64Array(2 * nb);
    this.left = new Float64Array(2 * m * 2 * nb);
    this.right = new Float64Array(2 * 2 * nb * n);
  }
}

/** zlabrd on the panel at (p, p): reduces nb rows and columns, fills X and Yh. */
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
  ws: Workspace,
): void {
  const { yh, v, u, t1, t2, xOff, vrOff, viOff, pOff, qOff, uaOff, ubOff, srOff, siOff } = ws;
  const X = (r: number, q: number): number => xOff + 2 * (r * nb + q);
  for (let j = 0; j < nb; j++) {
    const i = p + j;
    const c0 = i + 1;
    // A[r, i] −= Σ_q A[r, p+q]·Yh[q, i] + Σ_q X[r, q]·conj(A[p+q, i]), r ≥ i
    if (j > 0) {
      for (let q = 0; q < j; q++) {
        t1[2 * q] = yh[2 * (q * n + i)]!;
        t1[2 * q + 1] = yh[2 * (q * n + i) + 1]!;
        t2[2 * q] = w[2 * ((p + q) * n + i)]!;
        t2[2 * q + 1] = -w[2 * ((p + q) * n + i) + 1]!;
      }
      for (let r = i; r < m; r++) {
        let sr = 0;
        let si = 0;
        const ar = 2 * (r * n + p);
        for (let q = 0; q < j; q++) {
          const xr = w[ar + 2 * q]!;
          const xi = w[ar + 2 * q + 1]!;
          sr += xr * t1[2 * q]! - xi * t1[2 * q + 1]!;
          si += xr * t1[2 * q + 1]! + xi * t1[2 * q]!;
        }
        const xx = X(r, 0);
        for (let q = 0; q < j; q++) {
          const xr = w[xx + 2 * q]!;
          const xi = w[xx + 2 * q + 1]!;
          sr += xr * t2[2 * q]! - xi * t2[2 * q + 1]!;
          si += xr * t2[2 * q + 1]! + xi * t2[2 * q]!;
        }
        const o = 2 * (r * n + i);
        w[o] = w[o]! - sr;
        w[o + 1] = w[o + 1]! - si;
      }
    }
    // Left reflector from column i (as complexBidiagonalize: gathered, generated, stored back).
    const len = m - i;
    for (let r = 0; r < len; r++) {
      v[2 * r] = w[2 * ((i + r) * n + i)]!;
      v[2 * r + 1] = w[2 * ((i + r) * n + i) + 1]!;
    }
    generateComplexReflector(v, 0, len - 1, tauQ, i);
    d[i] = v[0]!;
    v[0] = 1;
    v[1] = 0;
    for (let r = 0; r < len; r++) {
      w[2 * ((i + r) * n + i)] = v[2 * r]!;
      w[2 * ((i + r) * n + i) + 1] = v[2 * r + 1]!;
      w[vrOff + r] = v[2 * r]!;
      w[viOff + r] = v[2 * r + 1]!;
    }
    const tqr = tauQ[2 * i]!;
    const tqi = tauQ[2 * i + 1]!;

    // y = τ·(A₀ᴴv − Y·t1 − U·t2), t1 = Vᴴv, t2 = Xᴴv; Yh[j, c] = conj(y[c]) for c > i
    const cols = n - c0;
    w.fill(0, pOff, pOff + 2 * cols);
    w.fill(0, qOff, qOff + 2 * cols);
    addTransposedProduct(w, 2 * (i * n + c0), 2 * n, len, 2 * cols, vrOff, pOff);
    addTransposedProduct(w, 2 * (i * n + c0), 2 * n, len, 2 * cols, viOff, qOff);
    t1.fill(0, 0, 2 * j);
    t2.fill(0, 0, 2 * j);
    for (let r = i; r < m; r++) {
      const vr = v[2 * (r - i)]!;
      const vi = v[2 * (r - i) + 1]!;
      const ar = 2 * (r * n + p);
      const xx = X(r, 0);
      for (let q = 0; q < j; q++) {
        // conj(A[r, p+q])·v_r and conj(X[r, q])·v_r
        const a0 = w[ar + 2 * q]!;
        const a1 = -w[ar + 2 * q + 1]!;
        t1[2 * q] = t1[2 * q]! + a0 * vr - a1 * vi;
        t1[2 * q + 1] = t1[2 * q + 1]! + a0 * vi + a1 * vr;
        const b0 = w[xx + 2 * q]!;
        const b1 = -w[xx + 2 * q + 1]!;
        t2[2 * q] = t2[2 * q]! + b0 * vr - b1 * vi;
        t2[2 * q + 1] = t2[2 * q + 1]! + b0 * vi + b1 * vr;
      }
    }
    const yRow = 2 * j * n;
    for (let k = 0; k < cols; k++) {
      const c = c0 + k;
      // conj(A)ᵀv from the two real combinations P = Σ Re(v)·row, Q = Σ Im(v)·row
      let yr = w[pOff + 2 * k]! + w[qOff + 2 * k + 1]!;
      let yi = w[qOff + 2 * k]! - w[pOff + 2 * k + 1]!;
      for (let q = 0; q < j; q++) {
        // Y[c, q] = conj(Yh[q, c]); U[c, q] = A[p+q, c]
        const hr = yh[2 * (q * n + c)]!;
        const hi = -yh[2 * (q * n + c) + 1]!;
        yr -= hr * t1[2 * q]! - hi * t1[2 * q + 1]!;
        yi -= hr * t1[2 * q + 1]! + hi * t1[2 * q]!;
        const ur = w[2 * ((p + q) * n + c)]!;
        const ui = w[2 * ((p + q) * n + c) + 1]!;
        yr -= ur * t2[2 * q]! - ui * t2[2 * q + 1]!;
        yi -= ur * t2[2 * q + 1]! + ui * t2[2 * q]!;
      }
      const sr = tqr * yr - tqi * yi;
      const si = tqr * yi + tqi * yr;
      yh[yRow + 2 * c] = sr;
      yh[yRow + 2 * c + 1] = -si;
    }

    // Row i: A[i, c] −= Σ_{q≤j} A[i, p+q]·Yh[q, c] + Σ_{q<j} X[i, q]·conj(A[p+q, c])
    const top = 2 * i * n;
    for (let q = 0; q <= j; q++) {
      const fr = q === j ? 1 : w[top + 2 * (p + q)]!;
      const fi = q === j ? 0 : w[top + 2 * (p + q) + 1]!;
      const gr = q < j ? w[X(i, q)]! : 0;
      const gi = q < j ? w[X(i, q) + 1]! : 0;
      const yq = 2 * q * n;
      const aq = 2 * (p + q) * n;
      for (let c = c0; c < n; c++) {
        const hr = yh[yq + 2 * c]!;
        const hi = yh[yq + 2 * c + 1]!;
        let sr = fr * hr - fi * hi;
        let si = fr * hi + fi * hr;
        if (q < j) {
          const ar = w[aq + 2 * c]!;
          const ai = -w[aq + 2 * c + 1]!;
          sr += gr * ar - gi * ai;
          si += gr * ai + gi * ar;
        }
        w[top + 2 * c] = w[top + 2 * c]! - sr;
        w[top + 2 * c + 1] = w[top + 2 * c + 1]! - si;
      }
    }

    // Right reflector from conj(row i) (as complexBidiagonalize), u stored as is.
    for (let k = 0; k < cols; k++) {
      u[2 * k] = w[top + 2 * (c0 + k)]!;
      u[2 * k + 1] = -w[top + 2 * (c0 + k) + 1]!;
    }
    generateComplexReflector(u, 0, cols - 1, tauP, i);
    e[i] = u[0]!;
    u[0] = 1;
    u[1] = 0;
    for (let k = 0; k < cols; k++) {
      const ur = u[2 * k]!;
      const ui = u[2 * k + 1]!;
      w[top + 2 * (c0 + k)] = ur;
      w[top + 2 * (c0 + k) + 1] = ui;
      // real forms: Re(row·u) = row·[ur, −ui], Im(row·u) = row·[ui, ur]
      w[uaOff + 2 * k] = ur;
      w[uaOff + 2 * k + 1] = -ui;
      w[ubOff + 2 * k] = ui;
      w[ubOff + 2 * k + 1] = ur;
    }
    const tpr = tauP[2 * i]!;
    const tpi = tauP[2 * i + 1]!;

    // x = τP·(A₀u − V·t1 − X·t2) for rows r > i, t1 = Yᴴu (q ≤ j), t2 = Uᴴu (q < j)
    for (let q = 0; q <= j; q++) {
      let sr = 0;
      let si = 0;
      const yq = 2 * q * n;
      const aq = 2 * (p + q) * n;
      for (let k = 0; k < cols; k++) {
        const c = c0 + k;
        const ur = u[2 * k]!;
        const ui = u[2 * k + 1]!;
        const hr = yh[yq + 2 * c]!;
        const hi = yh[yq + 2 * c + 1]!;
        sr += hr * ur - hi * ui;
        si += hr * ui + hi * ur;
      }
      t1[2 * q] = sr;
      t1[2 * q + 1] = si;
      if (q === j) break;
      sr = 0;
      si = 0;
      for (let k = 0; k < cols; k++) {
        const c = c0 + k;
        const ur = u[2 * k]!;
        const ui = u[2 * k + 1]!;
        const ar = w[aq + 2 * c]!;
        const ai = -w[aq + 2 * c + 1]!;
        sr += ar * ur - ai * ui;
        si += ar * ui + ai * ur;
      }
      t2[2 * q] = sr;
      t2[2 * q + 1] = si;
    }
    const below = m - c0;
    rowProducts(w, 2 * (c0 * n + c0), 2 * n, below, 2 * cols, uaOff, srOff);
    rowProducts(w, 2 * (c0 * n + c0), 2 * n, below, 2 * cols, ubOff, siOff);
    for (let r = c0; r < m; r++) {
      let sr = w[srOff + r - c0]!;
      let si = w[siOff + r - c0]!;
      const ar = 2 * (r * n + p);
      for (let q = 0; q <= j; q++) {
        const x0 = w[ar + 2 * q]!;
        const x1 = w[ar + 2 * q + 1]!;
        sr -= x0 * t1[2 * q]! - x1 * t1[2 * q + 1]!;
        si -= x0 * t1[2 * q + 1]! + x1 * t1[2 * q]!;
      }
      const xx = X(r, 0);
      for (let q = 0; q < j; q++) {
        const x0 = w[xx + 2 * q]!;
        const x1 = w[xx + 2 * q + 1]!;
        sr -= x0 * t2[2 * q]! - x1 * t2[2 * q + 1]!;
        si -= x0 * t2[2 * q + 1]! + x1 * t2[2 * q]!;
      }
      w[xx + 2 * j] = tpr * sr - tpi * si;
      w[xx + 2 * j + 1] = tpr * si + tpi * sr;
    }
  }
}

/**
 * A[p+nb:m, p+nb:n] −= V·Yᴴ + X·Uᴴ as one complex GEMM with k = 2·nb on [V X] and
 * [Yh; conj(U)ᵀ] (units of the panel's reflectors included).
 */
function trailingUpdate(w: Float64Array, m: number, n: number, p: number, nb: number, ws: Workspace): void {
  const r0 = p + nb;
  const rows = m - r0;
  const cols = n - r0;
  if (rows <= 0 || cols <= 0) return;
  const k2 = 2 * nb;
  const { left, right, xOff, yh } = ws;
  for (let r = 0; r < rows; r++) {
    left.set(w.subarray(2 * ((r0 + r) * n + p), 2 * ((r0 + r) * n + p + nb)), 2 * r * k2);
    left.set(w.subarray(xOff + 2 * (r0 + r) * nb, xOff + 2 * (r0 + r + 1) * nb), 2 * (r * k2 + nb));
  }
  for (let q = 0; q < nb; q++) {
    right.set(yh.subarray(2 * (q * n + r0), 2 * (q + 1) * n), 2 * q * cols);
    const src = 2 * ((p + q) * n + r0);
    const dst = 2 * (nb + q) * cols;
    for (let k = 0; k < cols; k++) {
      right[dst + 2 * k] = w[src + 2 * k]!;
      right[dst + 2 * k + 1] = -w[src + 2 * k + 1]!;
    }
  }
  complexGemm(rows, cols, k2, [-1, 0], rowMajor(left, k2), rowMajor(right, cols), [1, 0], rowMajor(w, n, r0 * n + r0));
}
