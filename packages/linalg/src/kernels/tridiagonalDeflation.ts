/**
 * The deflation step of one divide-and-conquer merge of the symmetric tridiagonal eigenproblem
 * (after LAPACK dlaed2). The merged matrix is D + ρ·z·zᵀ in the basis of the halves'
 * eigenvectors (D = the halves' eigenvalues, z = the coupling row, ‖z‖ = 1, ρ > 0); before the
 * secular equation is solved, the parts of it that are already diagonal to working precision are
 * split off:
 *
 *   - a tiny component, ρ·|zⱼ| ≤ tol: dⱼ is an eigenvalue, its vector is unchanged;
 *   - two poles closer than the coupling can resolve, |(dⱼ − dᵢ)·c·s| ≤ tol for the Givens
 *     rotation (c, s) that zeroes zᵢ against zⱼ: the rotation is applied to both vectors and dᵢ
 *     (mixed by the rotation) becomes an eigenvalue.
 *
 * tol = 8·eps·max(max|dⱼ|, max|zⱼ|) as in dlaed2 (the caller has scaled the tridiagonal to
 * max |entry| ≈ 1, so the tolerance is absolute). Deflation is what makes clustered and repeated
 * eigenvalues cheap instead of hard: no secular equation is solved for them, and what remains has
 * poles at least tol apart, which the secular solver needs.
 *
 * Every kept vector also carries its "type" (dlaed2's COLTYP): 1 if it is non-zero only in the
 * first half's coordinates, 3 only in the second's, 2 if a rotation mixed the halves. The merge
 * groups the kept vectors by type so that its matrix products skip the zero blocks.
 */

import { EPS } from './machineConstants.js';
import { safeHypot } from './safeHypot.js';

/** Scratch and results of one deflation, sized for a block of n. */
export interface TridiagonalDeflation {
  /** Local indices of the kept (secular) poles, ascending by value: keep[0..k). */
  readonly keep: Int32Array;
  /** Local indices of the deflated eigenvalues: deflated[0..n−k). */
  readonly deflated: Int32Array;
  /** Type of each local vector: 1 first half only, 3 second half only, 2 both. */
  readonly type: Uint8Array;
  /** Local indices in ascending order of value (the merge of the two sorted halves). */
  readonly order: Int32Array;
  /** Number of kept poles (k). */
  k: number;
}

export function createTridiagonalDeflation(n: number): TridiagonalDeflation {
  return {
    keep: new Int32Array(n),
    deflated: new Int32Array(n),
    type: new Uint8Array(n),
    order: new Int32Array(n),
    k: 0,
  };
}

/**
 * Deflates the block whose local eigenvalues are dl[0..n) (each half ascending: 0..n1 and
 * n1..n), local coupling vector z (‖z‖ = 1) and weight ρ. Rotations are applied to rows
 * `rowOf(j)` of `x` (row-major, row = one vector over the block's n coordinates, leading dimension
 * ld, first coordinate at column `col0`). dl and z are updated in place.
 */
export function deflateTridiagonal(
  dl: Float64Array,
  z: Float64Array,
  rho: number,
  n: number,
  n1: number,
  x: Float64Array,
  rowOffset: (j: number) => number,
  out: TridiagonalDeflation,
): void {
  const { keep, deflated, type, order } = out;
  // Merge the two ascending halves (stable: the first half wins ties).
  let a = 0;
  let b = n1;
  for (let t = 0; t < n; t++) {
    if (b >= n || (a < n1 && dl[a]! <= dl[b]!)) order[t] = a++;
    else order[t] = b++;
  }
  for (let j = 0; j < n; j++) type[j] = j < n1 ? 1 : 3;

  let dmax = 0;
  let zmax = 0;
  for (let j = 0; j < n; j++) {
    dmax = Math.max(dmax, Math.abs(dl[j]!));
    zmax = Math.max(zmax, Math.abs(z[j]!));
  }
  const tol = 8 * EPS * Math.max(dmax, zmax);

  let k = 0;
  let nd = 0;
  if (rho * zmax <= tol) {
    // The coupling is negligible: every eigenvalue is already one of the merged block.
    for (let t = 0; t < n; t++) deflated[nd++] = order[t]!;
    out.k = 0;
    return;
  }
  let prev = -1;
  for (let t = 0; t < n; t++) {
    const j = order[t]!;
    if (rho * Math.abs(z[j]!) <= tol) {
      deflated[nd++] = j;
      continue;
    }
    if (prev < 0) {
      prev = j;
      continue;
    }
    // Would a rotation zeroing z[prev] against z[j] leave an off-diagonal below tol?
    const r = safeHypot(z[j]!, z[prev]!);
    const c = z[j]! / r;
    const s = -z[prev]! / r;
    const gap = dl[j]! - dl[prev]!;
    if (Math.abs(gap * c * s) <= tol) {
      z[j] = r;
      z[prev] = 0;
      rotateRows(x, rowOffset(prev), rowOffset(j), n, c, s);
      if (type[prev] !== type[j]) {
        type[prev] = 2;
        type[j] = 2;
      }
      const dp = dl[prev]!;
      const dj = dl[j]!;
      dl[prev] = dp * c * c + dj * s * s;
      dl[j] = dp * s * s + dj * c * c;
      deflated[nd++] = prev;
      prev = j;
    } else {
      keep[k++] = prev;
      prev = j;
    }
  }
  if (prev >= 0) keep[k++] = prev;
  out.k = k;
}

/** (p, q) ← (c·p + s·q, c·q − s·p) on two rows of n entries (dlaed2's DROT on Q's columns). */
function rotateRows(x: Float64Array, p: number, q: number, n: number, c: number, s: number): void {
  for (let t = 0; t < n; t++) {
    const xp = x[p + t]!;
    const xq = x[q + t]!;
    x[p + t] = c * xp + s * xq;
    x[q + t] = c * xq - s * xp;
  }
}
