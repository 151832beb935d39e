import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import { type Var, add, adjoint, conj, constant, defineRule, imag, mul, unsqueeze } from '@svd/tape';
import { inv } from './solve.js';
import { checkTensorOrVar } from './checkArgs.js';

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
  // adj(XY) = adj(Y)adj(X) and adj(Q) = det(Q)·Qᴴ for unitary Q give
  // adj(A) = det(Vᴴ)·det(U)·V diag(c) Uᴴ, so adj(A)ᴴ = conj(det U)·det(V)·U diag(c) Vᴴ.
  const phase = T.mul(T.conj(L.det(U)), L.det(V));
  const UC = T.mul(U, T.tensor(c));
  return T.mul(T.matmul(UC, T.adjoint(V)), phase);
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
    const singular = T.sum(T.equal(d.value, 0)).item() > 0;
    // ḡ·conj(det A)·A⁻ᴴ = ḡ·adj(A)ᴴ: conj matters for complex det (d det = det·tr(A⁻¹dA)).
    if (!singular) return [mul(asMatrixFactor(mul(g, conj(d))), adjoint(inv(A)))];
    if (A.ndim !== 2) {
      throw new T.SvdError(
        'LINALG',
        'det',
        'the gradient at a singular matrix is implemented for a single matrix, not a batch',
      );
    }
    return [mul(asMatrixFactor(g), constant(adjugateAdjoint(A.value)))];
  },
});

/**
 * Determinant (batched), differentiable also at singular matrices. Accepts a Tensor or a Var.
 *
 * @example
 * det(tensor([[1, 2], [3, 4]])).item(); // -2
 */
export function det(a: T.Tensor): T.Tensor;
export function det(a: Var): Var;
export function det(a: T.Tensor | Var): T.Tensor | Var {
  checkTensorOrVar('det', 'the input', a);
  if (T.isTensor(a)) return L.det(a);
  return detRule(a) as Var;
}

/**
 * [sign, log|det A|]. d log|det A| = Re tr(A⁻¹dA), so its cotangent is ḡ·A⁻ᴴ. The sign is piecewise
 * constant for real input; for complex input it is the phase of det A, d sign = i·Im tr(A⁻¹dA)·sign,
 * whose cotangent is c·i·A⁻ᴴ with c = −Im(conj(s̄)·sign).
 */
const slogdetRule = defineRule({
  name: 'slogdet',
  forward: (a: T.Tensor) => L.slogdet(a) as T.Tensor[],
  backward: ([gSign, g], ctx) => {
    const A = ctx.inputs[0]!;
    const phaseCt = A.value.isComplex && gSign ? gSign : null;
    if (!g && !phaseCt) return [null];
    const Ainvh = adjoint(inv(A));
    let result = g ? mul(asMatrixFactor(g), Ainvh) : null;
    if (phaseCt) {
      const c = mul(imag(mul(conj(phaseCt), ctx.outputs[0]!)), -1);
      const term = mul(mul(asMatrixFactor(c), Ainvh), constant(T.tensor([0, 1], { dtype: A.dtype, shape: [] })));
      result = result ? add(result, term) : term;
    }
    return [result];
  },
});

/**
 * Sign and log-absolute-determinant `[sign, logabsdet]`, differentiable in the latter: the stable
 * way to get log|det A| of a large or badly scaled matrix.
 *
 * @example
 * const [sign, logdet] = slogdet(variable(A));
 * backward(logdet); // A.grad = A⁻ᴴ
 */
export function slogdet(a: T.Tensor): [T.Tensor, T.Tensor];
export function slogdet(a: Var): [Var, Var];
export function slogdet(a: T.Tensor | Var): [T.Tensor, T.Tensor] | [Var, Var] {
  checkTensorOrVar('slogdet', 'the input', a);
  if (T.isTensor(a)) return L.slogdet(a) as [T.Tensor, T.Tensor];
  return slogdetRule(a) as [Var, Var];
}
