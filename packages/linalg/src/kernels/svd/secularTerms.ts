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

/** diff[j] = dⱼ − origin − τ and sum[j] = dⱼ + origin + τ for all n poles (σ = origin + τ). */
export function setDistances(n: number, d: Float64Array, origin: number, tau: number, out: PoleDistances): void {
  const { diff, diffOffset: dOff, sum, sumOffset: sOff } = out;
  for (let j = 0; j < n; j++) {
    sum[sOff + j] = d[j]! + origin + tau;
    diff[dOff + j] = d[j]! - origin - tau;
  }
}

/** Moves σ by η: every dⱼ − σ shrinks and every dⱼ + σ grows by η. */
export function shiftDistances(n: number, eta: number, out: PoleDistances): void {
  const { diff, diffOffset: dOff, sum, sumOffset: sOff } = out;
  for (let j = 0; j < n; j++) {
    sum[sOff + j] = sum[sOff + j]! + eta;
    diff[dOff + j] = diff[dOff + j]! - eta;
  }
}

/** The term zⱼ²/Δⱼ of f for pole j. */
export function poleTerm(j: number, z: Float64Array, out: PoleDistances): number {
  return (z[j]! * z[j]!) / (out.sum[out.sumOffset + j]! * out.diff[out.diffOffset + j]!);
}

/** Σ zⱼ²/Δⱼ over j = from, from + step, … up to (not including) `to`, in that order. */
export function poleTermSum(from: number, to: number, step: number, z: Float64Array, out: PoleDistances): number {
  let s = 0;
  for (let j = from; j !== to; j += step) s += poleTerm(j, z, out);
  return s;
}

/**
 * Scratch of {@link accumulatePoles}: [Σ zⱼ²/Δⱼ, Σ (zⱼ/Δⱼ)², error bound]. Module-level (not a
 * returned object, nor closure variables, which live in a heap context) because this is the
 * solver's O(n) inner loop.
 */
export const partials = new Float64Array(3);

/**
 * The ψ or φ part of f and of its derivative over j = from, from + step, … (excluding `to`), and
 * the running rounding-error bound: errorStart + Σ of the partial sums (dlasd4's ERRETM).
 */
export function accumulatePoles(
  from: number,
  to: number,
  step: number,
  errorStart: number,
  z: Float64Array,
  out: PoleDistances,
): void {
  const { diff, diffOffset: dOff, sum, sumOffset: sOff } = out;
  let value = 0;
  let slope = 0;
  let err = errorStart;
  for (let j = from; j !== to; j += step) {
    const zj = z[j]!;
    const t = zj / (sum[sOff + j]! * diff[dOff + j]!);
    value += zj * t;
    slope += t * t;
    err += value;
  }
  partials[0] = value;
  partials[1] = slope;
  partials[2] = err;
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
