/**
 * The 'roots' phase shared by both divide-and-conquer merges' secular parts
 * (tridiagonalSecularParts.ts, svd/bidiagonalSecularParts.ts): roots lo..hi−1 of one secular
 * equation, each root's pole distances written where its merge keeps them, and a root that does
 * not converge reported with its index.
 */
import { ConvergenceError } from '../errors.js';
import { type SecularEquation, secularRoot } from './svd/secularEquation.js';

/** A root that did not converge (the merge reports it with its index). */
export class SecularRootError extends Error {
  readonly root: number;
  /** The solver's own error. */
  readonly solverError: ConvergenceError;
  constructor(root: number, cause: ConvergenceError) {
    super(cause.message);
    this.root = root;
    this.solverError = cause;
  }
}

/**
 * sigma[j] = root j for lo ≤ j < hi; root j's dᵢ − σⱼ go to diff from diffStart + j·diffStride
 * and its dᵢ + σⱼ to sum from j·sumStride. Throws SecularRootError for the first failing root.
 */
export function secularRootRange(
  equation: SecularEquation,
  lo: number,
  hi: number,
  sigma: Float64Array,
  diff: Float64Array,
  diffStart: number,
  diffStride: number,
  sum: Float64Array,
  sumStride: number,
): void {
  for (let j = lo; j < hi; j++) {
    try {
      sigma[j] = secularRoot(equation, j, {
        diff,
        diffOffset: diffStart + j * diffStride,
        sum,
        sumOffset: j * sumStride,
      });
    } catch (err) {
      if (err instanceof ConvergenceError) throw new SecularRootError(j, err);
      throw err;
    }
  }
}
