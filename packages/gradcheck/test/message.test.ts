import { neg } from '@svd/tape';
import { defineRule } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { GradcheckError, assertGradcheck, formatReport, gradcheck } from '../src/index.js';

// The identity with a sign error in its pullback. With a power-of-two step every finite
// difference is exact (x ± 2⁻²⁰ is representable), so the table's numbers are exact too.
const negatedIdentity = defineRule({
  name: 'negatedIdentity',
  forward: (x) => T.mul(x, 1),
  backward: ([g]) => (g ? neg(g) : null),
});

describe('error message', () => {
  it('is a readable table (exact format)', () => {
    let caught: unknown;
    try {
      assertGradcheck((x) => negatedIdentity(x), [T.tensor([1, 2])], { eps: 2 ** -20 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(GradcheckError);
    expect((caught as GradcheckError).code).toBe('GRADCHECK');
    expect((caught as Error).message).toBe(
      [
        'gradcheck: 1 of 1 input failed (full mode, atol 1e-5, rtol 1e-3, 5 evaluations, 2 pullbacks)',
        'input | worst index    | analytic | numeric | abs err | rel err | status',
        '------+----------------+----------+---------+---------+---------+-------',
        '0     | [0] → out 0[0] | -1       | 1       | 2       | 2       | FAIL',
      ].join('\n'),
    );
  });

  it('marks passing inputs ok and shows the complex part', () => {
    const twoInputs = defineRule({
      name: 'twoInputs',
      forward: (a, b) => T.add(a, b),
      backward: ([g]) => (g ? [neg(g), g] : [null, null]),
    });
    const a = T.tensor([[1, 0.5]], { dtype: 'complex128' });
    const report = gradcheck((x, y) => twoInputs(x, y), [a, a], { eps: 2 ** -20 });
    expect(formatReport(report)).toBe(
      [
        'gradcheck: 1 of 2 inputs failed (full mode, atol 1e-5, rtol 1e-3, 9 evaluations, 2 pullbacks)',
        'input | worst index          | analytic | numeric | abs err | rel err | status',
        '------+----------------------+----------+---------+---------+---------+-------',
        '0     | [0] re → out 0[0] re | -1       | 1       | 2       | 2       | FAIL',
        '1     | [0] re → out 0[0] re | 1        | 1       | 0       | 0       | ok',
      ].join('\n'),
    );
  });
});
