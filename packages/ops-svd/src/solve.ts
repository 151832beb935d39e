import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import { type Input, type Var, adjoint, asVar, defineRule, matmul, mul, reshape } from '@svd/tape';
import { checkTensorOrVar } from './checkArgs.js';

/** X = A⁻¹B for square A and a batch of matrices B: B̄ = A⁻ᴴX̄, Ā = −B̄Xᴴ. */
const solveRule = defineRule({
  name: 'solve',
  forward: (a: T.Tensor, b: T.Tensor) => L.solve(a, b),
  backward: ([g], ctx) => {
    if (!g) return [null, null];
    const [A] = ctx.inputs as [Var, Var];
    const X = ctx.outputs[0]!;
    const gB = solveMatrix(adjoint(A), g);
    return [mul(matmul(gB, adjoint(X)), -1), gB];
  },
});

function solveMatrix(a: Var, b: Var): Var {
  return solveRule(a, b) as Var;
}

/**
 * Solves A·X = B (B a vector or a matrix), differentiable in both.
 *
 * @example
 * const x = solve(variable(A), b);
 */
export function solve(a: T.Tensor, b: T.Tensor): T.Tensor;
export function solve(a: Input, b: Input): Var;
export function solve(a: Input, b: Input): T.Tensor | Var {
  checkTensorOrVar('solve', 'the coefficient matrix', a);
  checkTensorOrVar('solve', 'the right-hand side', b);
  if (T.isTensor(a) && T.isTensor(b)) return L.solve(a, b);
  const A = asVar(a);
  const B = asVar(b);
  if (B.ndim === 1) return reshape(solveMatrix(A, reshape(B, [B.shape[0]!, 1])), [B.shape[0]!]);
  return solveMatrix(A, B);
}

/** Y = A⁻¹: Ā = −Yᴴ Ȳ Yᴴ. */
const invRule = defineRule({
  name: 'inv',
  forward: (a: T.Tensor) => L.inv(a),
  backward: ([g], ctx) => {
    if (!g) return [null];
    const Yh = adjoint(ctx.outputs[0]!);
    return [mul(matmul(matmul(Yh, g), Yh), -1)];
  },
});

/**
 * Matrix inverse, differentiable: Ā = −A⁻ᴴ·X̄·A⁻ᴴ for X = A⁻¹.
 * Accepts a Tensor or a Var. Prefer `solve(A, b)` to `matmul(inv(A), b)`.
 *
 * @example
 * const Ainv = inv(variable(tensor([[2, 0], [0, 4]]))); // [[0.5, 0], [0, 0.25]]
 */
export function inv(a: T.Tensor): T.Tensor;
export function inv(a: Var): Var;
export function inv(a: T.Tensor | Var): T.Tensor | Var {
  checkTensorOrVar('inv', 'the input', a);
  if (T.isTensor(a)) return L.inv(a);
  return invRule(a) as Var;
}
