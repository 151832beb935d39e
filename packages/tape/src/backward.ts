import { type Tensor, describeValue, full, internal, onesLike } from '@svd/tensor';
import { TapeError } from './errors.js';
import { type GraphBounds, topologicalNodes } from './graph.js';
import { enableGrad, noGrad } from './gradMode.js';
import { add } from './ops/arithmetic.js';
import { runPullback } from './ruleCalls.js';
// biome-ignore lint/suspicious/noShadowRestrictedNames: `valueOf` is public API (used by @svd/gradcheck)
import { type Input, Var, asVar, isVar, valueOf } from './Var.js';

const { fmtShape } = internal;

export interface BackwardOptions {
  /** Keep the graph so it can be differentiated again (defaults to `createGraph`). */
  retainGraph?: boolean;
  /** Record the backward pass itself, so its results can be differentiated (higher order). */
  createGraph?: boolean;
}

interface PropagateOptions extends GraphBounds {
  retainGraph: boolean;
  createGraph: boolean;
}

/**
 * The reverse sweep shared by every entry point (and by forward mode, which transposes one
 * node's pullback at a time). Returns the accumulated cotangent of every leaf and every `stopAt`
 * Var that was reached.
 */
export function propagate(
  roots: readonly Var[],
  rootCotangents: readonly Var[],
  opts: PropagateOptions,
): Map<Var, Var> {
  const cts = new Map<Var, Var>();
  const record = opts.createGraph ? enableGrad : noGrad;
  const accumulate = (v: Var, c: Var) => {
    const prev = cts.get(v);
    cts.set(v, prev ? record(() => add(prev, c)) : c);
  };
  roots.forEach((r, i) => {
    if (r.requiresGrad) accumulate(r, rootCotangents[i]!);
  });
  const order = topologicalNodes(roots, opts);
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k]!;
    const outCts = node.outputs.map((o) => cts.get(o) ?? null);
    for (const o of node.outputs) if (!opts.stopAt?.has(o)) cts.delete(o);
    if (outCts.every((c) => c === null)) {
      if (!opts.retainGraph) node.release();
      continue;
    }
    runPullback(node, outCts, opts.createGraph).forEach((c, i) => {
      const input = node.inputs[i]!;
      if (c !== null && input.requiresGrad) accumulate(input, c);
    });
    if (!opts.retainGraph) node.release();
  }
  return cts;
}

function defaultCotangent(op: string, out: Var, index: number): Var {
  if (out.size !== 1 || out.value.isComplex) {
    throw new TapeError(
      op,
      `output ${index} has shape ${fmtShape(out.shape)} and dtype ${out.dtype}; only a real scalar (size-1) output gets the implicit cotangent 1 — pass cotangents explicitly`,
    );
  }
  return new Var(onesLike(out.value), false);
}

function checkCotangentShape(op: string, out: Var, ct: Var, index: number): void {
  if (ct.shape.length !== out.shape.length || ct.shape.some((d, i) => d !== out.shape[i])) {
    throw new TapeError(
      op,
      `cotangent ${index} has shape ${fmtShape(ct.shape)}, expected ${fmtShape(out.shape)} (the shape of output ${index})`,
    );
  }
  if (ct.dtype !== out.dtype) {
    throw new TapeError(
      op,
      `cotangent ${index} has dtype ${ct.dtype}, expected ${out.dtype} (the dtype of output ${index})`,
    );
  }
}

/** An explicit cotangent as a Var; a plain number fills the output's shape in the output's dtype. */
function cotangentFor(out: Var, c: Input): Var {
  if (typeof c === 'number') return new Var(full(out.shape, c, { dtype: out.dtype }), false);
  return asVar(c);
}

/** PyTorch's "element 0 of tensors does not require grad and does not have a grad_fn". */
function untrackedError(op: string, index: number): TapeError {
  return new TapeError(
    op,
    `output ${index} does not require a gradient: it was computed under noGrad, from constants only (no variable with requiresGrad), or cut by stopGradient, so there is nothing to differentiate`,
  );
}

/**
 * The outputs that get a cotangent, with their cotangents as checked Vars. With
 * `requireTracked` (backward), an output that does not require a gradient is an error rather
 * than a silent no-op.
 */
function prepareRoots(
  op: string,
  outputs: Var | readonly Var[],
  cotangents: Input | readonly (Input | null)[] | undefined,
  requireTracked = false,
): { roots: Var[]; rootCts: Var[] } {
  const roots = Array.isArray(outputs) ? [...(outputs as readonly Var[])] : [outputs as Var];
  roots.forEach((r, i) => {
    if (!isVar(r))
      throw new TapeError(
        op,
        `output ${i} is ${describeValue(r)}, expected a Var; only tracked values can be differentiated`,
      );
  });
  let list: (Input | null)[];
  if (cotangents === undefined) list = roots.map(() => null);
  else if (Array.isArray(cotangents)) list = [...(cotangents as readonly (Input | null)[])];
  else list = [cotangents as Input];
  if (list.length !== roots.length) {
    throw new TapeError(op, `got ${list.length} cotangents for ${roots.length} outputs`);
  }
  const keep: Var[] = [];
  const keepCts: Var[] = [];
  roots.forEach((r, i) => {
    const c = list[i];
    if (c === null && cotangents !== undefined) return; // an explicitly absent cotangent
    if (requireTracked && !r.requiresGrad) throw untrackedError(op, i);
    const ct = c === null || c === undefined ? defaultCotangent(op, r, i) : cotangentFor(r, c);
    checkCotangentShape(op, r, ct, i);
    keep.push(r);
    keepCts.push(ct);
  });
  return { roots: keep, rootCts: keepCts };
}

/**
 * Reverse pass in the imperative style of the bug report: accumulates into `.grad` of every leaf
 * the outputs depend on. A scalar real output needs no cotangent; otherwise pass one per output
 * (null for an output that gets none). A cotangent given as a plain number fills the output's
 * shape in the output's dtype (`backward(loss32, 1)` is a float32 1; a complex output gets c+0i).
 * An output that does not require a gradient (computed under `noGrad`, from constants only, or
 * cut by `stopGradient`) throws a `TapeError`, as in PyTorch, instead of silently doing nothing.
 *
 * @example
 * const A = variable(randn([4, 6], { seed: 1 }));
 * const [U, S, V] = svd(A);
 * backward([U, S, V], [dU, dS, dV]);
 * A.grad; // the cotangent of A
 */
export function backward(
  outputs: Var | readonly Var[],
  cotangents?: Input | readonly (Input | null)[],
  options: BackwardOptions = {},
): void {
  const createGraph = options.createGraph ?? false;
  const { roots, rootCts } = prepareRoots('backward', outputs, cotangents, true);
  const cts = propagate(roots, rootCts, { createGraph, retainGraph: options.retainGraph ?? createGraph });
  for (const [v, c] of cts) {
    if (!v.isLeaf || !v.requiresGrad) continue;
    // A plain dense tensor: the cotangent may be a zero-stride broadcast or a lazily conjugated view.
    const g: Tensor = valueOf(c).contiguous();
    v.grad = v.grad ? valueOf(noGrad(() => add(v.grad!, g))) : g;
  }
}

/**
 * Cotangents of `inputs` (any tracked Vars, not only leaves) given the outputs' cotangents, without
 * touching `.grad`. An input the outputs do not depend on gets null. With
 * `{ createGraph: true }` the results are themselves differentiable.
 *
 * @example
 * const h = mul(x, x);
 * const [gh, gx] = gradients(sum(mul(h, 3)), [h, x]); // gh = 3, gx = 6x
 */
export function gradients(
  outputs: Var | readonly Var[],
  inputs: readonly Var[],
  cotangents?: Input | readonly (Input | null)[],
  options: BackwardOptions = {},
): (Var | null)[] {
  const createGraph = options.createGraph ?? false;
  const { roots, rootCts } = prepareRoots('gradients', outputs, cotangents);
  const stopAt = new Set(inputs);
  const cts = propagate(roots, rootCts, { createGraph, retainGraph: options.retainGraph ?? createGraph, stopAt });
  return inputs.map((v) => cts.get(v) ?? null);
}
