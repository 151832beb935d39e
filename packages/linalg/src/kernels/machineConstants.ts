/**
 * IEEE-754 double constants under their LAPACK (DLAMCH) names, so the ported algorithms read
 * like the references they follow. Shared by every kernel (dense and SVD).
 */

/**
 * DLAMCH('E'): unit roundoff 2^-53 (rounding to nearest). dbdsqr, dsteqr and dlarfg use this one.
 *
 * @example
 * 1 + kernels.EPS === 1; // true: half an ulp of 1 rounds to even
 */
export const EPS = 2 ** -53;
/**
 * DLAMCH('P') = eps·base = 2^-52, the spacing of doubles just above 1. dgesvd scales with it.
 *
 * @example
 * kernels.ULP === Number.EPSILON; // true
 */
export const ULP = 2 ** -52;
/**
 * DLAMCH('S'): smallest normal number; its reciprocal does not overflow.
 *
 * @example
 * Number.isFinite(1 / kernels.SAFE_MIN); // true
 */
export const SAFE_MIN = 2 ** -1022;
/**
 * 1 / SAFE_MIN = 2^1022.
 *
 * @example
 * kernels.SAFE_MAX * kernels.SAFE_MIN; // 1
 */
export const SAFE_MAX = 2 ** 1022;

/**
 * dgesvd's safe range for max|a|: SMLNUM = sqrt(safmin)/ulp ≈ 6.7e-139, BIGNUM = 1/SMLNUM.
 * Inside it, no product formed by the bidiagonalisation or the QR sweeps can over- or underflow
 * destructively.
 *
 * @example
 * kernels.SMLNUM; // 6.717876107567089e-139
 * if (kernels.maxAbs(a) < kernels.SMLNUM) {
 *   // scale a up (by a power of two) before factoring it
 * }
 */
export const SMLNUM = Math.sqrt(SAFE_MIN) / ULP;
/**
 * Upper end of dgesvd's safe range for max|a|: 1 / SMLNUM. See `SMLNUM`.
 *
 * @example
 * kernels.BIGNUM === 1 / kernels.SMLNUM; // true (≈ 1.49e138)
 */
export const BIGNUM = 1 / SMLNUM;

/**
 * 2^k for any integer k, exactly; split so no intermediate overflows or flushes to zero.
 *
 * @example
 * kernels.powerOfTwo(-1074) === Number.MIN_VALUE; // true
 * kernels.powerOfTwo(3); // 8
 */
export function powerOfTwo(k: number): number {
  if (k > 1023) return k > 2046 ? Infinity : 2 ** 1023 * 2 ** (k - 1023);
  if (k < -1022) return k < -2098 ? 0 : 2 ** -1022 * 2 ** (k + 1022);
  return 2 ** k;
}
