import {
  type ForwardResult,
  type Input,
  type Rule,
  type RuleSpec,
  type Var,
  isVar,
  checkCotangents,
  constant,
  conj,
  jvp,
  mul,
  noGrad,
  real,
  sum,
  add,
  variable,
} from '@svd/tape';
import { type Tensor, zerosLike } from '@svd/tensor';
import { Rng, coordCount, coordsLike, fromCoords, randomCoords } from './coords.js';
import { GradcheckError } from './errors.js';
import { Evaluator, outputList, outputMeta } from './evaluate.js';
import { gradcheck, prepareInputs } from './gradcheck.js';
import { record } from './pullback.js';
import { formatReport, fmtNumber } from './report.js';
import { compareTangents, makeProbes } from './tangents.js';
import { firstDifference, unpackForward } from './ruleForward.js';
import type { GradcheckOptions } from './types.js';

/** Options of `checkRule`. */
export interface CheckRuleOptions extends GradcheckOptions {
  /**
   * Applied to the rule's outputs before the test loss is built. For decompositions whose outputs
   * are defined only up to a gauge (signs, phases, rotations in degenerate subspaces) pass a
   * gauge-invariant view, e.g. `absValues((...o) => o)` or `uvAdjoint((...o) => o)`: finite
   * differences of raw outputs are meaningless when a perturbation can flip a sign.
   */
  outputTransform?: (...outputs: Var[]) => Var | readonly Var[];
}

/** One named check of a rule. */
export interface RuleCheck {
  readonly name: string;
  readonly ok: boolean;
  /** What was found; for a failure, the rule's own error message or a report table. */
  readonly message: string;
}

/** What `checkRule` returns. */
export interface RuleCheckReport {
  readonly ok: boolean;
  readonly rule: string;
  readonly checks: readonly RuleCheck[];
  /** Forward evaluations over all checks. */
  readonly evaluations: number;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Non-empty subsets of {0..k−1} as index lists, in bitmask order. */
function subsets(k: number): number[][] {
  const out: number[][] = [];
  for (let mask = 1; mask < 1 << k; mask++) out.push([...Array(k).keys()].filter((i) => (mask >> i) & 1));
  return out;
}

/**
 * Checks a `defineRule` rule from every side a rule can be wrong:
 * - determinism: two forward calls give bit-identical outputs;
 * - pullback shapes and dtypes (reported with the rule's own message instead of thrown);
 * - the pullback against finite differences for every non-empty subset of used outputs, with the
 *   others' cotangents null, through the loss Σₖ Re⟨vₖ, outₖ⟩ with fixed random vₖ — so a
 *   pullback that ignores one output, or mishandles a null, is caught;
 * - if `rule.spec.jvp` exists: its shapes, the jvp against finite differences, and adjointness to
 *   the pullback.
 * Returns a report; see `assertRule` to throw.
 *
 * @example
 * const square = defineRule({
 *   name: 'square',
 *   forward: (x) => T.mul(x, x),
 *   backward: ([g], { inputs: [x] }) => (g ? mul(g, mul(conj(x!), 2)) : null),
 * });
 * checkRule(square, [randn([4], { seed: 1 })]).ok; // true
 */
export function checkRule<S, R extends ForwardResult<S>>(
  rule: Rule<S, R>,
  inputs: readonly Input[],
  opts: CheckRuleOptions = {},
): RuleCheckReport {
  const op = 'checkRule';
  const spec = rule.spec;
  const { xs, wrt } = prepareInputs(op, inputs, opts.wrt);
  const checks: RuleCheck[] = [];
  const transform = opts.outputTransform;
  const composed = (...a: Var[]): Var[] => {
    const raw = outputList(op, rule(...a));
    return transform ? outputList(op, transform(...raw)) : raw;
  };
  const ev = new Evaluator(op, composed);
  let evaluations = 0;
  const done = (): RuleCheckReport => ({
    ok: checks.every((c) => c.ok),
    rule: spec.name,
    checks,
    evaluations: evaluations + ev.evaluations,
  });

  // Determinism: a rule whose forward is not a function of its inputs cannot be checked at all.
  let first: ReturnType<typeof unpackForward>;
  try {
    first = unpackForward(spec.name, spec.forward(...xs));
    const second = unpackForward(spec.name, spec.forward(...xs));
    evaluations += 2;
    const diff = firstDifference(first.outputs, second.outputs);
    checks.push({
      name: 'determinism',
      ok: diff === null,
      message: diff ?? 'two forward calls gave bit-identical outputs',
    });
  } catch (e) {
    checks.push({ name: 'forward', ok: false, message: message(e) });
    return done();
  }
  const outs = first.outputs;
  const ctx = {
    name: spec.name,
    inputs: xs.map((x) => variable(x)),
    outputs: outs.map((o) => constant(o)),
    saved: first.saved as S,
  };
  // The driver hands over plain arrays whose lengths the forward fixed; the tuple types are for rule authors.
  const untyped = spec as unknown as RuleSpec<S>;

  try {
    const rng = new Rng((opts.seed ?? 0) + 7);
    const cts = outs.map((o) => constant(fromCoords(randomCoords(rng, coordCount(o), false), o)));
    const raw = noGrad(() => untyped.backward(cts, ctx));
    checkCotangents(spec.name, 'pullback', raw, xs);
    checks.push({
      name: 'pullback shapes and dtypes',
      ok: true,
      message: 'one cotangent per input, of its shape and dtype',
    });
  } catch (e) {
    checks.push({ name: 'pullback shapes and dtypes', ok: false, message: message(e) });
  }

  let metas: ReturnType<typeof outputMeta>;
  try {
    metas = outputMeta(
      op,
      ev.values(xs).map((value) => ({ value })),
    );
  } catch (e) {
    checks.push({ name: 'forward through the tape', ok: false, message: message(e) });
    return done();
  }
  const rng = new Rng((opts.seed ?? 0) + 11);
  const vs = metas.map((m) => constant(fromCoords(randomCoords(rng, coordCount(m), false), m)));
  const what = transform ? 'transformed outputs' : 'outputs';
  for (const used of subsets(metas.length)) {
    const name = `pullback, ${what} {${used.join(', ')}} used (others null)`;
    const loss = (...a: Var[]): Var => {
      const o = composed(...a);
      return used.map((k) => sum(real(mul(conj(vs[k]!), o[k]!)))).reduce((p, q) => add(p, q));
    };
    try {
      const report = gradcheck(loss, xs, { ...opts, wrt });
      evaluations += report.evaluations;
      const worst = Math.max(...report.inputs.map((r) => r.maxAbsError));
      checks.push({
        name,
        ok: report.ok,
        message: report.ok ? `max abs error ${fmtNumber(worst)}` : formatReport(report, null),
      });
    } catch (e) {
      checks.push({ name, ok: false, message: message(e) });
    }
  }

  if (spec.jvp) {
    const probes = makeProbes(xs, wrt, metas, (opts.seed ?? 0) + 13);
    let tangents: Float64Array[];
    try {
      const rawJvp = noGrad(() =>
        untyped.jvp!(
          probes.uTensors.map((u) => constant(u)),
          ctx,
        ),
      );
      const raw = checkCotangents(spec.name, 'jvp', rawJvp, outs).map(
        (t, k): Tensor => (t === null ? zerosLike(outs[k]!) : isVar(t) ? t.value : t),
      );
      const final = transform
        ? jvp((...o: Var[]) => outputList(op, transform(...o)), outs, raw)[1].map((t) => t.value)
        : raw;
      tangents = final.map((t, k) => coordsLike(op, t, metas[k]!, `the tangent of output ${k}`));
      checks.push({
        name: 'jvp shapes and dtypes',
        ok: true,
        message: 'one tangent per output, of its shape and dtype',
      });
    } catch (e) {
      checks.push({ name: 'jvp shapes and dtypes', ok: false, message: message(e) });
      return done();
    }
    const rec = record(op, composed, xs);
    const pulled = rec.pull(probes.vTensors);
    const { adjoint, outputs } = compareTangents({ ev, xs, metas, probes, tangents, pulled, opts });
    evaluations += 1;
    const bad = outputs.filter((o) => !o.ok);
    checks.push({
      name: 'jvp vs finite differences',
      ok: bad.length === 0,
      message: outputs
        .map(
          (o) =>
            `output ${o.index}: jvp ${fmtNumber(o.analytic)} vs numeric ${fmtNumber(o.numeric)} at [${o.worstIndex.join(', ')}]${o.worstPart ? ` ${o.worstPart}` : ''}, abs err ${fmtNumber(o.maxAbsError)}${o.ok ? '' : ' FAIL'}`,
        )
        .join('; '),
    });
    checks.push({
      name: 'jvp adjoint to pullback',
      ok: adjoint.ok,
      message: `⟨pullback(v), u⟩ = ${fmtNumber(adjoint.vjpSide)}, ⟨v, jvp(u)⟩ = ${fmtNumber(adjoint.jvpSide)}, abs err ${fmtNumber(adjoint.absError)}`,
    });
  }
  return done();
}

/**
 * A readable summary of a checkRule report: one line per check, failures first-class with their
 * messages indented below.
 *
 * @example
 * console.log(formatRuleReport(checkRule(myRule, [x])));
 */
export function formatRuleReport(report: RuleCheckReport, title: string | null = 'checkRule'): string {
  const failed = report.checks.filter((c) => !c.ok).length;
  const head = `${title ? `${title}: ` : ''}rule '${report.rule}': ${report.ok ? `all ${report.checks.length} checks passed` : `${failed} of ${report.checks.length} checks failed`}`;
  const lines = report.checks.map((c) => {
    const mark = c.ok ? 'ok  ' : 'FAIL';
    if (c.ok) return `${mark} ${c.name}`;
    return `${mark} ${c.name}\n${c.message.replace(/^/gm, '       ')}`;
  });
  return [head, ...lines].join('\n');
}

/**
 * Runs `checkRule` and throws a `GradcheckError` listing the failed checks when any fails.
 *
 * @example
 * assertRule(myRule, [randn([3, 3], { seed: 1 })]);
 */
export function assertRule<S, R extends ForwardResult<S>>(
  rule: Rule<S, R>,
  inputs: readonly Input[],
  opts: CheckRuleOptions = {},
): RuleCheckReport {
  const report = checkRule(rule, inputs, opts);
  if (!report.ok) throw new GradcheckError('checkRule', formatRuleReport(report, null));
  return report;
}
