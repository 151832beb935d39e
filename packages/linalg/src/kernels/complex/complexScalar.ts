/** Scalar complex helpers shared by the complex kernels (no allocation: results go to `out`). */

/** out = (ar + i·ai)/(br + i·bi) by Smith's algorithm (no overflow of |b|², no underflow of it). */
export function complexDivide(ar: number, ai: number, br: number, bi: number, out: Float64Array): void {
  if (Math.abs(br) >= Math.abs(bi)) {
    const r = bi / br;
    const den = br + bi * r;
    out[0] = (ar + ai * r) / den;
    out[1] = (ai - ar * r) / den;
  } else {
    const r = br / bi;
    const den = bi + br * r;
    out[0] = (ar * r + ai) / den;
    out[1] = (ai * r - ar) / den;
  }
}

/** |re + i·im| without overflow or underflow (dlapy2). */
export function complexAbs(re: number, im: number): number {
  const x = Math.abs(re);
  const y = Math.abs(im);
  const w = Math.max(x, y);
  const z = Math.min(x, y);
  if (z === 0 || w === Number.POSITIVE_INFINITY) return w;
  const q = z / w;
  return w * Math.sqrt(1 + q * q);
}
