import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import { type Var, adjoint, defineRule, diagEmbed, diagonal, matmul, mul, real, sub, tril } from '@svd/tape';
import { hermitianPart } from './hermitianCotangent.js';
import { solveTriangular, solveTriangularRight } from './solveTriangular.js';
import { checkBooleanOption, checkOptionKeys, checkTensorOrVar } from './checkArgs.js';

export interface CholeskyOptions {
  /** Return U with A = UᴴU instead of L with A = LLᴴ. Default false. */
  upper?: boolean;
}

/** Φ(X): the lower triangle with the diagonal halved (and made real). */
function phi(x: Var): Var {
  const d = diagonal(x);
  return sub(tril(x), diagEmbed(mul(d.value.isComplex ? real(d) : d, 0.5)));
}

/**
 * Ā = L⁻ᴴ Φ(LᴴL̄) L⁻¹, Hermitian part (Murray 2016; the PyTorch/JAX convention: the input is
 * Hermitian and so is its cotangent). Two triangular solves, no explicit inverse.
 */
const lowerRule = defineRule({
  name: 'cholesky',
  forward: (a: T.Tensor) => L.cholesky(a),
  backward: ([g], ctx) => {
    if (!g) return [null];
    const Lf = ctx.outputs[0]!;
    const P = phi(matmul(adjoint(Lf), tril(g)));
    const left = solveTriangular(adjoint(Lf), P, { lower: false });
    return [hermitianPart(solveTriangularRight(left, Lf, true))];
  },
  jvp: ([dA], ctx) => {
    if (!dA) return [null];
    const Lf = ctx.outputs[0]!;
    // dL = L Φ(L⁻¹ dA L⁻ᴴ) for a Hermitian tangent.
    const inner = solveTriangularRight(solveTriangular(Lf, hermitianPart(dA), { lower: true }), adjoint(Lf), false);
    return [matmul(Lf, phi(inner))];
  },
});

/**
 * Cholesky factor of a Hermitian positive-definite matrix (only the lower triangle is read, or
 * the upper one with `upper: true`). The cotangent is Hermitian.
 *
 * @example
 * const Lf = cholesky(variable(A));
 * backward(sum(log(diagonal(Lf)))); // ½·log det A: A.grad = ½·A⁻¹
 */
export function cholesky(x: T.Tensor, options?: CholeskyOptions): T.Tensor;
export function cholesky(x: Var, options?: CholeskyOptions): Var;
export function cholesky(x: T.Tensor | Var, options: CholeskyOptions = {}): T.Tensor | Var {
  checkTensorOrVar('cholesky', 'the input', x);
  checkOptionKeys('cholesky', options, ['upper']);
  checkBooleanOption('cholesky', 'upper', options.upper);
  const upper = options.upper ?? false;
  if (T.isTensor(x)) return L.cholesky(x, { upper });
  if (!upper) return lowerRule(x) as Var;
  // A = UᴴU with U = Lᴴ where L is the factor of Aᴴ's lower triangle, i.e. of A's upper one read as lower.
  return adjoint(lowerRule(adjoint(x)) as Var);
}
