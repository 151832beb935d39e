import type { Node } from './Node.js';
import { type RuleContext, checkCotangents } from './defineRule.js';
import { enableGrad, noGrad } from './gradMode.js';
import { guardOnceDifferentiable } from './onceDifferentiable.js';
import { type Var, asVar } from './Var.js';

/*
 * Calling a recorded node's pullback or jvp: the context it sees, the contract check of what it
 * returns, and — when the call is recorded for a further derivative — the guard on results the
 * tape cannot differentiate (see onceDifferentiable.ts).
 */

function contextOf(node: Node): RuleContext<unknown> {
  return { name: node.name, inputs: node.inputs, outputs: node.outputs, saved: node.saved };
}

/** One cotangent per input of `node` (null = zero), recorded as a graph when `createGraph`. */
export function runPullback(node: Node, cotangents: readonly (Var | null)[], createGraph: boolean): (Var | null)[] {
  const spec = node.spec!;
  const record = createGraph ? enableGrad : noGrad;
  const raw = record(() => spec.backward(cotangents, contextOf(node)));
  const checked = checkCotangents(
    node.name,
    'pullback',
    raw,
    node.inputs.map((v) => ({ shape: v.shape, dtype: v.dtype })),
  );
  if (!createGraph) return checked.map((c) => (c === null ? null : asVar(c)));
  return guardOnceDifferentiable(node.name, 'pullback', checked, cotangents, node.inputs);
}

/** One tangent per output of `node` from its rule's own `jvp` (which must exist). */
export function runJvp(node: Node, tangents: readonly (Var | null)[], createGraph: boolean): (Var | null)[] {
  const spec = node.spec!;
  const record = createGraph ? enableGrad : noGrad;
  const raw = record(() => spec.jvp!(tangents, contextOf(node)));
  const checked = checkCotangents(
    node.name,
    'jvp',
    raw,
    node.outputs.map((v) => ({ shape: v.shape, dtype: v.dtype })),
  );
  if (!createGraph) return checked.map((c) => (c === null ? null : asVar(c)));
  return guardOnceDifferentiable(node.name, 'jvp', checked, tangents, node.inputs);
}
