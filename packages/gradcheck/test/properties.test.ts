import { type Var, add, constant, defineRule, exp, matmul, mul, sin, tanh } from '@svd/tape';
import * as T from '@svd/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradcheck, jvpcheck } from '../src/index.js';

const dims = fc.integer({ min: 1, max: 4 });

describe('properties', () => {
  it('compositions of tape ops pass full and fast checks for random shapes and data', () => {
    fc.assert(
      fc.property(dims, dims, dims, fc.integer({ min: 0, max: 1e6 }), fc.boolean(), (m, k, n, seed, complex) => {
        const dtype = complex ? 'complex128' : 'float64';
        const A = T.randn([m, k], { seed, dtype });
        const B = T.randn([k, n], { seed: seed + 1, dtype });
        const f = (a: Var, b: Var) => [tanh(matmul(a, b)), exp(mul(sin(a), 0.5))];
        const fr = (a: Var, b: Var) => (complex ? [matmul(a, b), exp(mul(a, 0.5))] : f(a, b));
        expect(gradcheck(fr, [A, B]).ok).toBe(true);
        expect(gradcheck(fr, [A, B], { fast: true, seed }).ok).toBe(true);
        expect(jvpcheck(fr, [A, B], { seed }).ok).toBe(true);
      }),
      { numRuns: 25, seed: 1 },
    );
  });

  it('a pullback off by a random elementwise factor of norm 0.1 is always caught by the full check', () => {
    fc.assert(
      fc.property(dims, fc.integer({ min: 0, max: 1e6 }), (n, seed) => {
        const E = T.randn([n, n], { seed });
        const scaled = T.mul(E, 0.1 / T.norm(E, { ord: 'fro' }).item());
        // x ↦ x with pullback ḡ + E∘ḡ: the Jacobian is off by diag(E), whose largest entry is
        // ≥ 0.1/n, far above the tolerance.
        const rule = defineRule({
          name: 'perturbed',
          forward: (x) => T.mul(x, 1),
          backward: ([g]) => (g ? add(g, mul(g, constant(scaled))) : null),
        });
        const x = T.randn([n, n], { seed: seed + 2 });
        expect(gradcheck((v: Var) => rule(v), [x]).ok).toBe(false);
      }),
      { numRuns: 20, seed: 2 },
    );
  });

  it('outputs that do not depend on the input and empty inputs are handled', () => {
    const f = (x: Var, e: Var) => [mul(x, 2), constant(T.tensor([1, 2])), mul(e, 3)];
    const report = gradcheck(f, [T.tensor([1, 2]), T.zeros([0, 3])]);
    expect(report.ok).toBe(true);
    expect(report.inputs[1]!.maxAbsError).toBe(0);
  });
});
