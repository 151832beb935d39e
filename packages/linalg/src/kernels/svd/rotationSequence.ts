/**
 * Applies a sequence of plane rotations to consecutive rows of a row-major matrix (LAPACK dlasr
 * with PIVOT='V'): rotation j acts on rows (first + j, first + j + 1) as
 *
 *   x ← c·x + s·y,   y ← c·y − s·x.
 *
 * The bidiagonal QR stores the singular vectors as rows (Uᵀ and Vᵀ), so each rotation is one
 * pass over two contiguous rows. Applying a whole sweep here, after the chase, instead of inside
 * it keeps the chase loop small and lets this loop be tuned on its own.
 */

/**
 * Forward order (j = 0, 1, …): DIRECT='F'. `rowLen` is both the row length and the stride.
 * Identity rotations, common once a block has nearly converged, are skipped.
 */
export function applyRotationsForward(
  x: Float64Array,
  rowLen: number,
  first: number,
  count: number,
  cs: Float64Array,
  sn: Float64Array,
): void {
  for (let j = 0; j < count; j++) {
    const c = cs[j]!;
    const s = sn[j]!;
    if (c === 1 && s === 0) continue;
    rotateRows(x, (first + j) * rowLen, (first + j + 1) * rowLen, rowLen, c, s);
  }
}

/** Backward order (j = count − 1, …, 0): DIRECT='B'. */
export function applyRotationsBackward(
  x: Float64Array,
  rowLen: number,
  first: number,
  count: number,
  cs: Float64Array,
  sn: Float64Array,
): void {
  for (let j = count - 1; j >= 0; j--) {
    const c = cs[j]!;
    const s = sn[j]!;
    if (c === 1 && s === 0) continue;
    rotateRows(x, (first + j) * rowLen, (first + j + 1) * rowLen, rowLen, c, s);
  }
}

/** One rotation of two rows (BLAS drot on contiguous data). */
export function rotateRows(x: Float64Array, px: number, py: number, len: number, c: number, s: number): void {
  for (let k = 0; k < len; k++) {
    const xv = x[px + k]!;
    const yv = x[py + k]!;
    x[px + k] = c * xv + s * yv;
    x[py + k] = c * yv - s * xv;
  }
}
