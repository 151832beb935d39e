/**
 * Property tests of det / slogdet, matrixExp, matrixPower (positive, zero and negative powers),
 * multiDot and matrixNorm ('fro', 'nuc', 2): random sizes, batches and all four dtypes — see
 * ./support.ts for what each check covers.
 */
import { gradcheck, gradgradcheck } from '@svd/gradcheck';
import { det, matrixExp, matrixPower, matrixNorm, multiDot, slogdet } from '@svd/ops-svd';
import { type Var, variable } from '@svd/tape';
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
  gaussian,
  isDouble,
  outputMask,
  separatedSingularValues,
  wellConditioned,
} from './support.js';

describe('det, slogdet', () => {
  test('random sizes and dtypes: checkRule in double, single against double', () => {
    forAll(fc.record({ c: cases({ shape: 'square' }), mask: outputMask(2) }), 10, ({ c, mask }) => {
      const A = wellConditioned(c);
      if (isDouble(c.dtype)) {
        expectRule(asRule(specOf(det(variable(A)))), [A], { seed: c.seed });
        expectRule(asRule(specOf(slogdet(variable(A))[1])), [A], { seed: c.seed });
      } else {
        expectSingleMatchesDouble((x: Var) => slogdet(x), [A], mask, { seed: c.seed });
        expectSingleMatchesDouble((x: Var) => det(x), [A], 1, { seed: c.seed });
      }
    });
  });

  test('second order', () => {
    forAll(cases({ shape: 'square', dtypes: DOUBLE, maxDim: 3 }), 2, (c) => {
      const A = wellConditioned(c);
      expect(gradgradcheck((x: Var) => det(x), [A], { fast: true, seed: c.seed }).ok).toBe(true);
    });
  });
});

describe('matrixExp, matrixPower', () => {
  test('random sizes and dtypes: checkRule of matrixExp in double, single against double', () => {
    forAll(cases({ shape: 'square' }), 8, (c) => {
      const A = T.scale(gaussian(c), 0.7);
      if (isDouble(c.dtype)) expectRule(asRule(specOf(matrixExp(variable(A)))), [A], { seed: c.seed });
      else expectSingleMatchesDouble((x: Var) => matrixExp(x), [A], 1, { seed: c.seed });
    });
  });

  test('matrixPower for k in −3..4: gradcheck in double, single against double', () => {
    forAll(fc.record({ c: cases({ shape: 'square' }), k: fc.integer({ min: -3, max: 4 }) }), 8, ({ c, k }) => {
      const A = wellConditioned(c);
      const f = (x: Var) => matrixPower(x, k);
      if (isDouble(c.dtype)) expect(gradcheck(f, [A], { fast: true, seed: c.seed }).ok).toBe(true);
      else expectSingleMatchesDouble(f, [A], 1, { seed: c.seed });
    });
  });
});

describe('multiDot, norm', () => {
  test('multiDot of 2–4 random-shape factors (vector ends included)', () => {
    const dims = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 3, maxLength: 5 });
    forAll(fc.record({ c: cases(), dims, vecEnds: fc.boolean() }), 8, ({ c, dims, vecEnds }) => {
      const mats = dims.slice(1).map((d, i) => gaussian({ ...c, batch: [], seed: c.seed + i }, dims[i]!, d));
      // With vecEnds a 1×d first factor becomes a vector (numpy's multi_dot treats it as a row).
      const xs = vecEnds && dims[0] === 1 ? [T.reshape(mats[0]!, [dims[1]!]), ...mats.slice(1)] : mats;
      const f = (...v: Var[]) => multiDot(v);
      if (isDouble(c.dtype)) expect(gradcheck(f, xs, { fast: true, seed: c.seed }).ok).toBe(true);
      else expectSingleMatchesDouble(f, xs, 1, { seed: c.seed });
    });
  });

  test("matrixNorm with ord 'fro', 'nuc' and 2 on random shapes", () => {
    const ordArb = fc.constantFrom<'fro' | 'nuc' | 2>('fro', 'nuc', 2);
    forAll(fc.record({ c: cases(), ord: ordArb }), 8, ({ c, ord }) => {
      const A = separatedSingularValues(c);
      const f = (x: Var) => matrixNorm(x, { ord });
      if (isDouble(c.dtype)) expect(gradcheck(f, [A], { fast: true, seed: c.seed }).ok).toBe(true);
      else expectSingleMatchesDouble(f, [A], 1, { seed: c.seed });
    });
  });
});
