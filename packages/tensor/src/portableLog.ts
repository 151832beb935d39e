/**
 * Natural logarithm from IEEE-754 basic operations only (+, −, ×, ÷ are correctly rounded on every
 * conforming platform), so it returns the same bits everywhere — unlike Math.log, whose last bit
 * differs between JavaScript engines (measured: Node 20's V8 and Chromium 156 disagree). The seeded
 * RNG's normal deviates depend on it, so a seed means the same numbers in every runtime.
 *
 * Method: x = m·2^e with m ∈ [√½, √2) read from the bits, ln m = 2·atanh(f), f = (m−1)/(m+1),
 * |f| ≤ 0.1716, by its odd series to f²⁷ (truncation < 1e-19 relative), plus e·ln 2 with ln 2
 * split in a high part exact in 32 bits and a low part. Accuracy: within 2 ulp of ln x.
 */
const LN2_HI = 0.6931471803691238; // 0x1.62e42feep-1: ln 2 to 32 bits, so e·LN2_HI is exact
const LN2_LO = 1.9082146973659064e-10; // ln 2 − LN2_HI

const view = new DataView(new ArrayBuffer(8));

export function portableLog(x: number): number {
  if (Number.isNaN(x) || x < 0) return Number.NaN;
  if (x === 0) return Number.NEGATIVE_INFINITY;
  if (x === Number.POSITIVE_INFINITY) return x;
  let e = 0;
  let y = x;
  if (y < 2 ** -1000) {
    // Subnormal or tiny: bring into the normal range first (exact scaling by a power of two).
    y *= 2 ** 100;
    e -= 100;
  }
  view.setFloat64(0, y);
  const hi = view.getUint32(0);
  e += ((hi >>> 20) & 0x7ff) - 1023;
  // Replace the exponent with 0 to get m ∈ [1, 2), then move to [√½, √2).
  view.setUint32(0, (hi & 0x800fffff) | 0x3ff00000);
  let m = view.getFloat64(0);
  if (m > Math.SQRT2) {
    m /= 2;
    e += 1;
  }
  const f = (m - 1) / (m + 1);
  const f2 = f * f;
  // 2·(f + f³/3 + … + f²⁷/27) in Horner form.
  let p = 1 / 27;
  for (let k = 25; k >= 1; k -= 2) p = p * f2 + 1 / k;
  const lnm = 2 * f * p;
  return e * LN2_HI + (e * LN2_LO + lnm);
}
