import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import {
  type RuleContext,
  type Var,
  add,
  adjoint,
  conj,
  defineRule,
  diagEmbed,
  diagonal,
  matmul,
  mul,
  real,
  sub,
  unsqueeze,
} from '@svd/tape';
import { assertFiniteDerivative, checkDefective, checkEigGauge } from './eigGaugeCheck.js';
import type { GaugeMode } from './gaugePolicy.js';
import { solve } from './solve.js';
import { maskedReciprocal, spectralScale } from './spectralMasks.js';

export interface EigOptions {
  /** |λⱼ − λᵢ| ≤ degeneracyRtol·max|λ| marks a degenerate pair. Default ε^(3/4) (as eigh). */
  degeneracyRtol?: number;
  /** What to do when the loss depends on eigenvector phases, a degenerate basis, or a defective eigenvalue. */
  gauge?: GaugeMode;
  /** Relative size above which a gauge dependence is reported. Default 1e-6. */
  gaugeRtol?: number;
}

interface Resolved {
  degeneracyRtol: number;
  gauge: GaugeMode;
  gaugeRtol: number;
}

function resolve(o: EigOptions, dtype: T.DType): Resolved {
  return {
    degeneracyRtol: o.degeneracyRtol ?? T.epsOf(dtype) ** 0.75,
    gauge: o.gauge ?? 'warn',
    gaugeRtol: o.gaugeRtol ?? 1e-6,
  };
}

/** Gᵢⱼ = 1/(λⱼ − λᵢ), 0 on the diagonal and inside degenerate clusters. */
function inverseGaps(W: Var, o: Resolved): Var {
  const scale = spectralScale(W.value);
  return maskedReciprocal(sub(unsqueeze(W, -2), unsqueeze(W, -1)), T.mul(scale, o.degeneracyRtol));
}

/** V·diag(d): scales the columns of V by the real vector d. */
function scaleColumns(V: Var, d: Var): Var {
  return mul(V, unsqueeze(d, -2));
}

/**
 * PyTorch's linalg_eig_backward for unit-norm V:
 *   Ā = V⁻ᴴ·(diag(W̄) + conj(G)∘(VᴴV̄ − VᴴV·diag(Re diag(VᴴV̄))))·Vᴴ,
 * the projection removing the part of V̄ that only rescales the unit columns. The diagonal of
 * conj(G) is 0, which drops i·Im diag(VᴴV̄) — zero for gauge-invariant losses, flagged otherwise.
 * V⁻ᴴ is applied by a solve with Vᴴ (its rows are the left eigenvectors). Real input: Re(Ā).
 */
function backward(o: Resolved, cts: readonly (Var | null)[], ctx: RuleContext<unknown>): (Var | null)[] {
  const [W, V] = ctx.outputs as [Var, Var];
  const [gW, gV] = cts as [Var | null, Var | null];
  let inner: Var | null = gW ? diagEmbed(gW) : null;
  if (gV) {
    const VhgV = matmul(adjoint(V), gV);
    const projected = sub(VhgV, matmul(adjoint(V), scaleColumns(V, real(diagonal(VhgV)))));
    checkEigGauge(W.value, projected.value, VhgV.value, o.gauge, o.degeneracyRtol, o.gaugeRtol);
    const term = mul(projected, conj(inverseGaps(W, o)));
    inner = inner ? add(inner, term) : term;
  }
  if (!inner) return [null];
  checkDefective(W.value, V.value, o.gauge, o.degeneracyRtol);
  const Vh = adjoint(V);
  let gA = solve(Vh, matmul(inner, Vh));
  assertFiniteDerivative(gA.value, 'gradient');
  if (!T.isComplex(ctx.inputs[0]!.dtype)) gA = real(gA);
  return [gA];
}

/**
 * PyTorch's linalg_eig_jvp: with dP = V⁻¹·dA·V, dW = diag(dP) and
 * dV = V·C − V·diag(Re diag(Vᴴ·V·C)), C = G∘dP (zero diagonal). Its gauge: Re(vᵢᴴ·dvᵢ) = 0 (unit
 * columns) and diag(V⁻¹·dV) real — not Im(vᵢᴴ·dvᵢ) = 0, which it generally is not. The forward's
 * phase convention (largest component real positive) is not differentiated: a finite difference
 * of V differs from dV by V·diag(iφ), φ = Im diag(V⁻¹·dV_fd) (as for eigh: compare tangents of V
 * through gauge-invariant functions). Tested against PyTorch 1.13's forward AD.
 */
function jvp(o: Resolved, tangents: readonly (Var | null)[], ctx: RuleContext<unknown>): (Var | null)[] {
  const [dA] = tangents;
  if (!dA) return [null, null];
  const [W, V] = ctx.outputs as [Var, Var];
  checkDefective(W.value, V.value, o.gauge, o.degeneracyRtol);
  const dP = solve(V, matmul(dA, V));
  const VC = matmul(V, mul(inverseGaps(W, o), dP));
  const dV = sub(VC, scaleColumns(V, real(diagonal(matmul(adjoint(V), VC)))));
  return [diagonal(dP), dV];
}

const cache = new Map<string, ReturnType<typeof makeRule>>();

function makeRule(o: Resolved) {
  return defineRule({
    name: 'eig',
    forward: (a: T.Tensor) => L.eig(a) as T.Tensor[],
    backward: (cts, ctx) => backward(o, cts, ctx),
    jvp: (ts, ctx) => jvp(o, ts, ctx),
  });
}

function ruleFor(o: Resolved) {
  const key = JSON.stringify(o);
  let r = cache.get(key);
  if (!r) {
    r = makeRule(o);
    cache.set(key, r);
  }
  return r;
}

/**
 * Eigendecomposition A·V = V·diag(W) of a general square matrix (complex W and V, unit-norm
 * columns; see @svd/linalg's `eig` for the phase convention), differentiable. The reverse rule
 * is PyTorch's `linalg_eig_backward`; real input gets a real gradient (the real part). A loss
 * must not depend on the eigenvectors' phases (checked: Im diag(VᴴV̄) = 0), nor on the basis of
 * a degenerate eigenspace; at a defective matrix (Jordan block) the derivative does not exist
 * and is reported through the same `gauge` policy ('warn' by default, 'throw', 'off').
 *
 * @example
 * const A = variable(tensor([[2, 1], [0, 3]]));
 * const [W, V] = eig(A);
 * backward(sum(real(W))); // A.grad = I: the trace's gradient
 * // gauge-invariant uses of V: |V|², V·diag(f(W))·V⁻¹, …
 */
export function eig(x: T.Tensor, options?: EigOptions): [T.Tensor, T.Tensor];
export function eig(x: Var, options?: EigOptions): [Var, Var];
export function eig(x: T.Tensor | Var, options: EigOptions = {}): [T.Tensor, T.Tensor] | [Var, Var] {
  if (x instanceof T.Tensor) return L.eig(x);
  return ruleFor(resolve(options, x.dtype))(x) as [Var, Var];
}

/**
 * Eigenvalues of a general square matrix, differentiable: Ā = V⁻ᴴ·diag(W̄)·Vᴴ, i.e. through the
 * left and right eigenvectors only (no eigenvalue gaps, so no NaN when eigenvalues are close or
 * repeated with a full set of eigenvectors). At a defective matrix it reports through `gauge`.
 *
 * @example
 * const A = variable(tensor([[0, -1], [1, 0]]));
 * backward(sum(real(mul(eigvals(A), eigvals(A))))); // d tr(A²) = 2·Aᵀ
 */
export function eigvals(x: T.Tensor, options?: EigOptions): T.Tensor;
export function eigvals(x: Var, options?: EigOptions): Var;
export function eigvals(x: T.Tensor | Var, options: EigOptions = {}): T.Tensor | Var {
  if (x instanceof T.Tensor) return L.eigvals(x);
  return eig(x, options)[0];
}
