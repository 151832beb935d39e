import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import {
  type Input,
  type Var,
  add,
  adjoint,
  asVar,
  broadcastTo,
  defineRule,
  matmul,
  mul,
  reshape,
  sub,
  tril,
  triu,
} from '@svd/tape';

export interface CholeskySolveOptions {
  /** The factor is upper triangular U with A = Uᴴ·U (default: lower L, A = L·Lᴴ). */
  upper?: boolean;
}

/*
 * A = L·Lᴴ (or Uᴴ·U). From Ā (the cotangent of A), the factor's cotangent is
 * L̄ = tril((Ā + Āᴴ)·L), or Ū = triu(U·(Ā + Āᴴ)): dA = dL·Lᴴ + L·dLᴴ, and only the named
 * triangle of the factor is read. jvp: dA = dL·Lᴴ + L·dLᴴ with dL confined to the triangle.
 */
function factorCotangent(F: Var, gA: Var, upper: boolean): Var {
  const sym = add(gA, adjoint(gA));
  return upper ? triu(matmul(F, sym)) : tril(matmul(sym, F));
}

function tangentOfA(F: Var, dF: Var, upper: boolean): Var {
  const d = upper ? triu(dF) : tril(dF);
  return upper ? add(matmul(adjoint(d), F), matmul(adjoint(F), d)) : add(matmul(d, adjoint(F)), matmul(F, adjoint(d)));
}

const solveRules = new Map<boolean, ReturnType<typeof makeSolveRule>>();
const inverseRules = new Map<boolean, ReturnType<typeof makeInverseRule>>();

/** X = A⁻¹·B: B̄ = A⁻¹·X̄ (A Hermitian), Ā = −B̄·Xᴴ; jvp dX = A⁻¹·(dB − dA·X). */
function makeSolveRule(upper: boolean) {
  const rule = defineRule({
    name: upper ? 'choleskySolve(upper)' : 'choleskySolve',
    forward: (f: T.Tensor, b: T.Tensor) => L.choleskySolve(f, b, { upper }),
    backward: ([g], ctx) => {
      if (!g) return [null, null];
      const F = ctx.inputs[0]!;
      const gB = rule(F, g) as Var;
      return [factorCotangent(F, mul(matmul(gB, adjoint(ctx.outputs[0]!)), -1), upper), gB];
    },
    jvp: ([dF, dB], ctx): [Var | null] => {
      const F = ctx.inputs[0]!;
      let rhs: Var | null = dB ?? null;
      if (dF) {
        const dAX = matmul(tangentOfA(F, dF, upper), ctx.outputs[0]!);
        rhs = rhs ? sub(rhs, dAX) : mul(dAX, -1);
      }
      return [rhs ? (rule(F, rhs) as Var) : null];
    },
  });
  return rule;
}

/** X = A⁻¹ (Hermitian): Ā = −X·X̄·X; jvp dX = −X·dA·X. */
function makeInverseRule(upper: boolean) {
  return defineRule({
    name: upper ? 'choleskyInverse(upper)' : 'choleskyInverse',
    forward: (f: T.Tensor) => L.choleskyInverse(f, { upper }),
    backward: ([g], ctx) => {
      if (!g) return [null];
      const X = ctx.outputs[0]!;
      return [factorCotangent(ctx.inputs[0]!, mul(matmul(matmul(X, g), X), -1), upper)];
    },
    jvp: ([dF], ctx) => {
      if (!dF) return [null];
      const X = ctx.outputs[0]!;
      return [mul(matmul(matmul(X, tangentOfA(ctx.inputs[0]!, dF, upper)), X), -1)];
    },
  });
}

/**
 * Solves A·X = B from the Cholesky factor of A (potrs), differentiable in the factor (its
 * cotangent confined to the triangle read) and in B. B is a vector [n] or a stack [..., n, k].
 * Accepts Tensors or Vars.
 *
 * @example
 * const Lf = cholesky(variable(A));
 * const x = choleskySolve(Lf, b); // gradients reach A through the factor
 */
export function choleskySolve(f: T.Tensor, b: T.Tensor, options?: CholeskySolveOptions): T.Tensor;
export function choleskySolve(f: Input, b: Input, options?: CholeskySolveOptions): Var;
export function choleskySolve(f: Input, b: Input, options: CholeskySolveOptions = {}): T.Tensor | Var {
  const upper = options.upper ?? false;
  if (f instanceof T.Tensor && b instanceof T.Tensor) return L.choleskySolve(f, b, { upper });
  const F = asVar(f);
  let B = asVar(b);
  L.choleskySolve(F.value, B.value, { upper }); // validates with choleskySolve's messages
  const n = F.shape[F.ndim - 1]!;
  const vector = B.ndim === 1;
  if (vector) B = reshape(B, [n, 1]);
  const batch = T.broadcastShapes('choleskySolve', F.shape.slice(0, -2), B.shape.slice(0, -2));
  const Fb =
    F.ndim - 2 === batch.length && F.shape.slice(0, -2).every((d, i) => d === batch[i])
      ? F
      : broadcastTo(F, [...batch, n, n]);
  const k = B.shape[B.ndim - 1]!;
  const Bb =
    B.ndim - 2 === batch.length && B.shape.slice(0, -2).every((d, i) => d === batch[i])
      ? B
      : broadcastTo(B, [...batch, n, k]);
  let rule = solveRules.get(upper);
  if (!rule) {
    rule = makeSolveRule(upper);
    solveRules.set(upper, rule);
  }
  const X = rule(Fb, Bb) as Var;
  return vector ? reshape(X, X.shape.slice(0, -1)) : X;
}

/**
 * A⁻¹ from the Cholesky factor of A (potri), differentiable in the factor. Accepts a Tensor or a
 * Var.
 *
 * @example
 * const Ainv = choleskyInverse(cholesky(variable(A)));
 */
export function choleskyInverse(f: T.Tensor, options?: CholeskySolveOptions): T.Tensor;
export function choleskyInverse(f: Var, options?: CholeskySolveOptions): Var;
export function choleskyInverse(f: T.Tensor | Var, options: CholeskySolveOptions = {}): T.Tensor | Var {
  const upper = options.upper ?? false;
  if (f instanceof T.Tensor) return L.choleskyInverse(f, { upper });
  let rule = inverseRules.get(upper);
  if (!rule) {
    rule = makeInverseRule(upper);
    inverseRules.set(upper, rule);
  }
  return rule(f) as Var;
}
