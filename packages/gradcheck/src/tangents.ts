import type { Tensor } from '@svd/tensor';
import { Rng, coordCount, coordsOf, dot, fromCoords, locate, randomCoords, scaleOf } from './coords.js';
import { type Evaluator, type OutputMeta, blockOffsets } from './evaluate.js';
import { centralDerivative, shifted, stepFor } from './finiteDifference.js';
import { ErrorTracker, tolerances } from './tolerance.js';
import type { AdjointReport, CheckOptions, OutputReport } from './types.js';

/** Random probes for a tangent check: directions u (inputs) and cotangents v (outputs). */
export interface Probes {
  /** Per input; zero for inputs not checked. Jointly of unit norm. */
  readonly u: Float64Array[];
  /** Per output; jointly of unit norm. */
  readonly v: Float64Array[];
  readonly uTensors: Tensor[];
  readonly vTensors: Tensor[];
}

function splitUnit(rng: Rng, sizes: readonly number[]): Float64Array[] {
  const all = randomCoords(
    rng,
    sizes.reduce((a, b) => a + b, 0),
    true,
  );
  let off = 0;
  return sizes.map((n) => {
    const part = all.slice(off, off + n);
    off += n;
    return part;
  });
}

/** Seeded random unit probes matching the inputs `xs` (only `wrt` ones move) and outputs `metas`. */
export function makeProbes(
  xs: readonly Tensor[],
  wrt: readonly number[],
  metas: readonly OutputMeta[],
  seed: number,
): Probes {
  const rng = new Rng(seed);
  const moving = splitUnit(
    rng,
    wrt.map((i) => coordCount(xs[i]!)),
  );
  const u = xs.map((x, i) => {
    const k = wrt.indexOf(i);
    return k >= 0 ? moving[k]! : new Float64Array(coordCount(x));
  });
  const v = splitUnit(rng, metas.map(coordCount));
  return {
    u,
    v,
    uTensors: u.map((c, i) => fromCoords(c.slice(), xs[i]!)),
    vTensors: v.map((c, k) => fromCoords(c.slice(), metas[k]!)),
  };
}

/**
 * Checks claimed tangents J u two ways: against a central difference of f along u (all moving
 * inputs at once), and for adjointness with claimed cotangents J* v. The second needs no finite
 * differences, so it is tight: a jvp and a pullback that disagree are caught even where f is
 * too ill-conditioned for finite differences.
 */
export function compareTangents(args: {
  ev: Evaluator;
  xs: readonly Tensor[];
  metas: readonly OutputMeta[];
  probes: Probes;
  /** Claimed J u, per output, as coordinates. */
  tangents: readonly Float64Array[];
  /** Claimed J* v, per input, as coordinates. */
  pulled: readonly Float64Array[];
  opts: CheckOptions;
}): { adjoint: AdjointReport; outputs: OutputReport[] } {
  const { ev, xs, metas, probes, tangents, pulled, opts } = args;
  const { atol, rtol } = tolerances(opts);
  const vjpSide = pulled.reduce((s, g, i) => s + dot(g, probes.u[i]!), 0);
  const jvpSide = tangents.reduce((s, t, k) => s + dot(probes.v[k]!, t), 0);
  const absError = Math.abs(vjpSide - jvpSide);
  const adjointTracker = new ErrorTracker(atol, rtol);
  adjointTracker.add(vjpSide, jvpSide, () => ({ index: [], part: null, output: null }));
  const adjoint: AdjointReport = {
    ok: adjointTracker.ok,
    vjpSide,
    jvpSide,
    absError,
    relError: absError === 0 ? 0 : absError / Math.max(Math.abs(jvpSide), atol),
  };
  const bases = xs.map(coordsOf);
  const h = stepFor(Math.max(...bases.map(scaleOf)), opts);
  const moved = (t: number) => xs.map((x, i) => fromCoords(shifted(bases[i]!, t, probes.u[i]!), x));
  const numeric = centralDerivative((t) => ev.flat(moved(t)), h, opts.richardson ?? false);
  const { offsets } = blockOffsets(metas);
  const outputs = metas.map((m, k) => {
    const tracker = new ErrorTracker(atol, rtol);
    const t = tangents[k]!;
    for (let j = 0; j < t.length; j++) {
      tracker.add(t[j]!, numeric[offsets[k]! + j]!, () => ({ ...locate(m.shape, m.dtype, j), output: null }));
    }
    return tracker.report(k);
  });
  return { adjoint, outputs };
}
