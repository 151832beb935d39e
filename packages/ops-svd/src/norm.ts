import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import type { Var } from '@svd/tape';
import { checkTensorOrVar } from './checkArgs.js';
import { matrixNormVar } from './matrixNorm.js';
import { vectorNormVar } from './vectorNorm.js';

/**
 * numpy.linalg.norm, differentiable: dispatches exactly as `@svd/linalg`'s `norm` (no `ord`, no
 * `axes`: the 2-norm of all elements; an `ord` with no `axes`: a vector norm of 1-D input, a
 * matrix norm of 2-D input; one axis: `vectorNorm`; two axes: `matrixNorm`), with their
 * gradients. Accepts a Tensor or a Var.
 *
 * @example
 * const g = grad((a: Var) => norm(a))(tensor([[3, 0], [0, 4]])); // A/‖A‖_F = [[0.6, 0], [0, 0.8]]
 * norm(variable(A), { ord: 'nuc' }); // the nuclear norm of a matrix
 */
export function norm(x: T.Tensor, options?: L.NormOptions): T.Tensor;
export function norm(x: Var, options?: L.NormOptions): Var;
export function norm(x: T.Tensor | Var, options: L.NormOptions = {}): T.Tensor | Var {
  checkTensorOrVar('norm', 'the input', x);
  if (T.isTensor(x)) return L.norm(x, options);
  const plan = L.kernels.normDispatch('norm', x.ndim, options);
  if (plan.kind === 'matrix') return matrixNormVar('norm', x, plan.ord, plan.axes, plan.keepdims);
  return vectorNormVar('norm', x, plan.ord, plan.axes, plan.keepdims);
}
