import type { Var } from '@svd/tape';
import { randn } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { assertGradcheck, gradcheck } from '../src/index.js';
import * as R from './rules.js';

type Case = [string, (...xs: Var[]) => Var | Var[], (...xs: Var[]) => Var | Var[], () => ReturnType<typeof randn>[]];

const cases: Case[] = [
  ['sign error', (x) => R.sinSignError(x), (x) => R.sinRule(x), () => [randn([6, 6], { seed: 3 })]],
  [
    'transposed cotangent',
    (a, b) => R.matmulTransposed(a, b),
    (a, b) => R.matmulRule(a, b),
    () => [randn([5, 5], { seed: 1 }), randn([5, 5], { seed: 2 })],
  ],
  ['missing term', (x) => R.xSinXMissingTerm(x), (x) => R.xSinX(x), () => [randn([20], { seed: 4 })]],
  [
    'wrong conjugation',
    (a, b) => R.cmulNoConj(a, b),
    (a, b) => R.cmul(a, b),
    () => [randn([4, 4], { seed: 5, dtype: 'complex128' }), randn([4, 4], { seed: 6, dtype: 'complex128' })],
  ],
  [
    'ignored output',
    (x) => R.squareAndTripleIgnoresSecond(x),
    (x) => R.squareAndTriple(x),
    () => [randn([10], { seed: 7 })],
  ],
];

describe('fast mode: the same bugs, a few evaluations', () => {
  for (const [name, wrong, right, inputs] of cases) {
    it(`${name}: caught with 1 + 2·inputs evaluations and one pullback`, () => {
      const n = inputs().length;
      const fast = gradcheck(wrong, inputs(), { fast: true });
      const full = gradcheck(wrong, inputs());
      expect(fast.ok).toBe(false);
      expect(full.ok).toBe(false);
      expect(fast.mode).toBe('fast');
      expect(fast.evaluations).toBe(1 + 2 * n);
      expect(fast.pullbacks).toBe(1);
      const coords = inputs().reduce((s, x) => s + x.size * (x.isComplex ? 2 : 1), 0);
      expect(full.evaluations).toBe(1 + 2 * coords);
      expect(fast.evaluations * 5).toBeLessThan(full.evaluations);
      expect(() => assertGradcheck(wrong, inputs(), { fast: true })).toThrow(/FAIL/);
    });
    it(`${name}: the correct rule passes in fast mode, for several seeds`, () => {
      for (const seed of [0, 1, 2]) expect(gradcheck(right, inputs(), { fast: true, seed }).ok).toBe(true);
    });
  }

  it('fast mode with Richardson costs 1 + 4·inputs evaluations', () => {
    const r = gradcheck((x) => R.sinRule(x), [randn([6], { seed: 1 })], { fast: true, richardson: true });
    expect(r.ok).toBe(true);
    expect(r.evaluations).toBe(5);
  });

  it('the bug is caught for every seed tried (a wrong Jacobian is seen along almost every direction)', () => {
    for (let seed = 0; seed < 10; seed++) {
      expect(gradcheck((x) => R.xSinXMissingTerm(x), [randn([8], { seed: 4 })], { fast: true, seed }).ok).toBe(false);
    }
  });
});
