/*
 * Scaling one row or column of an interleaved row-major complex n×n matrix by a unit complex
 * number: the diagonal similarities zlahqr uses to keep the subdiagonal real (row j by s, column
 * j by conj(s)). Shared by the zlahqr loop and the single-shift sweep.
 */

/** Row j, columns from..to, of the interleaved n×n m times (sr + i·si). */
export function scaleRowRange(
  m: Float64Array,
  n: number,
  j: number,
  from: number,
  to: number,
  sr: number,
  si: number,
): void {
  for (let p = 2 * (j * n + from), end = 2 * (j * n + to); p <= end; p += 2) {
    const xr = m[p]!;
    const xi = m[p + 1]!;
    m[p] = xr * sr - xi * si;
    m[p + 1] = xr * si + xi * sr;
  }
}

/** Column j, rows from..to, of the interleaved n×n m times (sr + i·si). */
export function scaleColumnRange(
  m: Float64Array,
  n: number,
  j: number,
  from: number,
  to: number,
  sr: number,
  si: number,
): void {
  for (let p = 2 * (from * n + j), end = 2 * (to * n + j); p <= end; p += 2 * n) {
    const xr = m[p]!;
    const xi = m[p + 1]!;
    m[p] = xr * sr - xi * si;
    m[p + 1] = xr * si + xi * sr;
  }
}

/** Row j of the interleaved n×n m times (sr + i·si). */
export function scaleWholeRow(m: Float64Array, n: number, j: number, sr: number, si: number): void {
  scaleRowRange(m, n, j, 0, n - 1, sr, si);
}
