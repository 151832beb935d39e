import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import { type Var, abs, conj, constant, defineRule, div, mul, pow, real, reshape, sign, sum, where } from '@svd/tape';
import { checkTensorOrVar } from './checkArgs.js';

/*
 * ‖x‖_p = (Σ|xᵢ|ᵖ)^(1/p). Its gradient, with r = |x|/‖x‖ ∈ [0, 1] (never overflows) and sgn x = x/|x|:
 *   ∂‖x‖_p/∂x = sgn(x)·r^(p−1)         (p = 2: x/‖x‖; p = 1: sgn x),
 * the formula of torch's `norm_backward` written without |x|^(p−1) / ‖x‖^(p−1) separately. Where
 * it is not finite it is given torch's values: 0 where ‖x‖ = 0 (a subgradient: the 2-norm's
 * gradient at x = 0 is 0), 0 at xᵢ = 0 for p < 1 (where r^(p−1) = ∞), 0 for p = 0 (a count).
 * ±∞: the cotangent is split evenly between the entries with |xᵢ| = ‖x‖ (ties share it, as
 * torch's amax/amin backward does), times sgn xᵢ. The pullback is written in tape ops, guarded by
 * `where` so that no branch ever evaluates 0^(negative), so second order is finite too.
 */

/**
 * w = ∂‖x‖_p/∂x̄ on the input's shape (null for p = 0, whose derivative is 0): the pullback is
 * ḡ·w and the jvp Re Σ w̄·dx over the reduced axes. `n` is the output with the reduced axes kept.
 */
function normWeights(x: Var, n: Var, ord: number, axes: readonly number[] | null): Var | null {
  if (ord === 0) return null;
  const nIsZero = T.equal(n.value, 0);
  if (ord === 2) return div(x, where(nIsZero, 1, n)); // x = 0 wherever ‖x‖ = 0
  const sgn = sign(x);
  if (ord === 1) return sgn;
  const absX = abs(x);
  if (ord === Number.POSITIVE_INFINITY || ord === Number.NEGATIVE_INFINITY) {
    const hit = T.equal(absX.value, n.value);
    const ties = T.sum(hit, axes === null ? { keepdims: true } : { axes, keepdims: true });
    return mul(sgn, constant(T.div(hit, ties)));
  }
  // r^(p−1) where it is finite and meaningful; 0 where xᵢ = 0 or ‖x‖ = 0 (see above).
  const dead = T.maximum(T.equal(x.value, 0), nIsZero);
  const r = div(absX, where(nIsZero, 1, n));
  return mul(sgn, where(dead, 0, pow(where(dead, 1, r), ord - 1)));
}

/** A vector norm as one rule; `op` names the public function in errors. */
export function vectorNormVar(op: string, x: Var, ord: number, axes: readonly number[] | null, keepdims: boolean): Var {
  const keptShape = x.shape.map((d, a) => (axes === null || axes.includes(a) ? 1 : d));
  const reduced = axes ?? [...x.shape.keys()];
  const rule = defineRule({
    name: op,
    forward: (t: T.Tensor) => L.kernels.vectorNormAlong(op, t, ord, axes, keepdims),
    backward: ([g], ctx) => {
      const w = g ? normWeights(ctx.inputs[0]!, reshape(ctx.outputs[0], keptShape), ord, axes) : null;
      return [w && g ? mul(reshape(g, keptShape), w) : null];
    },
    jvp: ([dx], ctx) => {
      const w = dx ? normWeights(ctx.inputs[0]!, reshape(ctx.outputs[0], keptShape), ord, axes) : null;
      if (!w || !dx) return [null];
      const dn = sum(real(mul(conj(w), dx)), { axes: reduced, keepdims: true });
      return [reshape(dn, ctx.outputs[0].shape)];
    },
  });
  return rule(x) as Var;
}

/**
 * Vector norm over `axes` (all elements, flattened, when omitted), differentiable: the same
 * signature and semantics as `@svd/linalg`'s `vectorNorm` (numpy / torch.linalg.vector_norm,
 * every real `ord`). The gradient is torch's: sgn(x)·(|x|/‖x‖)^(p−1), 0 at x = 0 for the
 * 2-norm (and wherever ‖x‖ = 0), the ±∞ cotangent split evenly between tied entries; second
 * order works. Complex input: norms of |zᵢ|, a real result. Accepts a Tensor or a Var.
 *
 * @example
 * const g = grad((x: Var) => vectorNorm(x))(tensor([3, 4])); // [0.6, 0.8]
 * vectorNorm(variable(randn([4, 5])), { ord: 1, axes: -1 }); // row 1-norms, shape [4]
 */
export function vectorNorm(x: T.Tensor, options?: L.VectorNormOptions): T.Tensor;
export function vectorNorm(x: Var, options?: L.VectorNormOptions): Var;
export function vectorNorm(x: T.Tensor | Var, options: L.VectorNormOptions = {}): T.Tensor | Var {
  checkTensorOrVar('vectorNorm', 'the input', x);
  if (T.isTensor(x)) return L.vectorNorm(x, options);
  const { ord, axes, keepdims } = L.kernels.resolveVectorNormArgs('vectorNorm', x.ndim, options);
  return vectorNormVar('vectorNorm', x, ord, axes, keepdims);
}
