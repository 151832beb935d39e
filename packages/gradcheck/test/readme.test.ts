import { type Var, cos, defineRule, exp, matmul, mul } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { assertGradcheck, assertRule, formatRuleReport, gradcheck } from '../src/index.js';

describe('README examples', () => {
  it('30 seconds', () => {
    const f = (A: Var, B: Var) => exp(mul(matmul(A, B), 0.5));
    const A = T.randn([3, 4], { seed: 1 });
    const B = T.randn([4, 2], { seed: 2 });
    const full = gradcheck(f, [A, B]);
    expect([full.ok, full.evaluations, full.pullbacks]).toEqual([true, 41, 6]);
    const fast = gradcheck(f, [A, B], { fast: true });
    expect([fast.ok, fast.evaluations, fast.pullbacks]).toEqual([true, 5, 1]);
    expect(() => assertGradcheck(f, [A, B])).not.toThrow();
  });

  it('testing a custom rule in a few lines', () => {
    const mySin = defineRule({
      name: 'mySin',
      forward: (x) => T.sin(x),
      backward: ([g], { inputs: [x] }) => (g ? mul(g, cos(x!)) : null),
      jvp: ([t], { inputs: [x] }) => (t ? mul(t, cos(x!)) : null),
    });
    const report = assertRule(mySin, [T.randn([5], { seed: 1 })]);
    expect(formatRuleReport(report)).toBe(
      [
        "checkRule: rule 'mySin': all 6 checks passed",
        'ok   determinism',
        'ok   pullback shapes and dtypes',
        'ok   pullback, outputs {0} used (others null)',
        'ok   jvp shapes and dtypes',
        'ok   jvp vs finite differences',
        'ok   jvp adjoint to pullback',
      ].join('\n'),
    );
  });
});
