import * as T from '@svd/tensor';
import { type Var, add, div, reciprocal, square, where } from '@svd/tape';

/**
 * Safe reciprocals for the inner matrices of spectral rules. Masks are computed on values (they
 * are piecewise-constant in the input); the kept entries are tape ops, so second derivatives flow
 * through the spectrum.
 */

/** 1/x where |x| > tol, exactly 0 elsewhere — never 0·∞, never a NaN from a masked entry. */
export function maskedReciprocal(x: Var, tol: number | T.Tensor): Var {
  const small = T.lessEqual(T.abs(x.value), tol);
  return where(small, 0, reciprocal(where(small, 1, x)));
}

/** The Lorentzian-broadened reciprocal x/(x² + ε): → 1/x for |x| ≫ √ε, → 0 for |x| ≪ √ε. */
export function broadenedReciprocal(x: Var, epsilon: number): Var {
  return div(x, add(square(x), epsilon));
}

/** max|s| of each spectrum (last axis), shaped [..., 1, 1] to broadcast against [..., k, k]. */
export function spectralScale(s: T.Tensor): T.Tensor {
  const batch = s.shape.slice(0, -1);
  if (s.shape[s.ndim - 1] === 0) return T.zeros([...batch, 1, 1], { dtype: T.realDType(s.dtype) });
  return T.reshape(T.max(T.abs(s), { axes: -1, keepdims: true }), [...batch, 1, 1]);
}
