/** Bitwise equality of numeric arrays (−0 ≠ 0, NaN = NaN). Part of the linalg test support module. */

/** Whether a and b have the same length and the same bits entry by entry. */
export function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
