import { type Var, constant, isVar, noGrad } from '@svd/tape';
import { type Tensor, describeValue } from '@svd/tensor';
import { coordCount, coordsOf, requireDouble } from './coords.js';
import { GradcheckError } from './errors.js';
import type { VarFunction } from './types.js';

/** Normalises what a function under test returned to a list of Vars, with a clear error otherwise. */
export function outputList(op: string, out: unknown): Var[] {
  const list = Array.isArray(out) ? (out as unknown[]) : [out];
  return list.map((o, i) => {
    if (!isVar(o)) {
      throw new GradcheckError(
        op,
        `output ${i} of the function is ${describeValue(o)}, expected a Var (build it from tape ops)`,
      );
    }
    return o;
  });
}

/** Shape and dtype of each output: what cotangents and finite differences must match. */
export interface OutputMeta {
  readonly shape: readonly number[];
  readonly dtype: Tensor['dtype'];
  readonly size: number;
}

/**
 * Evaluates the function under test on plain values, without recording (finite differences need
 * only values), and counts the evaluations so reports can show what a check cost.
 */
export class Evaluator {
  evaluations = 0;
  readonly f: (...xs: Var[]) => Var[];
  readonly op: string;

  constructor(op: string, f: VarFunction) {
    this.op = op;
    this.f = (...xs) => outputList(op, f(...xs));
  }

  /** The outputs at `xs` as tensors. */
  values(xs: readonly Tensor[]): Tensor[] {
    this.evaluations++;
    const outs = noGrad(() => this.f(...xs.map((x) => constant(x))));
    return outs.map((o) => o.value);
  }

  /** The outputs at `xs` as one vector of real coordinates (outputs concatenated). */
  flat(xs: readonly Tensor[]): Float64Array {
    return concatCoords(this.values(xs));
  }
}

/** Concatenated real coordinates of several tensors. */
export function concatCoords(ts: readonly Tensor[]): Float64Array {
  const parts = ts.map(coordsOf);
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Shapes and dtypes of outputs, after refusing single precision ones. */
export function outputMeta(op: string, outs: readonly { readonly value: Tensor }[]): OutputMeta[] {
  requireDouble(
    op,
    'output',
    outs.map((o) => o.value.dtype),
  );
  return outs.map((o) => ({ shape: o.value.shape, dtype: o.value.dtype, size: o.value.size }));
}

/** Offsets of each output's block in the concatenated coordinates, plus the total. */
export function blockOffsets(metas: readonly OutputMeta[]): { offsets: number[]; total: number } {
  const offsets: number[] = [];
  let total = 0;
  for (const m of metas) {
    offsets.push(total);
    total += coordCount(m);
  }
  return { offsets, total };
}
