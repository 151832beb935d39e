/**
 * One merge of the divide-and-conquer bidiagonal SVD (after LAPACK dlasd1 + dlasd3): from the
 * SVDs of the two halves of an upper bidiagonal N×M block (N = nl + nr + 1, M = N + sqre) and
 * its center row (α on the diagonal, β right of it), the SVD of the whole block.
 *
 *   1. scale to max |entry| = 1 (the tolerances below are absolute),
 *   2. deflate (deflation.ts) down to a secular equation of size k,
 *   3. solve it for the k new singular values (secularEquation.ts),
 *   4. recompute z from the computed roots (Gu & Eisenstat, 1995): the vectors of the arrow
 *      matrix are (zⱼ/(dⱼ² − σᵢ²))ⱼ, and using the ORIGINAL z there gives vectors that are
 *      accurate only if every root is accurate to O(eps) relative to its distance from the
 *      poles, which cannot be guaranteed. The ẑ for which the computed σ are EXACT roots,
 *
 *        ẑⱼ² = (σ²_{k−1} − dⱼ²) · Πᵢ<ⱼ (σᵢ² − dⱼ²)/(dᵢ² − dⱼ²) · Πᵢ≥ⱼ,ᵢ<k−1 (σᵢ² − dⱼ²)/(dᵢ₊₁² − dⱼ²),
 *
 *      is a tiny perturbation of z, and vectors built from it are orthogonal to working
 *      precision, because every factor is formed from differences the secular solver returned
 *      to full relative accuracy.
 *   5. new vectors = old vectors × (arrow-matrix vectors): dense products done with the packed
 *      gemm, restricted to the non-zero blocks that the column grouping of deflation.ts exposes.
 *   6. scale back and sort the block's singular values ascending (vectors permuted alongside),
 *      which is the order the next merge up expects.
 *
 * Storage: U column-major, VT row-major (see deflation.ts). A column-major product C = A·B is the
 * row-major product Cᵀ = Bᵀ·Aᵀ on the same memory, so the U products swap their operands.
 */

import { kernels } from '@svd/tensor';
import { ConvergenceError } from '../../errors.js';
import { safeNorm2 } from '../safeNorm2.js';
import { type MergeWorkspace, deflate } from './deflation.js';
import { secularRoot } from './secularEquation.js';

const { gemm } = kernels;

/**
 * Column-major C(m×n) ← A(m×k)·B(k×n) + beta·C, all three addressed by offset and leading
 * dimension, through the row-major gemm (operands swapped).
 */
function gemmColMajor(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  beta: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  if (m === 0 || n === 0) return;
  gemm(false, false, n, m, k, 1, b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
}

/**
 * Merges the block with top-left corner (lo, lo) of the global U (column-major, ld ldu) and VT
 * (row-major, ld ldvt). On entry d[lo..lo+nl) and d[lo+nl+1..lo+N) hold the halves' singular
 * values (ascending), U and VT their vectors in the diagonal sub-blocks (zeros elsewhere in the
 * block); on return d[lo..lo+N) holds the block's singular values ascending, with their vectors.
 * `ws` is scratch sized for the largest merge (createMergeWorkspace).
 */
export function mergeBidiagonalHalves(
  nl: number,
  nr: number,
  sqre: number,
  d: Float64Array,
  lo: number,
  alpha: number,
  beta: number,
  u: Float64Array,
  ldu: number,
  vt: Float64Array,
  ldvt: number,
  ws: MergeWorkspace,
): void {
  const n = nl + nr + 1;
  const m = n + sqre;
  const uOff = lo + lo * ldu;
  const vtOff = lo * ldvt + lo;

  // 1. Scale (the center slot of d is free: it is refilled by the deflation step).
  d[lo + nl] = 0;
  let orgnrm = Math.max(Math.abs(alpha), Math.abs(beta));
  for (let i = 0; i < n; i++) orgnrm = Math.max(orgnrm, Math.abs(d[lo + i]!));
  if (!(orgnrm > 0)) orgnrm = 1;
  for (let i = 0; i < n; i++) d[lo + i] = d[lo + i]! / orgnrm;

  // 2. Deflate.
  const k = deflate(nl, nr, sqre, d, lo, alpha / orgnrm, beta / orgnrm, u, uOff, ldu, vt, vtOff, ldvt, ws);

  // 3–5. Secular equation and vectors.
  solveAndUpdateVectors(nl, nr, sqre, k, d, lo, u, uOff, ldu, vt, vtOff, ldvt, ws);

  // 6. Unscale and sort ascending: d[0..k) ascending (roots), d[k..n) descending (deflated).
  for (let i = 0; i < n; i++) d[lo + i] = d[lo + i]! * orgnrm;
  sortBlockAscending(n, m, d, lo, u, uOff, ldu, vt, vtOff, ldvt, k, ws);
}

function solveAndUpdateVectors(
  nl: number,
  nr: number,
  sqre: number,
  k: number,
  d: Float64Array,
  lo: number,
  u: Float64Array,
  uOff: number,
  ldu: number,
  vt: Float64Array,
  vtOff: number,
  ldvt: number,
  ws: MergeWorkspace,
): void {
  const n = nl + nr + 1;
  const m = n + sqre;
  const { z, dsigma, u2, vt2, idxc, ctot, q, w } = ws;
  const U = (r: number, c: number): number => uOff + r + c * ldu;

  if (k === 1) {
    // Everything deflated but the center: σ = |z₀|, vectors copied (sign into U).
    d[lo] = Math.abs(z[0]!);
    vt.set(vt2.subarray(0, m), vtOff);
    const sign = z[0]! > 0 ? 1 : -1;
    for (let r = 0; r < n; r++) u[U(r, 0)] = sign * u2[r]!;
    return;
  }

  // Keep a copy of z in q: the signs of ẑ are taken from it.
  q.set(z.subarray(0, k));

  // Normalise z; ρ = ‖z‖².
  let rho = safeNorm2(z, 0, k, 1);
  for (let j = 0; j < k; j++) z[j] = z[j]! / rho;
  rho *= rho;

  // 3. Roots. Column j of U (contiguous) receives dᵢ − σⱼ for all poles i, row j of w dᵢ + σⱼ.
  for (let j = 0; j < k; j++) {
    d[lo + j] = secularRoot(k, j, dsigma, z, rho, u, U(0, j), w, j * k);
  }

  // 4. ẑ from the computed roots (products of ratios of accurate differences).
  for (let i = 0; i < k; i++) {
    let zi = u[U(i, k - 1)]! * w[(k - 1) * k + i]!;
    const di = dsigma[i]!;
    for (let j = 0; j < i; j++) {
      zi *= (u[U(i, j)]! * w[j * k + i]!) / (di - dsigma[j]!) / (di + dsigma[j]!);
    }
    for (let j = i; j < k - 1; j++) {
      zi *= (u[U(i, j)]! * w[j * k + i]!) / (di - dsigma[j + 1]!) / (di + dsigma[j + 1]!);
    }
    const mag = Math.sqrt(Math.abs(zi));
    z[i] = q[i]! >= 0 ? mag : -mag;
  }

  // 5a. Vectors of the arrow matrix for root i: right ∝ (ẑⱼ/((dⱼ−σᵢ)(dⱼ+σᵢ)))ⱼ (into row i
  // of w), left ∝ (−1, dⱼ·ẑⱼ/((dⱼ−σᵢ)(dⱼ+σᵢ)))ⱼ (into column i of U). Q (column-major, k×k)
  // gets the normalised left vectors with rows permuted into the grouped order of u2.
  for (let i = 0; i < k; i++) {
    const wi = i * k;
    w[wi] = z[0]! / u[U(0, i)]! / w[wi]!;
    u[U(0, i)] = -1;
    for (let j = 1; j < k; j++) {
      const v = z[j]! / u[U(j, i)]! / w[wi + j]!;
      w[wi + j] = v;
      u[U(j, i)] = dsigma[j]! * v;
    }
    const norm = safeNorm2(u, U(0, i), k, 1);
    q[i * k] = u[U(0, i)]! / norm;
    for (let j = 1; j < k; j++) q[j + i * k] = u[U(idxc[j]!, i)]! / norm;
  }

  // 5b. U(:, 0:k) = u2 · Q, skipping the zero blocks: rows 0..nl need the type-1 and type-3
  // columns, row nl is Q's first row (u2's first column is e_nl), rows nl+1.. the type-2 and 3.
  const c1 = ctot[1]!;
  const c2 = ctot[2]!;
  const c3 = ctot[3]!;
  const k3 = 1 + c1 + c2;
  if (k === 2) {
    gemmColMajor(n, k, k, u2, 0, n, q, 0, k, 0, u, uOff, ldu);
  } else {
    if (c1 > 0) {
      gemmColMajor(nl, k, c1, u2, n, n, q, 1, k, 0, u, uOff, ldu);
      if (c3 > 0) gemmColMajor(nl, k, c3, u2, k3 * n, n, q, k3, k, 1, u, uOff, ldu);
    } else if (c3 > 0) {
      gemmColMajor(nl, k, c3, u2, k3 * n, n, q, k3, k, 0, u, uOff, ldu);
    } else {
      for (let c = 0; c < k; c++) u.fill(0, U(0, c), U(nl, c));
    }
    for (let c = 0; c < k; c++) u[U(nl, c)] = q[c * k]!;
    gemmColMajor(nr, k, c2 + c3, u2, nl + 1 + (1 + c1) * n, n, q, 1 + c1, k, 0, u, U(nl + 1, 0), ldu);
  }

  // 5c. Q (now row-major, k×k): row i = normalised right vector of root i, in grouped order.
  for (let i = 0; i < k; i++) {
    const wi = i * k;
    const norm = safeNorm2(w, wi, k, 1);
    q[wi] = w[wi]! / norm;
    for (let j = 1; j < k; j++) q[wi + j] = w[wi + idxc[j]!]! / norm;
  }

  // VT(0:k, :) = Q · vt2 (row-major): columns 0..nl use the first row, type-1 and type-3 rows
  // of vt2; columns nl+1.. the first row, type-2 and type-3 rows.
  if (k === 2) {
    gemm(false, false, k, m, k, 1, q, 0, k, vt2, 0, m, 0, vt, vtOff, ldvt);
    return;
  }
  gemm(false, false, k, nl + 1, 1 + c1, 1, q, 0, k, vt2, 0, m, 0, vt, vtOff, ldvt);
  if (c3 > 0) gemm(false, false, k, nl + 1, c3, 1, q, k3, k, vt2, k3 * m, m, 1, vt, vtOff, ldvt);
  // Move the first column of Q / first row of vt2 next to the type-2 block so one product
  // covers the right part (the type-1 slot it overwrites is no longer needed).
  if (c1 > 0) {
    for (let i = 0; i < k; i++) q[i * k + c1] = q[i * k]!;
    for (let c = nl + 1; c < m; c++) vt2[c1 * m + c] = vt2[c]!;
  }
  gemm(false, false, k, nr + sqre, 1 + c2 + c3, 1, q, c1, k, vt2, c1 * m + nl + 1, m, 0, vt, vtOff + nl + 1, ldvt);
}

/**
 * Sorts d[lo..lo+n) ascending and permutes U's columns and VT's first n rows alike (row n of
 * VT, the null vector when sqre = 1, stays last). Roots (d[0..k)) are already ascending and the
 * deflated values descending, so this is a merge. Uses ws.u2 / ws.vt2 as scratch.
 */
function sortBlockAscending(
  n: number,
  m: number,
  d: Float64Array,
  lo: number,
  u: Float64Array,
  uOff: number,
  ldu: number,
  vt: Float64Array,
  vtOff: number,
  ldvt: number,
  k: number,
  ws: MergeWorkspace,
): void {
  if (k === n) return;
  const order = ws.perm;
  let a = 0;
  let b = n - 1;
  for (let j = 0; j < n; j++) {
    if (b < k || (a < k && d[lo + a]! <= d[lo + b]!)) order[j] = a++;
    else order[j] = b--;
  }
  const dv = ws.dsigma;
  for (let j = 0; j < n; j++) dv[j] = d[lo + order[j]!]!;
  d.set(dv.subarray(0, n), lo);
  // Whole vectors move: columns of U and rows of VT, each contiguous.
  const uCopy = ws.u2;
  const vCopy = ws.vt2;
  for (let c = 0; c < n; c++) {
    uCopy.set(u.subarray(uOff + c * ldu, uOff + c * ldu + n), c * n);
    vCopy.set(vt.subarray(vtOff + c * ldvt, vtOff + c * ldvt + m), c * m);
  }
  for (let j = 0; j < n; j++) {
    const src = order[j]!;
    u.set(uCopy.subarray(src * n, src * n + n), uOff + j * ldu);
    vt.set(vCopy.subarray(src * m, src * m + m), vtOff + j * ldvt);
  }
}

/** Guards the merge output: a NaN singular value means the secular solver broke down. */
export function assertFiniteValues(d: Float64Array, from: number, count: number): void {
  for (let i = from; i < from + count; i++) {
    if (!Number.isFinite(d[i]!)) {
      throw new ConvergenceError('svd', `divide-and-conquer merge produced a non-finite singular value (${d[i]})`);
    }
  }
}
