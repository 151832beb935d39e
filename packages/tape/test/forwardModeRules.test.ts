/**
 * Forward mode through rules, and derivatives of pullbacks that returned plain Tensors.
 *
 * The rule contract allows a pullback to return plain Tensors. Before, `jvp` transposed the
 * pullback even when the rule had its own `jvp`, so through such a rule forward mode came out
 * as a silent zero — and so did grad of grad and hvp. Now `jvp` uses the rule's `jvp` field,
 * and a derivative that has to differentiate a plain-Tensor pullback throws a RuleError naming
 * the rule. References are closed forms: for c(x) = x³ (elementwise), J·t = 3x²·t and the
 * Hessian of Σ c(x) is diag(6x).
 */
import * as T from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import {
  RuleError,
  type Var,
  add,
  backward,
  defineRule,
  grad,
  gradients,
  hvp,
  jvp,
  mul,
  sin,
  sum,
  variable,
} from '../src/index.js';

const x0 = T.tensor([0.5, -1.25, 2]);
const t0 = T.tensor([1, 0.5, -2]);
const cubeValue = (x: T.Tensor) => T.mul(T.mul(x, x), x);
const expectClose = (got: T.Tensor, want: readonly number[]) => {
  const g = Array.from(got.toTypedArray());
  g.forEach((v, i) => {
    expect(v).toBeCloseTo(want[i]!, 13);
  });
  expect(g).toHaveLength(want.length);
};
const jt = (x: T.Tensor, t: T.Tensor) =>
  Array.from(x.toTypedArray()).map((xi, i) => 3 * xi * xi * t.toTypedArray()[i]!);

let jvpCalls = 0;
/** x³ whose pullback works on plain tensors (allowed: first order only) but which has a correct jvp. */
const cubePlainPullback = defineRule({
  name: 'cubePlainPullback',
  forward: cubeValue,
  backward: ([g], { inputs: [x] }) => (g ? T.mul(g.value, T.mul(T.mul(x!.value, x!.value), 3)) : null),
  jvp: ([dx], { inputs: [x] }) => {
    jvpCalls++;
    return dx ? mul(dx, mul(mul(x!, x!), 3)) : null;
  },
});

/** The same pullback, and no jvp. */
const cubePlainNoJvp = defineRule({
  name: 'cubePlainNoJvp',
  forward: cubeValue,
  backward: ([g], { inputs: [x] }) => (g ? T.mul(g.value, T.mul(T.mul(x!.value, x!.value), 3)) : null),
});

/** x³ written with tape ops throughout, with a jvp that counts its calls. */
const cubeTape = defineRule({
  name: 'cubeTape',
  forward: cubeValue,
  backward: ([g], { inputs: [x] }) => (g ? mul(g, mul(mul(x!, x!), 3)) : null),
  jvp: ([dx], { inputs: [x] }) => {
    jvpCalls++;
    return dx ? mul(dx, mul(mul(x!, x!), 3)) : null;
  },
});

describe('jvp uses a rule’s own jvp', () => {
  it('through a rule whose pullback returns plain Tensors: J·t, not a silent zero', () => {
    jvpCalls = 0;
    const [y, dy] = jvp((x: Var) => cubePlainPullback(x), [x0], [t0]);
    expectClose(y.value, Array.from(cubeValue(x0).toTypedArray()));
    expectClose(dy.value, jt(x0, t0));
    expect(jvpCalls).toBe(1);
  });

  it('composed with tape ops before and after the rule (chain rule through the sweep)', () => {
    // y = sin(c(2x)) + x: dy = cos(c(2x))·3(2x)²·2t + t
    const f = (x: Var) => add(sin(cubePlainPullback(mul(x, 2))), x);
    const [, dy] = jvp(f, [x0], [t0]);
    const want = Array.from(x0.toTypedArray()).map((xi, i) => {
      const u = 2 * xi;
      return Math.cos(u * u * u) * 3 * u * u * 2 * t0.toTypedArray()[i]! + t0.toTypedArray()[i]!;
    });
    expectClose(dy.value, want);
  });

  it('prefers the jvp field even when the pullback could be transposed', () => {
    jvpCalls = 0;
    const [, dy] = jvp((x: Var) => cubeTape(x), [x0], [t0]);
    expectClose(dy.value, jt(x0, t0));
    expect(jvpCalls).toBe(1);
  });

  it('a jvp written with tape ops is differentiable again (grad of jvp)', () => {
    // d/dx Σ 3x²·t = 6x·t
    const g = grad((x: Var) => sum(jvp((z: Var) => cubeTape(z), [x], [t0])[1]))(x0);
    expectClose(
      g.value,
      Array.from(x0.toTypedArray()).map((xi, i) => 6 * xi * t0.toTypedArray()[i]!),
    );
  });

  it('a rule without jvp whose pullback is plain Tensors: a RuleError naming it', () => {
    expect(() => jvp((x: Var) => cubePlainNoJvp(x), [x0], [t0])).toThrow(RuleError);
    expect(() => jvp((x: Var) => cubePlainNoJvp(x), [x0], [t0])).toThrow(
      "rule 'cubePlainNoJvp': its pullback returned plain Tensors for argument 0, so it can be differentiated only once (like PyTorch's once_differentiable)",
    );
  });

  it('a rule without jvp whose pullback uses tape ops is transposed, as before', () => {
    const cubeNoJvp = defineRule({
      name: 'cubeNoJvp',
      forward: cubeValue,
      backward: ([g], { inputs: [x] }) => (g ? mul(g, mul(mul(x!, x!), 3)) : null),
    });
    const [, dy] = jvp((x: Var) => cubeNoJvp(x), [x0], [t0]);
    expectClose(dy.value, jt(x0, t0));
  });

  it('a jvp returning plain Tensors cannot be differentiated again: RuleError, not zero', () => {
    const plainJvp = defineRule({
      name: 'cubePlainJvp',
      forward: cubeValue,
      backward: ([g], { inputs: [x] }) => (g ? mul(g, mul(mul(x!, x!), 3)) : null),
      jvp: ([dx], { inputs: [x] }) => (dx ? T.mul(dx.value, T.mul(T.mul(x!.value, x!.value), 3)) : null),
    });
    // First order is fine.
    expectClose(jvp((x: Var) => plainJvp(x), [x0], [t0])[1].value, jt(x0, t0));
    expect(() => grad((x: Var) => sum(jvp((z: Var) => plainJvp(z), [x], [t0])[1]))(x0)).toThrow(
      "rule 'cubePlainJvp': its jvp returned plain Tensors for output 0, so the tangents cannot be differentiated again",
    );
  });
});

describe('second derivatives through a pullback that returned plain Tensors', () => {
  const loss = (x: Var) => sum(cubePlainPullback(x));

  it('first order is right', () => {
    expectClose(grad(loss)(x0).value, jt(x0, T.onesLike(x0)));
  });

  it('grad of grad: RuleError naming the rule (was a silent zero)', () => {
    const gg = () => grad((x: Var) => sum(grad(loss)(x)))(x0);
    expect(gg).toThrow(RuleError);
    expect(gg).toThrow(/^rule 'cubePlainPullback': its pullback returned plain Tensors for argument 0/);
  });

  it('hvp: RuleError naming the rule (was a silent zero)', () => {
    expect(() => hvp(loss, [x0], [t0])).toThrow(RuleError);
    expect(() => hvp(loss, [x0], [t0])).toThrow("rule 'cubePlainPullback'");
  });

  it('backward with createGraph records the guard; only differentiating through it throws', () => {
    const x = variable(x0);
    const [gx] = gradients(loss(x), [x], undefined, { createGraph: true });
    expectClose(gx!.value, jt(x0, T.onesLike(x0))); // the first-order values are untouched
    expect(() => backward(sum(gx!))).toThrow("rule 'cubePlainPullback'");
  });

  it('the same derivatives through the tape-op rule are right (control: Hessian diag(6x))', () => {
    const lossTape = (x: Var) => sum(cubeTape(x));
    const six = Array.from(x0.toTypedArray()).map((xi, i) => 6 * xi * t0.toTypedArray()[i]!);
    expectClose(hvp(lossTape, [x0], [t0])[0]!.value, six);
    expectClose(grad((x: Var) => sum(mul(grad(lossTape)(x), t0)))(x0).value, six);
  });

  it('a first-order pullback that returns plain Tensors is unaffected when nothing is recorded', () => {
    const x = variable(x0);
    backward(loss(x));
    expectClose(x.grad!, jt(x0, T.onesLike(x0)));
  });
});

describe('complex forward mode through a rule jvp', () => {
  // Holomorphic z ↦ z²: J·t = 2z·t.
  const squarePlain = defineRule({
    name: 'squarePlain',
    forward: (z: T.Tensor) => T.mul(z, z),
    backward: ([g], { inputs: [z] }) => (g ? T.mul(g.value, T.conj(T.mul(z!.value, 2))) : null),
    jvp: ([dz], { inputs: [z] }) => (dz ? mul(dz, mul(z!, 2)) : null),
  });

  it('matches 2z·t', () => {
    const z = T.tensor(
      [
        [1, 2],
        [-0.5, 0.25],
      ],
      { dtype: 'complex128' },
    );
    const t = T.tensor(
      [
        [0.5, -1],
        [2, 1],
      ],
      { dtype: 'complex128' },
    );
    const [, dy] = jvp((v: Var) => squarePlain(v), [z], [t]);
    expect(dy.dtype).toBe('complex128');
    expectClose(dy.value, Array.from(T.mul(T.mul(z, 2), t).toTypedArray()));
  });
});
