import { describe, expect, it } from 'vitest';
import {
  ShapeError,
  adjoint,
  arange,
  concat,
  conj,
  diagEmbed,
  flip,
  outer,
  reshape,
  stack,
  tensor,
  trace,
  transpose,
  tril,
  triu,
  zeros,
} from '../src/index.js';
import { vals } from './helpers.js';

const M = reshape(arange(1, 10), [3, 3]); // [[1,2,3],[4,5,6],[7,8,9]]

describe('concat / stack', () => {
  it('concatenates along any axis, promoting dtypes, reading views', () => {
    const a = tensor([[1, 2]]);
    const b = tensor(
      [
        [3, 4],
        [5, 6],
      ],
      { dtype: 'float32' },
    );
    const r = concat([a, b], 0);
    expect(r.shape).toEqual([3, 2]);
    expect(r.dtype).toBe('float64');
    expect(vals(r)).toEqual([1, 2, 3, 4, 5, 6]);
    const c = concat([transpose(b), tensor([[9], [9]])], -1);
    expect(vals(c)).toEqual([3, 5, 9, 4, 6, 9]);
    const z = concat([tensor([1]), tensor([[2, 3]], { dtype: 'complex128' })]);
    expect(vals(z)).toEqual([1, 0, 2, 3]);
    expect(vals(concat([zeros([0, 2]), a]))).toEqual([1, 2]);
  });

  it('concat errors name the offending tensor', () => {
    expect(() => concat([tensor([[1, 2]]), tensor([[1, 2, 3]])], 0)).toThrow(
      'concat: tensor 1 has shape [1, 3], expected [*, 2] (all axes but 0 must match)',
    );
    expect(() => concat([])).toThrow('concat: expected at least one tensor, got an empty list');
  });

  it('stack adds a new axis (first, last, negative)', () => {
    const a = tensor([1, 2]);
    const b = tensor([3, 4]);
    expect(vals(stack([a, b]))).toEqual([1, 2, 3, 4]);
    const s = stack([a, b], -1);
    expect(s.shape).toEqual([2, 2]);
    expect(vals(s)).toEqual([1, 3, 2, 4]);
    expect(() => stack([a, tensor([1])])).toThrow(ShapeError);
    expect(vals(stack([tensor(1), tensor(2)]))).toEqual([1, 2]);
  });
});

describe('triangles, trace, outer, diagEmbed, flip', () => {
  it('triu / tril with offsets, batched, on views', () => {
    expect(vals(triu(M))).toEqual([1, 2, 3, 0, 5, 6, 0, 0, 9]);
    expect(vals(triu(M, 1))).toEqual([0, 2, 3, 0, 0, 6, 0, 0, 0]);
    expect(vals(tril(M, -1))).toEqual([0, 0, 0, 4, 0, 0, 7, 8, 0]);
    expect(vals(tril(transpose(M)))).toEqual([1, 0, 0, 2, 5, 0, 3, 6, 9]);
    const B = reshape(arange(8), [2, 2, 2]);
    expect(vals(triu(B))).toEqual([0, 1, 0, 3, 4, 5, 0, 7]);
    const Z = tensor(
      [
        [
          [1, 1],
          [2, 2],
        ],
        [
          [3, 3],
          [4, 4],
        ],
      ],
      { dtype: 'complex128' },
    );
    expect(vals(triu(adjoint(Z)))).toEqual([1, -1, 3, -3, 0, 0, 4, -4]);
    expect(() => triu(tensor([1, 2]))).toThrow('triu: expected rank ≥ 2, got shape [2]');
  });

  it('trace is batched over leading axes', () => {
    expect(trace(M).shape).toEqual([]);
    expect(trace(M).item()).toBe(15);
    const B = reshape(arange(12), [3, 2, 2]);
    expect(vals(trace(B))).toEqual([3, 11, 19]);
    const Z = tensor(
      [
        [
          [1, 2],
          [0, 0],
        ],
        [
          [0, 0],
          [3, -1],
        ],
      ],
      { dtype: 'complex128' },
    );
    expect(vals(trace(conj(Z)))).toEqual([4, -1]);
  });

  it('outer flattens and does not conjugate', () => {
    const o = outer(tensor([1, 2]), tensor([[3, 4, 5]]));
    expect(o.shape).toEqual([2, 3]);
    expect(vals(o)).toEqual([3, 4, 5, 6, 8, 10]);
    const z = outer(tensor([[0, 1]], { dtype: 'complex128' }), tensor([[0, 1]], { dtype: 'complex128' }));
    expect(vals(z)).toEqual([-1, 0]);
  });

  it('diagEmbed puts the last axis on a diagonal (batched, offsets)', () => {
    const d = diagEmbed(
      tensor([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(d.shape).toEqual([2, 2, 2]);
    expect(vals(d)).toEqual([1, 0, 0, 2, 3, 0, 0, 4]);
    expect(vals(diagEmbed(tensor([1, 2]), 1))).toEqual([0, 1, 0, 0, 0, 2, 0, 0, 0]);
    expect(vals(diagEmbed(tensor([1, 2]), -1))).toEqual([0, 0, 0, 1, 0, 0, 0, 2, 0]);
    expect(vals(diagEmbed(conj(tensor([[1, 2]], { dtype: 'complex128' }))))).toEqual([1, -2]);
  });

  it('flip reverses the named axes as a view', () => {
    const f = flip(M, 1);
    expect(f.data).toBe(M.data);
    expect(vals(f)).toEqual([3, 2, 1, 6, 5, 4, 9, 8, 7]);
    expect(vals(flip(M))).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(vals(flip(M, [0]))).toEqual([7, 8, 9, 4, 5, 6, 1, 2, 3]);
  });
});
