import { type Var, conj, exp, matmul, mul, sin, sum } from '@svd/tape';
import { randn } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { assertJvpcheck, checkRule, formatJvpReport, jvpcheck } from '../src/index.js';
import * as R from './rules.js';

describe('jvpcheck', () => {
  it('passes tape ops (adjoint by construction, and matching finite differences)', () => {
    const f = (a: Var, b: Var) => [exp(matmul(a, b)), sum(sin(a))];
    const report = assertJvpcheck(f, [randn([2, 3], { seed: 1 }), randn([3, 2], { seed: 2 })]);
    expect(report.adjoint.ok).toBe(true);
    expect(report.adjoint.absError).toBeLessThan(1e-12);
    expect(report.outputs).toHaveLength(2);
    const c = (s: number) => randn([2, 2], { seed: s, dtype: 'complex128' });
    expect(jvpcheck((a, b) => mul(matmul(a, b), a), [c(3), c(4)]).ok).toBe(true);
  });

  it('the tape jvp of a rule follows its pullback, so a wrong pullback shows up as a jvp/FD mismatch', () => {
    const report = jvpcheck((v) => R.sinSignError(v), [randn([5], { seed: 1 })]);
    expect(report.adjoint.ok).toBe(true);
    expect(report.ok).toBe(false);
    expect(formatJvpReport(report)).toMatch(/^jvpcheck: failed[\s\S]*adjointness ok[\s\S]*FAIL/);
  });

  it('checkRule catches a deliberately wrong explicit jvp (finite differences and adjointness)', () => {
    const bad = checkRule(R.sinWrongJvp, [randn([5], { seed: 2 })]);
    const byName = Object.fromEntries(bad.checks.map((c) => [c.name, c.ok]));
    expect(bad.ok).toBe(false);
    expect(byName['jvp vs finite differences']).toBe(false);
    expect(byName['jvp adjoint to pullback']).toBe(false);
    expect(byName['pullback, outputs {0} used (others null)']).toBe(true);
    const good = checkRule(R.sinRule, [randn([5], { seed: 2 })]);
    expect(good.ok).toBe(true);
    expect(good.checks.map((c) => c.name)).toContain('jvp adjoint to pullback');
  });
});

describe('checkRule jvp checks with complex values and output transforms', () => {
  const c = (s: number) => randn([2, 3], { seed: s, dtype: 'complex128' });

  it('a correct complex jvp passes; a wrongly conjugated one fails', () => {
    expect(checkRule(R.cmulWithJvp, [c(1), c(2)]).ok).toBe(true);
    const bad = checkRule(R.cmulJvpConjugated, [c(1), c(2)]);
    expect(bad.checks.filter((k) => !k.ok).map((k) => k.name)).toEqual([
      'jvp vs finite differences',
      'jvp adjoint to pullback',
    ]);
  });

  it('the jvp is pushed through the output transform', () => {
    const transform = (...o: Var[]) => o.map((v) => mul(v, conj(v)));
    expect(checkRule(R.cmulWithJvp, [c(1), c(2)], { outputTransform: transform }).ok).toBe(true);
    expect(checkRule(R.cmulJvpConjugated, [c(1), c(2)], { outputTransform: transform }).ok).toBe(false);
    expect(checkRule(R.sinRule, [randn([3], { seed: 1 })], { outputTransform: (...o: Var[]) => o }).ok).toBe(true);
  });
});
