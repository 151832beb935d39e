import type { Node } from './Node.js';
import { TapeError } from './errors.js';
import type { Var } from './Var.js';

/** The error for a sweep that reaches a node an earlier backward released. */
export function releasedError(n: Node): TapeError {
  return new TapeError(
    'backward',
    `the graph through rule '${n.name}' was already released by an earlier backward; pass { retainGraph: true } to the first backward to differentiate the same graph twice`,
  );
}

/** Which part of the recorded graph a sweep visits. */
export interface GraphBounds {
  /** Vars whose cotangent (or tangent) is wanted; only nodes on a path from one of them are kept. */
  readonly stopAt?: ReadonlySet<Var> | undefined;
  /**
   * Vars the traversal does not look behind: the caller knows that no node producing them (or
   * anything before) lies on a path from `stopAt`. Forward mode uses it so that transposing one
   * node's pullback does not walk the whole graph that came before it.
   */
  readonly barrier?: ReadonlySet<Var> | undefined;
}

/**
 * Nodes reachable from `roots`, inputs before the nodes that consume them. With `stopAt`, only
 * the nodes that lie on a path from some `stopAt` Var to a root are kept: the sweep passes
 * through a requested Var when another requested Var lies behind it (`gradients(L, [h, x])` with
 * h = f(x) must give both), but never enters the graph beyond all of them (an enclosing
 * transform's graph stays untouched and unreleased).
 */
export function topologicalNodes(roots: readonly Var[], bounds: GraphBounds = {}): Node[] {
  const { stopAt, barrier } = bounds;
  const order: Node[] = [];
  const seen = new Set<Node>();
  const stack: { node: Node; next: number }[] = [];
  const push = (v: Var) => {
    const n = v.node;
    if (!n || !v.requiresGrad || seen.has(n) || barrier?.has(v)) return;
    if (n.released && !stopAt) throw releasedError(n);
    seen.add(n);
    stack.push({ node: n, next: 0 });
  };
  for (const r of roots) {
    push(r);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.node.inputs.length) {
        push(top.node.inputs[top.next++]!);
      } else {
        stack.pop();
        order.push(top.node);
      }
    }
  }
  if (!stopAt) return order;
  const relevant = new Set<Node>();
  for (const n of order) {
    if (n.inputs.some((v) => stopAt.has(v) || (v.node !== null && v.requiresGrad && relevant.has(v.node))))
      relevant.add(n);
  }
  const kept = order.filter((n) => relevant.has(n));
  for (const n of kept) if (n.released) throw releasedError(n);
  return kept;
}
