/**
 * Property tests of the solvers: solve (matrix and vector right-hand side), inv, solveTriangular
 * (every flag), lstsq (tall and square), luSolve, choleskySolve and choleskyInverse (lower and
 * upper): random sizes, batches and all four dtypes — see ./support.ts for what each check covers.
 */
import { gradcheck, gradgradcheck } from '@svd/gradcheck';
import {
  choleskyInverse,
  choleskySolve,
  cholesky,
  inv,
  lstsq,
  luFactor,
  luSolve,
  solve,
  solveTriangular,
} from '@svd/ops-svd';
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
  hpd,
  isDouble,
  separatedSingularValues,
  wellConditioned,
} from './support.js';

describe('solve, inv', () => {
  test('random sizes, right-hand sides and dtypes: checkRule in double, single against double', () => {
    forAll(fc.record({ c: cases({ shape: 'square' }), k: fc.integer({ min: 1, max: 3 }) }), 10, ({ c, k }) => {
      const A = wellConditioned(c);
      const B = gaussian(c, c.m, k);
      if (isDouble(c.dtype)) {
        expectRule(asRule(specOf(solve(variable(A), variable(B)))), [A, B], { seed: c.seed });
        expectRule(asRule(specOf(inv(variable(A)))), [A], { seed: c.seed });
      } else {
        expectSingleMatchesDouble((a: Var, b: Var) => [solve(a, b), inv(a)], [A, B], 3, { seed: c.seed });
      }
    });
  });

  test('vector right-hand side and second order', () => {
    forAll(cases({ shape: 'square', dtypes: DOUBLE, maxDim: 3 }), 2, (c) => {
      const A = wellConditioned({ ...c, batch: [] });
      const b = T.randn([c.m], { dtype: c.dtype, seed: c.seed });
      expect(gradcheck((a: Var, v: Var) => solve(a, v), [A, b], { fast: true, seed: c.seed }).ok).toBe(true);
      expect(gradgradcheck((a: Var, v: Var) => solve(a, v), [A, b], { fast: true, seed: c.seed }).ok).toBe(true);
    });
  });
});

describe('solveTriangular', () => {
  test('every flag, random sizes and dtypes', () => {
    const flags = fc.record({ lower: fc.boolean(), unitDiagonal: fc.boolean(), transpose: fc.boolean() });
    forAll(
      fc.record({ c: cases({ shape: 'square' }), o: flags, k: fc.integer({ min: 1, max: 3 }) }),
      10,
      ({ c, o, k }) => {
        // A triangular factor with a dominant diagonal: the solve is well conditioned.
        const A = T.add(gaussian(c), T.scale(T.eye(c.m, c.m, { dtype: c.dtype }), 3));
        const B = gaussian(c, c.m, k);
        const f = (a: Var, b: Var) => solveTriangular(a, b, o);
        if (isDouble(c.dtype)) expect(gradcheck(f, [A, B], { fast: true, seed: c.seed }).ok).toBe(true);
        else expectSingleMatchesDouble(f, [A, B], 1, { seed: c.seed });
      },
    );
  });
});

describe('lstsq', () => {
  test('tall and square full-rank A, random dtypes: checkRule of x in double, single against double', () => {
    forAll(fc.record({ c: cases(), k: fc.integer({ min: 1, max: 2 }) }), 8, ({ c, k }) => {
      const m = Math.max(c.m, c.n);
      const A = separatedSingularValues(c, m, c.n);
      const B = gaussian(c, m, k);
      if (isDouble(c.dtype)) {
        expectRule(asRule(specOf(lstsq(variable(A), variable(B))[0])), [A, B], { seed: c.seed });
        const withResiduals = (a: Var, b: Var) => [lstsq(a, b)[0], lstsq(a, b)[1]];
        expect(gradcheck(withResiduals, [A, B], { fast: true, seed: c.seed }).ok).toBe(true);
      } else {
        expectSingleMatchesDouble((a: Var, b: Var) => lstsq(a, b)[0], [A, B], 1, { seed: c.seed });
      }
    });
  });
});

describe('luSolve, choleskySolve, choleskyInverse', () => {
  test('luSolve: checkRule with respect to LU and B (pivots held fixed)', () => {
    forAll(fc.record({ c: cases({ shape: 'square' }), k: fc.integer({ min: 1, max: 3 }) }), 8, ({ c, k }) => {
      const [LU, piv] = luFactor(wellConditioned(c));
      const B = gaussian(c, c.m, k);
      if (isDouble(c.dtype)) {
        expectRule(asRule(specOf(luSolve(variable(LU), piv, variable(B)))), [LU, piv, B], {
          seed: c.seed,
          wrt: [0, 2],
        });
      } else {
        expectSingleMatchesDouble((lu: Var, p: Var, b: Var) => luSolve(lu, p, b), [LU, piv, B], 1, {
          seed: c.seed,
          wrt: [0, 2],
        });
      }
    });
  });

  test('choleskySolve and choleskyInverse, lower and upper', () => {
    forAll(
      fc.record({ c: cases({ shape: 'square' }), upper: fc.boolean(), k: fc.integer({ min: 1, max: 3 }) }),
      8,
      ({ c, upper, k }) => {
        const F = cholesky(hpd(c), { upper });
        const B = gaussian(c, c.m, k);
        if (isDouble(c.dtype)) {
          expectRule(asRule(specOf(choleskySolve(variable(F), variable(B), { upper }))), [F, B], { seed: c.seed });
          expectRule(asRule(specOf(choleskyInverse(variable(F), { upper }))), [F], { seed: c.seed });
        } else {
          const f = (a: Var, b: Var) => [choleskySolve(a, b, { upper }), choleskyInverse(a, { upper })];
          expectSingleMatchesDouble(f, [F, B], 3, { seed: c.seed });
        }
      },
    );
  });
});
