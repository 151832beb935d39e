import { type Input, type Var, valueOf as valueOfInput, vjp } from '@svd/tape';
import type { Tensor } from '@svd/tensor';
import { Rng, coordCount, fromCoords, randomCoords, requireDouble } from './coords.js';
import { GradcheckError } from './errors.js';
import { Evaluator, outputMeta } from './evaluate.js';
import { gradcheck } from './gradcheck.js';
import { formatReport } from './report.js';
import type { GradcheckOptions, GradcheckReport, VarFunction } from './types.js';

/** Options of `gradgradcheck`. */
export interface GradgradcheckOptions extends GradcheckOptions {
  /** Output cotangents v, one per output (default: seeded standard normal of each output's shape and dtype). */
  cotangents?: readonly Tensor[];
}

/**
 * The first-order pullback as a function of both the point and the cotangent:
 * g(x₁..xₙ, v₁..vₘ) = J(x)* v. Inside an enclosing transform the tape's `vjp` records its own
 * backward pass (createGraph), so g can be differentiated; outside one it just returns values,
 * which is what the finite differences need.
 */
function pullbackFunction(f: VarFunction, n: number): (...args: Var[]) => Var[] {
  return (...args: Var[]) => {
    const xs = args.slice(0, n);
    const vs = args.slice(n);
    const [, back] = vjp(
      (...a: Var[]) => {
        const out = f(...a);
        return Array.isArray(out) ? [...(out as readonly Var[])] : [out as Var];
      },
      ...xs,
    );
    return back(vs);
  };
}

/**
 * Second-order check, as PyTorch's gradgradcheck: treats the pullback g(x, v) = J(x)*v as a
 * function of the inputs x and the cotangents v, and gradchecks it — reverse-over-reverse (the
 * backward pass recorded with createGraph and differentiated again) against central differences
 * of first-order pullbacks. It catches wrong second-order terms; a pullback computed outside the
 * tape (plain tensors) makes the tape throw its `RuleError` naming the rule, since such a
 * pullback cannot be differentiated (it used to give a silent zero). Report inputs 0..n−1 are the
 * function's inputs, n.. the cotangents.
 *
 * @example
 * gradgradcheck((x: Var) => exp(mul(x, x)), [randn([3], { seed: 2 })]).ok; // true
 */
export function gradgradcheck(
  f: VarFunction,
  inputs: readonly Input[],
  opts: GradgradcheckOptions = {},
): GradcheckReport {
  const op = 'gradgradcheck';
  const xs = inputs.map(valueOfInput);
  requireDouble(
    op,
    'input',
    xs.map((x) => x.dtype),
  );
  const metas = outputMeta(
    op,
    new Evaluator(op, f).values(xs).map((value) => ({ value })),
  );
  let vs: readonly Tensor[];
  if (opts.cotangents) {
    vs = opts.cotangents;
    if (vs.length !== metas.length)
      throw new GradcheckError(op, `got ${vs.length} cotangents for ${metas.length} outputs`);
    vs.forEach((v, k) => {
      const m = metas[k]!;
      if (v.dtype !== m.dtype || v.shape.length !== m.shape.length || v.shape.some((d, a) => d !== m.shape[a])) {
        throw new GradcheckError(
          op,
          `cotangent ${k} has dtype ${v.dtype} and shape [${v.shape.join(', ')}], expected ${m.dtype} [${m.shape.join(', ')}]`,
        );
      }
    });
  } else {
    const rng = new Rng((opts.seed ?? 0) + 1);
    vs = metas.map((m) => fromCoords(randomCoords(rng, coordCount(m), false), m));
  }
  const report = gradcheck(pullbackFunction(f, xs.length), [...xs, ...vs], opts);
  return { ...report, evaluations: report.evaluations + 1 };
}

/**
 * Runs `gradgradcheck` and throws a `GradcheckError` with the report table when it fails.
 *
 * @example
 * assertGradgradcheck((A: Var) => matmul(A, A), [randn([3, 3], { seed: 4 })]);
 */
export function assertGradgradcheck(
  f: VarFunction,
  inputs: readonly Input[],
  opts: GradgradcheckOptions = {},
): GradcheckReport {
  const report = gradgradcheck(f, inputs, opts);
  if (!report.ok) throw new GradcheckError('gradgradcheck', formatReport(report, null));
  return report;
}
