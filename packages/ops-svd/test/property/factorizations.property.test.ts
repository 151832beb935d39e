/**
 * Property tests of the factorizations: qr (every mode), cholesky (lower and upper), lu and
 * luFactor. Q/R (diag R > 0), L (diag > 0) and P·L·U (partial pivoting at generic input) are
 * smooth functions of their input, so their raw outputs are compared — see ./support.ts for what
 * each check covers.
 */
import { gradcheck, gradgradcheck } from '@svd/gradcheck';
import { cholesky, hermitianPart, lu, luFactor, qr } from '@svd/ops-svd';
import { type Var, variable } from '@svd/tape';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { asRule, specOf } from '../helpers.js';
import {
  DOUBLE,
  cases,
  expectRule,
  expectSingleMatchesDouble,
  forAll,
  hpd,
  isDouble,
  outputMask,
  separatedSingularValues,
  wellConditioned,
} from './support.js';

type Mode = 'reduced' | 'complete' | 'r';

describe('qr', () => {
  test('every mode, random shapes and dtypes: checkRule in double, single against double', () => {
    const modeArb = fc.constantFrom<Mode>('reduced', 'complete', 'r');
    forAll(fc.record({ c: cases(), mode: modeArb, mask: outputMask(2) }), 12, ({ c, mode, mask }) => {
      // 'complete' on a tall input: the extra columns of Q are not determined by A (only their span).
      const m = mode === 'complete' ? Math.min(c.m, c.n) : c.m;
      const A = separatedSingularValues(c, m, c.n);
      const f = (x: Var) => qr(x, { mode }) as Var[];
      if (isDouble(c.dtype)) expectRule(asRule(specOf(f(variable(A))[0]!)), [A], { seed: c.seed });
      else expectSingleMatchesDouble(f, [A], mode === 'r' ? 1 : mask, { seed: c.seed });
    });
  });
});

describe('cholesky', () => {
  test('lower and upper, random sizes and dtypes: checkRule in double, single against double', () => {
    forAll(fc.record({ c: cases({ shape: 'square' }), upper: fc.boolean() }), 10, ({ c, upper }) => {
      const A = hpd(c);
      if (isDouble(c.dtype) && !upper) {
        expectRule(asRule(specOf(cholesky(variable(A))), true), [A], { seed: c.seed });
      } else if (isDouble(c.dtype)) {
        // upper is the lower rule followed by an adjoint: checked as a function.
        const f = (x: Var) => cholesky(hermitianPart(x), { upper });
        expect(gradcheck(f, [A], { fast: true, seed: c.seed }).ok).toBe(true);
      } else {
        expectSingleMatchesDouble((x: Var) => cholesky(hermitianPart(x), { upper }), [A], 1, { seed: c.seed });
      }
    });
  });

  test('second order', () => {
    forAll(cases({ shape: 'square', dtypes: DOUBLE, maxDim: 3 }), 2, (c) => {
      expect(gradgradcheck((x: Var) => cholesky(hermitianPart(x)), [hpd(c)], { fast: true, seed: c.seed }).ok).toBe(
        true,
      );
    });
  });
});

describe('lu, luFactor', () => {
  test('random sizes and dtypes: checkRule of P·L·U factors and the compact LU, single against double', () => {
    forAll(fc.record({ c: cases({ shape: 'square' }), mask: outputMask(2) }), 10, ({ c, mask }) => {
      const A = wellConditioned(c);
      if (isDouble(c.dtype)) {
        expectRule(asRule(specOf(lu(variable(A))[1])), [A], { seed: c.seed });
        expectRule(asRule(specOf(luFactor(variable(A))[0])), [A], { seed: c.seed, wrt: [0] });
      } else {
        // The permutation (output 0) is piecewise constant: only L and U carry cotangents.
        expectSingleMatchesDouble((x: Var) => lu(x).slice(1), [A], mask, { seed: c.seed });
        expectSingleMatchesDouble((x: Var) => luFactor(x)[0], [A], 1, { seed: c.seed });
      }
    });
  });
});
