/**
 * One merge of the divide-and-conquer symmetric tridiagonal eigensolver (after LAPACK dlaed1,
 * dlaed2, dlaed3; Cuppen 1981, Gu & Eisenstat 1995). The block T = [T₁ β·e_last·e_firstᵀ; ⋯]
 * was torn at the coupling β: T₁ and T₂ had |β| subtracted from their touching diagonal entries
 * and were solved, T₁ = Q₁Λ₁Q₁ᵀ, T₂ = Q₂Λ₂Q₂ᵀ. Then
 *
 *   T = diag(Q₁, Q₂) · (diag(Λ₁, Λ₂) + ρ·z·zᵀ) · diag(Q₁, Q₂)ᵀ,
 *   z = (last row of Q₁, sign(β)·first row of Q₂)/√2,  ρ = 2|β|,
 *
 * and the eigenproblem of the rank-one modified diagonal is solved by deflation
 * (tridiagonalDeflation.ts) and the secular equation f(λ) = 1 + ρ·Σⱼ zⱼ²/(dⱼ − λ) = 0.
 *
 * The secular equation. Shifting the origin to the smallest kept pole d₀ and writing
 * dⱼ − d₀ = pⱼ², λ − d₀ = σ² turns it into
 *
 *   1 + ρ·Σⱼ zⱼ² / ((pⱼ − σ)(pⱼ + σ)) = 0,   0 = p₀ < p₁ < … ,
 *
 * which is exactly the singular-value secular equation (dlasd4) that the divide-and-conquer SVD
 * already solves, with its root interlacing pᵢ < σᵢ < pᵢ₊₁. So its solver (svd/secularEquation.ts)
 * is reused unchanged: it returns every pⱼ − σᵢ and pⱼ + σᵢ to full relative accuracy, and their
 * product is the gap dⱼ − λᵢ that the eigenvectors are built from — to full relative accuracy
 * even when λᵢ is within a few ulps of a pole. The square roots perturb the poles by a few ulps of
 * max|dⱼ − d₀| (≲ 4·eps·‖T‖), below the deflation tolerance 8·eps·‖T‖ that keeps the kept poles
 * apart, so the poles stay strictly ascending and the perturbation is part of the O(eps·‖T‖)
 * backward error every divide and conquer has. The vectors are then exactly those of the
 * perturbed problem with Gu and Eisenstat's ẑ (for which the computed roots are exact),
 *
 *   ẑⱼ² ∝ (d_j − λ_{k−1}) · Πᵢ<ⱼ (dⱼ − λᵢ)/(dⱼ − dᵢ) · Πⱼ≤ᵢ<k−1 (dⱼ − λᵢ)/(dⱼ − dᵢ₊₁),
 *
 * (factors paired so the running product stays O(1)), and the eigenvector of root i is
 * (ẑⱼ/(dⱼ − λᵢ))ⱼ normalised: orthogonal to working precision whatever the clustering.
 *
 * The new vectors are products (old vectors) × (secular vectors) on the packed gemm, split by the
 * kept vectors' types so that the zero blocks of diag(Q₁, Q₂) are skipped (dlaed3's two gemms).
 *
 * Storage: `zt` row-major with leading dimension ld; row lo + j, columns lo..lo+n, is vector j of
 * the block (the transposed layout the QL iteration also uses: every vector is contiguous).
 */

import { kernels } from '@svd/tensor';
import { ConvergenceError } from '../errors.js';
import { safeNorm2 } from './safeNorm2.js';
import { runSecularPhase, secularBounds, secularParallel, sharedVector } from './parallelSecular.js';
import { type TridiagonalDeflation, createTridiagonalDeflation, deflateTridiagonal } from './tridiagonalDeflation.js';
import { type SecularPhaseJob, SecularRootError } from './tridiagonalSecularParts.js';
import { isSharedMemory } from './isSharedMemory.js';

const { gemm, rowMajor } = kernels;

/** Scratch of the merges, allocated once per solve for the largest block (order N). */
export interface TridiagonalMergeWorkspace {
  /** N² each: the merged rows, the gathered kept rows, and pⱼ − σᵢ / pⱼ + σᵢ (then S). */
  readonly rows: Float64Array;
  readonly x: Float64Array;
  readonly diff: Float64Array;
  readonly sum: Float64Array;
  /** N each. */
  readonly dl: Float64Array;
  readonly z: Float64Array;
  readonly values: Float64Array;
  readonly poles: Float64Array;
  readonly zs: Float64Array;
  readonly zHat: Float64Array;
  /** N: the roots σᵢ of the shifted secular equation. */
  readonly sigma: Float64Array;
  readonly order: Int32Array;
  readonly grouped: Int32Array;
  readonly deflation: TridiagonalDeflation;
}

/** Workspace for merges of blocks up to order n. */
export function createTridiagonalMergeWorkspace(n: number): TridiagonalMergeWorkspace {
  const vec = () => new Float64Array(n);
  return {
    // the merge products' operand and output: shared memory when threads are on (no copies)
    rows: kernels.sharedWorkArray(n * n),
    x: kernels.sharedWorkArray(n * n),
    // the secular phases' arrays: shared memory too when the pool can run them (parallelSecular.ts)
    diff: kernels.sharedWorkArray(n * n),
    sum: kernels.sharedWorkArray(n * n),
    dl: vec(),
    z: vec(),
    values: vec(),
    poles: sharedVector(n),
    zs: sharedVector(n),
    zHat: sharedVector(n),
    sigma: sharedVector(n),
    order: new Int32Array(n),
    grouped: new Int32Array(sharedVector(n).buffer, 0, n),
    deflation: createTridiagonalDeflation(n),
  };
}

/**
 * Merges the solved halves of the block at rows/columns lo..lo+n of `zt` (first half n1 rows):
 * on entry d[lo..lo+n1) and d[lo+n1..lo+n) are the halves' eigenvalues (each ascending) and the
 * block's rows their vectors; on return d[lo..lo+n) is the block's eigenvalues ascending and the
 * rows their vectors. `beta` is the coupling the block was torn at; `ws` is scratch for blocks up
 * to order n at least.
 */
export function mergeTridiagonalHalves(
  d: Float64Array,
  zt: Float64Array,
  ld: number,
  lo: number,
  n1: number,
  n: number,
  beta: number,
  op: string,
  ws: TridiagonalMergeWorkspace,
): void {
  const base = lo * ld + lo; // element (0, 0) of the block
  const rowOffset = (j: number): number => base + j * ld;
  const { dl, z, values, rows, order } = ws;
  dl.set(d.subarray(lo, lo + n));
  const sign = beta < 0 ? -1 : 1;
  for (let j = 0; j < n1; j++) z[j] = zt[rowOffset(j) + n1 - 1]! * Math.SQRT1_2;
  for (let j = n1; j < n; j++) z[j] = sign * zt[rowOffset(j) + n1]! * Math.SQRT1_2;
  const rho = 2 * Math.abs(beta);

  const defl = ws.deflation;
  deflateTridiagonal(dl, z, rho, n, n1, zt, rowOffset, defl);
  const { keep, deflated, type, k } = defl;

  // The merged block, written back at the end: kept vectors first (rows 0..k), deflated after.
  if (k > 0) solveSecular(dl, z, rho, keep, type, k, n, n1, zt, rowOffset, ws, op);
  for (let t = 0; t < n - k; t++) {
    const j = deflated[t]!;
    values[k + t] = dl[j]!;
    rows.set(zt.subarray(rowOffset(j), rowOffset(j) + n), (k + t) * n);
  }

  // Ascending order: the roots are ascending already; sort the deflated values (by value, then
  // position, so deterministic) and merge the two runs.
  const tail = order.subarray(k, n);
  for (let t = 0; t < n - k; t++) tail[t] = k + t;
  tail.sort((p, q) => values[p]! - values[q]! || p - q);
  const merged = ws.grouped; // free until the next merge
  let a = 0;
  let b = 0;
  for (let t = 0; t < n; t++) {
    if (b >= n - k || (a < k && values[a]! <= values[tail[b]!]!)) merged[t] = a++;
    else merged[t] = tail[b++]!;
  }
  for (let t = 0; t < n; t++) {
    const src = merged[t]!;
    const v = values[src]!;
    if (!Number.isFinite(v)) {
      throw new ConvergenceError(op, `divide-and-conquer merge produced a non-finite eigenvalue (${v})`);
    }
    d[lo + t] = v;
    zt.set(rows.subarray(src * n, src * n + n), rowOffset(t));
  }
}

/**
 * Roots, ẑ, secular vectors and the products with the old vectors, for the k kept poles
 * dl[keep[0..k)]: values[0..k) get the roots (ascending), rows[0..k) their vectors.
 */
function solveSecular(
  dl: Float64Array,
  z: Float64Array,
  rho: number,
  keep: Int32Array,
  type: Uint8Array,
  k: number,
  n: number,
  n1: number,
  zt: Float64Array,
  rowOffset: (j: number) => number,
  ws: TridiagonalMergeWorkspace,
  op: string,
): void {
  const { values, rows, poles, zs, zHat, sigma, grouped, diff, sum, x } = ws;
  const origin = dl[keep[0]!]!;
  for (let j = 0; j < k; j++) {
    poles[j] = Math.sqrt(dl[keep[j]!]! - origin);
    zs[j] = z[keep[j]!]!;
  }
  const zNorm = safeNorm2(zs, 0, k, 1);
  for (let j = 0; j < k; j++) zs[j] = zs[j]! / zNorm;
  const rhoK = rho * zNorm * zNorm;

  // Three phases over the roots (tridiagonalSecularParts.ts), on the thread pool for large merges.
  const parallel = secularParallel(k) && [diff, sum, poles, zs, zHat, sigma, grouped].every(isSharedMemory);
  const bounds = secularBounds(k, parallel);
  const job = (phase: SecularPhaseJob['phase']): SecularPhaseJob => ({
    phase,
    k,
    rho: rhoK,
    poles,
    zs,
    sigma,
    zHat,
    grouped,
    diff,
    sum,
    bounds,
  });
  // Row i of diff / sum: pⱼ − σᵢ and pⱼ + σᵢ for every pole j.
  try {
    runSecularPhase(op, job('roots'), parallel);
  } catch (err) {
    if (err instanceof SecularRootError) {
      throw new ConvergenceError(op, `divide-and-conquer secular equation did not converge (root ${err.root} of ${k})`);
    }
    throw err;
  }
  for (let i = 0; i < k; i++) values[i] = origin + sigma[i]! * sigma[i]!;

  // ẑ (Gu & Eisenstat), signs from z.
  if (k === 1) zHat[0] = 1;
  else runSecularPhase(op, job('zHat'), parallel);

  // Kept vectors grouped by type (1, 2, 3) so each half's product skips the other half's zeros.
  // grouped: grouped position → secular index.
  const counts = [0, 0, 0, 0];
  for (let j = 0; j < k; j++) counts[type[keep[j]!]!]!++;
  const next = [0, 0, counts[1]!, counts[1]! + counts[2]!];
  for (let j = 0; j < k; j++) grouped[next[type[keep[j]!]!]!++] = j;
  const c1 = counts[1]!;
  const c2 = counts[2]!;
  const c3 = counts[3]!;

  // S (k×k, row i = unit secular vector of root i, columns in grouped order) into diff.
  runSecularPhase(op, job('vectors'), parallel);
  const s = diff;

  // X (k×n): the kept old vectors in grouped order.
  for (let g = 0; g < k; g++) {
    const src = rowOffset(keep[grouped[g]!]!);
    x.set(zt.subarray(src, src + n), g * n);
  }
  // New rows = S·X, left coordinates from types 1–2, right coordinates from types 2–3.
  gemm(k, n1, c1 + c2, 1, rowMajor(s, k), rowMajor(x, n), 0, rowMajor(rows, n));
  gemm(k, n - n1, c2 + c3, 1, rowMajor(s, k, c1), rowMajor(x, n, c1 * n + n1), 0, rowMajor(rows, n, n1));
}
