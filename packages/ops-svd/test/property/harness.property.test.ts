/**
 * The property harness itself has teeth: a rule with a flipped sign in its pullback, a jvp off by a
 * factor, or a single-precision pullback that differs from double is reported, not passed.
 */
import { cholesky, solve } from '@svd/ops-svd';
import { type Var, constant, defineRule, mul, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { asRule, specOf } from '../helpers.js';
import { type Case, expectRule, expectSingleMatchesDouble, gaussian, hpd, wellConditioned } from './support.js';

const c64: Case = { dtype: 'float64', batch: [2], m: 3, n: 3, seed: 11 };
const c32: Case = { ...c64, dtype: 'float32' };

describe('the property checks fail on wrong rules', () => {
  test('a pullback with a flipped sign on one input (solve) fails checkRule', () => {
    const A = wellConditioned(c64);
    const B = gaussian(c64, 3, 2);
    const spec = specOf(solve(variable(A), variable(B)));
    const broken = defineRule({
      ...spec,
      backward: (g, ctx) => {
        const [gA, gB] = spec.backward(g, ctx) as [Var | null, Var | null];
        return [gA ? mul(gA, -1) : null, gB];
      },
    });
    expect(() => expectRule(asRule(spec), [A, B])).not.toThrow();
    expect(() => expectRule(broken, [A, B])).toThrow(/FAIL pullback/);
  });

  test('a jvp off by a factor 2 (cholesky) fails checkRule', () => {
    const A = hpd(c64);
    const spec = specOf(cholesky(variable(A)));
    const broken = defineRule({
      ...spec,
      jvp: (t, ctx) => (spec.jvp!(t, ctx) as Var[]).map((x) => constant(T.scale(x.value, 2))),
    });
    expect(() => expectRule(asRule(broken.spec, true), [A])).toThrow(/FAIL jvp/);
  });

  test('a 32-bit result that differs from the double one by 1% fails the single-precision check', () => {
    const A = wellConditioned(c32);
    const f = (x: Var) => solve(x, x);
    expect(() => expectSingleMatchesDouble(f, [A], 1)).not.toThrow();
    const off = (x: Var) => (x.dtype === 'float32' ? mul(solve(x, x), 1.01) : solve(x, x));
    expect(() => expectSingleMatchesDouble(off, [A], 1)).toThrow();
  });
});
