import * as T from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import {
  RuleError,
  Var,
  add,
  backward,
  constant,
  cos,
  defineRule,
  grad,
  jvp,
  mul,
  sin,
  sum,
  variable,
} from '../src/index.js';
import { randn } from './helpers/data.js';
import {
  checkGradients,
  numericDirectional,
  numericGradient,
  projector,
  relativeError,
} from './helpers/finiteDifference.js';

/** What the pullback of `threeOut` received on each call: which cotangents were non-null. */
const received: boolean[][] = [];

/** x ↦ (x², 3x, sin x), written the way a downstream author would. */
const threeOut = defineRule({
  name: 'threeOut',
  forward: (x: T.Tensor) => [T.mul(x, x), T.mul(x, 3), T.sin(x)],
  backward: ([ga, gb, gc], { inputs: [x] }) => {
    received.push([ga !== null, gb !== null, gc !== null]);
    const parts: Var[] = [];
    if (ga) parts.push(mul(ga, mul(x!, 2)));
    if (gb) parts.push(mul(gb, 3));
    if (gc) parts.push(mul(gc, cos(x!)));
    return parts.reduce((a, b) => add(a, b));
  },
});

/** (x, y) ↦ (x·y, x + sin y): two inputs, two outputs. */
const twoOut = defineRule({
  name: 'twoOut',
  forward: (x: T.Tensor, y: T.Tensor) => [T.mul(x, y), T.add(x, T.sin(y))],
  backward: ([gp, gs], { inputs: [x, y] }) => {
    received.push([gp !== null, gs !== null]);
    const gx = [gp && mul(gp, y!), gs].filter((v): v is Var => v !== null).reduce((a, b) => add(a, b));
    const gy = [gp && mul(gp, x!), gs && mul(gs, cos(y!))]
      .filter((v): v is Var => v !== null)
      .reduce((a, b) => add(a, b));
    return [gx, gy];
  },
});

/** Every non-empty subset of {0, …, n−1} as a membership mask. */
function subsets(n: number): boolean[][] {
  const out: boolean[][] = [];
  for (let m = 1; m < 1 << n; m++) out.push([...Array(n).keys()].map((i) => ((m >> i) & 1) === 1));
  return out;
}

describe('multi-output rules (tuple outputs)', () => {
  it('a three-output rule: every subset of outputs in the loss gives the right gradient, and null exactly for the unused ones', () => {
    const x0 = randn([2, 3], 1);
    for (const mask of subsets(3)) {
      const ps = [projector(11), projector(12), projector(13)];
      const loss = (x: Var) => {
        const [a, b, c] = threeOut(x);
        const outs = [a, b, c];
        return outs.flatMap((o, i) => (mask[i] ? [ps[i]!(o)] : [])).reduce((s, t) => add(s, t));
      };
      received.length = 0;
      checkGradients(loss, [x0]);
      // One pullback call per entry point (grad, gradients, vjp, backward); none during finite differences.
      expect(received.length, `subset ${mask}`).toBe(4);
      for (const r of received) expect(r, `subset ${mask}`).toEqual(mask);
    }
  });

  it('a two-input, two-output rule: every subset, both arguments', () => {
    const xs = [randn([3], 2), randn([3], 3)];
    for (const mask of subsets(2)) {
      const ps = [projector(21), projector(22)];
      const loss = (x: Var, y: Var) => {
        const outs = twoOut(x, y);
        return outs.flatMap((o, i) => (mask[i] ? [ps[i]!(o)] : [])).reduce((s, t) => add(s, t));
      };
      received.length = 0;
      checkGradients(loss, xs);
      expect(received.length).toBe(4);
      for (const r of received) expect(r).toEqual(mask);
    }
  });

  it('outputs feeding further ops, used several times and in a different order', () => {
    const loss = (x: Var) => {
      const [a, b, c] = threeOut(x);
      return sum(add(mul(c, a), mul(sin(b), c)));
    };
    received.length = 0;
    checkGradients(loss, [randn([4], 4)]);
    for (const r of received) expect(r).toEqual([true, true, true]);
  });

  it('an output that reaches the loss only through stopGradient-like constants gets null', () => {
    const x = variable(randn([3], 5));
    const [a, b] = threeOut(x);
    received.length = 0;
    backward(sum(add(a, constant(b.value))));
    expect(received).toEqual([[true, false, false]]);
    expect(T.allclose(x.grad!, T.mul(x.value, 2))).toBe(true);
  });

  it('imperative style: backward([U, S, V], [dU, dS, dV]) with explicit cotangents', () => {
    const x0 = randn([2, 2], 6);
    const ds = [randn([2, 2], 7), randn([2, 2], 8), randn([2, 2], 9)];
    // Reference: the gradient of Σᵢ ⟨dᵢ, outᵢ⟩ by finite differences.
    const reference = (use: boolean[]) =>
      numericGradient(
        (x) => {
          const outs = threeOut(x);
          return outs.flatMap((o, i) => (use[i] ? [sum(mul(o, ds[i]!))] : [])).reduce((s, t) => add(s, t));
        },
        [x0],
        0,
      );

    const x = variable(x0);
    const [U, S, V] = threeOut(x);
    received.length = 0;
    backward([U, S, V], [ds[0]!, ds[1]!, ds[2]!]);
    expect(received).toEqual([[true, true, true]]);
    expect(relativeError(x.grad!, reference([true, true, true]))).toBeLessThan(1e-6);

    for (const use of subsets(3)) {
      const y = variable(x0);
      const outs = threeOut(y);
      received.length = 0;
      backward(
        outs,
        outs.map((_, i) => (use[i] ? ds[i]! : null)),
      );
      expect(received).toEqual([use]);
      expect(relativeError(y.grad!, reference(use)), `cotangents ${use}`).toBeLessThan(1e-6);
    }
  });

  it('imperative style with a subset of the outputs passed to backward', () => {
    const x0 = randn([3], 10);
    const x = variable(x0);
    const [U, , V] = threeOut(x);
    received.length = 0;
    backward([U, V], [T.ones([3]), T.ones([3])]);
    expect(received).toEqual([[true, false, true]]);
    // d/dx (x² + sin x) = 2x + cos x.
    expect(T.allclose(x.grad!, T.add(T.mul(x0, 2), T.cos(x0)))).toBe(true);
  });

  it('all-null cotangents never call the pullback', () => {
    const x = variable(randn([3], 11));
    const outs = threeOut(x);
    received.length = 0;
    backward(outs, [null, null, null]);
    expect(received).toEqual([]);
    expect(x.grad).toBe(null);
  });

  it('the forward can hand saved data to the pullback', () => {
    const seen: unknown[] = [];
    const expAndSaved = defineRule({
      name: 'expSaved',
      forward: (x: T.Tensor) => {
        const e = T.exp(x);
        return { outputs: [e, T.neg(e)], saved: { e } };
      },
      backward: ([g1, g2], ctx) => {
        seen.push(ctx.saved);
        const e = constant((ctx.saved as { e: T.Tensor }).e);
        const total = [g1, g2 && mul(g2, -1)].filter((v): v is Var => v !== null).reduce((a, b) => add(a, b));
        return mul(total, e);
      },
    });
    const x = variable(T.tensor([0, 1]));
    const [a, b] = expAndSaved(x);
    backward(sum(add(a, mul(b, 2))));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toHaveProperty('e');
    expect(T.allclose(x.grad!, T.mul(T.exp(x.value), -1))).toBe(true);
  });

  it('a single-output rule, numbers as inputs, and a constant input', () => {
    const scaleBy = defineRule({
      name: 'scaleBy',
      forward: (x: T.Tensor, s: T.Tensor) => T.mul(x, s),
      backward: ([g], { inputs: [x, s] }) => (g ? [mul(g, s!), sum(mul(g, x!))] : [null, null]),
    });
    const y = scaleBy(variable(T.tensor([1, 2])), 3);
    expect(y).toBeInstanceOf(Var);
    checkGradients((x) => sum(scaleBy(x, 3) as Var), [randn([3], 12)]);
    checkGradients((x, s) => sum(mul(scaleBy(x, s) as Var, x)), [randn([3], 13), T.scalar(0.7)]);
    // No input requires a gradient: nothing is recorded.
    const c = scaleBy(constant(T.tensor([1, 2])), 2) as Var;
    expect(c.requiresGrad).toBe(false);
    expect(c.node).toBe(null);
  });

  it('forward-mode through a tuple rule (jvp by transposing its pullback)', () => {
    const x0 = randn([3], 14);
    const t0 = randn([3], 15);
    const [outs, tangents] = jvp((x) => threeOut(x), [x0], [t0]);
    expect(Array.isArray(outs)).toBe(true);
    for (let i = 0; i < 3; i++) {
      const ref = numericDirectional((x) => threeOut(x)[i]!, [x0], [t0]);
      expect(relativeError(tangents[i]!.value, ref)).toBeLessThan(1e-6);
    }
  });

  it('second derivatives through a rule whose pullback uses tape ops', () => {
    // f(x) = Σ x²·sin x ⇒ f″ = 2 sin x + 4x cos x − x² sin x on the diagonal.
    const f = (x: Var) => {
      const [a, , c] = threeOut(x);
      return sum(mul(a, c));
    };
    const x0 = randn([3], 16);
    const diagH = grad((x: Var) => sum(grad(f)(x)))(x0).value;
    const xs = Array.from(x0.toTypedArray());
    const expected = xs.map((v) => 2 * Math.sin(v) + 4 * v * Math.cos(v) - v * v * Math.sin(v));
    expect(relativeError(diagH, T.tensor(expected))).toBeLessThan(1e-12);
  });
});

describe('lesson 5: tuple rules return plain arrays of Vars', () => {
  it('the result is a real Array whose entries are Var instances', () => {
    const x = variable(randn([2], 1));
    const outs = threeOut(x);
    expect(Array.isArray(outs)).toBe(true);
    expect(Object.getPrototypeOf(outs)).toBe(Array.prototype);
    expect(outs).toHaveLength(3);
    for (const o of outs) expect(o).toBeInstanceOf(Var);
    const [a, b, c] = outs;
    expect(a.outputIndex).toBe(0);
    expect(b.outputIndex).toBe(1);
    expect(c.outputIndex).toBe(2);
    expect(a.node).toBe(b.node);
    // Values are plain tensors of the forward's results.
    expect(T.allclose(c.value, T.sin(x.value))).toBe(true);
    // Spread, map and slice work like on any array.
    expect([...outs].map((o) => o.shape)).toEqual([[2], [2], [2]]);
    // Untracked calls also return a plain array.
    const untracked = threeOut(T.tensor([1, 2]));
    expect(Array.isArray(untracked)).toBe(true);
    for (const o of untracked) expect(o).toBeInstanceOf(Var);
  });

  it('a one-element tuple stays a tuple', () => {
    const one = defineRule({ name: 'one', forward: (x: T.Tensor) => [x], backward: ([g]) => g ?? null });
    const out = one(T.tensor([1]));
    expect(Array.isArray(out)).toBe(true);
    expect(out).toHaveLength(1);
  });
});

/** Asserts that `fn` throws a RuleError for rule `rule` with exactly `message`. */
function expectRuleError(fn: () => unknown, rule: string, message: string): void {
  let caught: unknown = null;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(RuleError);
  const err = caught as RuleError;
  expect(err.message).toBe(message);
  expect(err.code).toBe('RULE');
  expect(err.rule).toBe(rule);
  expect(err.name).toBe('RuleError');
  expect(err).toBeInstanceOf(T.SvdError);
}

describe('rule validation messages', () => {
  const x32 = () => variable(randn([3, 2], 1));

  it('pullback returning the wrong number of cotangents', () => {
    const r = defineRule({
      name: 'r',
      forward: (a: T.Tensor, b: T.Tensor) => T.add(a, b),
      backward: ([g]) => [g ?? null],
    });
    expectRuleError(
      () => backward(sum(r(x32(), x32()) as Var)),
      'r',
      "rule 'r': pullback returned 1 cotangent, expected 2 (one per input)",
    );
    const r3 = defineRule({
      name: 'r',
      forward: (a: T.Tensor) => a,
      backward: ([g]) => [g ?? null, g ?? null, g ?? null],
    });
    expectRuleError(
      () => backward(sum(r3(x32()) as Var)),
      'r',
      "rule 'r': pullback returned 3 cotangents, expected 1 (one per input)",
    );
  });

  it('pullback returning a single value for several inputs', () => {
    const r = defineRule({
      name: 'r',
      forward: (a: T.Tensor, b: T.Tensor) => T.add(a, b),
      backward: ([g]) => g ?? null,
    });
    expectRuleError(
      () => backward(sum(r(x32(), x32()) as Var)),
      'r',
      "rule 'r': pullback returned a tape Var of dtype float64 and shape [3, 2], expected an array of 2 cotangents (one per input)",
    );
  });

  it('a cotangent of the wrong shape', () => {
    const r = defineRule({ name: 'r', forward: (a: T.Tensor) => a, backward: () => [T.zeros([2, 3])] });
    expectRuleError(
      () => backward(sum(r(x32()) as Var)),
      'r',
      "rule 'r': cotangent for argument 0 has shape [2, 3], expected [3, 2] (the shape of argument 0)",
    );
    // The second argument is named as such.
    const r2 = defineRule({
      name: 'r2',
      forward: (a: T.Tensor, b: T.Tensor) => T.add(a, b),
      backward: ([g]) => [g ?? null, T.zeros([3])],
    });
    expectRuleError(
      () => backward(sum(r2(x32(), x32()) as Var)),
      'r2',
      "rule 'r2': cotangent for argument 1 has shape [3], expected [3, 2] (the shape of argument 1)",
    );
  });

  it('a cotangent of the wrong dtype (precision, or complex for a real input)', () => {
    const r = defineRule({
      name: 'r',
      forward: (a: T.Tensor) => a,
      backward: () => [T.zeros([3, 2], { dtype: 'float32' })],
    });
    expectRuleError(
      () => backward(sum(r(x32()) as Var)),
      'r',
      "rule 'r': cotangent for argument 0 has dtype float32, expected float64 (the dtype of argument 0)",
    );
    const rc = defineRule({
      name: 'rc',
      forward: (a: T.Tensor) => a,
      backward: () => T.zeros([3, 2], { dtype: 'complex128' }),
    });
    expectRuleError(
      () => backward(sum(rc(x32()) as Var)),
      'rc',
      "rule 'rc': cotangent for argument 0 has dtype complex128, expected float64 (the dtype of argument 0)",
    );
  });

  it('a cotangent that is not a tensor', () => {
    const r = defineRule({
      name: 'r',
      forward: (a: T.Tensor) => a,
      backward: () => [3 as unknown as T.Tensor],
    });
    expectRuleError(
      () => backward(sum(r(x32()) as Var)),
      'r',
      "rule 'r': cotangent for argument 0 is 3, expected a Tensor, a Var or null",
    );
    const r2 = defineRule({
      name: 'r',
      forward: (a: T.Tensor) => a,
      backward: () => [[1, 2] as unknown as T.Tensor],
    });
    expectRuleError(
      () => backward(sum(r2(x32()) as Var)),
      'r',
      "rule 'r': cotangent for argument 0 is an array of length 2, expected a Tensor, a Var or null",
    );
  });

  it('a forward returning a number', () => {
    const r = defineRule({
      name: 'r',
      forward: () => 3 as unknown as T.Tensor,
      backward: () => null,
    });
    expectRuleError(() => r(x32()), 'r', "rule 'r': forward must return a Tensor or an array of Tensors, got 3");
  });

  it('a forward returning an array with a non-Tensor entry', () => {
    const r = defineRule({
      name: 'r',
      forward: (a: T.Tensor) => [a, 2] as unknown as T.Tensor[],
      backward: () => null,
    });
    expectRuleError(() => r(x32()), 'r', "rule 'r': forward output 1 is 2, expected a Tensor");
    // The common mistake of returning a tracked value from a forward.
    const v = variable(T.tensor([1, 2, 3]));
    const r2 = defineRule({
      name: 'r2',
      forward: () => [v] as unknown as T.Tensor[],
      backward: () => null,
    });
    expectRuleError(
      () => r2(x32()),
      'r2',
      "rule 'r2': forward output 0 is a tape Var of dtype float64 and shape [3], expected a Tensor",
    );
  });

  it('a forward returning { outputs, saved } with a bad output is reported the same way', () => {
    const r = defineRule({
      name: 'r',
      forward: () => ({ outputs: 'oops' as unknown as T.Tensor, saved: null }),
      backward: () => null,
    });
    expectRuleError(() => r(x32()), 'r', "rule 'r': forward must return a Tensor or an array of Tensors, got 'oops'");
  });

  it('a rule needs a name', () => {
    expectRuleError(
      () => defineRule({ name: '', forward: (a: T.Tensor) => a, backward: () => null }),
      '',
      "rule '': a rule needs a non-empty name",
    );
  });

  it('null and undefined cotangents mean zero', () => {
    const r = defineRule({
      name: 'r',
      forward: (a: T.Tensor, b: T.Tensor) => T.mul(a, b),
      backward: ([g], { inputs: [, b] }) => [g ? mul(g, b!) : null, undefined as unknown as null],
    });
    const a = variable(T.tensor([1, 2]));
    const b = variable(T.tensor([3, 4]));
    backward(sum(r(a, b) as Var));
    expect(Array.from(a.grad!.toTypedArray())).toEqual([3, 4]);
    expect(b.grad).toBe(null);
  });
});
