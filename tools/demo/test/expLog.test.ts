import { gradgradcheck } from '@svd/gradcheck';
import { type Var, add, exp, grad, log, mul } from '@svd/tape';
import { scalar } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { isingTensor } from '../src/trg.js';

// The demo's exp and log are the tape's, on @svd/tensor's engine-independent exp/log (their accuracy
// and special values are tested in packages/tensor/test/portableMath.test.ts).
describe('exp and log as the TRG uses them', () => {
  it('give the closed-form derivatives of ln cosh β (as in the Ising tensor)', () => {
    const lnCosh = (b: Var) => log(mul(add(exp(b), exp(mul(b, -1))), 0.5));
    const beta = 0.44;
    expect(grad(lnCosh)(scalar(beta)).item()).toBeCloseTo(Math.tanh(beta), 15);
    expect(grad((b: Var) => grad(lnCosh)(b))(scalar(beta)).item()).toBeCloseTo(1 / Math.cosh(beta) ** 2, 14);
    expect(gradgradcheck(lnCosh, [scalar(beta)]).ok).toBe(true);
  });

  it('never call Math.exp or Math.log, so the live page computes Node’s bits', () => {
    const saved = { exp: Math.exp, log: Math.log };
    Math.exp = Math.log = () => {
      throw new Error('engine-dependent Math call');
    };
    try {
      const beta = scalar(0.4);
      const T = isingTensor(beta as unknown as Var);
      expect(T.shape).toEqual([2, 2, 2, 2]);
      expect(log(exp(beta)).value.item()).toBeCloseTo(0.4, 15);
    } finally {
      Math.exp = saved.exp;
      Math.log = saved.log;
    }
  });
});
