/**
 * The default tolerances of the SVD rule, shared by `svd`'s options and `svdPullback`, so the
 * exported pullback treats degenerate and zero singular values exactly as `svd` does.
 */
import * as T from '@svd/tensor';

/** ε^(3/4) of the dtype's precision: ≈ 1.8e-12 in double, ≈ 6.6e-6 in single precision. */
export function defaultDegeneracyRtol(dtype: T.DType): number {
  return T.epsOf(dtype) ** 0.75;
}

/** max(m, n)·ε of the dtype's precision, for an m×n input. */
export function defaultRankRtol(dtype: T.DType, m: number, n: number): number {
  return Math.max(m, n, 1) * T.epsOf(dtype);
}
