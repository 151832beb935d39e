import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import { type Var, adjoint, constant, defineRule, mul, unsqueeze } from '@svd/tape';
import { inv } from './solve.js';

function asMatrixFactor(g: Var): Var {
  return unsqueeze(unsqueeze(g, -1), -1);
}

/** adj(A)ᴴ of one real or complex square matrix via its SVD — the det cotangent at singular A. */
function adjugateAdjoint(a: T.Tensor): T.Tensor {
  const [U, S, V] = L.svd(a);
  const n = S.shape[0]!;
  const s = S.toTypedArray(false);
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let p = 1;
    for (let j = 0; j < n; j++) if (j !== i) p *= s[j]!;
    c[i] = p;
  }
  // adj(A) = det(Vᴴ)·det(U)·V diag(c) Uᴴ, so adj(A)ᴴ = det(U)·det(Vᴴ)·U diag(c) Vᴴ (real case).
  const phase = L.det(U).item() * L.det(V).item();
  const UC = T.mul(U, T.tensor(c));
  return T.scale(T.matmul(UC, T.adjoint(V)), phase);
}

/**
 * det(A). Ā = ḡ·conj(det A)·A⁻ᴴ for invertible A; at a singular matrix the same cotangent is
 * ḡ·adj(A)ᴴ, computed from the SVD (first order only there).
 */
const detRule = defineRule({
  name: 'det',
  forward: (a: T.Tensor) => L.det(a),
  backward: ([g], ctx) => {
    if (!g) return [null];
    const A = ctx.inputs[0]!;
    const d = ctx.outputs[0]!;
    if (A.value.isComplex) throw new T.DTypeError('det', 'complex gradients of det are not supported yet');
    const singular = T.sum(T.equal(d.value, 0)).item() > 0;
    if (!singular) return [mul(asMatrixFactor(mul(g, d)), adjoint(inv(A)))];
    if (A.ndim !== 2) {
      throw new T.SvdError('LINALG', 'det', 'the gradient at a singular matrix is implemented for a single matrix, not a batch');
    }
    return [mul(asMatrixFactor(g), constant(adjugateAdjoint(A.value)))];
  },
});

/** Determinant (batched), differentiable also at singular matrices. */
export function det(a: T.Tensor): T.Tensor;
export function det(a: Var): Var;
export function det(a: T.Tensor | Var): T.Tensor | Var {
  if (a instanceof T.Tensor) return L.det(a);
  return detRule(a) as Var;
}

/**
 * [sign, log|det A|]: the cotangent of log|det| is ḡ·A⁻ᴴ (the sign is piecewise constant for real
 * input and gets no cotangent).
 */
const slogdetRule = defineRule({
  name: 'slogdet',
  forward: (a: T.Tensor) => L.slogdet(a) as T.Tensor[],
  backward: ([, g], ctx) => {
    if (!g) return [null];
    const A = ctx.inputs[0]!;
    if (A.value.isComplex) throw new T.DTypeError('slogdet', 'complex gradients of slogdet are not supported yet');
    return [mul(asMatrixFactor(g), adjoint(inv(A)))];
  },
});

/** Sign and log-absolute-determinant, differentiable in the latter. */
export function slogdet(a: T.Tensor): [T.Tensor, T.Tensor];
export function slogdet(a: Var): [Var, Var];
export function slogdet(a: T.Tensor | Var): [T.Tensor, T.Tensor] | [Var, Var] {
  if (a instanceof T.Tensor) return L.slogdet(a) as [T.Tensor, T.Tensor];
  return slogdetRule(a) as [Var, Var];
}
