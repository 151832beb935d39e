import { ValueError, describeValue } from '@svd/tensor';

/** k must be an integer in [0, max]. */
export function checkRank(op: string, k: unknown, max: number, what: string): number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k > max) {
    throw new ValueError(op, `k must be an integer in [0, ${max}] (${what}), got ${describeValue(k)}`);
  }
  return k;
}

/** An integer option in [min, max]; `undefined` gives the fallback. */
export function checkIntegerOption(
  op: string,
  name: string,
  value: unknown,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in [${min}, ${max}]`;
  throw new ValueError(op, `option ${name} must be an integer ${range}, got ${describeValue(value)}`);
}

/** A seed for @svd/tensor's Rng: any safe integer. */
export function checkSeed(op: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  throw new ValueError(op, `option seed must be a safe integer, got ${describeValue(value)}`);
}

/** The seed of the starting vector when none is given (any fixed value keeps runs bit-identical). */
export const DEFAULT_SEED = 20260;

/** Krylov dimension when none is given: ARPACK/SciPy's max(2k + 1, 20), capped by min(m, n). */
export function defaultKrylovDimension(k: number, minDim: number): number {
  return Math.min(minDim, Math.max(2 * k + 1, 20));
}
