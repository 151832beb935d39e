import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import { type Var, add, adjoint, concat, constant, defineRule, isVar, matmul } from '@svd/tape';
import { checkChoiceOption, checkOptionKeys, checkToleranceOption } from './checkArgs.js';
import type { GaugeMode } from './gaugePolicy.js';
import {
  type DifferentiableOperator,
  type PlainOperator,
  checkOperator,
  isOperator,
  plainFromDifferentiable,
  trackedApply,
} from './krylovOperator.js';
import { columns } from './matrixHelpers.js';
import { type SvdsSolveSettings, solveSvdsSystem, svdsComplementSolve } from './svdsComplementSolve.js';
import { type SvdsBackwardSettings, checkSvdsGauge, svdsCotangentFactors } from './svdsCotangent.js';
import { defaultDegeneracyRtol, defaultRankRtol } from './svdTolerances.js';
import { type ExtendedSvd, type KrylovForwardOptions, defined, svdsExtended } from './truncatedForward.js';

/** Options of `svds`: the forward's (passed to @svd/linalg) and the reverse rule's. */
export interface SvdsOptions {
  /** Relative tolerance of the forward's Krylov iteration (default: @svd/linalg's, near machine precision). */
  tol?: number;
  /** Restart cap of the forward (default: @svd/linalg's, 500). */
  maxRestarts?: number;
  /** Krylov dimension of the forward (default: @svd/linalg's). Raised to k + 2 when smaller (the forward asks for k + 1 triplets). */
  ncv?: number;
  /** Seed of the forward's starting vector (default: @svd/linalg's fixed seed). */
  seed?: number;
  /** The forward's method: 'auto' (default), 'krylov' or 'dense' (see @svd/linalg's svds). */
  method?: L.KrylovMethod;
  /** Relative residual of the backward's complement solves (MINRES). Default max(tol, 1e-13) in double, 1e-5 in single precision. */
  solveTol?: number;
  /** Iteration cap of each complement solve; ConvergenceError after it. Default 20·(m + n) + 100. */
  solveMaxIter?: number;
  /** As `svd`'s: |sⱼ − sᵢ| ≤ degeneracyRtol·s₁ marks a degenerate pair (also one cut by k). Default ε^(3/4). */
  degeneracyRtol?: number;
  /** As `svd`'s: sᵢ ≤ rankRtol·s₁ counts as zero. Default max(m, n)·ε. */
  rankRtol?: number;
  /** What to do when the loss depends on the gauge or on which vectors of a block cut by k are kept. Default 'warn'. */
  gauge?: GaugeMode;
  /** Tolerance of the gauge check, relative to the cotangents' scale. Default 1e-6. */
  gaugeRtol?: number;
}

const KEYS = [
  'tol',
  'maxRestarts',
  'ncv',
  'seed',
  'method',
  'solveTol',
  'solveMaxIter',
  'degeneracyRtol',
  'rankRtol',
  'gauge',
  'gaugeRtol',
] as const;

interface Resolved {
  forward: KrylovForwardOptions;
  back: SvdsBackwardSettings;
  solve: SvdsSolveSettings;
}

function resolve(op: string, o: SvdsOptions, dtype: T.DType, m: number, n: number): Resolved {
  checkOptionKeys(op, o, KEYS);
  for (const key of ['degeneracyRtol', 'rankRtol', 'gaugeRtol'] as const) checkToleranceOption(op, key, o[key]);
  for (const key of ['tol', 'solveTol'] as const) checkToleranceOption(op, key, o[key], true);
  checkChoiceOption(op, 'gauge', o.gauge, ['off', 'warn', 'throw']);
  const single = T.isSinglePrecision(dtype);
  if (o.solveMaxIter !== undefined && !(Number.isInteger(o.solveMaxIter) && o.solveMaxIter > 0)) {
    throw new T.ValueError(
      op,
      `option solveMaxIter must be a positive integer, got ${T.describeValue(o.solveMaxIter)}`,
    );
  }
  return {
    forward: { tol: o.tol, maxRestarts: o.maxRestarts, ncv: o.ncv, seed: o.seed, method: o.method },
    back: {
      degeneracyRtol: o.degeneracyRtol ?? defaultDegeneracyRtol(dtype),
      rankRtol: o.rankRtol ?? defaultRankRtol(dtype, m, n),
      gauge: o.gauge ?? 'warn',
      gaugeRtol: o.gaugeRtol ?? 1e-6,
    },
    solve: {
      // Tied to the forward's accuracy: a solve far tighter than the triplets themselves buys nothing.
      tol: o.solveTol ?? Math.max(o.tol ?? 0, single ? 1e-5 : 1e-13),
      maxIter: o.solveMaxIter ?? 20 * (m + n) + 100,
      op,
    },
  };
}

function checkK(op: string, k: unknown, m: number, n: number): number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k > Math.min(m, n)) {
    throw new T.ValueError(
      op,
      `k must be an integer in [0, ${Math.min(m, n)}] for a ${m}×${n} input, got ${T.describeValue(k)}`,
    );
  }
  return k;
}

function firstK(e: ExtendedSvd, U: Var, S: Var, V: Var): [Var, Var, Var] {
  return [columns(U, 0, e.k), columns(S, 0, e.k), columns(V, 0, e.k)];
}

/** The rule for a dense A (Var): backward in tape ops, complement through the implicit solve rule. */
function denseRule(e: ExtendedSvd, r: Resolved) {
  return defineRule({
    name: 'svds',
    forward: () => [e.U, e.S, e.V],
    backward: ([gU, gS, gV], ctx) => {
      const [Ue, Se, Ve] = ctx.outputs;
      checkSvdsGauge(
        Ue.value,
        Se.value,
        Ve.value,
        e.k,
        [gU?.value ?? null, gS?.value ?? null, gV?.value ?? null],
        r.back,
      );
      const A = ctx.inputs[0]!;
      const f = svdsCotangentFactors(Ue, Se, Ve, e.k, gU, gS, gV, r.back, (ru, rv, s) =>
        svdsComplementSolve(A, Ue, s, Ve, ru, rv, r.solve),
      );
      let gA = matmul(f.UGamma, adjoint(Ve));
      if (f.X && f.Y) {
        gA = add(gA, add(matmul(f.X, adjoint(columns(Ve, 0, e.k))), matmul(columns(Ue, 0, e.k), adjoint(f.Y))));
      }
      return [gA];
    },
  });
}

/**
 * The rule for an operator: its inputs are the two tracked applications A·Vₑ and Aᴴ·Uₑ made once
 * after the forward, so Ā = (UₑΓ + [X 0])·Vₑᴴ + Uₑ·[Y 0]ᴴ reaches the operator's Vars as the
 * cotangents UₑΓ + [X 0] of A·Vₑ and [Y 0] of Aᴴ·Uₑ: nothing m×n is formed. The backward returns
 * plain tensors (first order only: the tape refuses a second derivative through it).
 */
function operatorRule(e: ExtendedSvd, r: Resolved, plain: PlainOperator) {
  return defineRule({
    name: 'svds',
    forward: () => [e.U, e.S, e.V],
    backward: ([gU, gS, gV], ctx) => {
      const [Ue, Se, Ve] = ctx.outputs.map((v) => constant(v.value)) as [Var, Var, Var];
      const c = (g: Var | null) => (g ? constant(g.value) : null);
      checkSvdsGauge(
        Ue.value,
        Se.value,
        Ve.value,
        e.k,
        [gU?.value ?? null, gS?.value ?? null, gV?.value ?? null],
        r.back,
      );
      const f = svdsCotangentFactors(Ue, Se, Ve, e.k, c(gU), c(gS), c(gV), r.back, (ru, rv, s) => {
        const [X, Y] = solveSvdsSystem(
          plain,
          Ue.value,
          Ve.value,
          Float64Array.from(s.value.toTypedArray(false)),
          ru.value,
          rv.value,
          r.solve,
        );
        return [constant(X), constant(Y)];
      });
      const p = e.S.shape[0]!;
      const pad = (Z: Var) =>
        p === e.k ? Z : concat([Z, constant(T.zeros([Z.shape[0]!, p - e.k], { dtype: Z.dtype }))], -1);
      const gAV = f.X ? add(f.UGamma, pad(f.X)) : f.UGamma;
      const gAhU = f.Y ? pad(f.Y).value : null;
      return [gAV.value, gAhU];
    },
  });
}

/**
 * The k largest singular triplets A ≈ U·diag(S)·Vᴴ (U m×k, S descending, V n×k) of a matrix or of
 * an operator known only through its action, by @svd/linalg's Krylov solver — differentiable.
 *
 * `A` may be a Tensor (plain result), a Var (dense, tracked), or a {@link DifferentiableOperator}
 * whose `apply`/`applyAdjoint` are written with tape ops: the gradient then reaches the Vars they
 * capture, through two tracked applications A·V and Aᴴ·U, and nothing m×n is ever formed.
 *
 * The reverse rule is exact for the truncated decomposition — it equals `svd(A, { rank: k })`'s —
 * without a full decomposition: the k×k in-subspace part is the thin SVD rule (partial fractions,
 * degenerate pairs masked as in `svd`), and the coupling to the discarded part comes from the
 * Sylvester-type systems X·S − A⊥·Y = Ū⊥, Y·S − A⊥ᴴ·X = V̄⊥ (A⊥ = (I − UUᴴ)A(I − VVᴴ)), solved per
 * column by MINRES with applications of A and Aᴴ only, as KrylovKit.jl's `svdsolve` rule does.
 * A degenerate block cut by k is completed in the forward (one extra triplet is always computed to
 * see it) and reported through the gauge policy. For a Var, second derivatives (`hvp`) work: the
 * solve is itself a rule with an implicit-function backward. For an operator, first order only.
 *
 * @example
 * const A = variable(randn([300, 200], { seed: 1 }));
 * const [U, S, V] = svds(A, 5);
 * backward(sum(S)); // A.grad = U·Vᴴ of the 5 top triplets, plus nothing from the rest
 */
export function svds(A: T.Tensor, k: number, options?: SvdsOptions): [T.Tensor, T.Tensor, T.Tensor];
export function svds(A: Var | DifferentiableOperator, k: number, options?: SvdsOptions): [Var, Var, Var];
export function svds(
  A: T.Tensor | Var | DifferentiableOperator,
  k: number,
  options: SvdsOptions = {},
): [T.Tensor, T.Tensor, T.Tensor] | [Var, Var, Var] {
  const op = 'svds';
  if (isOperator(A)) {
    checkOperator(op, A, false);
    const [m, n] = A.shape;
    const r = resolve(op, options, A.dtype, m, n);
    const plain = plainFromDifferentiable(op, A);
    const e = svdsExtended(plain, checkK(op, k, m, n), r.back.degeneracyRtol, r.forward);
    const AV = trackedApply(A, false, e.V);
    const AhU = trackedApply(A, true, e.U);
    const [U, S, V] = operatorRule(e, r, plain)(AV, AhU) as [Var, Var, Var];
    return firstK(e, U, S, V);
  }
  const t = checkMatrix(op, A);
  const [m, n] = [t.shape[0]!, t.shape[1]!];
  const r = resolve(op, options, t.dtype, m, n);
  // A plain Tensor needs no backward: exactly @svd/linalg's svds(A, k), same bits.
  if (T.isTensor(A)) return L.svds(A, checkK(op, k, m, n), defined(r.forward));
  const e = svdsExtended(t, checkK(op, k, m, n), r.back.degeneracyRtol, r.forward);
  const [U, S, V] = denseRule(e, r)(A) as [Var, Var, Var];
  return firstK(e, U, S, V);
}

/** A 2-D Tensor or Var with finite entries, as a Tensor (its value). */
export function checkMatrix(op: string, A: unknown): T.Tensor {
  const t = T.isTensor(A) ? A : isVar(A) ? A.value : null;
  if (!t) {
    throw new T.ValueError(
      op,
      `A must be a Tensor, a tape Var or an operator { shape, dtype, apply, applyAdjoint }, got ${T.describeValue(A)}`,
    );
  }
  if (t.ndim !== 2) throw new T.ShapeError(op, `A must be a matrix (2-D), got shape [${t.shape.join(', ')}]`);
  return t;
}
