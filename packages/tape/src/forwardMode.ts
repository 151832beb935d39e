import { onesLike, zerosLike } from '@svd/tensor';
import { propagate } from './backward.js';
import { topologicalNodes } from './graph.js';
import { enableGrad } from './gradMode.js';
import type { Node } from './Node.js';
import { add, conj, mul, real } from './ops/arithmetic.js';
import { sum } from './ops/reductions.js';
import { runJvp, runPullback } from './ruleCalls.js';
import { Var, variable } from './Var.js';

/*
 * Forward mode: one sweep over the nodes recorded between the inputs and the outputs, in the
 * order they ran, pushing tangents through each. A node whose rule has a `jvp` uses it (that is
 * what the field is for, and it is cheaper than the alternative). Any other node's tangents are
 * obtained by transposing its pullback: for a dummy cotangent u of its outputs, the pullback
 * g(u) is linear in u, and the gradient of ⟨g(u), t⟩ with respect to u is J·t. That needs a
 * pullback written with tape ops; one that returns plain Tensors raises a RuleError naming the
 * rule (see onceDifferentiable.ts) instead of giving a silent zero.
 */

/** J·t for one node without a `jvp`, by transposing its pullback; `barrier` bounds the transposition's graph walk. */
function transposedPullback(
  node: Node,
  tangents: readonly (Var | null)[],
  createGraph: boolean,
  barrier: ReadonlySet<Var>,
): (Var | null)[] {
  const us = node.outputs.map((o) => variable(zerosLike(o.value)));
  const gs = runPullback(node, us, true);
  const terms: Var[] = [];
  gs.forEach((g, i) => {
    const t = tangents[i];
    if (g && t) terms.push(enableGrad(() => sum(real(mul(conj(g), t)))));
  });
  if (terms.length === 0) return us.map(() => null);
  const loss = terms.reduce((a, b) => enableGrad(() => add(a, b)));
  const cts = propagate([loss], [new Var(onesLike(loss.value), false)], {
    createGraph,
    retainGraph: createGraph,
    stopAt: new Set(us),
    barrier,
  });
  return us.map((u) => cts.get(u) ?? null);
}

/**
 * Tangents of `outputs` given tangents of `inputs` (null = zero; null in the result = zero).
 * With `createGraph` the tangents are recorded, so they can be differentiated again.
 */
export function forwardTangents(
  inputs: readonly Var[],
  tangents: readonly (Var | null)[],
  outputs: readonly Var[],
  createGraph: boolean,
): (Var | null)[] {
  const tan = new Map<Var, Var>();
  inputs.forEach((x, i) => {
    const t = tangents[i];
    if (t) tan.set(x, t);
  });
  const from = new Set(inputs);
  const order = topologicalNodes(outputs, { stopAt: from, barrier: from });
  // Vars recorded before the sweep cannot depend on a dummy cotangent made during it.
  const recorded = new Set<Var>(inputs);
  for (const n of order) for (const v of [...n.inputs, ...n.outputs]) recorded.add(v);
  for (const node of order) {
    const inT = node.inputs.map((v) => tan.get(v) ?? null);
    if (inT.every((t) => t === null)) continue;
    const outT = node.spec!.jvp ? runJvp(node, inT, createGraph) : transposedPullback(node, inT, createGraph, recorded);
    outT.forEach((t, k) => {
      if (t) tan.set(node.outputs[k]!, t);
    });
  }
  return outputs.map((o) => tan.get(o) ?? null);
}
