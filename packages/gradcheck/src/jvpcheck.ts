import { type Input, type Var, jvp } from '@svd/tape';
import { coordsLike } from './coords.js';
import { GradcheckError } from './errors.js';
import { Evaluator, outputList } from './evaluate.js';
import { prepareInputs } from './gradcheck.js';
import { record } from './pullback.js';
import { fmtNumber, table } from './report.js';
import { compareTangents, makeProbes } from './tangents.js';
import { tolerances } from './tolerance.js';
import type { CheckOptions, JvpcheckReport, VarFunction } from './types.js';

/**
 * Forward-mode check: the tape's `jvp` along a random unit direction u against a central
 * difference of f along u, and the dot-product test ⟨J*v, u⟩ = Re⟨v, J u⟩ with a random unit v
 * (real inner products, so complex values follow the conjugate-Wirtinger convention). The tape
 * derives jvp by transposing the pullback, so for tape functions adjointness holds by
 * construction and the finite-difference half is the informative one; for rules with an explicit
 * jvp use `checkRule`, which tests `rule.spec.jvp` the same way.
 *
 * @example
 * const report = jvpcheck((A: Var, B: Var) => matmul(A, B), [randn([2, 3]), randn([3, 2])]);
 * report.adjoint.ok && report.ok; // true
 */
export function jvpcheck(f: VarFunction, inputs: readonly Input[], opts: CheckOptions = {}): JvpcheckReport {
  const op = 'jvpcheck';
  const { xs, wrt } = prepareInputs(op, inputs, opts.wrt);
  const ev = new Evaluator(op, f);
  const rec = record(op, f, xs);
  const probes = makeProbes(xs, wrt, rec.metas, opts.seed ?? 0);
  const [, tangentVars] = jvp((...a: Var[]) => outputList(op, f(...a)), xs, probes.uTensors);
  const tangents = tangentVars.map((t, k) => coordsLike(op, t.value, rec.metas[k]!, `the tangent of output ${k}`));
  const pulled = rec.pull(probes.vTensors);
  const { adjoint, outputs } = compareTangents({ ev, xs, metas: rec.metas, probes, tangents, pulled, opts });
  const { atol, rtol } = tolerances(opts);
  return {
    ok: adjoint.ok && outputs.every((o) => o.ok),
    adjoint,
    outputs,
    evaluations: ev.evaluations + 2,
    atol,
    rtol,
  };
}

/**
 * A readable summary of a jvpcheck report: the adjointness line, then one row per output.
 *
 * @example
 * console.log(formatJvpReport(jvpcheck(f, [x])));
 */
export function formatJvpReport(report: JvpcheckReport, title: string | null = 'jvpcheck'): string {
  const a = report.adjoint;
  const head = `${title ? `${title}: ` : ''}${report.ok ? 'passed' : 'failed'} (atol ${report.atol.toExponential()}, rtol ${report.rtol.toExponential()})`;
  const adj = `adjointness ${a.ok ? 'ok' : 'FAIL'}: ⟨J*v, u⟩ = ${fmtNumber(a.vjpSide)}, ⟨v, J u⟩ = ${fmtNumber(a.jvpSide)}, abs err ${fmtNumber(a.absError)}`;
  const rows = report.outputs.map((o) => [
    String(o.index),
    `[${o.worstIndex.join(', ')}]${o.worstPart ? ` ${o.worstPart}` : ''}`,
    fmtNumber(o.analytic),
    fmtNumber(o.numeric),
    fmtNumber(o.maxAbsError),
    fmtNumber(o.maxRelError),
    o.ok ? 'ok' : 'FAIL',
  ]);
  return `${head}\n${adj}\n${table(['output', 'worst index', 'jvp', 'numeric', 'abs err', 'rel err', 'status'], rows)}`;
}

/**
 * Runs `jvpcheck` and throws a `GradcheckError` with the formatted report when it fails.
 *
 * @example
 * assertJvpcheck((x: Var) => exp(x), [tensor([1, 2])]);
 */
export function assertJvpcheck(f: VarFunction, inputs: readonly Input[], opts: CheckOptions = {}): JvpcheckReport {
  const report = jvpcheck(f, inputs, opts);
  if (!report.ok) throw new GradcheckError('jvpcheck', formatJvpReport(report, null));
  return report;
}
