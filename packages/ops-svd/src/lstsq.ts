import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import {
  type Input,
  type Var,
  add,
  adjoint,
  asVar,
  constant,
  defineRule,
  imag,
  matmul,
  mul,
  real,
  reshape,
  square,
  sub,
  sum,
} from '@svd/tape';
import { pinv } from './pinv.js';
import { svdvals } from './svd.js';

export interface LstsqOptions {
  /** Singular values ≤ rcond·S[0] count as zero. Default max(m, n)·ε (NumPy's `rcond=None`). */
  rcond?: number;
}

/**
 * X = A⁺B (the minimum-norm least-squares solution). With P = A⁺ and the rank held fixed,
 * dX = dP·B + P·dB and dP = −P dA P + P Pᴴ dAᴴ (I − A P) + (I − P A) dAᴴ Pᴴ P (Golub & Pereyra
 * 1973), so B̄ = Pᴴ X̄ and Ā is the pseudo-inverse's pullback of Ḡ = X̄ Bᴴ:
 *   Ā = −Pᴴ Ḡ Pᴴ + (I − A P) Ḡᴴ P Pᴴ + Pᴴ P Ḡᴴ (I − P A).
 * P is recomputed in the backward through the differentiable `pinv`, so second order works; its
 * cutoff is the forward's, so the rank cannot change between them.
 */
function lstsqRule(rcond: number | undefined) {
  const rtol = rcond === undefined ? {} : { rtol: rcond };
  return defineRule({
    name: 'lstsq',
    forward: (a: T.Tensor, b: T.Tensor) => L.lstsq(a, b, rcond === undefined ? {} : { rcond })[0],
    backward: ([g], ctx) => {
      if (!g) return [null, null];
      const [A, B] = ctx.inputs as [Var, Var];
      const P = pinv(A, rtol);
      const Ph = adjoint(P);
      const Gh = matmul(B, adjoint(g)); // Ḡᴴ = B X̄ᴴ
      const t1 = mul(matmul(matmul(Ph, adjoint(Gh)), Ph), -1);
      const X2 = matmul(matmul(Gh, P), Ph);
      const t2 = sub(X2, matmul(A, matmul(P, X2)));
      const X3 = matmul(matmul(Ph, P), Gh);
      const t3 = sub(X3, matmul(matmul(X3, P), A));
      return [add(add(t1, t2), t3), matmul(Ph, g)];
    },
    jvp: ([dA, dB], ctx) => {
      const [A, B] = ctx.inputs as [Var, Var];
      const P = pinv(A, rtol);
      const parts: Var[] = [];
      if (dB) parts.push(matmul(P, dB));
      if (dA) {
        const Ph = adjoint(P);
        const dAh = adjoint(dA);
        const PB = matmul(P, B);
        const r1 = mul(matmul(P, matmul(dA, PB)), -1);
        const Y = matmul(dAh, sub(B, matmul(A, PB))); // dAᴴ (I − A P) B
        const r2 = matmul(P, matmul(Ph, Y));
        const Z = matmul(dAh, matmul(Ph, PB)); // dAᴴ Pᴴ P B
        const r3 = sub(Z, matmul(P, matmul(A, Z)));
        parts.push(add(add(r1, r2), r3));
      }
      return [parts.length === 2 ? add(parts[0]!, parts[1]!) : parts[0]!];
    },
  });
}

/**
 * Least squares min ‖B − A·X‖ with NumPy's semantics (minimum-norm X for every shape, tall,
 * wide or rank-deficient), differentiable in A and B: `[X, residuals, rank, S]` as in
 * `@svd/linalg`'s `lstsq`. X's gradient is exact also for rank-deficient A (the pseudo-inverse's
 * constant-rank derivative); residuals (when present) and S are differentiable too, rank is a
 * constant. Accepts Tensors or Vars.
 *
 * @example
 * const A = variable(tensor([[1, 0], [1, 1], [1, 2]]));
 * const [x] = lstsq(A, tensor([1, 2, 4]));
 * backward(sum(x)); // A.grad: how the fitted line's coefficients move with the design matrix
 */
export function lstsq(a: T.Tensor, b: T.Tensor, options?: LstsqOptions): [T.Tensor, T.Tensor, T.Tensor, T.Tensor];
export function lstsq(a: Input, b: Input, options?: LstsqOptions): [Var, Var, Var, Var];
export function lstsq(
  a: Input,
  b: Input,
  options: LstsqOptions = {},
): [T.Tensor, T.Tensor, T.Tensor, T.Tensor] | [Var, Var, Var, Var] {
  const opts = options.rcond === undefined ? {} : { rcond: options.rcond };
  if (a instanceof T.Tensor && b instanceof T.Tensor) return L.lstsq(a, b, opts);
  const A = asVar(a);
  const B = asVar(b);
  // The plain forward validates everything and gives residuals' shape, rank and S's values.
  const [, res, rank] = L.lstsq(A.value, B.value, opts);
  const vector = B.ndim === 1;
  const m = A.shape[A.ndim - 2]!;
  const Bm = vector ? reshape(B, [m, 1]) : B;
  const Xm = lstsqRule(options.rcond)(A, Bm) as Var;
  const X = vector ? reshape(Xm, Xm.shape.slice(0, -1)) : Xm;
  let residuals: Var;
  if (res.shape[res.ndim - 1] === 0) {
    residuals = constant(res);
  } else {
    const R = sub(matmul(A, Xm), Bm);
    const sq = R.dtype === 'complex128' || R.dtype === 'complex64' ? add(square(real(R)), square(imag(R))) : square(R);
    residuals = sum(sq, { axes: -2 });
  }
  return [X, residuals, constant(rank), svdvals(A)];
}
