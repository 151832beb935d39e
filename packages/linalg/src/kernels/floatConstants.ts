/**
 * IEEE double constants under their LAPACK names, so the ported algorithms read like the
 * references they follow (DLAMCH).
 */

/** Relative machine precision, DLAMCH('E') = 2^-53 (unit roundoff with rounding to nearest). */
export const EPS_HALF_ULP = 2 ** -53;
/** DLAMCH('P') = 2^-52: eps·base, the spacing of doubles just above 1. */
export const ULP = 2 ** -52;
/** DLAMCH('S'): the smallest normal number; its reciprocal does not overflow. */
export const SAFE_MIN = 2 ** -1022;
/** 1 / SAFE_MIN. */
export const SAFE_MAX = 2 ** 1022;

/** 2^k for any integer k in [-1074, 1023], exactly (Math.pow is exact on powers of two). */
export function powerOfTwo(k: number): number {
  // Split so the intermediate never overflows or flushes to zero.
  if (k > 1023) return Infinity;
  if (k < -1022) return 2 ** -1022 * 2 ** (k + 1022);
  return 2 ** k;
}
