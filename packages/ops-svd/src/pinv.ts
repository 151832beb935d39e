import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import { type Var, add, adjoint, defineRule, matmul, mul, sub } from '@svd/tape';
import { checkOptionKeys, checkTensorOrVar, checkToleranceOption } from './checkArgs.js';

export interface PinvOptions {
  /** Singular values below rtol·s_max are treated as zero. Default max(m,n)·ε. */
  rtol?: number;
}

/**
 * Moore–Penrose inverse P = A⁺ with the constant-rank derivative (Golub & Pereyra):
 *   dP = −P dA P + P Pᴴ dAᴴ (I − A P) + (I − P A) dAᴴ Pᴴ P,
 * whose adjoint is Ā = −Pᴴ Ḡ Pᴴ + (I − A P) Ḡᴴ P Pᴴ + Pᴴ P Ḡᴴ (I − P A). Projectors are applied
 * as X − A(PX); nothing larger than the input is formed.
 */
function makeRule(rtol: number | undefined) {
  return defineRule({
    name: 'pinv',
    forward: (a: T.Tensor) => L.pinv(a, rtol === undefined ? {} : { rtol }),
    backward: ([g], ctx) => {
      if (!g) return [null];
      const A = ctx.inputs[0]!;
      const P = ctx.outputs[0]!;
      const Ph = adjoint(P);
      const Gh = adjoint(g);
      const t1 = mul(matmul(matmul(Ph, g), Ph), -1);
      const X2 = matmul(matmul(Gh, P), Ph); // (I − A P) X2
      const t2 = sub(X2, matmul(A, matmul(P, X2)));
      const X3 = matmul(matmul(Ph, P), Gh); // X3 (I − P A)
      const t3 = sub(X3, matmul(matmul(X3, P), A));
      return [add(add(t1, t2), t3)];
    },
  });
}

/**
 * Pseudo-inverse, differentiable where the numerical rank does not change. Accepts a Tensor or a
 * Var; singular values below `rtol`·s_max are treated as zero.
 *
 * @example
 * const P = pinv(variable(randn([5, 3], { seed: 2 }))); // 3×5, P·A = I₃
 */
export function pinv(a: T.Tensor, options?: PinvOptions): T.Tensor;
export function pinv(a: Var, options?: PinvOptions): Var;
export function pinv(a: T.Tensor | Var, options: PinvOptions = {}): T.Tensor | Var {
  checkTensorOrVar('pinv', 'the input', a);
  checkOptionKeys('pinv', options, ['rtol']);
  checkToleranceOption('pinv', 'rtol', options.rtol);
  if (T.isTensor(a)) return L.pinv(a, options.rtol === undefined ? {} : { rtol: options.rtol });
  return makeRule(options.rtol)(a) as Var;
}
