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

import { EPS } from '../machineConstants.js';
import { safeHypot } from '../safeHypot.js';

/** Scratch arrays of one merge (sized for its N and M). */
export interface MergeWorkspace {
  /** Updating row z (length M); on return z[0..k) is the deflated problem's z. */
  z: Float64Array;
  /** Poles of the secular equation (length N): dsigma[0] = 0, dsigma[0..k) ascending. */
  dsigma: Float64Array;
  /** Gathered left vectors, N×N column-major (ld N). */
  u2: Float64Array;
  /** Gathered right vectors, M×M row-major (ld M): row j belongs to column j of u2. */
  vt2: Float64Array;
  /** Secular-solver output dⱼ + σᵢ (then the right vectors of the arrow matrix), row i per root. */
  w: Float64Array;
  /** Vectors of the arrow matrix in grouped order (k×k). */
  q: Float64Array;
  /** idxc[j] (1 ≤ j < k): secular index of the vector at grouped position j. */
  idxc: Int32Array;
  /** Counts of the four column types, at indices 1..4. */
  ctot: Int32Array;
  perm: Int32Array;
  idxp: Int32Array;
  coltyp: Int32Array;
}

/** Workspace for every merge of a problem with at most n rows (m = n + 1 columns). */
export function createMergeWorkspace(n: number, m: number): MergeWorkspace {
  return {
    z: new Float64Array(m),
    dsigma: new Float64Array(n),
    u2: new Float64Array(n * n),
    vt2: new Float64Array(m * m),
    w: new Float64Array(n * n),
    q: new Float64Array(n * n),
    idxc: new Int32Array(n),
    ctot: new Int32Array(5),
    perm: new Int32Array(n),
    idxp: new Int32Array(n),
    coltyp: new Int32Array(n),
  };
}

/**
 * Builds z, deflates, and gathers the non-deflated vectors; returns k, the size of the secular
 * equation (1 ≤ k ≤ N). On entry d[dOff..dOff+nl) and d[dOff+nl+1..dOff+N) hold the two halves'
 * singular values (ascending each); on return d[dOff+k..dOff+N) holds the deflated values and
 * U / VT their vectors in the same columns / rows. If sqre = 1, row M−1 of VT is updated to the
 * right null vector.
 */
export function deflate(
  nl: number,
  nr: number,
  sqre: number,
  d: Float64Array,
  dOff: number,
  alpha: number,
  beta: number,
  u: Float64Array,
  uOff: number,
  ldu: number,
  vt: Float64Array,
  vtOff: number,
  ldvt: number,
  ws: MergeWorkspace,
): number {
  const n = nl + nr + 1;
  const m = n + sqre;
  const { z, dsigma, u2, vt2, idxc, ctot, perm, idxp, coltyp } = ws;
  const VT = (r: number, c: number): number => vtOff + r * ldvt + c;

  // z = (α·last entries of the left right-vectors, β·first entries of the right ones). Position
  // 0 takes the left half's null vector; the left singular values shift one slot down.
  const z1 = alpha * vt[VT(nl, nl)]!;
  z[0] = z1;
  for (let i = nl - 1; i >= 0; i--) {
    z[i + 1] = alpha * vt[VT(i, nl)]!;
    d[dOff + i + 1] = d[dOff + i]!;
  }
  for (let i = nl + 1; i < m; i++) z[i] = beta * vt[VT(i, nl + 1)]!;
  for (let i = 1; i <= nl; i++) coltyp[i] = 1;
  for (let i = nl + 1; i < n; i++) coltyp[i] = 2;

  // Merge the two ascending lists d[1..nl] and d[nl+1..n) (stable: left first on ties).
  // perm[j] = pre-merge position of the value now at position j.
  {
    let a = 1;
    let b = nl + 1;
    for (let j = 1; j < n; j++) {
      if (b >= n || (a <= nl && d[dOff + a]! <= d[dOff + b]!)) perm[j] = a++;
      else perm[j] = b++;
    }
  }
  for (let j = 1; j < n; j++) {
    dsigma[j] = d[dOff + perm[j]!]!;
    u2[j] = z[perm[j]!]!; // column 0 of u2 as scratch
    idxc[j] = coltyp[perm[j]!]!;
  }
  for (let j = 1; j < n; j++) {
    d[dOff + j] = dsigma[j]!;
    z[j] = u2[j]!;
    coltyp[j] = idxc[j]!;
  }

  // Physical column of U (row of VT) holding the vector now at sorted position j: the left
  // half's vectors were not moved when their values shifted down by one.
  const physical = (j: number): number => {
    const src = perm[j]!;
    return src <= nl ? src - 1 : src;
  };

  const tol = 8 * EPS * Math.max(Math.abs(d[dOff + n - 1]!), Math.abs(alpha), Math.abs(beta));

  let k = 1;
  let k2 = n;
  let jprev = -1;
  for (let j = 1; j < n; j++) {
    if (Math.abs(z[j]!) <= tol) {
      // Negligible weight: dⱼ is already a singular value of the merged matrix.
      idxp[--k2] = j;
      coltyp[j] = 4;
      continue;
    }
    if (jprev < 0) {
      jprev = j;
      continue;
    }
    if (Math.abs(d[dOff + j]! - d[dOff + jprev]!) <= tol) {
      // Two (nearly) equal poles: rotate their vectors so that z[jprev] becomes 0 and deflates.
      const tau = safeHypot(z[j]!, z[jprev]!);
      const c = z[j]! / tau;
      const s = -z[jprev]! / tau;
      z[j] = tau;
      z[jprev] = 0;
      const pjp = physical(jprev);
      const pj = physical(j);
      rotate(u, uOff + pjp * ldu, uOff + pj * ldu, 1, n, c, s);
      rotate(vt, VT(pjp, 0), VT(pj, 0), 1, m, c, s);
      if (coltyp[j] !== coltyp[jprev]) coltyp[j] = 3;
      coltyp[jprev] = 4;
      idxp[--k2] = jprev;
      jprev = j;
    } else {
      u2[k] = z[jprev]!;
      dsigma[k] = d[dOff + jprev]!;
      idxp[k] = jprev;
      k++;
      jprev = j;
    }
  }
  if (jprev >= 0) {
    u2[k] = z[jprev]!;
    dsigma[k] = d[dOff + jprev]!;
    idxp[k] = jprev;
    k++;
  }

  // Group the columns by type: idxc maps grouped position → sorted (secular) position.
  ctot.fill(0);
  for (let j = 1; j < n; j++) ctot[coltyp[j]!]!++;
  const psm = [0, 1, 1 + ctot[1]!, 1 + ctot[1]! + ctot[2]!, 1 + ctot[1]! + ctot[2]! + ctot[3]!];
  for (let j = 1; j < n; j++) {
    const ct = coltyp[idxp[j]!]!;
    idxc[psm[ct]!] = j;
    psm[ct]!++;
  }

  // Gather: dsigma in secular order; u2 columns / vt2 rows in grouped order.
  for (let j = 1; j < n; j++) {
    dsigma[j] = d[dOff + idxp[j]!]!;
    const p = physical(idxp[idxc[j]!]!);
    u2.set(u.subarray(uOff + p * ldu, uOff + p * ldu + n), j * n);
    vt2.set(vt.subarray(VT(p, 0), VT(p, 0) + m), j * m);
  }

  // The center pole is 0; keep the next one strictly positive so the poles stay distinct.
  dsigma[0] = 0;
  const hlftol = tol / 2;
  if (Math.abs(dsigma[1]!) <= hlftol) dsigma[1] = hlftol;

  // z[0] combines the two null-vector contributions (only one when sqre = 0); it is never
  // deflated, only bounded below by tol.
  let c = 1;
  let s = 0;
  if (m > n) {
    z[0] = safeHypot(z1, z[m - 1]!);
    if (z[0]! <= tol) {
      z[0] = tol;
    } else {
      c = z1 / z[0]!;
      s = z[m - 1]! / z[0]!;
    }
  } else {
    z[0] = Math.abs(z1) <= tol ? tol : z1;
  }
  for (let j = 1; j < k; j++) z[j] = u2[j]!;

  // First column of u2 = e_nl (the center row); first row of vt2 = the rotated null vectors.
  u2.fill(0, 0, n);
  u2[nl] = 1;
  if (m > n) {
    for (let i = 0; i <= nl; i++) {
      const x = vt[VT(nl, i)]!;
      vt[VT(m - 1, i)] = -s * x;
      vt2[i] = c * x;
    }
    for (let i = nl + 1; i < m; i++) {
      const x = vt[VT(m - 1, i)]!;
      vt2[i] = s * x;
      vt[VT(m - 1, i)] = c * x;
    }
  } else {
    vt2.set(vt.subarray(VT(nl, 0), VT(nl, 0) + m), 0);
  }

  // Deflated values and vectors go to the back of d, U and VT.
  for (let j = k; j < n; j++) {
    d[dOff + j] = dsigma[j]!;
    u.set(u2.subarray(j * n, j * n + n), uOff + j * ldu);
    vt.set(vt2.subarray(j * m, j * m + m), VT(j, 0));
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
