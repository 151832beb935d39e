import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import { type RuleContext, type Var, add, adjoint, concat, constant, defineRule, matmul, sub } from '@svd/tape';
import type { GaugeMode } from './gaugePolicy.js';
import { columns } from './matrixHelpers.js';
import { checkSvdGauge } from './svdGaugeCheck.js';
import { svdJvp } from './svdJvp.js';
import { svdPullback } from './svdPullback.js';
import { svdTruncatedPullback } from './svdTruncatedPullback.js';
import { defaultDegeneracyRtol, defaultRankRtol } from './svdTolerances.js';
import { checkBooleanOption, checkOptionKeys, checkTensorOrVar, checkToleranceOption } from './checkArgs.js';

export interface SvdOptions {
  /** Full SVD: U m×m and V n×n. The extra columns' cotangent is folded into the thin rule. */
  full?: boolean;
  /**
   * Truncated SVD: keep the `rank` largest triplets. The gradient is the exact one of the
   * truncated decomposition (it couples to the discarded part of A), not the thin formula.
   */
  rank?: number;
  /** Relative tolerance (× s_max) below which two singular values count as degenerate. Default ε^(3/4): ≈ 1.8e-12 in double, ≈ 6.6e-6 in single precision. */
  degeneracyRtol?: number;
  /** Relative tolerance (× s_max) below which a singular value counts as zero. Default max(m,n)·ε of the input's precision. */
  rankRtol?: number;
  /**
   * Reproduce the seed's (bug report's) rule with this ε (e.g. 1e-12): Lorentzian x/(x²+ε) on the
   * SQUARED gaps sⱼ² − sᵢ², for both fractions. This is not tensorgrad's rule (`tensorgradBroadening`).
   * Reverse mode only: the forward-mode jvp stays the unbroadened rule.
   */
  broadening?: number;
  /**
   * tensorgrad's rule (Liao et al. 2019) with this ε: only 1/(sⱼ − sᵢ) is broadened, to
   * x/(x²+ε) on the plain gap; 1/(sⱼ + sᵢ) stays exact. Reverse mode only, like `broadening`.
   */
  tensorgradBroadening?: number;
  /** What to do when the loss depends on the SVD's gauge. Default 'warn'. */
  gauge?: GaugeMode;
  /** Tolerance of the gauge check, relative to the cotangents' scale. Default 1e-6. */
  gaugeRtol?: number;
}

const EPS = 2 ** -52;
/**
 * Default `degeneracyRtol` of `svd` for double-precision input: ε^(3/4) ≈ 1.8e-12 (single precision
 * uses its own ε^(3/4) ≈ 6.6e-6). Singular values closer than this times
 * s_max count as degenerate, and the pullback's 0/0 terms inside such a block are taken as 0.
 *
 * @example
 * svd(A, { degeneracyRtol: 100 * DEFAULT_DEGENERACY_RTOL }); // treat near-degenerate pairs as degenerate
 */
export const DEFAULT_DEGENERACY_RTOL = EPS ** 0.75;
/**
 * Default `gaugeRtol` of `svd` (1e-6): a gauge-dependent part of the cotangents larger than this,
 * relative to their scale, triggers the `gauge` policy ('warn' by default).
 *
 * @example
 * svd(A, { gauge: 'throw', gaugeRtol: 10 * DEFAULT_GAUGE_RTOL });
 */
export const DEFAULT_GAUGE_RTOL = 1e-6;

interface ResolvedSvdOptions {
  full: boolean;
  rank: number | undefined;
  degeneracyRtol: number;
  rankRtol: number;
  broadening: number | undefined;
  tensorgradBroadening: number | undefined;
  gauge: GaugeMode;
  gaugeRtol: number;
}

const SVD_OPTION_KEYS = [
  'full',
  'rank',
  'degeneracyRtol',
  'rankRtol',
  'broadening',
  'tensorgradBroadening',
  'gauge',
  'gaugeRtol',
] as const;

function resolve(x: T.Tensor, o: SvdOptions, op = 'svd'): ResolvedSvdOptions {
  checkOptionKeys(op, o, SVD_OPTION_KEYS);
  checkBooleanOption(op, 'full', o.full);
  for (const key of ['degeneracyRtol', 'rankRtol', 'gaugeRtol'] as const) checkToleranceOption(op, key, o[key]);
  const m = x.shape[x.ndim - 2] ?? 0;
  const n = x.shape[x.ndim - 1] ?? 0;
  const k = Math.min(m, n);
  if (o.rank !== undefined && (!Number.isInteger(o.rank) || o.rank < 0 || o.rank > k)) {
    throw new T.ValueError(op, `option rank must be an integer in [0, ${k}] for a ${m}×${n} input, got ${o.rank}`);
  }
  if (o.rank !== undefined && o.full) {
    throw new T.ValueError(op, 'options rank and full cannot be combined');
  }
  for (const key of ['broadening', 'tensorgradBroadening'] as const) {
    const eps = o[key];
    if (eps !== undefined && !(typeof eps === 'number' && eps > 0 && Number.isFinite(eps))) {
      throw new T.ValueError(op, `option ${key} must be a positive finite number, got ${String(eps)}`);
    }
  }
  if (o.broadening !== undefined && o.tensorgradBroadening !== undefined) {
    throw new T.ValueError(op, 'options broadening and tensorgradBroadening cannot be combined');
  }
  const gauge = o.gauge ?? 'warn';
  if (gauge !== 'off' && gauge !== 'warn' && gauge !== 'throw') {
    throw new T.ValueError(op, `option gauge must be 'off', 'warn' or 'throw', got '${String(gauge)}'`);
  }
  return {
    full: o.full ?? false,
    rank: o.rank,
    // Tolerances follow the input's precision: ε^(3/4) and max(m,n)·ε of float64 or float32.
    degeneracyRtol: o.degeneracyRtol ?? defaultDegeneracyRtol(x.dtype),
    rankRtol: o.rankRtol ?? defaultRankRtol(x.dtype, m, n),
    broadening: o.broadening,
    tensorgradBroadening: o.tensorgradBroadening,
    gauge,
    gaugeRtol: o.gaugeRtol ?? DEFAULT_GAUGE_RTOL,
  };
}

/** Full-SVD backward: folds the extra columns' cotangent into the thin one (Ū₁ ← Ū₁ − U₂(Ū₂ᴴU₁)). */
function foldExtraColumns(Q: Var, gQ: Var | null, k: number): { thin: Var; g: Var | null; extra?: { X: Var; G: Var } } {
  const cols = Q.shape[Q.ndim - 1]!;
  const thin = columns(Q, 0, k);
  if (cols === k || !gQ) return { thin, g: gQ ? columns(gQ, 0, k) : null };
  const Q2 = columns(Q, k, cols);
  const g1 = columns(gQ, 0, k);
  const g2 = columns(gQ, k, cols);
  return { thin, g: sub(g1, matmul(Q2, matmul(adjoint(g2), thin))), extra: { X: Q2, G: g2 } };
}

function backward(
  o: ResolvedSvdOptions,
  cts: readonly [Var | null, Var | null, Var | null],
  ctx: RuleContext<unknown, readonly [Var, Var, Var]>,
): (Var | null)[] {
  const [U, S, V] = ctx.outputs;
  const [gU0, gS, gV0] = cts;
  const k = S.shape[S.ndim - 1]!;
  const u = foldExtraColumns(U, gU0, k);
  const v = foldExtraColumns(V, gV0, k);
  // J = UᴴŪ and K = VᴴV̄ are computed once, for the gauge check and the pullback.
  const J = u.g ? matmul(adjoint(u.thin), u.g) : null;
  const K = v.g ? matmul(adjoint(v.thin), v.g) : null;
  checkSvdGauge(
    {
      U: u.thin.value,
      S: S.value,
      V: v.thin.value,
      gU: u.g?.value ?? null,
      gV: v.g?.value ?? null,
      gS: gS?.value ?? null,
      J: J?.value ?? null,
      K: K?.value ?? null,
      extraU: u.extra && { U2: u.extra.X.value, gU2: u.extra.G.value },
      extraV: v.extra && { V2: v.extra.X.value, gV2: v.extra.G.value },
    },
    { mode: o.gauge, rtol: o.gaugeRtol, degeneracyRtol: o.degeneracyRtol, rankRtol: o.rankRtol },
  );
  if (o.rank === undefined || o.rank === k || o.broadening !== undefined || o.tensorgradBroadening !== undefined) {
    return [svdPullback(u.thin, S, v.thin, u.g, gS, v.g, o, { J, K })];
  }
  return [truncatedBackward(o.rank, u.thin, S, v.thin, u.g, gS, v.g, o)];
}

/**
 * The backward of `svd(A, { rank: p })`: the kept triplets' cotangents through the truncated rule
 * (svdTruncatedPullback: no discarded sⱼ is divided by, so second derivatives stay exact at a
 * zero discarded value), and cotangents of the discarded columns — zero in a first backward,
 * non-zero when the backward itself is differentiated — through the thin rule. The rule is
 * linear in the cotangents, so the two parts add.
 */
function truncatedBackward(
  p: number,
  U: Var,
  S: Var,
  V: Var,
  gU: Var | null,
  gS: Var | null,
  gV: Var | null,
  o: ResolvedSvdOptions,
): Var | null {
  const k = S.shape[S.ndim - 1]!;
  const kept = (g: Var | null) => (g ? columns(g, 0, p) : null);
  const discarded = (g: Var | null) => {
    if (!g) return null;
    const d = columns(g, p, k);
    // A first backward's discarded cotangents are the constant zeros that slicing pads with.
    return T.max(T.abs(d.value)).item() === 0 ? null : d;
  };
  const main = svdTruncatedPullback(U, S, V, p, kept(gU), kept(gS), kept(gV), o);
  const dU = discarded(gU);
  const dS = discarded(gS);
  const dV = discarded(gV);
  if (!dU && !dS && !dV) return main;
  const pad = (d: Var | null, like: Var | null) =>
    d && like ? concat([constant(T.zeros([...d.shape.slice(0, -1), p], { dtype: d.dtype })), d], -1) : null;
  const rest = svdPullback(U, S, V, pad(dU, gU), pad(dS, gS), pad(dV, gV), o);
  return main && rest ? add(main, rest) : (main ?? rest);
}

const rules = new Map<string, ReturnType<typeof makeRule>>();

function makeRule(o: ResolvedSvdOptions) {
  return defineRule({
    name: 'svd',
    forward: (a: T.Tensor) => L.svd(a, { full: o.full }),
    backward: (cts, ctx) => backward(o, cts, ctx),
    jvp: ([dA], ctx) => svdJvp(ctx.outputs, dA ?? null, o),
  });
}

function ruleFor(o: ResolvedSvdOptions) {
  const key = JSON.stringify(o);
  let r = rules.get(key);
  if (!r) {
    r = makeRule(o);
    rules.set(key, r);
  }
  return r;
}

/**
 * Singular value decomposition A = U·diag(S)·Vᴴ (V, not Vᴴ), on the last two axes.
 *
 * A plain tensor gives plain tensors; a tracked Var gives tracked Vars whose gradient follows the
 * numerical contract in the README: partial fractions, degenerate blocks and zero singular values
 * handled with tolerances relative to ‖A‖, null cotangents never materialised, the gauge checked.
 *
 * @example
 * const A = variable(randn([4, 6], { seed: 0 }));
 * const [U, S, V] = svd(A);
 * backward(sum(S)); // nuclear norm: A.grad = U·Vᴴ
 */
export function svd(x: T.Tensor, options?: SvdOptions): [T.Tensor, T.Tensor, T.Tensor];
export function svd(x: Var, options?: SvdOptions): [Var, Var, Var];
export function svd(x: T.Tensor | Var, options: SvdOptions = {}): [T.Tensor, T.Tensor, T.Tensor] | [Var, Var, Var] {
  checkTensorOrVar('svd', 'the input', x);
  const value = T.isTensor(x) ? x : x.value;
  const o = resolve(value, options);
  if (T.isTensor(x)) {
    const [U, S, V] = L.svd(x, { full: o.full }) as [T.Tensor, T.Tensor, T.Tensor];
    if (o.rank === undefined) return [U, S, V];
    const p = o.rank;
    const cols = (t: T.Tensor) => T.slice(t, ...t.shape.map((_, i): T.SliceSpec => (i === t.ndim - 1 ? [0, p] : null)));
    return [cols(U), cols(S), cols(V)];
  }
  const [U, S, V] = ruleFor(o)(x) as [Var, Var, Var];
  if (o.rank === undefined) return [U, S, V];
  // The rule returns all k triplets; slicing with tape ops makes the discarded ones take part in
  // the backward with zero cotangents, which is exactly the truncation-aware rule (see README).
  return [columns(U, 0, o.rank), columns(S, 0, o.rank), columns(V, 0, o.rank)];
}

/**
 * Singular values only, descending. The gradient of a loss of S alone is U·diag(S̄)·Vᴴ (U and V
 * are computed for it); with a plain tensor this takes linalg's cheaper values-only path. Accepts
 * a Tensor (returns a Tensor) or a Var (returns a differentiable Var).
 *
 * @example
 * const A = variable(randn([4, 6], { seed: 1 }));
 * backward(sum(svdvals(A))); // nuclear norm: A.grad = U·Vᴴ
 */
export function svdvals(x: T.Tensor, options?: SvdOptions): T.Tensor;
export function svdvals(x: Var, options?: SvdOptions): Var;
export function svdvals(x: T.Tensor | Var, options: SvdOptions = {}): T.Tensor | Var {
  checkTensorOrVar('svdvals', 'the input', x);
  if (T.isTensor(x)) {
    resolve(x, options, 'svdvals'); // validates the options even where they do not matter
    return L.svdvals(x);
  }
  return svd(x, options)[1];
}
