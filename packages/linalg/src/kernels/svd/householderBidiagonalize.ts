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
import { svdWasmAddress, svdWasmInstance } from './svdWasm.js';

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

/**
 * `scratch` (≥ n entries) holds w; when it and `a` are views of the SVD's wasm memory
 * (svdWasm.ts) the two trailing loops run in the f64x2 kernels of householderBidiagonalizeWasm.ts
 * (same bits as the loops here).
 */
export function householderBidiagonalize(a: Float64Array, m: number, n: number, scratch?: Float64Array): Bidiagonal {
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(n - 1, 0));
  const tauQ = new Float64Array(n);
  const tauP = new Float64Array(n);
  const w = scratch ?? new Float64Array(n);
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
    // The right reflector's unit entry is stored while the rows are updated (as dlabrd does).
    a[top + c0] = 1;
    updateTrailingRows(a, n, i, i + 1, m, c0, tq, w, tp);
    a[top + c0] = e[i]!;
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
  if (r1 <= r0 || c0 >= n) return;
  const aa = vCol === c0 - 1 ? svdWasmAddress(a) : -1;
  const aw = aa < 0 ? -1 : svdWasmAddress(w);
  if (aw >= 0) {
    const len = n - c0;
    svdWasmInstance().columnProducts(aa + 8 * (r0 * n + c0), 8 * n, r1 - r0, len >> 1, len & 1, aw + 8 * c0);
    return;
  }
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
 * reflector u = a[uRow, c0:] (its unit entry stored by the caller):
 * a[r, c0:] −= τ_P·(a[r, c0:]·u)·uᵀ. The dot product is two interleaved partial sums (even and
 * odd offsets from c0, then an odd last entry): the lanes of the f64x2 kernel that runs when the
 * matrix is in the SVD's wasm memory, so both paths give the same bits.
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
  if (r1 <= r0 || c0 >= n) return;
  const uBase = uRow * n;
  const vCol = uRow; // the left reflector of step i lives in column i = uRow
  const len = n - c0;
  const pairs = len >> 1;
  const aa = vCol === c0 - 1 ? svdWasmAddress(a) : -1;
  const aw = aa < 0 ? -1 : svdWasmAddress(w);
  if (aw >= 0) {
    svdWasmInstance().trailingRows(
      aa + 8 * (r0 * n + c0),
      8 * n,
      r1 - r0,
      pairs,
      len & 1,
      aw + 8 * c0,
      aa + 8 * (uBase + c0),
      tq,
      tp,
    );
    return;
  }
  const pairEnd = c0 + 2 * pairs;
  for (let r = r0; r < r1; r++) {
    const b = r * n;
    const t = tq * a[b + vCol]!;
    let even = 0;
    let odd = 0;
    for (let j = c0; j < pairEnd; j += 2) {
      const x0 = a[b + j]! - t * w[j]!;
      const x1 = a[b + j + 1]! - t * w[j + 1]!;
      a[b + j] = x0;
      a[b + j + 1] = x1;
      even += x0 * a[uBase + j]!;
      odd += x1 * a[uBase + j + 1]!;
    }
    let dot = even + odd;
    if (pairEnd < n) {
      const x = a[b + pairEnd]! - t * w[pairEnd]!;
      a[b + pairEnd] = x;
      dot += x * a[uBase + pairEnd]!;
    }
    if (tp === 0) continue;
    const s = tp * dot;
    for (let j = c0; j < n; j++) a[b + j] = a[b + j]! - s * a[uBase + j]!;
  }
}
