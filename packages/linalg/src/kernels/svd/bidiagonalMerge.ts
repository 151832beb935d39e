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
import { type MergeBlock, type MergeWorkspace, deflate } from './deflation.js';
import { runSecularPhase, secularBounds, secularParallel } from '../parallelSecular.js';
import { SecularRootError } from '../tridiagonalSecularParts.js';
import type { BidiagonalSecularJob } from './bidiagonalSecularParts.js';
import { isSharedMemory } from '../isSharedMemory.js';

/** A column-major block of a work buffer: element (i, j) at data[offset + i + j·ld]. */
interface ColumnMajorBlock {
  readonly data: Float64Array;
  readonly offset: number;
  readonly ld: number;
}

const colMajor = (data: Float64Array, offset: number, ld: number): ColumnMajorBlock => ({ data, offset, ld });

const { gemm, rowMajor } = kernels;

/**
 * Column-major C(m×n) ← A(m×k)·B(k×n) + beta·C through the row-major gemm: a column-major block
 * is its transpose stored row-major, so this is Cᵀ = Bᵀ·Aᵀ (operands swapped).
 */
function gemmColMajor(
  m: number,
  n: number,
  k: number,
  a: ColumnMajorBlock,
  b: ColumnMajorBlock,
  beta: number,
  c: ColumnMajorBlock,
): void {
  if (m === 0 || n === 0) return;
  const bt = rowMajor(b.data, b.ld, b.offset);
  gemm(n, m, k, 1, bt, rowMajor(a.data, a.ld, a.offset), beta, rowMajor(c.data, c.ld, c.offset));
}

/**
 * The global storage of the divide and conquer: U column-major (column c = left vector c,
 * contiguous), VT row-major (row r = right vector r, contiguous).
 */
export interface VectorStore {
  readonly u: Float64Array;
  readonly ldu: number;
  readonly vt: Float64Array;
  readonly ldvt: number;
}

/**
 * One merge (dlasd1): rows first..first+N of the problem, N = leftSize + 1 + rightSize, with
 * M = N + extraColumn columns (LAPACK's NL, NR, SQRE), and the center row's diagonal entry α and
 * superdiagonal entry β.
 */
export interface MergeNode {
  readonly first: number;
  readonly leftSize: number;
  readonly rightSize: number;
  readonly extraColumn: number;
  readonly alpha: number;
  readonly beta: number;
}

/**
 * Merges the block with top-left corner (first, first) of the global U and VT. On entry
 * d[first..first+nl) and d[first+nl+1..first+N) hold the halves' singular values (ascending), U
 * and VT their vectors in the diagonal sub-blocks (zeros elsewhere in the block); on return
 * d[first..first+N) holds the block's singular values ascending, with their vectors. `ws` is
 * scratch sized for the largest merge (createMergeWorkspace).
 */
export function mergeBidiagonalHalves(node: MergeNode, d: Float64Array, store: VectorStore, ws: MergeWorkspace): void {
  const { first: lo, leftSize: nl, rightSize: nr, extraColumn: sqre, alpha, beta } = node;
  const { u, ldu, vt, ldvt } = store;
  const n = nl + nr + 1;
  const block: MergeBlock = {
    leftSize: nl,
    rightSize: nr,
    extraColumn: sqre,
    d,
    first: lo,
    u,
    uOffset: lo + lo * ldu,
    ldu,
    vt,
    vtOffset: lo * ldvt + lo,
    ldvt,
  };

  // 1. Scale to max |entry| = 1 (dlasd1's ORGNRM); the center slot of d is free: it is refilled
  // by the deflation step.
  d[lo + nl] = 0;
  let scale = Math.max(Math.abs(alpha), Math.abs(beta));
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(d[lo + i]!));
  if (!(scale > 0)) scale = 1;
  for (let i = 0; i < n; i++) d[lo + i] = d[lo + i]! / scale;

  // 2. Deflate.
  const k = deflate(block, alpha / scale, beta / scale, ws);

  // 3–5. Secular equation and vectors.
  solveAndUpdateVectors(block, k, ws);

  // 6. Unscale and sort ascending: d[0..k) ascending (roots), d[k..n) descending (deflated).
  for (let i = 0; i < n; i++) d[lo + i] = d[lo + i]! * scale;
  sortBlockAscending(block, k, ws);
}

/** Steps 3–5 of the merge: roots, ẑ, the arrow matrix's vectors and the products with them. */
function solveAndUpdateVectors(block: MergeBlock, k: number, ws: MergeWorkspace): void {
  const { leftSize: nl, rightSize: nr, extraColumn: sqre, d, first: lo, u, uOffset: uOff, ldu } = block;
  const { vt, vtOffset: vtOff, ldvt } = block;
  const n = nl + nr + 1;
  const m = n + sqre;
  const { z, poles, gatheredU, gatheredVT, groupedToSecular, typeCounts, arrowVectors, poleSums } = ws;
  const U = (r: number, c: number): number => uOff + r + c * ldu;

  if (k === 1) {
    // Everything deflated but the center: σ = |z₀|, vectors copied (sign into U).
    d[lo] = Math.abs(z[0]!);
    vt.set(gatheredVT.subarray(0, m), vtOff);
    const sign = z[0]! > 0 ? 1 : -1;
    for (let r = 0; r < n; r++) u[U(r, 0)] = sign * gatheredU[r]!;
    return;
  }

  // Keep a copy of z in arrowVectors: the signs of ẑ are taken from it.
  arrowVectors.set(z.subarray(0, k));

  // Normalise z; ρ = ‖z‖².
  let rho = safeNorm2(z, 0, k, 1);
  for (let j = 0; j < k; j++) z[j] = z[j]! / rho;
  rho *= rho;

  // 3–5a in phases over the roots (bidiagonalSecularParts.ts), on the thread pool for large merges.
  const parallel =
    secularParallel(k) && [u, z, poles, poleSums, arrowVectors, ws.sigma, groupedToSecular].every(isSharedMemory);
  const bounds = secularBounds(k, parallel);
  const phase = (name: BidiagonalSecularJob['phase']): void =>
    runSecularPhase(
      'svd',
      {
        merge: 'bidiagonal',
        phase: name,
        k,
        rho,
        poles,
        z,
        sigma: ws.sigma,
        u,
        uOff,
        ldu,
        poleSums,
        arrowVectors,
        groupedToSecular,
        bounds,
      },
      parallel,
    );
  // 3. Roots. Column j of U (contiguous) receives dᵢ − σⱼ for all poles i, row j of poleSums dᵢ + σⱼ.
  try {
    phase('roots');
  } catch (err) {
    // the serial solver's error, as before (its message names the root)
    if (err instanceof SecularRootError) throw err.solverError;
    throw err;
  }
  for (let j = 0; j < k; j++) d[lo + j] = ws.sigma[j]!;
  // 4. ẑ from the computed roots (products of ratios of accurate differences).
  phase('zHat');
  // 5a. Vectors of the arrow matrix for root i: right ∝ (ẑⱼ/((dⱼ−σᵢ)(dⱼ+σᵢ)))ⱼ (into row i
  // of poleSums), left ∝ (−1, dⱼ·ẑⱼ/((dⱼ−σᵢ)(dⱼ+σᵢ)))ⱼ (into column i of U). Q (column-major, k×k)
  // gets the normalised left vectors with rows permuted into the grouped order of gatheredU.
  phase('leftVectors');

  // 5b. U(:, 0:k) = gatheredU · Q, skipping the zero blocks: rows 0..nl need the type-1 and type-3
  // columns, row nl is Q's first row (gatheredU's first column is e_nl), rows nl+1.. the type-2 and 3.
  // Column-type counts (dlasd3's CTOT) and the first grouped position of type 3.
  const count1 = typeCounts[1]!;
  const count2 = typeCounts[2]!;
  const count3 = typeCounts[3]!;
  const start3 = 1 + count1 + count2;
  const uBlock = colMajor(u, uOff, ldu);
  if (k === 2) {
    gemmColMajor(n, k, k, colMajor(gatheredU, 0, n), colMajor(arrowVectors, 0, k), 0, uBlock);
  } else {
    const uType3 = colMajor(gatheredU, start3 * n, n);
    const qType3 = colMajor(arrowVectors, start3, k);
    if (count1 > 0) {
      gemmColMajor(nl, k, count1, colMajor(gatheredU, n, n), colMajor(arrowVectors, 1, k), 0, uBlock);
      if (count3 > 0) gemmColMajor(nl, k, count3, uType3, qType3, 1, uBlock);
    } else if (count3 > 0) {
      gemmColMajor(nl, k, count3, uType3, qType3, 0, uBlock);
    } else {
      for (let c = 0; c < k; c++) u.fill(0, U(0, c), U(nl, c));
    }
    for (let c = 0; c < k; c++) u[U(nl, c)] = arrowVectors[c * k]!;
    const uRight = colMajor(gatheredU, nl + 1 + (1 + count1) * n, n);
    const qRight = colMajor(arrowVectors, 1 + count1, k);
    gemmColMajor(nr, k, count2 + count3, uRight, qRight, 0, colMajor(u, U(nl + 1, 0), ldu));
  }

  // 5c. Q (now row-major, k×k): row i = normalised right vector of root i, in grouped order.
  phase('rightVectors');

  // VT(0:k, :) = Q · gatheredVT (row-major): columns 0..nl use the first row, type-1 and type-3 rows
  // of gatheredVT; columns nl+1.. the first row, type-2 and type-3 rows.
  const vtBlock = rowMajor(vt, ldvt, vtOff);
  if (k === 2) {
    gemm(k, m, k, 1, rowMajor(arrowVectors, k, 0), rowMajor(gatheredVT, m, 0), 0, vtBlock);
    return;
  }
  gemm(k, nl + 1, 1 + count1, 1, rowMajor(arrowVectors, k, 0), rowMajor(gatheredVT, m, 0), 0, vtBlock);
  if (count3 > 0) {
    gemm(k, nl + 1, count3, 1, rowMajor(arrowVectors, k, start3), rowMajor(gatheredVT, m, start3 * m), 1, vtBlock);
  }
  // Move the first column of Q / first row of gatheredVT next to the type-2 block so one product
  // covers the right part (the type-1 slot it overwrites is no longer needed).
  if (count1 > 0) {
    for (let i = 0; i < k; i++) arrowVectors[i * k + count1] = arrowVectors[i * k]!;
    for (let c = nl + 1; c < m; c++) gatheredVT[count1 * m + c] = gatheredVT[c]!;
  }
  const qRight = rowMajor(arrowVectors, k, count1);
  const vtRight = rowMajor(gatheredVT, m, count1 * m + nl + 1);
  gemm(k, nr + sqre, 1 + count2 + count3, 1, qRight, vtRight, 0, rowMajor(vt, ldvt, vtOff + nl + 1));
}

/**
 * Sorts d[lo..lo+n) ascending and permutes U's columns and VT's first n rows alike (row n of
 * VT, the null vector when sqre = 1, stays last). Roots (d[0..k)) are already ascending and the
 * deflated values descending, so this is a merge. Uses ws.gatheredU / ws.gatheredVT as scratch.
 */
function sortBlockAscending(block: MergeBlock, k: number, ws: MergeWorkspace): void {
  const { leftSize: nl, rightSize: nr, extraColumn: sqre, d, first: lo, u, uOffset: uOff, ldu } = block;
  const { vt, vtOffset: vtOff, ldvt } = block;
  const n = nl + nr + 1;
  const m = n + sqre;
  if (k === n) return;
  const order = ws.order;
  let a = 0;
  let b = n - 1;
  for (let j = 0; j < n; j++) {
    if (b < k || (a < k && d[lo + a]! <= d[lo + b]!)) order[j] = a++;
    else order[j] = b--;
  }
  const dv = ws.poles;
  for (let j = 0; j < n; j++) dv[j] = d[lo + order[j]!]!;
  d.set(dv.subarray(0, n), lo);
  // Whole vectors move: columns of U and rows of VT, each contiguous.
  const uCopy = ws.gatheredU;
  const vCopy = ws.gatheredVT;
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
