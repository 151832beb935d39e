// biome-ignore-all format: the examples mirror the README's ts blocks line for line (checked by the last test).
/**
 * The README's examples, executed. The last test checks that every ```ts block of the README
 * appears here line for line (imports aside), so the two cannot drift apart.
 */
import { readFileSync } from 'node:fs';
import * as T from '@svd/tensor';
import { tensor } from '@svd/tensor';
import { type Var, add, backward, defineRule, div, grad, hvp, matmul, mul, sub, sum, tanh, variable } from '@svd/tape';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

describe('README', () => {
  // The examples print; keep the test output quiet.
  beforeEach(() => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('30 seconds', () => {
    // Imperative style: build a loss from tracked values, call backward, read .grad.
    const W = variable(tensor([[1, 2], [3, 4]]));
    const x = tensor([0.5, -1]);
    const loss = sum(tanh(matmul(W, x)));
    backward(loss);
    console.log(W.grad!.toString());

    // Functional style: grad(f) is a function returning the gradient (a Var).
    const dW = grad((w) => sum(tanh(matmul(w, x))))(W.value);
    console.log(dW.value.toString()); // the same numbers as W.grad

    expect(T.allclose(dW.value, W.grad!, { rtol: 1e-14 })).toBe(true);
    // dL/dW = (1 − tanh²(Wx)) xᵀ
    const y = T.tanh(T.matmul(W.value, x));
    const expected = T.mul(T.reshape(T.sub(1, T.square(y)), [2, 1]), T.reshape(x, [1, 2]));
    expect(T.allclose(W.grad!, expected, { rtol: 1e-14 })).toBe(true);
  });

  it('a custom two-output rule, used and differentiated', () => {
    const polar = defineRule({
      name: 'polar',
      forward: (x: T.Tensor) => {
        const r = T.norm(x);
        return [r, T.div(x, r)];
      },
      // dr or du is null when that output did not reach the loss: skip its term. `outputs` is typed
      // from forward, here `readonly [Var, Var]`, so it destructures without a cast.
      backward: ([dr, du], { outputs: [r, u] }) => {
        const parts: Var[] = [];
        if (dr) parts.push(mul(dr, u));
        if (du) parts.push(div(sub(du, mul(u, sum(mul(u, du)))), r));
        return [parts.length === 2 ? add(parts[0]!, parts[1]!) : (parts[0] ?? null)];
      },
    });

    const v = variable(T.tensor([3, 4]));
    const [r, u] = polar(v); // a plain array of two tracked values
    backward([r, u], [T.scalar(1), T.tensor([1, 0])]); // one cotangent per output
    console.log(v.grad!.toArray()); // [0.728, 0.704]

    // Only r in the loss: the pullback receives null for u and does no work for it.
    const w = variable(T.tensor([3, 4]));
    const [norm] = polar(w);
    backward(norm);
    console.log(w.grad!.toArray()); // [0.6, 0.8]

    expect(T.allclose(v.grad!, T.tensor([0.728, 0.704]), { rtol: 1e-14 })).toBe(true);
    expect(T.allclose(w.grad!, T.tensor([0.6, 0.8]), { rtol: 1e-14 })).toBe(true);
    // And the rule is twice differentiable: the Hessian of ‖x‖ is (I − uuᵀ)/r.
    const [h] = hvp((y: Var) => polar(y)[0]!, [T.tensor([3, 4])], [T.tensor([1, 0])]);
    expect(T.allclose(h!.value, T.tensor([0.128, -0.096]), { rtol: 1e-14 })).toBe(true);
  });

  it('every ts block of the README is in this file', () => {
    const normalise = (s: string) =>
      s
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.length > 0 && !l.startsWith('import '))
        .join('\n');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const self = normalise(readFileSync(new URL(import.meta.url), 'utf8'));
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => normalise(m[1]!));
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const b of blocks) expect(self).toContain(b);
  });
});
