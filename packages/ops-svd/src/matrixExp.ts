import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import { type Var, adjoint, concat, constant, defineRule, mul, slice } from '@svd/tape';

/**
 * E = exp(A). Both directions go through the Fréchet derivative L(X, E) = d/dt exp(X + tE)|₀,
 * read off the upper-right block of exp([[X, E], [0, X]]) (Higham 2008, Thm 3.6; Mathias 1996):
 * the jvp is L(A, dA) and the pullback Ā = L(Aᴴ, Ē). Both call this same rule on the 2n×2n
 * block matrix, so the pullback is differentiable again (Hessians of exp-based losses).
 */
const matrixExpRule = defineRule({
  name: 'matrixExp',
  forward: (a: T.Tensor) => L.matrixExp(a),
  backward: ([g], ctx) => (g ? [frechet(adjoint(ctx.inputs[0]!), g)] : [null]),
  jvp: ([t], ctx) => (t ? [frechet(ctx.inputs[0]!, t)] : [null]),
});

/**
 * L(X, E): the upper-right n×n block of exp([[X, c·E], [0, X]]) divided by c. L is linear in E;
 * the constant c = ‖X‖/‖E‖ (max entries, a power of two so it is exact) keeps the two blocks of
 * comparable size, which the scaling-and-squaring error bound needs (Higham 2008, §10.6).
 */
function frechet(x: Var, e: Var): Var {
  const n = x.shape[x.ndim - 1]!;
  const c = balance(x.value, e.value);
  const ce = c === 1 ? e : mul(e, c);
  const zero = constant(T.zeros(x.shape, { dtype: x.dtype }));
  const big = matrixExpRule(concat([concat([x, ce], -1), concat([zero, x], -1)], -2)) as Var;
  const batch = x.shape.slice(0, -2).map(() => null);
  const block = slice(big, ...batch, [0, n], [n, 2 * n]);
  return c === 1 ? block : mul(block, 1 / c);
}

function balance(x: T.Tensor, e: T.Tensor): number {
  if (x.size === 0) return 1;
  const nx = T.max(T.abs(x)).item();
  const ne = T.max(T.abs(e)).item();
  if (!(ne > 0) || !(nx > 0) || !Number.isFinite(nx / ne)) return 1;
  return 2 ** Math.round(Math.log2(nx / ne));
}

/**
 * Matrix exponential exp(A) (scaling and squaring, Padé 13, as SciPy's `expm`), differentiable
 * to any order: the pullback Ā = L(Aᴴ, Ē) and the jvp L(A, dA) use the Fréchet derivative from
 * the block-triangular exponential exp([[Aᴴ, Ē], [0, Aᴴ]]). Accepts a Tensor or a Var.
 *
 * @example
 * const A = variable(tensor([[0, 1], [-1, 0]]));
 * const g = grad((a: Var) => trace(matrixExp(a)))(A.value); // = exp(A)ᵀ
 */
export function matrixExp(a: T.Tensor): T.Tensor;
export function matrixExp(a: Var): Var;
export function matrixExp(a: T.Tensor | Var): T.Tensor | Var {
  if (a instanceof T.Tensor) return L.matrixExp(a);
  return matrixExpRule(a) as Var;
}
