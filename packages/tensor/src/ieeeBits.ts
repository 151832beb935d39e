/**
 * Bit-level helpers shared by the portable elementary functions: the high 32-bit word of a double
 * (sign, exponent, top of the significand) and exact powers of two built from bits. DataView access
 * is big-endian by default, so word 0 is the high word on every platform.
 */
const view = new DataView(new ArrayBuffer(8));

/** The high 32 bits of x's IEEE-754 representation (unsigned). */
export function highWord(x: number): number {
  view.setFloat64(0, x);
  return view.getUint32(0);
}

/** The low 32 bits of x's IEEE-754 representation (unsigned). */
export function lowWord(x: number): number {
  view.setFloat64(0, x);
  return view.getUint32(4);
}

/** x with its high 32-bit word replaced (the low word kept). */
export function withHighWord(x: number, hi: number): number {
  view.setFloat64(0, x);
  view.setUint32(0, hi >>> 0);
  return view.getFloat64(0);
}

/** 2^k for an integer k in [−1022, 1023], exactly (not through Math.pow). */
export function powerOfTwo(k: number): number {
  view.setUint32(0, ((k + 1023) << 20) >>> 0);
  view.setUint32(4, 0);
  return view.getFloat64(0);
}
