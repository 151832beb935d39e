/**
 * sqrt(x² + y²) without overflow or destructive underflow (LAPACK DLAPY2).
 *
 * Math.hypot is also safe, but it is variadic and measurably slower in hot loops; this version
 * also makes the NaN policy explicit: a NaN argument gives NaN (as DLAPY2 since 3.10), whereas
 * Math.hypot(NaN, Infinity) is Infinity.
 *
 * @example
 * kernels.safeHypot(3, 4);         // 5
 * kernels.safeHypot(3e200, 4e200); // ≈ 5e200, where Math.sqrt(x * x + y * y) gives Infinity
 */
export function safeHypot(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  const w = Math.max(ax, ay);
  const z = Math.min(ax, ay);
  // z === 0 covers hypot(0, 0) (avoids 0/0); w === Infinity avoids Inf/Inf.
  if (z === 0 || w === Number.POSITIVE_INFINITY) return w;
  const r = z / w;
  return w * Math.sqrt(1 + r * r);
}
