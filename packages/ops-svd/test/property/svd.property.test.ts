/**
 * Property tests of the svd family (svd thin/full/truncated, svdvals, pinv, polar, cond): random
 * tall, wide, square and batched inputs of all four dtypes with well-separated singular values,
 * checked through gauge-invariant views (U·Vᴴ, projectors) — see ./support.ts for what each
 * check covers.
 */
import { gradcheck, gradgradcheck, projector, uvAdjoint } from '@svd/gradcheck';
import { cond, pinv, polar, svd, svdvals } from '@svd/ops-svd';
import { type Var, adjoint, conj, matmul, mul, real, slice, sum, unsqueeze, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { asRule, specOf } from '../helpers.js';
import {
  DOUBLE,
  cases,
  expectRule,
  expectSingleMatchesDouble,
  forAll,
  isDouble,
  outputMask,
  separatedSingularValues,
  wellConditioned,
} from './support.js';

const list = (...o: Var[]) => o;
const views = {
  'U·Vᴴ and S': uvAdjoint(list),
  'projectors and S': projector(list, [0, 2]),
} as const;
type View = keyof typeof views;
const viewArb = fc.constantFrom(...(Object.keys(views) as View[]));

describe('svd (thin)', () => {
  test('random shapes and dtypes: checkRule in double, single precision against double', () => {
    forAll(fc.record({ c: cases(), view: viewArb, mask: outputMask(2) }), 8, ({ c, view, mask }) => {
      const A = separatedSingularValues(c);
      const f = (x: Var) => svd(x, { gauge: 'off' });
      if (isDouble(c.dtype)) {
        expectRule(asRule(specOf(f(variable(A))[0])), [A], { outputTransform: views[view], seed: c.seed });
      } else {
        expectSingleMatchesDouble((x) => views[view](...f(x)), [A], mask, { seed: c.seed });
      }
    });
  });

  test('truncated (rank k) and full: checkRule of U₁·Vᴴ, S and the complement projector', () => {
    forAll(fc.record({ c: cases({ dtypes: DOUBLE }), k: fc.integer({ min: 1, max: 4 }) }), 4, ({ c, k }) => {
      const A = separatedSingularValues(c);
      const p = Math.min(c.m, c.n);
      const rank = Math.min(k, p);
      // The truncated svd is the full rule followed by slices: checked as a function, not as one rule.
      const truncated = uvAdjoint((x: Var) => svd(x, { rank, gauge: 'off' }));
      expect(gradcheck(truncated, [A], { fast: true, seed: c.seed }).ok).toBe(true);
      const full = asRule(specOf(svd(variable(A), { full: true, gauge: 'off' })[0]));
      const fullView = (U: Var, S: Var, V: Var) => {
        const U2 = slice(U, ...c.batch.map(() => null), null, [p, c.m]);
        return [matmul(U2, adjoint(U2)), S, matmul(slice(U, ...c.batch.map(() => null), null, [0, p]), adjoint(V))];
      };
      if (c.m > p) expectRule(full, [A], { outputTransform: fullView, seed: c.seed });
    });
  });

  test('second order: gradgradcheck of a gauge-invariant loss of U, S, V', () => {
    forAll(cases({ dtypes: DOUBLE, maxDim: 3 }), 2, (c) => {
      const A = separatedSingularValues(c);
      const M = T.randn(A.shape, { dtype: A.dtype, seed: c.seed + 1 });
      const L = (x: Var) => {
        const [U, S, V] = svd(x, { gauge: 'throw' });
        // ⟨M, U·diag(S²)·Vᴴ⟩: smooth and nonlinear where the singular values are separated and non-zero.
        return [real(sum(mul(conj(M), matmul(mul(U, unsqueeze(mul(S, S), -2)), adjoint(V))))), S];
      };
      expect(gradgradcheck(L, [A], { fast: true, seed: c.seed }).ok).toBe(true);
    });
  });
});

describe('svdvals, pinv, polar, cond', () => {
  test('svdvals and pinv on random shapes: gradcheck in double, single precision against double', () => {
    forAll(cases(), 6, (c) => {
      const A = separatedSingularValues(c);
      const f = (x: Var) => [svdvals(x), pinv(x)];
      if (isDouble(c.dtype)) {
        expect(gradcheck(f, [A], { fast: true, seed: c.seed }).ok).toBe(true);
      } else {
        expectSingleMatchesDouble(f, [A], 3, { seed: c.seed });
      }
    });
  });

  test('polar (square): checkRule of the unitary and the positive factor', () => {
    forAll(fc.record({ c: cases({ shape: 'square' }), mask: outputMask(2) }), 6, ({ c, mask }) => {
      const A = wellConditioned(c);
      if (isDouble(c.dtype)) expectRule(asRule(specOf(polar(variable(A))[0])), [A], { seed: c.seed });
      else expectSingleMatchesDouble((x) => polar(x), [A], mask, { seed: c.seed });
    });
  });

  test('cond (2-norm default and Frobenius): gradcheck in double, single against double', () => {
    forAll(fc.record({ c: cases({ shape: 'square' }), ord: fc.constantFrom<2 | 'fro'>(2, 'fro') }), 6, ({ c, ord }) => {
      const A = wellConditioned(c);
      const f = (x: Var) => cond(x, ord);
      if (isDouble(c.dtype)) expect(gradcheck(f, [A], { fast: true, seed: c.seed }).ok).toBe(true);
      else expectSingleMatchesDouble(f, [A], 1, { seed: c.seed });
    });
  });
});
