/**
 * Householder reduction of a tall row-major matrix to upper bidiagonal form, in place
 * (LAPACK dgebd2 for m ≥ n): A = Q·B·Pᵀ with Q = H₀H₁⋯H_{n−1}, P = G₀G₁⋯G_{n−3}.
 *
 * Storage follows LAPACK: reflector Hᵢ sits in column i below the diagonal, Gᵢ in row i right
 * of the superdiagonal, each with an implicit unit leading entry; d and e receive B.
 *
 * Why the loop looks fused: in row-major storage the left update needs a full read of the
 * trailing block to form w = vᵀA, but the rank-one update of each row, the dot product with the
 * right reflector and the right update can then all be done while that row sits in L1. That is
 * two memory sweeps of the trailing block per step instead of three.
 */

import { generateReflector } from '../householderReflector.js';

export interface Bidiagonal {
  /** Diagonal of B, length n. */
  d: Float64Array;
  /** Superdiagonal of B, length max(n − 1, 0). */
  e: Float64Array;
  /** Left reflector factors τ_Q, length n. */
  tauQ: Float64Array;
  /** Right reflector factors τ_P, length n (the last two are 0). */
  tauP: Float64Array;
}

export function householderBidiagonalize(a: Float64Array, m: number, n: number): Bidiagonal {
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(n - 1, 0));
  const tauQ = new Float64Array(n);
  const tauP = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const diag = i * n + i;
    const tq = generateReflector(a, diag, diag + n, n, m - i - 1);
    tauQ[i] = tq;
    d[i] = a[diag]!;
    if (i === n - 1) break;

    const c0 = i + 1;
    const top = i * n;
    // w = vᵀ·A[i:, c0:], with v = [1; a[i+1:, i]]; row i is then updated on its own.
    if (tq !== 0) {
      for (let j = c0; j < n; j++) w[j] = a[top + j]!;
      accumulateColumnReflectorProducts(a, n, i, i + 1, m, c0, w);
      for (let j = c0; j < n; j++) a[top + j] = a[top + j]! - tq * w[j]!;
    } else {
      // H = I: the trailing update below multiplies w by τ_Q = 0; keep w free of stale data.
      w.fill(0);
    }

    // Right reflector from row i (already updated by the left one), u = [1; a[i, i+2:]].
    const tp = generateReflector(a, top + c0, top + c0 + 1, 1, n - c0 - 1);
    tauP[i] = tp;
    e[i] = a[top + c0]!;
    updateTrailingRows(a, n, i, i + 1, m, c0, tq, w, tp);
  }
  return { d, e, tauQ, tauP };
}

/**
 * w[c0:] += Σ_r a[r, vCol]·a[r, c0:] over rows [r0, r1). Four rows per pass over w: the loop
 * is bound by loads and loop overhead (no SIMD in JS), so sharing the w traffic pays.
 */
function accumulateColumnReflectorProducts(
  a: Float64Array,
  n: number,
  vCol: number,
  r0: number,
  r1: number,
  c0: number,
  w: Float64Array,
): void {
  let r = r0;
  for (; r + 3 < r1; r += 4) {
    const b0 = r * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    const v0 = a[b0 + vCol]!;
    const v1 = a[b1 + vCol]!;
    const v2 = a[b2 + vCol]!;
    const v3 = a[b3 + vCol]!;
    for (let j = c0; j < n; j++) {
      w[j] = w[j]! + v0 * a[b0 + j]! + v1 * a[b1 + j]! + v2 * a[b2 + j]! + v3 * a[b3 + j]!;
    }
  }
  for (; r < r1; r++) {
    const b = r * n;
    const vr = a[b + vCol]!;
    if (vr === 0) continue;
    for (let j = c0; j < n; j++) w[j] = w[j]! + vr * a[b + j]!;
  }
}

/**
 * For each row r in [r0, r1): the left rank-one update a[r, c0:] −= τ_Q·v_r·w, then the right
 * reflector u = [1; a[uRow, c0+1:]]: a[r, c0:] −= τ_P·(a[r, c0:]·u)·uᵀ. The left update and
 * the dot product share one loop, and two rows are processed together to share w and u loads.
 */
function updateTrailingRows(
  a: Float64Array,
  n: number,
  uRow: number,
  r0: number,
  r1: number,
  c0: number,
  tq: number,
  w: Float64Array,
  tp: number,
): void {
  const uBase = uRow * n;
  const vCol = uRow; // the left reflector of step i lives in column i = uRow
  let r = r0;
  for (; r + 1 < r1; r += 2) {
    const b0 = r * n;
    const b1 = b0 + n;
    const t0 = tq * a[b0 + vCol]!;
    const t1 = tq * a[b1 + vCol]!;
    let x0 = a[b0 + c0]! - t0 * w[c0]!;
    let x1 = a[b1 + c0]! - t1 * w[c0]!;
    a[b0 + c0] = x0;
    a[b1 + c0] = x1;
    let dot0 = x0;
    let dot1 = x1;
    for (let j = c0 + 1; j < n; j++) {
      const wj = w[j]!;
      const uj = a[uBase + j]!;
      x0 = a[b0 + j]! - t0 * wj;
      x1 = a[b1 + j]! - t1 * wj;
      a[b0 + j] = x0;
      a[b1 + j] = x1;
      dot0 += x0 * uj;
      dot1 += x1 * uj;
    }
    if (tp === 0) continue;
    const s0 = tp * dot0;
    const s1 = tp * dot1;
    a[b0 + c0] = a[b0 + c0]! - s0;
    a[b1 + c0] = a[b1 + c0]! - s1;
    for (let j = c0 + 1; j < n; j++) {
      const uj = a[uBase + j]!;
      a[b0 + j] = a[b0 + j]! - s0 * uj;
      a[b1 + j] = a[b1 + j]! - s1 * uj;
    }
  }
  for (; r < r1; r++) {
    const b = r * n;
    const t = tq * a[b + vCol]!;
    let x = a[b + c0]! - t * w[c0]!;
    a[b + c0] = x;
    let dot = x;
    for (let j = c0 + 1; j < n; j++) {
      x = a[b + j]! - t * w[j]!;
      a[b + j] = x;
      dot += x * a[uBase + j]!;
    }
    if (tp === 0) continue;
    const s = tp * dot;
    a[b + c0] = a[b + c0]! - s;
    for (let j = c0 + 1; j < n; j++) a[b + j] = a[b + j]! - s * a[uBase + j]!;
  }
}
