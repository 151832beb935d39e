import { type Tensor, describeValue, internal, isTensor } from '@svd/tensor';
import { Node } from './Node.js';
import { RuleError } from './errors.js';
import { isRecording } from './gradMode.js';
// biome-ignore lint/suspicious/noShadowRestrictedNames: `valueOf` is public API (used by @svd/gradcheck)
import { type Input, Var, asVar, isVar, valueOf } from './Var.js';

const { fmtShape } = internal;

/**
 * What a rule's backward and jvp see besides the cotangents. `O` is the outputs' type: inside
 * `defineRule` it is a tuple with one Var per forward output (`readonly [Var, Var]` for a forward
 * that returns two tensors), so `const [Q, R] = ctx.outputs` needs no cast.
 */
export interface RuleContext<S = unknown, O extends readonly Var[] = readonly Var[]> {
  /** The rule's name, for messages. */
  readonly name: string;
  /** Every input as a Var (constants included), so pullbacks written with tape ops are differentiable again. */
  readonly inputs: readonly Var[];
  /** Every output as a Var, in the forward's order (a tuple when the forward's type fixes the count). */
  readonly outputs: O;
  /** Whatever the forward returned under `saved` (see `ForwardWithSaved`). */
  readonly saved: S;
}

/**
 * A pullback or tangent result entry: a tracked value, a plain tensor (treated as constant), or null (zero).
 * `undefined` is accepted as null, so destructured cotangents (`[gA, gB]`) can be passed straight through.
 */
export type CotangentResult = Var | Tensor | null | undefined;

/** A forward that wants to hand extra data to its backward returns this instead of bare outputs. */
export interface ForwardWithSaved<O extends Tensor | readonly Tensor[], S> {
  readonly outputs: O;
  readonly saved: S;
}

export type ForwardResult<S> = Tensor | readonly Tensor[] | ForwardWithSaved<Tensor | readonly Tensor[], S>;

/** One `E` per output of a forward result `R`: a tuple when R's type fixes the count, else an array. */
type PerOutput<R, E> = PerOutputOf<Outputs<R>, E>;
type PerOutputOf<O, E> = O extends Tensor
  ? readonly [E]
  : O extends readonly Tensor[]
    ? { readonly [K in keyof O]: E }
    : readonly E[];

/** The outputs of a rule as its backward and jvp see them (`ctx.outputs`): one Var per forward output. */
export type OutputVars<R> = PerOutput<R, Var>;
/** The cotangents a rule's backward receives: one per forward output, null where none arrived. */
export type OutputCotangents<R> = PerOutput<R, Var | null>;

export interface RuleSpec<S = unknown, R extends ForwardResult<S> = ForwardResult<S>> {
  /** Appears in every error message about this rule. */
  readonly name: string;
  /** Computes the outputs from plain tensors. Return an array for several outputs. */
  readonly forward: (...inputs: Tensor[]) => R;
  /**
   * Maps output cotangents to input cotangents. `cotangents[i]` is null when output i received
   * none (never a materialised zero), so a rule can skip work. Return one entry per input (a
   * single value is accepted when there is one input); null means a zero cotangent. Write it
   * with tape ops on the Vars of `ctx` to make second derivatives work.
   */
  readonly backward: (
    cotangents: OutputCotangents<R>,
    ctx: RuleContext<S, OutputVars<R>>,
  ) => CotangentResult | readonly CotangentResult[];
  /** Optional forward-mode rule: input tangents (null = zero) to output tangents. */
  readonly jvp?: (
    tangents: readonly (Var | null)[],
    ctx: RuleContext<S, OutputVars<R>>,
  ) => CotangentResult | readonly CotangentResult[];
}

/** The plain outputs of a forward result `R`: its `outputs` when it returns `ForwardWithSaved`, else `R` itself. */
export type Outputs<R> = R extends ForwardWithSaved<infer O, unknown> ? O : R;
/** Tracked outputs: a single Var, or a plain array with one Var per forward output. */
export type Lifted<O> = O extends Tensor
  ? Var
  : O extends readonly Tensor[]
    ? { -readonly [K in keyof O]: Var }
    : never;

/** A differentiable operation produced by `defineRule`. */
export interface Rule<S = unknown, R extends ForwardResult<S> = ForwardResult<S>> {
  (...inputs: Input[]): Lifted<Outputs<R>>;
  readonly spec: RuleSpec<S, R>;
}

function isForwardWithSaved(x: unknown): x is ForwardWithSaved<Tensor | readonly Tensor[], unknown> {
  return typeof x === 'object' && x !== null && !isTensor(x) && !Array.isArray(x) && 'outputs' in x;
}

/** Checks and normalises what a forward returned. */
function unpackForward(name: string, raw: unknown): { outputs: Tensor[]; tuple: boolean; saved: unknown } {
  let value = raw;
  let saved: unknown;
  if (isForwardWithSaved(raw)) {
    value = raw.outputs;
    saved = raw.saved;
  }
  if (isTensor(value)) return { outputs: [value], tuple: false, saved };
  if (Array.isArray(value)) {
    value.forEach((o: unknown, i: number) => {
      if (!isTensor(o)) {
        throw new RuleError(name, `forward output ${i} is ${describeValue(o)}, expected a Tensor`);
      }
    });
    return { outputs: value as Tensor[], tuple: true, saved };
  }
  throw new RuleError(name, `forward must return a Tensor or an array of Tensors, got ${describeValue(value)}`);
}

/**
 * Applies a rule: runs its forward on plain values and, when recording and some input requires
 * a gradient, records one node whose outputs are all first-class Vars.
 */
export function applyRule<S>(spec: RuleSpec<S>, inputs: readonly Input[]): Var | Var[] {
  const values = inputs.map(valueOf);
  const { outputs, tuple, saved } = unpackForward(spec.name, spec.forward(...values));
  const vars = inputs.map(asVar);
  if (!isRecording() || !vars.some((v) => v.requiresGrad)) {
    const outs = outputs.map((t) => new Var(t, false));
    return tuple ? outs : outs[0]!;
  }
  const node = new Node(spec as RuleSpec<unknown>, vars, saved);
  const outs = outputs.map((t, i) => new Var(t, true, node, i));
  node.outputs = outs;
  return tuple ? outs : outs[0]!;
}

/**
 * Defines a differentiable operation — the analogue of Julia's `@grad`.
 *
 * @example
 * // y = (x², 3x) as a two-output op
 * const squareAndTriple = defineRule({
 *   name: 'squareAndTriple',
 *   forward: (x: Tensor) => [tmul(x, x), tmul(x, 3)],
 *   backward: ([gy, gz], { inputs: [x] }) =>
 *     add(gy ? mul(gy, mul(x!, 2)) : 0, gz ? mul(gz, 3) : 0),
 * });
 * const [y, z] = squareAndTriple(variable(tensor([1, 2])));
 */
export function defineRule<S = unknown, const R extends ForwardResult<S> = ForwardResult<S>>(
  spec: RuleSpec<S, R>,
): Rule<S, R> {
  if (typeof spec.name !== 'string' || spec.name.length === 0) {
    throw new RuleError(String(spec.name), 'a rule needs a non-empty name');
  }
  const rule = (...inputs: Input[]) => applyRule(spec as unknown as RuleSpec<S>, inputs);
  Object.defineProperty(rule, 'spec', { value: spec, enumerable: true });
  return rule as unknown as Rule<S, R>;
}

/**
 * Normalises and checks a pullback (or jvp) result against the values it must match: one entry
 * per input, each null or of the input's shape and dtype. Throws a `RuleError` naming the rule
 * otherwise; `defineRule` calls it for every rule, and custom drivers can reuse it.
 *
 * @example
 * const [gx] = checkCotangents('myRule', 'pullback', g, [{ shape: [2], dtype: 'float64' }]);
 */
export function checkCotangents(
  name: string,
  what: 'pullback' | 'jvp',
  raw: unknown,
  expected: readonly { shape: readonly number[]; dtype: string }[],
): (Var | Tensor | null)[] {
  const noun = what === 'pullback' ? 'cotangent' : 'tangent';
  const per = what === 'pullback' ? 'input' : 'output';
  let list: unknown[];
  if (Array.isArray(raw)) list = raw;
  else if (expected.length === 1) list = [raw];
  else {
    throw new RuleError(
      name,
      `${what} returned ${describeValue(raw)}, expected an array of ${expected.length} ${noun}s (one per ${per})`,
    );
  }
  if (list.length !== expected.length) {
    throw new RuleError(
      name,
      `${what} returned ${list.length} ${noun}${list.length === 1 ? '' : 's'}, expected ${expected.length} (one per ${per})`,
    );
  }
  return list.map((c, i) => {
    const e = expected[i]!;
    const label = what === 'pullback' ? `argument ${i}` : `output ${i}`;
    if (c === null || c === undefined) return null;
    if (!isVar(c) && !isTensor(c)) {
      throw new RuleError(name, `${noun} for ${label} is ${describeValue(c)}, expected a Tensor, a Var or null`);
    }
    if (c.shape.length !== e.shape.length || c.shape.some((d, k) => d !== e.shape[k])) {
      throw new RuleError(
        name,
        `${noun} for ${label} has shape ${fmtShape(c.shape)}, expected ${fmtShape(e.shape)} (the shape of ${label})`,
      );
    }
    if (c.dtype !== e.dtype) {
      throw new RuleError(
        name,
        `${noun} for ${label} has dtype ${c.dtype}, expected ${e.dtype} (the dtype of ${label})`,
      );
    }
    return c;
  });
}
