import { type Input, valueOf as valueOfInput } from '@svd/tape';
import type { Tensor } from '@svd/tensor';
import { Rng, coordCount, coordsOf, dot, fromCoords, locate, randomCoords, requireDouble, scaleOf } from './coords.js';
import { GradcheckError } from './errors.js';
import { Evaluator, blockOffsets } from './evaluate.js';
import { centralDerivative, shifted, stepFor } from './finiteDifference.js';
import { type Recorded, record } from './pullback.js';
import { formatReport } from './report.js';
import { ErrorTracker, tolerances } from './tolerance.js';
import type { GradcheckOptions, GradcheckReport, InputReport, VarFunction } from './types.js';

/** Validated inputs and the indices to check. */
export function prepareInputs(
  op: string,
  inputs: readonly Input[],
  wrt: readonly number[] | undefined,
): { xs: Tensor[]; wrt: number[] } {
  const xs = inputs.map(valueOfInput);
  requireDouble(
    op,
    'input',
    xs.map((x) => x.dtype),
  );
  const list = wrt ? [...wrt] : xs.map((_, i) => i);
  for (const i of list) {
    if (!Number.isInteger(i) || i < 0 || i >= xs.length) {
      throw new GradcheckError(op, `wrt entry ${i} is out of range for ${xs.length} input(s)`);
    }
  }
  return { xs, wrt: list };
}

/** `xs` with input `i` replaced by the tensor with coordinates `c`. */
export function withInput(xs: readonly Tensor[], i: number, c: Float64Array): Tensor[] {
  return xs.map((x, k) => (k === i ? fromCoords(c, x) : x));
}

/** The cotangent that is 1 at real coordinate `k` of one output (i for an imaginary part) and absent elsewhere. */
function basisCotangents(rec: Recorded, output: number, k: number): (Tensor | null)[] {
  return rec.metas.map((m, o) => {
    if (o !== output) return null;
    const c = new Float64Array(coordCount(m));
    c[k] = 1;
    return fromCoords(c, m);
  });
}

/**
 * Full check: row k of the reverse-mode Jacobian is the pullback of the k-th basis cotangent
 * (M pullbacks for M output coordinates); column j of the numeric Jacobian is a central
 * difference along input coordinate j (2 evaluations each). Every entry is compared.
 */
function fullCheck(ev: Evaluator, rec: Recorded, xs: Tensor[], wrt: number[], opts: GradcheckOptions): InputReport[] {
  const { atol, rtol } = tolerances(opts);
  const { offsets, total } = blockOffsets(rec.metas);
  const rows: Float64Array[][] = []; // rows[k][input] = ∂(output coordinate k)/∂(input coordinates)
  rec.metas.forEach((m, o) => {
    for (let k = 0; k < coordCount(m); k++) rows.push(rec.pull(basisCotangents(rec, o, k)));
  });
  const outputAt = (k: number) => {
    let o = offsets.length - 1;
    while (offsets[o]! > k) o--;
    const m = rec.metas[o]!;
    return { output: o, ...locate(m.shape, m.dtype, k - offsets[o]!) };
  };
  return wrt.map((i) => {
    const x = xs[i]!;
    const base = coordsOf(x);
    const tracker = new ErrorTracker(atol, rtol);
    for (let j = 0; j < base.length; j++) {
      const h = stepFor(Math.abs(base[j]!), opts);
      const col = centralDerivative((t) => ev.flat(withInput(xs, i, shifted(base, t, j))), h, opts.richardson ?? false);
      for (let k = 0; k < total; k++) {
        tracker.add(rows[k]![i]![j]!, col[k]!, () => {
          const at = locate(x.shape, x.dtype, j);
          return { index: at.index, part: at.part, output: outputAt(k) };
        });
      }
    }
    return tracker.report(i);
  });
}

/**
 * Fast check (PyTorch's fast gradcheck idea): one random unit cotangent v for all outputs, one
 * random unit direction u per input. ⟨J*v, u⟩ comes from a single pullback; Re⟨v, J u⟩ from a
 * central difference of the scalar ⟨v, f⟩ along u. A wrong Jacobian is caught with probability 1
 * (a fixed error matrix E has vᵀEu ≠ 0 for almost every u, v) at 1 + 2·inputs evaluations.
 */
function fastCheck(ev: Evaluator, rec: Recorded, xs: Tensor[], wrt: number[], opts: GradcheckOptions): InputReport[] {
  const { atol, rtol } = tolerances(opts);
  const rng = new Rng(opts.seed ?? 0);
  const { total } = blockOffsets(rec.metas);
  const v = randomCoords(rng, total, true);
  let off = 0;
  const vs = rec.metas.map((m) => {
    const n = coordCount(m);
    const t = fromCoords(v.slice(off, off + n), m);
    off += n;
    return t;
  });
  const gs = rec.pull(vs);
  return wrt.map((i) => {
    const base = coordsOf(xs[i]!);
    const u = randomCoords(rng, base.length, true);
    const analytic = dot(gs[i]!, u);
    const h = stepFor(scaleOf(base), opts);
    const phi = (t: number) => Float64Array.of(dot(v, ev.flat(withInput(xs, i, shifted(base, t, u)))));
    const numeric = centralDerivative(phi, h, opts.richardson ?? false)[0]!;
    const tracker = new ErrorTracker(atol, rtol);
    tracker.add(analytic, numeric, () => ({ index: [], part: null, output: null }));
    return tracker.report(i);
  });
}

/**
 * Compares the reverse-mode derivative of `f` with central finite differences, for real and
 * complex inputs and outputs (conjugate-Wirtinger cotangents: real and imaginary parts are
 * perturbed separately). Inputs must be float64 or complex128. Returns a report; never throws
 * for a wrong derivative (see `assertGradcheck`).
 *
 * @example
 * const report = gradcheck((x: Var) => mul(x, sin(x)), [randn([3], { seed: 1 })]);
 * report.ok; // true
 * gradcheck(f, [A, B], { fast: true }).evaluations; // 1 + 2·2
 */
export function gradcheck(f: VarFunction, inputs: readonly Input[], opts: GradcheckOptions = {}): GradcheckReport {
  const op = 'gradcheck';
  const { xs, wrt } = prepareInputs(op, inputs, opts.wrt);
  const ev = new Evaluator(op, f);
  const rec = record(op, f, xs);
  ev.evaluations++;
  const reports = opts.fast ? fastCheck(ev, rec, xs, wrt, opts) : fullCheck(ev, rec, xs, wrt, opts);
  const { atol, rtol } = tolerances(opts);
  return {
    ok: reports.every((r) => r.ok),
    mode: opts.fast ? 'fast' : 'full',
    inputs: reports,
    evaluations: ev.evaluations,
    pullbacks: rec.count(),
    atol,
    rtol,
  };
}

/**
 * Runs `gradcheck` and throws a `GradcheckError` whose message is the report as a table when any
 * input fails; returns the report otherwise.
 *
 * @example
 * assertGradcheck((x: Var) => exp(x), [tensor([0.5, -1])]);
 */
export function assertGradcheck(
  f: VarFunction,
  inputs: readonly Input[],
  opts: GradcheckOptions = {},
): GradcheckReport {
  const report = gradcheck(f, inputs, opts);
  if (!report.ok) throw new GradcheckError('gradcheck', formatReport(report, null));
  return report;
}
