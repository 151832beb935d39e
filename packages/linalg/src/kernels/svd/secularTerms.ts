/**
 * The pieces of the secular-equation solver (secularEquation.ts) that every root finder uses:
 * the equation and output records, the distances dⱼ ∓ σ kept as two arrays, the terms
 * zⱼ²/((dⱼ − σ)(dⱼ + σ)) of f and their sums with dlasd4's running error bound, and the two
 * cancellation-free quadratic roots the rational models reduce to.
 */

/** The secular equation: n poles d[0..n) ascending, weights z[0..n) with ‖z‖ = 1, and ρ > 0. */
export interface SecularEquation {
  readonly n: number;
  readonly d: Float64Array;
  readonly z: Float64Array;
  readonly rho: number;
}

/** Where one root's distances to the poles go: dⱼ − σ at diff[diffOffset + j], dⱼ + σ at sum[sumOffset + j]. */
export interface PoleDistances {
  readonly diff: Float64Array;
  readonly diffOffset: number;
  readonly sum: Float64Array;
  readonly sumOffset: number;
}

/**
 * Output of {@link setAccumulatePoles} and {@link shiftAccumulatePoles}: [Σ zⱼ²/Δⱼ, Σ (zⱼ/Δⱼ)²,
 * error bound]. Module-level (not a
 * returned object, nor closure variables, which live in a heap context) because this is the
 * solver's O(n) inner loop.
 */
export const partials = new Float64Array(3);

/**
 * Sets σ = origin + τ for the poles j = from, from + step, … (excluding `to`) — diff[j] =
 * dⱼ − origin − τ, sum[j] = dⱼ + origin + τ — and sums, in that order, the ψ or φ part of f, of
 * its derivative, and the running rounding-error bound errorStart + Σ of the partial sums
 * (dlasd4's ERRETM) into {@link partials}. One pass: the distances are stored and used at once.
 */
export function setAccumulatePoles(
  from: number,
  to: number,
  step: number,
  errorStart: number,
  d: Float64Array,
  origin: number,
  tau: number,
  z: Float64Array,
  out: PoleDistances,
): void {
  const { diff, diffOffset: dOff, sum, sumOffset: sOff } = out;
  let value = 0;
  let slope = 0;
  let err = errorStart;
  for (let j = from; j !== to; j += step) {
    const s = d[j]! + origin + tau;
    const g = d[j]! - origin - tau;
    sum[sOff + j] = s;
    diff[dOff + j] = g;
    const zj = z[j]!;
    const t = zj / (s * g);
    value += zj * t;
    slope += t * t;
    err += value;
  }
  partials[0] = value;
  partials[1] = slope;
  partials[2] = err;
}

/**
 * Moves σ by η for the poles j = from, from + step, … (excluding `to`) — every dⱼ − σ shrinks
 * and every dⱼ + σ grows by η — and sums the terms at the new σ into {@link partials} as
 * {@link setAccumulatePoles} does. One pass over the distances: the solver's inner loop.
 */
export function shiftAccumulatePoles(
  from: number,
  to: number,
  step: number,
  errorStart: number,
  eta: number,
  z: Float64Array,
  out: PoleDistances,
): void {
  const { diff, diffOffset: dOff, sum, sumOffset: sOff } = out;
  let value = 0;
  let slope = 0;
  let err = errorStart;
  for (let j = from; j !== to; j += step) {
    const s = sum[sOff + j]! + eta;
    const g = diff[dOff + j]! - eta;
    sum[sOff + j] = s;
    diff[dOff + j] = g;
    const zj = z[j]!;
    const t = zj / (s * g);
    value += zj * t;
    slope += t * t;
    err += value;
  }
  partials[0] = value;
  partials[1] = slope;
  partials[2] = err;
}

/**
 * Σ zⱼ²/Δⱼ over j = from, from + step, … (excluding `to`) at σ = origin + τ, the distances formed
 * as setAccumulatePoles forms them but not stored (the solver's look at the bracket's midpoint).
 */
export function poleTermSumAt(
  from: number,
  to: number,
  step: number,
  d: Float64Array,
  origin: number,
  tau: number,
  z: Float64Array,
): number {
  let s = 0;
  for (let j = from; j !== to; j += step) {
    const zj = z[j]!;
    s += (zj * zj) / ((d[j]! + origin + tau) * (d[j]! - origin - tau));
  }
  return s;
}

/** The root (a + √|a² − 4bc|)/(2c) of c·η² − a·η + b, in the form without cancellation. */
export function quadraticRootPlus(a: number, b: number, c: number): number {
  const s = Math.sqrt(Math.abs(a * a - 4 * b * c));
  return a >= 0 ? (a + s) / (2 * c) : (2 * b) / (a - s);
}

/** The root (a − √|a² − 4bc|)/(2c) of c·η² − a·η + b, in the form without cancellation. */
export function quadraticRootMinus(a: number, b: number, c: number): number {
  const s = Math.sqrt(Math.abs(a * a - 4 * b * c));
  return a > 0 ? (2 * b) / (a + s) : (a - s) / (2 * c);
}
