import { type Var, vjp } from '@svd/tape';
import type { Tensor } from '@svd/tensor';
import { coordsLike } from './coords.js';
import { type OutputMeta, outputList, outputMeta } from './evaluate.js';
import type { VarFunction } from './types.js';

/** A function recorded once at a point, with a reusable pullback that returns coordinates. */
export interface Recorded {
  readonly outputs: readonly Var[];
  readonly metas: readonly OutputMeta[];
  /** Input cotangents (as real coordinates, one array per input) for output cotangents (null = none). */
  readonly pull: (cotangents: readonly (Tensor | null)[]) => Float64Array[];
  /** Number of pullback calls so far. */
  readonly count: () => number;
}

/**
 * Records `f` at `xs` through the tape's `vjp` (the graph is retained, so the pullback can be
 * called once per basis cotangent) and wraps the pullback to return real coordinates.
 */
export function record(op: string, f: VarFunction, xs: readonly Tensor[]): Recorded {
  const [outputs, back] = vjp((...a: Var[]) => outputList(op, f(...a)), ...xs);
  const metas = outputMeta(op, outputs);
  let n = 0;
  const pull = (cts: readonly (Tensor | null)[]): Float64Array[] => {
    n++;
    const gs = back(cts);
    return gs.map((g, i) => coordsLike(op, g.value, xs[i]!, `the cotangent of input ${i}`));
  };
  return { outputs, metas, pull, count: () => n };
}
