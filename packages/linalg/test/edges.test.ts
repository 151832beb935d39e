/**
 * Issue #11 edges in @svd/linalg: cond of subnormal input, and messages that say what they got.
 */
import * as T from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { cond, solve } from '../src/index.js';

describe('cond scales its input (item 12)', () => {
  // Small integers: A·2⁻¹⁰³⁰ is exact even though it is subnormal, so the answer must be identical.
  const A = T.tensor([
    [1, 2, 0],
    [3, 4, 1],
    [0, 1, 5],
  ]);
  it.each([1, -1, Infinity, -Infinity, 'fro', 'nuc', 2, -2] as const)('cond(A·2⁻¹⁰³⁰, %s) = cond(A, %s)', (p) => {
    const unit = cond(A, p).item();
    expect(Number.isFinite(unit)).toBe(true);
    expect(cond(T.mul(A, 2 ** -1030), p).item()).toBe(unit);
    expect(cond(T.mul(A, 2 ** 1000), p).item()).toBe(unit);
    expect(cond(T.mul(A, 3e-300), p).item()).toBeCloseTo(unit, 12);
  });
  it('numpy at unit scale (numpy.linalg.cond of [[1,2],[3,4]] with p=1: 21, fro: 15)', () => {
    const B = T.tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(cond(T.mul(B, 2 ** -1030), 1).item()).toBeCloseTo(21, 12);
    expect(cond(T.mul(B, 2 ** -1030), 'fro').item()).toBeCloseTo(15, 12);
  });
});

describe('messages say what they got (item 14)', () => {
  it('solve(eye(2), [1, 2]) names the argument and what it received', () => {
    expect(() => solve(T.eye(2), [1, 2] as unknown as T.Tensor)).toThrow(
      'solve: the right-hand side must be a Tensor, got an array of length 2 (wrap arrays with tensor())',
    );
    expect(() => solve(T.eye(2), new Float64Array(2) as unknown as T.Tensor)).toThrow(/got a Float64Array/);
    expect(() => solve(null as unknown as T.Tensor, T.tensor([1, 2]))).toThrow(
      /coefficient matrix must be a Tensor, got null/,
    );
  });
});
