import * as T from '@svd/tensor';
import { type Var, constant, isVar, noGrad } from '@svd/tape';

/**
 * A linear operator A (m×n) known only through its action, written with tape ops so that the
 * gradient of `svds`/`eigsh`/`svdLowRank` reaches the Vars it captures. `apply` maps an n×b block
 * to A·X (m×b); `applyAdjoint` maps an m×b block to Aᴴ·Y (n×b). For `eigsh` the operator is
 * Hermitian (m = n) and `applyAdjoint` may be omitted (it is `apply`).
 *
 * @example
 * // A = L·Lᴴ + diag(d), with d a tracked Var: never formed, only applied
 * const d = variable(rand([500], { seed: 1 }));
 * const op: DifferentiableOperator = {
 *   shape: [500, 500], dtype: 'float64',
 *   apply: (x) => add(matmul(L, matmul(adjoint(L), x)), mul(unsqueeze(d, -1), x)),
 * };
 */
export interface DifferentiableOperator {
  readonly shape: readonly [number, number];
  readonly dtype: T.DType;
  apply(x: Var): Var;
  applyAdjoint?(x: Var): Var;
}

/** The same operator on plain tensors, for the forward and the iterative solves. */
export interface PlainOperator {
  readonly m: number;
  readonly n: number;
  readonly dtype: T.DType;
  apply(x: T.Tensor): T.Tensor;
  applyAdjoint(x: T.Tensor): T.Tensor;
}

/** True for `{ shape, dtype, apply }` objects that are neither Tensors nor Vars. */
export function isOperator(x: unknown): x is DifferentiableOperator {
  return (
    typeof x === 'object' &&
    x !== null &&
    !T.isTensor(x) &&
    !isVar(x) &&
    typeof (x as { apply?: unknown }).apply === 'function'
  );
}

/** Checks an operator's shape and dtype (a ValueError naming the op otherwise). */
export function checkOperator(op: string, A: DifferentiableOperator, square: boolean): void {
  const s = A.shape as unknown;
  if (
    !Array.isArray(s) ||
    s.length !== 2 ||
    !s.every((d) => Number.isInteger(d) && (d as number) >= 0) ||
    (square && s[0] !== s[1])
  ) {
    throw new T.ValueError(
      op,
      `the operator's shape must be ${square ? '[n, n] (a Hermitian operator)' : '[m, n]'} with non-negative integers, got ${T.describeValue(s)}`,
    );
  }
  if (!T.isDType(A.dtype)) {
    throw new T.ValueError(op, `the operator's dtype must be a dtype name, got ${T.describeValue(A.dtype)}`);
  }
  if (!square && typeof A.applyAdjoint !== 'function') {
    throw new T.ValueError(op, "the operator needs applyAdjoint(x) (Aᴴ·x) besides apply(x), got no 'applyAdjoint'");
  }
}

/** An operator's result must be a Var (or Tensor) of the expected shape, else a ValueError. */
function checkResult(op: string, what: string, y: unknown, rows: number, cols: number): T.Tensor {
  const t = isVar(y) ? y.value : T.isTensor(y) ? y : null;
  if (t?.ndim !== 2 || t.shape[0] !== rows || t.shape[1] !== cols) {
    const got = t ? `shape [${t.shape.join(', ')}]` : T.describeValue(y);
    throw new T.ValueError(op, `the operator's ${what} must return a ${rows}×${cols} block, got ${got}`);
  }
  return t;
}

/** Plain view of a differentiable operator: applications run untracked (noGrad). */
export function plainFromDifferentiable(op: string, A: DifferentiableOperator): PlainOperator {
  const [m, n] = A.shape;
  const adj = A.applyAdjoint ?? A.apply;
  return {
    m,
    n,
    dtype: A.dtype,
    apply: (x) =>
      checkResult(
        op,
        'apply',
        noGrad(() => A.apply(constant(x))),
        m,
        x.shape[1]!,
      ),
    applyAdjoint: (x) =>
      checkResult(
        op,
        'applyAdjoint',
        noGrad(() => adj.call(A, constant(x))),
        n,
        x.shape[1]!,
      ),
  };
}

/** A dense matrix as an operator. */
export function plainFromDense(A: T.Tensor): PlainOperator {
  return {
    m: A.shape[0]!,
    n: A.shape[1]!,
    dtype: A.dtype,
    apply: (x) => T.matmul(A, x),
    applyAdjoint: (x) => T.matmul(T.adjoint(A), x),
  };
}

/** A tracked application of the operator's `apply` or `applyAdjoint` to a constant block. */
export function trackedApply(A: DifferentiableOperator, adjointSide: boolean, x: T.Tensor): Var {
  const f = adjointSide ? (A.applyAdjoint ?? A.apply) : A.apply;
  return f.call(A, constant(x));
}
