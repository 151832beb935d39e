/**
 * dgesvd-style range scaling: if max|a| lies outside [SMLNUM, BIGNUM], scale A into it first
 * and scale the singular values back at the end. Scaling by a power of two (instead of dlascl's
 * cto/cfrom) is exact, so it changes no digit of any entry that stays normal.
 */

import { BIGNUM, SMLNUM, powerOfTwo } from './machineConstants.js';

/**
 * max |a_i| over the buffer; NaN-propagating so a NaN cannot hide behind a larger entry.
 *
 * @example
 * kernels.maxAbs(Float64Array.of(1, -7, 3)); // 7
 */
export function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]!);
    if (!(v <= m)) m = v;
  }
  return m;
}

/**
 * Exponent k such that anrm·2^k ∈ [SMLNUM, BIGNUM], or 0 when anrm is already inside, zero, or
 * not finite (non-finite input is the caller's to reject; scaling cannot help it).
 *
 * @example
 * kernels.safeRangeExponent(1);       // 0: already in range
 * const k = kernels.safeRangeExponent(kernels.maxAbs(a)); // 538 for max|a| = 1e-300
 * kernels.scaleByPowerOfTwo(a, k);    // factor, then scale the results back by 2^-k
 */
export function safeRangeExponent(anrm: number): number {
  if (!(anrm > 0) || anrm === Infinity || (anrm >= SMLNUM && anrm <= BIGNUM)) return 0;
  let k = anrm < SMLNUM ? Math.ceil(Math.log2(SMLNUM / anrm)) : Math.floor(Math.log2(BIGNUM / anrm));
  // log2 is not exact; settle the boundary cases exactly.
  while (anrm * powerOfTwo(k) < SMLNUM) k++;
  while (anrm * powerOfTwo(k) > BIGNUM) k--;
  return k;
}

/**
 * a ← a·2^k in place. Exact (no rounding) while the entries stay normal.
 *
 * @example
 * const a = Float64Array.of(1, 3);
 * kernels.scaleByPowerOfTwo(a, 2); // a = [4, 12]
 */
export function scaleByPowerOfTwo(a: Float64Array, k: number): void {
  if (k === 0) return;
  const f = powerOfTwo(k);
  for (let i = 0; i < a.length; i++) a[i] = a[i]! * f;
}
