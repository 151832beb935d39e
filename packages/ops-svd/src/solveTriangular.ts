import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import {
  type Input,
  type Var,
  adjoint,
  asVar,
  defineRule,
  matmul,
  matrixTranspose,
  mul,
  reshape,
  tril,
  triu,
} from '@svd/tape';
import { checkBooleanOption, checkOptionKeys, checkTensorOrVar } from './checkArgs.js';

export interface SolveTriangularOptions {
  /** A is lower triangular (default false, as in SciPy and @svd/linalg); only that triangle is read. */
  lower?: boolean;
  /** The diagonal is taken as ones and not read. */
  unitDiagonal?: boolean;
  /** Solve Aᵀ X = B instead. */
  transpose?: boolean;
}

/** The core rule: op(A) = A, lower or upper, B a batch of matrices. */
function coreRule(lower: boolean, unit: boolean) {
  return defineRule({
    name: 'solveTriangular',
    forward: (a: T.Tensor, b: T.Tensor) => L.solveTriangular(a, b, { lower, unitDiagonal: unit }),
    backward: ([g], ctx) => {
      if (!g) return [null, null];
      const [A] = ctx.inputs as [Var, Var];
      const X = ctx.outputs[0]!;
      // B̄ = A⁻ᴴ X̄ (Aᴴ is triangular of the other kind); Ā = −B̄ Xᴴ restricted to the triangle read.
      const gB = solveCore(adjoint(A), g, !lower, unit);
      const full = mul(matmul(gB, adjoint(X)), -1);
      const k = unit ? (lower ? -1 : 1) : 0;
      return [lower ? tril(full, k) : triu(full, k), gB];
    },
  });
}

const rules = new Map<string, ReturnType<typeof coreRule>>();

function solveCore(a: Var, b: Var, lower: boolean, unit: boolean): Var {
  const key = `${lower}:${unit}`;
  let r = rules.get(key);
  if (!r) {
    r = coreRule(lower, unit);
    rules.set(key, r);
  }
  return r(a, b);
}

/**
 * Solves op(A)·X = B for triangular A (differentiable in A and B). The cotangent of A is
 * confined to the triangle that is read (strictly, with a unit diagonal).
 *
 * @example
 * const X = solveTriangular(L, B, { lower: true });
 */
export function solveTriangular(a: T.Tensor, b: T.Tensor, options?: SolveTriangularOptions): T.Tensor;
export function solveTriangular(a: Input, b: Input, options?: SolveTriangularOptions): Var;
export function solveTriangular(a: Input, b: Input, options: SolveTriangularOptions = {}): T.Tensor | Var {
  const op = 'solveTriangular';
  checkTensorOrVar(op, 'the triangular matrix', a);
  checkTensorOrVar(op, 'the right-hand side', b);
  checkOptionKeys(op, options, ['lower', 'unitDiagonal', 'transpose']);
  for (const key of ['lower', 'unitDiagonal', 'transpose'] as const) checkBooleanOption(op, key, options[key]);
  const lower = options.lower ?? false;
  const unit = options.unitDiagonal ?? false;
  const transpose = options.transpose ?? false;
  if (T.isTensor(a) && T.isTensor(b)) {
    return L.solveTriangular(a, b, { lower, unitDiagonal: unit, transpose });
  }
  let A = asVar(a);
  let B = asVar(b);
  if (transpose) A = matrixTranspose(A);
  const vector = B.ndim === 1;
  if (vector) B = reshape(B, [B.shape[0]!, 1]);
  const X = solveCore(A, B, transpose ? !lower : lower, unit);
  return vector ? reshape(X, [X.shape[0]!]) : X;
}

/** X = B·A⁻¹ for triangular A (a right solve), via (A⁻ᴴBᴴ)ᴴ. */
export function solveTriangularRight(b: Var, a: Var, lower: boolean): Var {
  return adjoint(solveCore(adjoint(a), adjoint(b), !lower, false));
}
