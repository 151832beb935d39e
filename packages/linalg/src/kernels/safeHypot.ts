/**
 * sqrt(x² + y²) without overflow or destructive underflow (LAPACK DLAPY2).
 *
 * Math.hypot is also safe, but it is variadic and measurably slower in hot loops; this version
 * also makes the NaN policy explicit: a NaN argument gives NaN (as DLAPY2 since 3.10), whereas
 * Math.hypot(NaN, Infinity) is Infinity.
 */
export function safeHypot(x: number, y: number): number {
  if (x !== x || y !== y) return NaN;
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  const w = ax > ay ? ax : ay;
  const z = ax > ay ? ay : ax;
  // z === 0 covers hypot(0, 0) (avoids 0/0); w === Infinity avoids Inf/Inf.
  if (z === 0 || w === Infinity) return w;
  const r = z / w;
  return w * Math.sqrt(1 + r * r);
}
