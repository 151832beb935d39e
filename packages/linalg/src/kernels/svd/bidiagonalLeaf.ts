/**
 * Leaf of the divide-and-conquer bidiagonal SVD (the role of LAPACK dlasdq): the SVD of a small
 * upper bidiagonal n×(n + sqre) block by the existing implicit QR (bidiagonalQR.ts).
 *
 * A left half in the recursion is n×(n+1): its last row carries the superdiagonal entry that
 * couples it to the center row. That extra column is first rotated away from the right
 * (n rotations chasing it up to row 0), leaving a square bidiagonal and a zero column; the
 * rotations go into Vᵀ, whose last row then spans the right null space, as the merge expects.
 *
 * Output is written into the global factors (U column-major, VT row-major: see deflation.ts),
 * singular values non-negative and sorted ascending.
 */

import { GivensRotation } from '../givensRotation.js';
import type { VectorStore } from './bidiagonalMerge.js';
import { type RotatedRows, bidiagonalQR } from './bidiagonalQR.js';
import { rotateRows } from './rotationSequence.js';
import { makeNonNegative } from './singularValueOrder.js';

/** A leaf block of the global bidiagonal and where its factors go. */
export interface BidiagonalLeafBlock {
  /** First row of the block in the global bidiagonal (LAPACK's offset into D and E). */
  readonly first: number;
  /** Rows of the block (n). */
  readonly size: number;
  /** 1 when the block is n×(n+1) (LAPACK's SQRE): e[first + n − 1] is its extra column. */
  readonly extraColumn: number;
  /** The global diagonal; d[first..first+n) is read and overwritten with the singular values. */
  readonly d: Float64Array;
  /** The global superdiagonal (read only). */
  readonly e: Float64Array;
  /** The global factors: U column-major (leading dimension ldu), VT row-major (ldvt). */
  readonly store: VectorStore;
}

/**
 * SVD of the block with rows lo..lo+n−1 (lo = first, n = size) of the global bidiagonal (d, e):
 * diagonal d[lo..lo+n), superdiagonal e[lo..lo+n−1) plus e[lo+n−1] when extraColumn = 1. Writes
 * d[lo..lo+n) (ascending, ≥ 0), the n×n block of U at (lo, lo) and the (n+extraColumn)² block of
 * VT at (lo, lo).
 */
export function solveBidiagonalLeaf(block: BidiagonalLeafBlock): void {
  const { first: lo, size: n, extraColumn: sqre, d, e } = block;
  const { u, ldu, vt, ldvt } = block.store;
  const m = n + sqre;
  const dd = d.slice(lo, lo + n);
  const ee = e.slice(lo, lo + Math.max(n - 1, 0));
  // Vᵀ with one right vector per contiguous row (the layout bidiagonalQR rotates).
  const vRows = new Float64Array(m * m);
  for (let i = 0; i < m; i++) vRows[i * m + i] = 1;
  const uRows = new Float64Array(n * n);
  for (let i = 0; i < n; i++) uRows[i * n + i] = 1;

  if (sqre === 1) {
    // Zero the extra column: rotation j mixes columns j and n so that entry (j, n) vanishes;
    // it fills in (j−1, n), which the next rotation removes.
    const rot = new GivensRotation();
    let f = e[lo + n - 1]!;
    for (let j = n - 1; j >= 0; j--) {
      rot.compute(dd[j]!, f);
      dd[j] = rot.r;
      rotateRows(vRows, j * m, n * m, m, rot.c, rot.s);
      if (j > 0) {
        f = -rot.s * ee[j - 1]!;
        ee[j - 1] = rot.c * ee[j - 1]!;
      }
    }
  }

  const vt0: RotatedRows = { data: vRows, rowLength: m };
  bidiagonalQR(dd, ee, n, { data: uRows, rowLength: n }, vt0);
  makeNonNegative(dd, n, vt0);

  // Ascending order (stable), written into the global column-major factors.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => dd[a]! - dd[b]! || a - b);
  for (let j = 0; j < n; j++) {
    const src = order[j]!;
    d[lo + j] = dd[src]!;
    u.set(uRows.subarray(src * n, src * n + n), lo + (lo + j) * ldu);
    vt.set(vRows.subarray(src * m, src * m + m), (lo + j) * ldvt + lo);
  }
  if (sqre === 1) vt.set(vRows.subarray(n * m, n * m + m), (lo + n) * ldvt + lo);
}
