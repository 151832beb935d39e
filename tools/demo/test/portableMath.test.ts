import { readFileSync } from 'node:fs';
import { assertGradcheck, assertRule, gradgradcheck } from '@svd/gradcheck';
import { type Var, add, grad, mul } from '@svd/tape';
import { randn, scalar, tensor } from '@svd/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { portableExp, portableLog } from '../src/portableMath.js';
import { pexp, plog } from '../src/portableOps.js';

/** |got − want| in units of the last place of want (subnormals have a fixed ulp of 2^-1074). */
const ulps = (got: number, want: number) =>
  Math.abs(got - want) / Math.max(Number.MIN_VALUE, Number.EPSILON * 2 ** Math.floor(Math.log2(Math.abs(want))));

/** Correctly rounded e^x and ln x from mpmath (tools/fixtures/generate_portable_math.py). */
const fixture = JSON.parse(readFileSync(new URL('./fixtures/portable_math.json', import.meta.url), 'utf8')) as {
  exp: [number, number][];
  log: [number, number][];
};

describe('portableExp and portableLog', () => {
  it('are within 1 ulp of the correctly rounded value (mpmath) at every fixture point', () => {
    let worstExp = 0;
    for (const [x, want] of fixture.exp) worstExp = Math.max(worstExp, ulps(portableExp(x), want));
    let worstLog = 0;
    for (const [x, want] of fixture.log) worstLog = Math.max(worstLog, ulps(portableLog(x), want));
    expect(fixture.exp.length + fixture.log.length).toBeGreaterThan(1000);
    expect(worstExp).toBeLessThanOrEqual(1);
    expect(worstLog).toBeLessThanOrEqual(1);
  });

  it('are within 2 ulp of Math.exp / Math.log (each within 1 ulp of the true value) over their ranges', () => {
    fc.assert(
      fc.property(fc.double({ min: -700, max: 700, noNaN: true }), (x) => {
        expect(ulps(portableExp(x), Math.exp(x))).toBeLessThanOrEqual(2);
      }),
      { numRuns: 2000, seed: 1 },
    );
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1e300, noNaN: true }), (x) => {
        const want = Math.log(x);
        // Near x = 1 ln x → 0: compare absolutely there, in ulps of x − 1.
        if (Math.abs(want) < 1e-3)
          expect(Math.abs(portableLog(x) - want)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(x - 1));
        else expect(ulps(portableLog(x), want)).toBeLessThanOrEqual(2);
      }),
      { numRuns: 2000, seed: 2 },
    );
    // The TRG's range, densely: the Ising tensor needs e^±β, the normalisation ln of its maxima.
    for (let i = 0; i < 5000; i++) {
      const x = 1e-3 + i * 3.1e-4;
      expect(ulps(portableExp(x), Math.exp(x))).toBeLessThanOrEqual(2);
      expect(ulps(portableExp(-x), Math.exp(-x))).toBeLessThanOrEqual(2);
      expect(ulps(portableLog(1 + x), Math.log(1 + x))).toBeLessThanOrEqual(2);
    }
  });

  it('get the special values right', () => {
    expect(portableExp(0)).toBe(1);
    expect(ulps(portableExp(1), Math.E)).toBeLessThanOrEqual(1);
    expect(portableExp(Math.LN2)).toBe(2);
    expect(portableExp(800)).toBe(Number.POSITIVE_INFINITY);
    expect(portableExp(-800)).toBe(0);
    expect(portableExp(-740)).toBeGreaterThan(0); // subnormal, reached by the two-step scaling
    expect(portableExp(Number.NaN)).toBeNaN();
    expect(portableLog(1)).toBe(0);
    expect(portableLog(Math.E)).toBe(1);
    expect(portableLog(1024)).toBe(10 * Math.LN2);
    expect(portableLog(5e-324)).toBeCloseTo(-744.4400719213812, 12);
    expect(portableLog(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(portableLog(-1)).toBeNaN();
    expect(portableLog(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('pexp and plog on the tape', () => {
  it('have pullbacks equal to finite differences, to first and second order', () => {
    const x = randn([3, 2], { seed: 21 });
    assertGradcheck((a: Var) => pexp(a), [x]);
    expect(gradgradcheck((a: Var) => pexp(a), [x]).ok).toBe(true);
    const positive = tensor([0.3, 1.7, 42, 1e-3]);
    assertGradcheck((a: Var) => plog(a), [positive]);
    expect(gradgradcheck((a: Var) => plog(a), [positive]).ok).toBe(true);
    assertRule(pexp, [x]);
    assertRule(plog, [positive]);
  });

  it('give the closed-form derivatives of ln cosh β (as in the Ising tensor)', () => {
    const lnCosh = (b: Var) => plog(mul(add(pexp(b), pexp(mul(b, -1))), 0.5));
    const beta = 0.44;
    expect(grad(lnCosh)(scalar(beta)).item()).toBeCloseTo(Math.tanh(beta), 15);
    expect(grad((b: Var) => grad(lnCosh)(b))(scalar(beta)).item()).toBeCloseTo(1 / Math.cosh(beta) ** 2, 14);
  });
});
