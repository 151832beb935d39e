/**
 * Deflation step of the divide-and-conquer bidiagonal SVD merge (after LAPACK dlasd2).
 *
 * A merge node is the upper bidiagonal N×M matrix (N = nl + nr + 1, M = N + sqre) split at its
 * row nl ("the center", with diagonal α and superdiagonal β). With the SVDs of the two halves,
 *
 *   B = diag(U₁, 1, U₂) · [ D₁ 0 0 ; z₁ᵀ z₀ z₂ᵀ ; 0 0 D₂ ] · diag(V₁, V₂)ᵀ,
 *
 * i.e. after permuting the center row to the top, an "arrow" matrix M = [z; 0 diag(d)] whose
 * SVD is given by a secular equation in d and z. Its size can be reduced ("deflated") in two
 * situations, both with an error of at most tol = 8·eps·max(|d|, |α|, |β|):
 *
 * - |zⱼ| ≤ tol: dⱼ is a singular value of M up to tol and its vectors are the old ones;
 * - |dⱼ − dᵢ| ≤ tol: a plane rotation of the two vectors zeroes one z entry, which then
 *   deflates as above. This is what keeps the secular equation well separated (its poles differ
 *   by more than tol) and what makes repeated singular values cheap.
 *
 * Deflated values are set aside; the rest are reordered (poles ascending) for the secular
 * solver, and the old vectors are gathered into U2 / VT2 in a column order that groups them by
 * sparsity, so bidiagonalMerge.ts can skip known zero blocks in its matrix products:
 * type 1 = non-zero only in the top nl rows, 2 = only in the bottom nr rows, 3 = dense (mixed by
 * a rotation), 4 = deflated.
 *
 * Storage: U is column-major as in LAPACK, U(r, c) = u[uOff + r + c·ldu] (column c is the c-th
 * left vector, contiguous); VT is ROW-major, VT(r, c) = vt[vtOff + r·ldvt + c] (row r is the
 * r-th right vector, contiguous). Either way every singular vector is one contiguous run, so the
 * rotations, gathers and permutations below stream through memory instead of striding.
 * Both halves enter with their singular values sorted ASCENDING (the merge re-sorts its output),
 * so no separate sorting permutation has to be carried around.
 */

import { kernels } from '@svd/tensor';
import { EPS } from '../machineConstants.js';
import { sharedVector } from '../parallelSecular.js';
import { safeHypot } from '../safeHypot.js';

/** Scratch arrays of one merge (sized for its N and M). LAPACK's names in parentheses. */
export interface MergeWorkspace {
  /** Updating row z (length M); on return z[0..k) is the deflated problem's z. */
  z: Float64Array;
  /** Poles of the secular equation (length N; DSIGMA): poles[0] = 0, poles[0..k) ascending. */
  poles: Float64Array;
  /** Gathered left vectors, N×N column-major (ld N; U2). */
  gatheredU: Float64Array;
  /** Gathered right vectors, M×M row-major (ld M; VT2): row j belongs to column j of gatheredU. */
  gatheredVT: Float64Array;
  /**
   * dⱼ + σᵢ from the secular solver, row i per root (its dⱼ − σᵢ go to column i of U); step 5a of
   * the merge then overwrites row i with the right vector of the arrow matrix for root i.
   */
  poleSums: Float64Array;
  /** Vectors of the arrow matrix in grouped order (k×k; LAPACK's Q). */
  arrowVectors: Float64Array;
  /** The roots σⱼ (length N), before they go to d. */
  sigma: Float64Array;
  /** groupedToSecular[j] (1 ≤ j < k; IDXC): secular index of the vector at grouped position j. */
  groupedToSecular: Int32Array;
  /** Counts of the four column types, at indices 1..4 (CTOT). */
  typeCounts: Int32Array;
  /** order[j]: position before the merge of the value now at sorted position j (IDX). */
  order: Int32Array;
  /** secularToSorted[j]: sorted position of secular (or, from k on, deflated) entry j (IDXP). */
  secularToSorted: Int32Array;
  /** Column type 1–4 (see the top of the file) of each sorted position (COLTYP). */
  columnType: Int32Array;
}

/**
 * One merge block in the global storage (dlasd1's arguments): rows `first`..first+N of the
 * problem, N = leftSize + rightSize + 1 (the upper half, the center row, the lower half), and
 * M = N + extraColumn columns (extraColumn = 1 when the block is N×(N+1), LAPACK's SQRE).
 * Singular values at d[first..]; U column-major, U(r, c) = u[uOffset + r + c·ldu]; VT row-major,
 * VT(r, c) = vt[vtOffset + r·ldvt + c].
 */
export interface MergeBlock {
  readonly leftSize: number;
  readonly rightSize: number;
  readonly extraColumn: number;
  readonly d: Float64Array;
  readonly first: number;
  readonly u: Float64Array;
  readonly uOffset: number;
  readonly ldu: number;
  readonly vt: Float64Array;
  readonly vtOffset: number;
  readonly ldvt: number;
}

/** Workspace for every merge of a problem with at most n rows (m = n + 1 columns). */
export function createMergeWorkspace(n: number, m: number): MergeWorkspace {
  return {
    // the secular phases' arrays: shared memory when the pool can run them (parallelSecular.ts)
    z: sharedVector(m),
    poles: sharedVector(n),
    gatheredU: new Float64Array(n * n),
    gatheredVT: new Float64Array(m * m),
    poleSums: kernels.sharedWorkArray(n * n),
    arrowVectors: kernels.sharedWorkArray(n * n),
    sigma: sharedVector(n),
    groupedToSecular: new Int32Array(sharedVector(n).buffer, 0, n),
    typeCounts: new Int32Array(5),
    order: new Int32Array(n),
    secularToSorted: new Int32Array(n),
    columnType: new Int32Array(n),
  };
}

/**
 * Builds z, deflates, and gathers the non-deflated vectors; returns k, the size of the secular
 * equation (1 ≤ k ≤ N). On entry the block's d[0..nl) and d[nl+1..N) hold the two halves'
 * singular values (ascending each); on return its d[k..N) holds the deflated values and
 * U / VT their vectors in the same columns / rows. If sqre = 1, row M−1 of VT is updated to the
 * right null vector. α and β are the center row's entries (scaled).
 */
export function deflate(block: MergeBlock, alpha: number, beta: number, ws: MergeWorkspace): number {
  // nl, nr, sqre: the sizes in the notation of the top of the file (dlasd2's NL, NR, SQRE).
  const { leftSize: nl, rightSize: nr, extraColumn: sqre, d, first: dOff, u, uOffset: uOff, ldu } = block;
  const { vt, vtOffset: vtOff, ldvt } = block;
  const n = nl + nr + 1;
  const m = n + sqre;
  const { z, poles, gatheredU, gatheredVT, groupedToSecular, typeCounts, order, secularToSorted, columnType } = ws;
  const VT = (r: number, c: number): number => vtOff + r * ldvt + c;

  // z = (α·last entries of the left right-vectors, β·first entries of the right ones). Position
  // 0 takes the left half's null vector; the left singular values shift one slot down.
  const zCenter = alpha * vt[VT(nl, nl)]!; // Z1
  z[0] = zCenter;
  for (let i = nl - 1; i >= 0; i--) {
    z[i + 1] = alpha * vt[VT(i, nl)]!;
    d[dOff + i + 1] = d[dOff + i]!;
  }
  for (let i = nl + 1; i < m; i++) z[i] = beta * vt[VT(i, nl + 1)]!;
  for (let i = 1; i <= nl; i++) columnType[i] = 1;
  for (let i = nl + 1; i < n; i++) columnType[i] = 2;

  // Merge the two ascending lists d[1..nl] and d[nl+1..n) (stable: left first on ties).
  // order[j] = pre-merge position of the value now at position j.
  {
    let a = 1;
    let b = nl + 1;
    for (let j = 1; j < n; j++) {
      if (b >= n || (a <= nl && d[dOff + a]! <= d[dOff + b]!)) order[j] = a++;
      else order[j] = b++;
    }
  }
  for (let j = 1; j < n; j++) {
    poles[j] = d[dOff + order[j]!]!;
    gatheredU[j] = z[order[j]!]!; // column 0 of gatheredU as scratch
    groupedToSecular[j] = columnType[order[j]!]!;
  }
  for (let j = 1; j < n; j++) {
    d[dOff + j] = poles[j]!;
    z[j] = gatheredU[j]!;
    columnType[j] = groupedToSecular[j]!;
  }

  // Physical column of U (row of VT) holding the vector now at sorted position j: the left
  // half's vectors were not moved when their values shifted down by one.
  const physical = (j: number): number => {
    const src = order[j]!;
    return src <= nl ? src - 1 : src;
  };

  // dlasd2's TOL
  const tol = 8 * EPS * Math.max(Math.abs(d[dOff + n - 1]!), Math.abs(alpha), Math.abs(beta));

  let k = 1;
  let deflatedStart = n; // K2: deflated entries fill secularToSorted from the back
  let pending = -1; // JPREV: the last non-negligible entry, not yet placed
  for (let j = 1; j < n; j++) {
    if (Math.abs(z[j]!) <= tol) {
      // Negligible weight: dⱼ is already a singular value of the merged matrix.
      secularToSorted[--deflatedStart] = j;
      columnType[j] = 4;
      continue;
    }
    if (pending < 0) {
      pending = j;
      continue;
    }
    if (Math.abs(d[dOff + j]! - d[dOff + pending]!) <= tol) {
      // Two (nearly) equal poles: rotate their vectors so that z[pending] becomes 0 and deflates.
      const tau = safeHypot(z[j]!, z[pending]!);
      const c = z[j]! / tau;
      const s = -z[pending]! / tau;
      z[j] = tau;
      z[pending] = 0;
      const physPending = physical(pending);
      const physCurrent = physical(j);
      rotate(u, uOff + physPending * ldu, uOff + physCurrent * ldu, 1, n, c, s);
      rotate(vt, VT(physPending, 0), VT(physCurrent, 0), 1, m, c, s);
      if (columnType[j] !== columnType[pending]) columnType[j] = 3;
      columnType[pending] = 4;
      secularToSorted[--deflatedStart] = pending;
      pending = j;
    } else {
      gatheredU[k] = z[pending]!;
      poles[k] = d[dOff + pending]!;
      secularToSorted[k] = pending;
      k++;
      pending = j;
    }
  }
  if (pending >= 0) {
    gatheredU[k] = z[pending]!;
    poles[k] = d[dOff + pending]!;
    secularToSorted[k] = pending;
    k++;
  }

  // Group the columns by type: groupedToSecular maps grouped position → sorted (secular) position.
  typeCounts.fill(0);
  for (let j = 1; j < n; j++) typeCounts[columnType[j]!]!++;
  // PSM: first grouped position of each column type
  const c1 = typeCounts[1]!;
  const c2 = typeCounts[2]!;
  const groupStart = [0, 1, 1 + c1, 1 + c1 + c2, 1 + c1 + c2 + typeCounts[3]!];
  for (let j = 1; j < n; j++) {
    const ct = columnType[secularToSorted[j]!]!;
    groupedToSecular[groupStart[ct]!] = j;
    groupStart[ct]!++;
  }

  // Gather: poles in secular order; gatheredU columns / gatheredVT rows in grouped order.
  for (let j = 1; j < n; j++) {
    poles[j] = d[dOff + secularToSorted[j]!]!;
    const p = physical(secularToSorted[groupedToSecular[j]!]!);
    gatheredU.set(u.subarray(uOff + p * ldu, uOff + p * ldu + n), j * n);
    gatheredVT.set(vt.subarray(VT(p, 0), VT(p, 0) + m), j * m);
  }

  // The center pole is 0; keep the next one strictly positive so the poles stay distinct.
  poles[0] = 0;
  const halfTol = tol / 2;
  if (Math.abs(poles[1]!) <= halfTol) poles[1] = halfTol;

  // z[0] combines the two null-vector contributions (only one when sqre = 0); it is never
  // deflated, only bounded below by tol.
  let c = 1;
  let s = 0;
  if (m > n) {
    z[0] = safeHypot(zCenter, z[m - 1]!);
    if (z[0]! <= tol) {
      z[0] = tol;
    } else {
      c = zCenter / z[0]!;
      s = z[m - 1]! / z[0]!;
    }
  } else {
    z[0] = Math.abs(zCenter) <= tol ? tol : zCenter;
  }
  for (let j = 1; j < k; j++) z[j] = gatheredU[j]!;

  // First column of gatheredU = e_nl (the center row); first row of gatheredVT = the rotated null vectors.
  gatheredU.fill(0, 0, n);
  gatheredU[nl] = 1;
  if (m > n) {
    for (let i = 0; i <= nl; i++) {
      const x = vt[VT(nl, i)]!;
      vt[VT(m - 1, i)] = -s * x;
      gatheredVT[i] = c * x;
    }
    for (let i = nl + 1; i < m; i++) {
      const x = vt[VT(m - 1, i)]!;
      gatheredVT[i] = s * x;
      vt[VT(m - 1, i)] = c * x;
    }
  } else {
    gatheredVT.set(vt.subarray(VT(nl, 0), VT(nl, 0) + m), 0);
  }

  // Deflated values and vectors go to the back of d, U and VT.
  for (let j = k; j < n; j++) {
    d[dOff + j] = poles[j]!;
    u.set(gatheredU.subarray(j * n, j * n + n), uOff + j * ldu);
    vt.set(gatheredVT.subarray(j * m, j * m + m), VT(j, 0));
  }
  return k;
}

/** BLAS drot: x ← c·x + s·y, y ← c·y − s·x over `len` entries with the given stride. */
function rotate(a: Float64Array, px: number, py: number, stride: number, len: number, c: number, s: number): void {
  for (let t = 0; t < len; t++) {
    const ix = px + t * stride;
    const iy = py + t * stride;
    const x = a[ix]!;
    const y = a[iy]!;
    a[ix] = c * x + s * y;
    a[iy] = c * y - s * x;
  }
}
