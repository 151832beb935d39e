import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import { type Var, div, mul, slice } from '@svd/tape';
import { matrixNormVar } from './matrixNorm.js';
import { inv } from './solve.js';
import { svdvals } from './svd.js';

/**
 * Condition number, differentiable. ord 2 / −2: s_max/s_min (and its reciprocal) through the
 * differentiable `svdvals` — any shape; the gradient is (u₁v₁ᴴ − κ·u_k v_kᴴ)/s_k. Other ords
 * (square): ‖A‖·‖A⁻¹‖ through the differentiable `inv` and the norm ('fro', 'nuc' by their
 * rules; 1, −1, ∞, −∞ as max / min of absolute column or row sums, with the subgradient of
 * max / min / abs at ties and zeros). Accepts a Tensor or a Var.
 *
 * @example
 * const g = grad((a: Var) => cond(a))(tensor([[2, 0], [0, 1]])); // [[1, 0], [0, −2]]
 */
export function cond(a: T.Tensor, ord?: L.MatrixNormOrd): T.Tensor;
export function cond(a: Var, ord?: L.MatrixNormOrd): Var;
export function cond(a: T.Tensor | Var, ord: L.MatrixNormOrd = 2): T.Tensor | Var {
  if (a instanceof T.Tensor) return L.cond(a, ord);
  L.cond(a.value, ord); // validates ord, shape and values with cond's messages
  if (ord === 2 || ord === -2) {
    const s = svdvals(a);
    const k = s.shape[s.ndim - 1]!;
    const batch = s.shape.slice(0, -1).map(() => null);
    const first = slice(s, ...batch, 0);
    const lastS = slice(s, ...batch, k - 1);
    return ord === 2 ? div(first, lastS) : div(lastS, first);
  }
  const nd = a.ndim;
  return mul(
    matrixNormVar('cond', a, ord, [nd - 2, nd - 1], false),
    matrixNormVar('cond', inv(a), ord, [nd - 2, nd - 1], false),
  );
}
