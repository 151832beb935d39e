import { describe, expect, it } from 'vitest';
import { type Var, mul, sin, matmul, exp } from '@svd/tape';
import { randn } from '@svd/tensor';
import { gradcheck, formatReport } from '../src/index.js';

describe('smoke', () => {
  it('works', () => {
    const r = gradcheck((x: Var) => mul(x, sin(x)), [randn([3], { seed: 1 })]);
    console.log(formatReport(r));
    const r2 = gradcheck((a: Var, b: Var) => [matmul(a, b), exp(a)], [randn([2, 3], { seed: 1, dtype: 'complex128' }), randn([3, 2], { seed: 2, dtype: 'complex128' })]);
    console.log(formatReport(r2));
    const r3 = gradcheck((a: Var, b: Var) => [matmul(a, b), exp(a)], [randn([2, 3], { seed: 1, dtype: 'complex128' }), randn([3, 2], { seed: 2, dtype: 'complex128' })], {fast: true});
    console.log(formatReport(r3));
    expect(r.ok && r2.ok && r3.ok).toBe(true);
  });
});
