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
  scaleEntries(m, 2 * (j * n + from), 2, to - from + 1, sr, si);
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
  scaleEntries(m, 2 * (from * n + j), 2 * n, to - from + 1, sr, si);
}

/** Row j of the interleaved n×n m times (sr + i·si). */
export function scaleWholeRow(m: Float64Array, n: number, j: number, sr: number, si: number): void {
  scaleEntries(m, 2 * j * n, 2, n, sr, si);
}

/** `count` complex entries `inc` doubles apart from `start` times (sr + i·si). */
function scaleEntries(m: Float64Array, start: number, inc: number, count: number, sr: number, si: number): void {
  for (let c = 0, p = start; c < count; c++, p += inc) {
    const xr = m[p]!;
    const xi = m[p + 1]!;
    m[p] = xr * sr - xi * si;
    m[p + 1] = xr * si + xi * sr;
  }
}
