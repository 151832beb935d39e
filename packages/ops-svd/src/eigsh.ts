import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import {
  type Var,
  add,
  adjoint,
  concat,
  constant,
  defineRule,
  diagEmbed,
  matmul,
  mul,
  sub,
  unsqueeze,
} from '@svd/tape';
import { checkChoiceOption, checkOptionKeys, checkToleranceOption } from './checkArgs.js';
import { checkGauge } from './eigh.js';
import { eigshComplementSolve, solveEigshSystem } from './eigshComplementSolve.js';
import { type GaugeMode, reportGauge } from './gaugePolicy.js';
import { hermitianPart } from './hermitianCotangent.js';
import {
  type DifferentiableOperator,
  type PlainOperator,
  checkOperator,
  isOperator,
  plainFromDifferentiable,
  trackedApply,
} from './krylovOperator.js';
import { antiHermitian, columns } from './matrixHelpers.js';
import { maskedReciprocal, spectralScale } from './spectralMasks.js';
import { checkMatrix } from './svds.js';
import type { SvdsSolveSettings } from './svdsComplementSolve.js';
import { type EigshForwardOptions, type ExtendedEigsh, defined, eigshExtended } from './truncatedForward.js';

/** Options of `eigsh`: the forward's (passed to @svd/linalg) and the reverse rule's. */
export interface EigshOptions {
  /** 'largest' (default), 'smallest' or 'largestMagnitude'. W is returned ascending in every case. */
  which?: L.EigshWhich;
  /** Relative tolerance of the forward (default: @svd/linalg's, near machine precision). */
  tol?: number;
  /** Restart cap of the forward (default 500). */
  maxRestarts?: number;
  /** Krylov dimension of the forward (raised to k + 2 when smaller: k + 1 pairs are computed). */
  ncv?: number;
  /** Seed of the forward's starting vector. */
  seed?: number;
  /** 'auto' (default), 'krylov' or 'dense'. */
  method?: L.KrylovMethod;
  /** Relative residual of the backward's complement solves (MINRES). Default max(tol, 1e-13); 1e-5 in single precision. */
  solveTol?: number;
  /** Iteration cap of each complement solve (ConvergenceError after it). Default 20·n + 100. */
  solveMaxIter?: number;
  /** |λⱼ − λᵢ| ≤ degeneracyRtol·max|λ| marks a degenerate pair (also one cut by k). Default ε^(3/4). */
  degeneracyRtol?: number;
  /** What to do when the loss depends on the gauge or on which vectors of a block cut by k are kept. Default 'warn'. */
  gauge?: GaugeMode;
  /** Tolerance of the gauge check. Default 1e-6. */
  gaugeRtol?: number;
}

const KEYS = [
  'which',
  'tol',
  'maxRestarts',
  'ncv',
  'seed',
  'method',
  'solveTol',
  'solveMaxIter',
  'degeneracyRtol',
  'gauge',
  'gaugeRtol',
] as const;

interface Resolved {
  forward: EigshForwardOptions;
  degeneracyRtol: number;
  gauge: GaugeMode;
  gaugeRtol: number;
  solve: SvdsSolveSettings;
}

function resolve(o: EigshOptions, dtype: T.DType, n: number): Resolved {
  const op = 'eigsh';
  checkOptionKeys(op, o, KEYS);
  checkToleranceOption(op, 'degeneracyRtol', o.degeneracyRtol);
  checkToleranceOption(op, 'gaugeRtol', o.gaugeRtol);
  checkToleranceOption(op, 'tol', o.tol, true);
  checkToleranceOption(op, 'solveTol', o.solveTol, true);
  checkChoiceOption(op, 'gauge', o.gauge, ['off', 'warn', 'throw']);
  checkChoiceOption(op, 'which', o.which, ['largest', 'smallest', 'largestMagnitude']);
  if (o.solveMaxIter !== undefined && !(Number.isInteger(o.solveMaxIter) && o.solveMaxIter > 0)) {
    throw new T.ValueError(
      op,
      `option solveMaxIter must be a positive integer, got ${T.describeValue(o.solveMaxIter)}`,
    );
  }
  const single = T.isSinglePrecision(dtype);
  return {
    forward: { which: o.which, tol: o.tol, maxRestarts: o.maxRestarts, ncv: o.ncv, seed: o.seed, method: o.method },
    degeneracyRtol: o.degeneracyRtol ?? T.epsOf(dtype) ** 0.75,
    gauge: o.gauge ?? 'warn',
    gaugeRtol: o.gaugeRtol ?? 1e-6,
    solve: {
      tol: o.solveTol ?? Math.max(o.tol ?? 0, single ? 1e-5 : 1e-13),
      maxIter: o.solveMaxIter ?? 20 * n + 100,
      op,
    },
  };
}

/** The cut-block report: a loss that reads the kept members of a block cut by k. */
function checkCut(e: ExtendedEigsh, gW: T.Tensor | null, gV: T.Tensor | null, r: Resolved): void {
  const p = e.W.shape[0]!;
  if (r.gauge === 'off' || p === e.k || e.k === 0) return;
  const w = e.W.toTypedArray(false);
  const scale = Math.max(...Array.from(w, Math.abs), Number.MIN_VALUE);
  const nv = gV ? T.sqrt(T.sum(T.real(T.mul(T.conj(gV), gV)), { axes: 0 })).toTypedArray(false) : null;
  const nw = gW ? T.abs(gW).toTypedArray(false) : null;
  const size = (i: number) => (nw ? nw[i]! : 0) + (nv ? nv[i]! * scale : 0) / scale;
  let ref = 0;
  let inBlock = 0;
  for (let i = 0; i < e.k; i++) {
    ref = Math.max(ref, size(i));
    for (let j = e.k; j < p; j++) {
      if (Math.abs(w[i]! - w[j]!) <= r.degeneracyRtol * scale) inBlock = Math.max(inBlock, size(i));
    }
  }
  if (!(ref > 0)) return;
  reportGauge(
    r.gauge,
    'eigsh',
    `which vectors of a degenerate block cut by k = ${e.k} are kept (equal eigenvalues on both sides of the cut)`,
    inBlock / ref,
    r.gaugeRtol,
    'may',
  );
}

/**
 * The in-subspace inner matrix diag(W̄) + Jₐ∘G on the extended set (J = VₑᴴV̄, Gᵢⱼ = 1/(λⱼ − λᵢ),
 * 0 on degenerate pairs) and the complement right-hand side Q⊥V̄ₖ, with tape ops.
 */
function factors(
  We: Var,
  Ve: Var,
  k: number,
  gW: Var | null,
  gV: Var | null,
  r: Resolved,
  solve: (rhs: Var, w: Var) => Var,
): { inner: Var; X: Var | null } {
  let inner: Var | null = gW ? diagEmbed(gW) : null;
  if (!gV) return { inner: inner!, X: null };
  const J = matmul(adjoint(Ve), gV);
  checkGauge(We.value, J.value, antiHermitian(J).value, r, 'eigsh');
  const G = maskedReciprocal(
    sub(unsqueeze(We, -2), unsqueeze(We, -1)),
    T.mul(spectralScale(We.value), r.degeneracyRtol),
  );
  const term = mul(antiHermitian(J), G);
  inner = inner ? add(inner, term) : term;
  const rhs = sub(columns(gV, 0, k), matmul(Ve, columns(J, 0, k)));
  return { inner, X: solve(rhs, columns(We, 0, k)) };
}

function denseRule(e: ExtendedEigsh, r: Resolved) {
  return defineRule({
    name: 'eigsh',
    forward: () => [e.W, e.V],
    backward: ([gW, gV], ctx) => {
      const [We, Ve] = ctx.outputs;
      checkCut(e, gW?.value ?? null, gV?.value ?? null, r);
      const A = ctx.inputs[0]!;
      const f = factors(We, Ve, e.k, gW, gV, r, (rhs, w) => eigshComplementSolve(A, Ve, w, rhs, r.solve));
      let gA = matmul(matmul(Ve, f.inner), adjoint(Ve));
      if (f.X) gA = add(gA, matmul(f.X, adjoint(columns(Ve, 0, e.k))));
      return [hermitianPart(gA)];
    },
  });
}

/** Operator input: the rule's input is the tracked A·Vₑ, whose cotangent is Vₑ·inner + [X 0]. */
function operatorRule(e: ExtendedEigsh, r: Resolved, plain: PlainOperator) {
  return defineRule({
    name: 'eigsh',
    forward: () => [e.W, e.V],
    backward: ([gW, gV], ctx) => {
      const [We, Ve] = ctx.outputs.map((v) => constant(v.value)) as [Var, Var];
      checkCut(e, gW?.value ?? null, gV?.value ?? null, r);
      const c = (g: Var | null) => (g ? constant(g.value) : null);
      const f = factors(We, Ve, e.k, c(gW), c(gV), r, (rhs, w) =>
        constant(solveEigshSystem(plain, Ve.value, Float64Array.from(w.value.toTypedArray(false)), rhs.value, r.solve)),
      );
      let g = matmul(Ve, f.inner);
      const p = e.W.shape[0]!;
      if (f.X) {
        const X = p === e.k ? f.X : concat([f.X, constant(T.zeros([plain.m, p - e.k], { dtype: f.X.dtype }))], -1);
        g = add(g, X);
      }
      return [g.value];
    },
  });
}

/**
 * k extreme eigenpairs `[W, V]` (W ascending, as @svd/linalg's eigsh) of a Hermitian matrix or of a
 * Hermitian operator known only through `apply` — differentiable, with a reverse rule that is exact
 * for the truncated eigendecomposition (it equals the dense rule of `eigh` followed by keeping the k
 * columns) and needs no full decomposition: the k×k part is `eigh`'s rule, the coupling to the
 * discarded spectrum comes from (λᵢ − A⊥)·xᵢ = (I − VVᴴ)v̄ᵢ, A⊥ = (I − VVᴴ)A(I − VVᴴ), solved by
 * MINRES with applications of A only (as KrylovKit.jl's `eigsolve` rule). The cotangent is
 * Hermitian (as `eigh`'s). A degenerate block cut by k is completed in the forward and reported
 * through the gauge policy. Var input: second derivatives work (implicit-function solve rule);
 * operator input: first order, the gradient reaching the Vars captured by `apply` through one
 * tracked application A·V.
 *
 * @example
 * const B = variable(randn([200, 200], { seed: 1 }));
 * const H = hermitianPart(B);
 * const [W] = eigsh(H, 3);      // the 3 largest eigenvalues, ascending
 * backward(sum(W));             // B.grad = V·Vᴴ (through the Hermitian part)
 */
export function eigsh(A: T.Tensor, k: number, options?: EigshOptions): [T.Tensor, T.Tensor];
export function eigsh(A: Var | DifferentiableOperator, k: number, options?: EigshOptions): [Var, Var];
export function eigsh(
  A: T.Tensor | Var | DifferentiableOperator,
  k: number,
  options: EigshOptions = {},
): [T.Tensor, T.Tensor] | [Var, Var] {
  const op = 'eigsh';
  if (isOperator(A)) {
    checkOperator(op, A, true);
    const n = A.shape[0];
    const r = resolve(options, A.dtype, n);
    const plain = plainFromDifferentiable(op, A);
    const e = eigshExtended(plain, checkK(k, n), r.degeneracyRtol, r.forward);
    const [W, V] = operatorRule(e, r, plain)(trackedApply(A, false, e.V)) as [Var, Var];
    return [columns(W, 0, e.k), columns(V, 0, e.k)];
  }
  const t = checkMatrix(op, A);
  if (t.shape[0] !== t.shape[1]) {
    throw new T.ShapeError(op, `A must be square (Hermitian), got shape [${t.shape.join(', ')}]`);
  }
  const n = t.shape[0]!;
  const r = resolve(options, t.dtype, n);
  // A plain Tensor needs no backward: exactly @svd/linalg's eigsh(A, k), same bits.
  if (T.isTensor(A)) return L.eigsh(A, checkK(k, n), defined(r.forward) as L.EigshOptions);
  const e = eigshExtended(t, checkK(k, n), r.degeneracyRtol, r.forward);
  const [W, V] = denseRule(e, r)(A) as [Var, Var];
  return [columns(W, 0, e.k), columns(V, 0, e.k)];
}

function checkK(k: unknown, n: number): number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k > n) {
    throw new T.ValueError(
      'eigsh',
      `k must be an integer in [0, ${n}] for a ${n}×${n} input, got ${T.describeValue(k)}`,
    );
  }
  return k;
}
