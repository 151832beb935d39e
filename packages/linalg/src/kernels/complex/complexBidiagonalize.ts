import {
  applyComplexReflectorLeft,
  applyComplexReflectorRight,
  generateComplexReflector,
} from './complexHouseholderReflector.js';

/*
 * Householder reduction of a tall (m ≥ n) row-major interleaved complex matrix to a REAL upper
 * bidiagonal, in place (LAPACK zgebd2): A = Q·B·Pᴴ, Q = H₀⋯H_{n−1}, P = G₀⋯G_{n−2}, with
 * H_i = I − τQ_i·v_i·v_iᴴ applied as H_iᴴ from the left and G_i = I − τP_i·u_i·u_iᴴ applied
 * from the right. zlarfg returns a real β each time, so d and e are real (possibly negative)
 * and the real bidiagonal QR (dbdsqr) finishes the SVD.
 *
 * Storage: v_i below the diagonal of column i, u_i right of the superdiagonal of row i (both
 * with an implicit unit leading entry). Unlike zgebd2 (which stores conj(u_i)) u_i is stored
 * as is.
 */
/** What complexBidiagonalize returns: the real upper bidiagonal B (d, e) and the reflectors' τ. */
export interface ComplexBidiagonal {
  /** diag(B): real, n entries. */
  d: Float64Array;
  /** The superdiagonal of B: real, n − 1 entries. */
  e: Float64Array;
  /** Interleaved τ_Q, n entries. */
  tauQ: Float64Array;
  /** Interleaved τ_P, n entries (the last ones 0). */
  tauP: Float64Array;
}

/**
 * Reduces the tall (m ≥ n) interleaved complex `a` in place to a REAL upper bidiagonal
 * (d, e) with A = Q·B·Pᴴ (zgebd2); the reflectors stay in `a`, their τ in tauQ / tauP.
 * Real β from zlarfg is what lets the real bidiagonal QR finish the complex SVD.
 *
 * @example
 * const a = Float64Array.of(1, 1, 0, 2, 3, 0, 1, -1); // [[1+i, 2i], [3, 1-i]], overwritten
 * const { d, e, tauQ, tauP } = kernels.complexBidiagonalize(a, 2, 2);
 * kernels.bidiagonalSvdValues(d, e); // the singular values of A: [3.765…, 1.679…]
 */
export function complexBidiagonalize(a: Float64Array, m: number, n: number): ComplexBidiagonal {
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(n - 1, 0));
  const tauQ = new Float64Array(2 * n);
  const tauP = new Float64Array(2 * n);
  const v = new Float64Array(2 * m);
  const u = new Float64Array(2 * n);
  const work = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const len = m - i;
    for (let r = 0; r < len; r++) {
      const p = 2 * ((i + r) * n + i);
      v[2 * r] = a[p]!;
      v[2 * r + 1] = a[p + 1]!;
    }
    generateComplexReflector(v, 0, len - 1, tauQ, i);
    d[i] = v[0]!;
    a[2 * (i * n + i)] = v[0]!;
    a[2 * (i * n + i) + 1] = 0;
    for (let r = 1; r < len; r++) {
      const p = 2 * ((i + r) * n + i);
      a[p] = v[2 * r]!;
      a[p + 1] = v[2 * r + 1]!;
    }
    if (i === n - 1) break;
    v[0] = 1;
    v[1] = 0;
    applyComplexReflectorLeft(a, n, i, len, i + 1, n - i - 1, v, tauQ[2 * i]!, -tauQ[2 * i + 1]!, work);

    // Right reflector from conj(row i): G with row·G = [β, 0, …].
    const c0 = i + 1;
    const rl = n - c0;
    for (let j = 0; j < rl; j++) {
      const p = 2 * (i * n + c0 + j);
      u[2 * j] = a[p]!;
      u[2 * j + 1] = -a[p + 1]!;
    }
    generateComplexReflector(u, 0, rl - 1, tauP, i);
    e[i] = u[0]!;
    a[2 * (i * n + c0)] = u[0]!;
    a[2 * (i * n + c0) + 1] = 0;
    for (let j = 1; j < rl; j++) {
      const p = 2 * (i * n + c0 + j);
      a[p] = u[2 * j]!;
      a[p + 1] = u[2 * j + 1]!;
    }
    u[0] = 1;
    u[1] = 0;
    applyComplexReflectorRight(a, n, i + 1, m - i - 1, c0, rl, u, tauP[2 * i]!, tauP[2 * i + 1]!);
  }
  return { d, e, tauQ, tauP };
}

/**
 * Qᵀ (not Qᴴ) restricted to its first `rows` rows, as interleaved rows×m: row j is column j of
 * Q = H₀⋯H_{count−1} (column reflectors stored below the diagonal of the m×n `a`). Built by
 * backward accumulation X ← X·H_iᵀ, i.e. the right update with conj(v_i).
 */
export function formComplexLeftFactorTransposed(
  a: Float64Array,
  m: number,
  n: number,
  tau: Float64Array,
  count: number,
  rows: number,
): Float64Array {
  const qt = new Float64Array(2 * rows * m);
  for (let r = 0; r < rows; r++) qt[2 * (r * m + r)] = 1;
  const w = new Float64Array(2 * m);
  for (let i = count - 1; i >= 0; i--) {
    const tr = tau[2 * i]!;
    const ti = tau[2 * i + 1]!;
    if (tr === 0 && ti === 0) continue;
    const len = m - i;
    w[0] = 1;
    w[1] = 0;
    for (let r = 1; r < len; r++) {
      const p = 2 * ((i + r) * n + i);
      w[2 * r] = a[p]!;
      w[2 * r + 1] = -a[p + 1]!;
    }
    applyComplexReflectorRight(qt, m, i, rows - i, i, len, w, tr, ti);
  }
  return qt;
}

/** Pᵀ (n×n interleaved; row j = column j of P) from the row reflectors of complexBidiagonalize. */
export function formComplexRightFactorTransposed(a: Float64Array, n: number, tau: Float64Array): Float64Array {
  const pt = new Float64Array(2 * n * n);
  for (let r = 0; r < n; r++) pt[2 * (r * n + r)] = 1;
  const w = new Float64Array(2 * n);
  // From n − 2, not n − 3: a 1×1 complex reflector is a phase, not the identity.
  for (let i = n - 2; i >= 0; i--) {
    const tr = tau[2 * i]!;
    const ti = tau[2 * i + 1]!;
    if (tr === 0 && ti === 0) continue;
    const lead = i + 1;
    const len = n - lead;
    w[0] = 1;
    w[1] = 0;
    for (let j = 1; j < len; j++) {
      const p = 2 * (i * n + lead + j);
      w[2 * j] = a[p]!;
      w[2 * j + 1] = -a[p + 1]!;
    }
    applyComplexReflectorRight(pt, n, lead, n - lead, lead, len, w, tr, ti);
  }
  return pt;
}
