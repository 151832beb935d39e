import { RuleError, type Var, conj, exp, matmul, mul, sin, sum } from '@svd/tape';
import { randn } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { assertGradgradcheck, gradcheck, gradgradcheck } from '../src/index.js';
import * as R from './rules.js';

const x = () => randn([4], { seed: 11 });

describe('gradgradcheck', () => {
  it('passes tape pullbacks: exp, mul, matmul (real and complex)', () => {
    const f = (a: Var, b: Var) => exp(matmul(a, mul(b, b)));
    expect(assertGradgradcheck(f, [randn([2, 3], { seed: 1 }), randn([3, 2], { seed: 2 })]).ok).toBe(true);
    const g = (a: Var, b: Var) => mul(matmul(a, b), conj(matmul(a, b)));
    const c = (s: number, shape: number[]) => randn(shape, { seed: s, dtype: 'complex128' });
    expect(assertGradgradcheck(g, [c(3, [2, 2]), c(4, [2, 2])]).ok).toBe(true);
    expect(gradgradcheck((v) => R.sinRule(v), [x()]).ok).toBe(true);
  });

  it('a pullback computed on plain tensors: first order is right, second order raises the RuleError naming it', () => {
    expect(gradcheck((v) => R.expPlainTensor(v), [x()]).ok).toBe(true);
    // Its second derivative used to come out as a silent zero (reported as a mismatch); the tape
    // now refuses to differentiate such a pullback, as PyTorch's once_differentiable does.
    const message =
      /rule 'expPlainTensor': its pullback returned plain Tensors for argument 0, so it can be differentiated only once/;
    expect(() => gradgradcheck((v) => R.expPlainTensor(v), [x()])).toThrow(RuleError);
    expect(() => gradgradcheck((v) => R.expPlainTensor(v), [x()])).toThrow(message);
    expect(() => assertGradgradcheck((v) => R.expPlainTensor(v), [x()])).toThrow(message);
  });

  it('catches a wrong second-order term built from tape ops', () => {
    expect(gradcheck((v) => R.cubeWrongSecondOrder(v), [x()]).ok).toBe(true);
    const report = gradgradcheck((v) => R.cubeWrongSecondOrder(v), [x()]);
    expect(report.inputs[0]!.ok).toBe(false);
    // d/dx of v·3x² is 6xv; the wrong inner rule gives 3xv: off by a factor 2.
    expect(report.inputs[0]!.analytic / report.inputs[0]!.numeric).toBeCloseTo(0.5, 6);
    expect(report.inputs[1]!.ok).toBe(true);
  });

  it('catches a pullback that cuts the graph with stopGradient', () => {
    expect(gradgradcheck((v) => R.cubeStopGradient(v), [x()]).inputs[0]!.ok).toBe(false);
  });

  it('has a fast mode and accepts explicit cotangents', () => {
    const f = (v: Var) => sum(mul(sin(v), v));
    const fast = gradgradcheck(f, [x()], { fast: true });
    expect(fast.ok).toBe(true);
    expect(fast.evaluations).toBe(1 + 1 + 2 * 2);
    expect(() => gradgradcheck((v) => R.expPlainTensor(v), [x()], { fast: true })).toThrow(RuleError);
    expect(() => gradgradcheck(f, [x()], { cotangents: [randn([2], { seed: 1 })] })).toThrow(
      /cotangent 0 has dtype float64 and shape \[2\]/,
    );
  });
});
