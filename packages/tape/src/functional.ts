import { describeValue, zerosLike } from '@svd/tensor';
import { gradients } from './backward.js';
import { defineRule } from './defineRule.js';
import { TapeError } from './errors.js';
import { forwardTangents } from './forwardMode.js';
import { enableGrad, isRecording } from './gradMode.js';
import { add, conj, mul, real } from './ops/arithmetic.js';
import { sum } from './ops/reductions.js';
// biome-ignore lint/suspicious/noShadowRestrictedNames: `valueOf` is public API (used by @svd/gradcheck)
import { type Input, Var, asVar, isVar, valueOf, variable } from './Var.js';

/**
 * A fresh Var standing for `x` inside a functional transform. If `x` is itself tracked by an
 * enclosing transform, the fresh Var is linked to it by an identity node, so the outer level
 * can differentiate through what the inner one computes (nested `grad`, `hvp`).
 */
const identity = defineRule({
  name: 'identity',
  forward: (x) => x,
  backward: ([g]) => g ?? null,
});

function freshArgument(x: Input): Var {
  if (isVar(x) && x.requiresGrad && isRecording()) return enableGrad(() => identity(x));
  return variable(valueOf(x));
}

function isNested(args: readonly Input[]): boolean {
  return isRecording() && args.some((a) => isVar(a) && a.requiresGrad);
}

function scalarOutput(op: string, out: unknown): Var {
  if (!isVar(out)) {
    throw new TapeError(op, `f must return a Var (use the tape's ops on its arguments), got ${describeValue(out)}`);
  }
  if (out.size !== 1 || out.value.isComplex) {
    throw new TapeError(
      op,
      `f must return a real scalar (size-1) Var, got dtype ${out.dtype} and shape [${out.shape.join(', ')}]`,
    );
  }
  return out;
}

function normalizeArgnums(op: string, argnums: number | readonly number[], n: number): number[] {
  const list = typeof argnums === 'number' ? [argnums] : [...argnums];
  for (const a of list) {
    if (!Number.isInteger(a) || a < 0 || a >= n) {
      throw new TapeError(op, `argnums entry ${a} is out of range for ${n} argument(s)`);
    }
  }
  return list;
}

export interface GradOptions<A extends number | readonly number[]> {
  /** Which arguments to differentiate with respect to (default 0). An array gives an array of gradients. */
  argnums?: A;
}

/** What `grad` returns for `argnums` of type `A`: one Var for a single index, an array of Vars for an array. */
export type GradResult<A> = A extends readonly number[] ? Var[] : Var;

/**
 * The gradient of a real scalar function. Results are Vars: plain constants at top level, tracked
 * values when called inside another transform, so `grad(grad(f))` gives second derivatives.
 *
 * @example
 * const f = (x: Var) => sum(mul(x, mul(x, x)));
 * grad(f)(tensor([1, 2])).value;        // [3, 12]
 * grad((x: Var) => sum(grad(f)(x)))(tensor([1, 2])).value; // [6, 12]
 */
export function grad<A extends number | readonly number[] = number>(
  f: (...args: Var[]) => Var,
  options: GradOptions<A> = {},
): (...args: Input[]) => GradResult<A> {
  const argnums = options.argnums ?? 0;
  return (...args: Input[]) => valueAndGrad(f, { argnums })(...args)[1] as GradResult<A>;
}

/**
 * Like `grad`, returning `[value, gradient]`: the loss and its gradient from one forward pass.
 *
 * @example
 * const [loss, g] = valueAndGrad((x: Var) => sum(mul(x, x)))(tensor([1, 2]));
 * loss.item(); // 5; g.value is [2, 4]
 */
export function valueAndGrad<A extends number | readonly number[] = number>(
  f: (...args: Var[]) => Var,
  options: GradOptions<A> = {},
): (...args: Input[]) => [Var, GradResult<A>] {
  return (...args: Input[]) => {
    const nested = isNested(args);
    const nums = normalizeArgnums('grad', options.argnums ?? 0, args.length);
    const xs = args.map(freshArgument);
    const out = scalarOutput(
      'grad',
      enableGrad(() => f(...xs)),
    );
    const targets = nums.map((i) => xs[i]!);
    const gs = gradients([out], targets, undefined, { createGraph: nested, retainGraph: nested });
    const res = gs.map((g, k) => g ?? new Var(zerosLike(targets[k]!.value), false));
    const value = nested ? out : new Var(out.value, false);
    return [value, (Array.isArray(options.argnums) ? res : res[0]!) as GradResult<A>];
  };
}

/** The pullback returned by `vjp`: output cotangents (null = none) to one cotangent per input. */
export type Pullback = (cotangents: Input | readonly (Input | null)[]) => Var[];

/**
 * Evaluates `f` and returns its outputs with a pullback that maps output cotangents to input
 * cotangents. The pullback may be called any number of times.
 *
 * @example
 * const [y, back] = vjp((x) => mul(x, x), tensor([1, 2]));
 * back(tensor([1, 1]))[0].value; // [2, 4]
 */
export function vjp<O extends Var | Var[]>(f: (...args: Var[]) => O, ...args: Input[]): [O, Pullback] {
  const nested = isNested(args);
  const xs = args.map(freshArgument);
  const out = enableGrad(() => f(...xs));
  const outs: Var[] = Array.isArray(out) ? (out as Var[]) : [out as Var];
  const pullback: Pullback = (cts) => {
    const list = Array.isArray(cts) ? cts : [cts];
    const gs = gradients(outs, xs, list as readonly (Input | null)[], {
      createGraph: nested || isNested(list.filter((c): c is Input => c !== null)),
      retainGraph: true,
    });
    return gs.map((g, i) => g ?? new Var(zerosLike(xs[i]!.value), false));
  };
  return [out, pullback];
}

/**
 * Forward mode: `f(xs)` and its directional derivative along `tangents`, by one forward sweep
 * over the recorded graph. A rule with a `jvp` field is pushed through that `jvp`; any other
 * node through the transpose of its (linear) pullback, so every op and rule with a pullback
 * written in tape ops has a jvp with no separate forward rule. A rule with neither (its
 * pullback returns plain Tensors and it has no `jvp`) raises a `RuleError` naming it, never a
 * silent zero.
 *
 * @example
 * const [y, dy] = jvp((x) => mul(x, x), [tensor([3])], [tensor([1])]); // dy = 6
 */
export function jvp<O extends Var | Var[]>(
  f: (...args: Var[]) => O,
  args: readonly Input[],
  tangents: readonly Input[],
): [O, O] {
  if (tangents.length !== args.length) {
    throw new TapeError('jvp', `got ${tangents.length} tangents for ${args.length} arguments`);
  }
  tangents.forEach((t, i) => {
    const tv = valueOf(t);
    const xv = valueOf(args[i]!);
    if (tv.shape.length !== xv.shape.length || tv.shape.some((d, k) => d !== xv.shape[k]) || tv.dtype !== xv.dtype) {
      throw new TapeError(
        'jvp',
        `tangent ${i} has dtype ${tv.dtype} and shape [${tv.shape.join(', ')}], expected ${xv.dtype} [${xv.shape.join(', ')}] (those of argument ${i})`,
      );
    }
  });
  const nested = isNested([...args, ...tangents]);
  const xs = args.map(freshArgument);
  const out = enableGrad(() => f(...xs));
  const outs: Var[] = Array.isArray(out) ? (out as Var[]) : [out as Var];
  outs.forEach((o, i) => {
    if (!isVar(o))
      throw new TapeError(
        'jvp',
        `f must return a Var or an array of Vars (use the tape's ops on its arguments), got ${describeValue(o)} as output ${i}`,
      );
  });
  const dots = forwardTangents(xs, tangents.map(asVar), outs, nested).map(
    (d, i) => d ?? new Var(zerosLike(outs[i]!.value), false),
  );
  const tangentOut = (Array.isArray(out) ? dots : dots[0]!) as O;
  const primal = (
    Array.isArray(out)
      ? outs.map((o) => (nested ? o : new Var(o.value, false)))
      : nested
        ? out
        : new Var(outs[0]!.value, false)
  ) as O;
  return [primal, tangentOut];
}

/**
 * Hessian-vector products: for each argument i, Σⱼ ∂²f/∂xᵢ∂xⱼ · vⱼ, by reverse-over-reverse.
 *
 * @example
 * hvp((x) => sum(mul(x, mul(x, x))), [tensor([1, 2])], [tensor([1, 0])])[0].value; // [6, 0]
 */
export function hvp(f: (...args: Var[]) => Var, args: readonly Input[], vectors: readonly Input[]): Var[] {
  if (vectors.length !== args.length) {
    throw new TapeError('hvp', `got ${vectors.length} vectors for ${args.length} arguments`);
  }
  const all = args.map((_, i) => i);
  const inner = (...xs: Var[]): Var => {
    const gs = grad(f, { argnums: all })(...xs);
    return gs.map((g, i) => sum(real(mul(conj(g), vectors[i]!)))).reduce((a, b) => add(a, b));
  };
  return grad(inner, { argnums: all })(...args);
}
