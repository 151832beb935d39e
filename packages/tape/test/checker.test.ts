/** The finite-difference checker itself: it must accept right gradients and reject wrong ones. */
import * as T from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { type Var, conj, defineRule, mul, real, sum } from '../src/index.js';
import { randn } from './helpers/data.js';
import { checkGradients, numericGradient, projected } from './helpers/finiteDifference.js';

describe('finite-difference checker', () => {
  it('computes conjugate-Wirtinger gradients: ∂/∂Re + i·∂/∂Im', () => {
    const z0 = T.tensor([[1, 2]], { dtype: 'complex128' });
    // L = |z|² = x² + y²  ⇒  G = 2x + 2iy = 2z.
    const g = numericGradient((z) => sum(real(mul(z, conj(z)))), [z0], 0);
    expect(T.allclose(g, T.tensor([[2, 4]], { dtype: 'complex128' }), { rtol: 1e-8 })).toBe(true);
  });

  it('rejects a rule whose pullback forgets a factor', () => {
    const wrong = defineRule({
      name: 'wrongSquare',
      forward: (x) => T.mul(x, x),
      backward: ([g], { inputs: [x] }) => (g ? mul(g, x!) : null), // should be 2·g·x
    });
    expect(() =>
      checkGradients(
        projected((x) => wrong(x) as Var),
        [randn([3], 1)],
      ),
    ).toThrow();
  });

  it('rejects a complex pullback that forgets the conjugation', () => {
    const wrong = defineRule({
      name: 'wrongScale',
      forward: (x) => T.mul(x, T.tensor([[1, 2]], { dtype: 'complex128' })),
      // The right cotangent is g·conj(c).
      backward: ([g]) => (g ? mul(g, T.tensor([[1, 2]], { dtype: 'complex128' })) : null),
    });
    expect(() =>
      checkGradients(
        projected((x) => wrong(x) as Var),
        [randn([2], 2, 'complex128')],
      ),
    ).toThrow();
  });
});
