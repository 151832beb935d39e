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

/**
 * Whether method 'auto' takes the dense path. Measured (tools/bench krylov.bench.ts, CPU time,
 * Gaussian matrices — a flat spectrum, the Krylov iteration's worst case; BENCHMARKS.md): the
 * dense thin SVD wins below min(m, n) ≈ 100, and Krylov / dense is about 1 at k = min(m, n)/16
 * (n = 128: 0.48 at k = 4, 1.08 at k = 8; n = 256: 0.91 at k = 8, 1.18 at k = 16; n = 512: 0.97
 * at k = 32, 1.70 at k = 64).
 * Decaying spectra favour the Krylov path further. An operator is formed (A·I) only while
 * m·n ≤ 4·10⁶ entries (32 MB).
 */
export function preferDense(k: number, m: number, n: number, formed: boolean): boolean {
  if (!formed && m * n > 4_000_000) return false;
  const minDim = Math.min(m, n);
  return minDim < 100 || 16 * k > minDim;
}
