import { describe, expect, it } from 'vitest';
import {
  IndexError,
  ShapeError,
  adjoint,
  arange,
  broadcastTo,
  complex,
  conj,
  diagonal,
  expand,
  flatten,
  imag,
  permute,
  real,
  reshape,
  slice,
  squeeze,
  swapAxes,
  tensor,
  transpose,
  unsqueeze,
} from '../src/index.js';
import { vals } from './helpers.js';

const A = reshape(arange(12), [3, 4]); // [[0..3], [4..7], [8..11]]

describe('slice', () => {
  it('takes steps, negative steps and indices like NumPy', () => {
    expect(vals(slice(A, [null, null, -1]))).toEqual([8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3]);
    expect(vals(slice(A, null, [null, null, -2]))).toEqual([3, 1, 7, 5, 11, 9]);
    expect(vals(slice(A, [2, 0, -1], [3, 0, -1]))).toEqual([11, 10, 9, 7, 6, 5]);
    expect(vals(slice(A, 1))).toEqual([4, 5, 6, 7]);
    expect(vals(slice(A, -1, [1, 3]))).toEqual([9, 10]);
    expect(vals(slice(A, [-2, null]))).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    expect(slice(A, [3, 0]).shape).toEqual([0, 4]);
    const v = slice(A, [null, null, -1], [null, null, -1]);
    expect(v.data).toBe(A.data);
    expect(v.get(0, 0)).toBe(11);
  });

  it('slices a slice with a negative step (composes strides and offsets)', () => {
    const v = slice(slice(arange(10), [null, null, -1]), [1, 8, 3]); // [9..0][1:8:3] = [8, 5, 2]
    expect(vals(v)).toEqual([8, 5, 2]);
  });

  it('errors name the axis', () => {
    expect(() => slice(A, 3)).toThrow('slice: index 3 is out of range for axis 0 of size 3');
    expect(() => slice(A, null, [0, 2, 0])).toThrow('slice: step must be a non-zero integer, got 0 on axis 1');
    expect(() => slice(A, 0, 0, 0)).toThrow(IndexError);
  });
});

describe('reshape', () => {
  it('is a view of a contiguous tensor (shares the buffer)', () => {
    const r = reshape(A, [2, 6]);
    expect(r.data).toBe(A.data);
    expect(vals(r)).toEqual(vals(A));
    const r2 = reshape(A, [-1, 3, 1]);
    expect(r2.shape).toEqual([4, 3, 1]);
    expect(r2.data).toBe(A.data);
  });

  it('is a view when strides allow it even for a non-contiguous input', () => {
    const s = slice(A, [null, null, 2]); // rows 0 and 2: [2, 4] with row stride 8
    const r = reshape(s, [2, 2, 2]);
    expect(r.data).toBe(A.data);
    expect(vals(r)).toEqual([0, 1, 2, 3, 8, 9, 10, 11]);
  });

  it('copies a transposed tensor (flat order differs)', () => {
    const t = transpose(A);
    const r = reshape(t, [12]);
    expect(r.data).not.toBe(A.data);
    expect(vals(r)).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    expect(vals(flatten(t))).toEqual(vals(r));
  });

  it('copies a conjugated view with the conjugation applied', () => {
    const z = tensor(
      [
        [
          [1, 2],
          [3, 4],
        ],
        [
          [5, 6],
          [7, 8],
        ],
      ],
      { dtype: 'complex128' },
    );
    expect(vals(reshape(adjoint(z), [4]))).toEqual([1, -2, 5, -6, 3, -4, 7, -8]);
  });

  it('rejects sizes that do not match', () => {
    expect(() => reshape(A, [5, -1])).toThrow('reshape: cannot reshape [3, 4] (size 12) into [5, -1]');
    expect(() => reshape(A, [5, 2])).toThrow('reshape: cannot reshape [3, 4] (size 12) into [5, 2] (size 10)');
  });
});

describe('axis views', () => {
  it('permute / transpose / swapAxes', () => {
    const t = reshape(arange(24), [2, 3, 4]);
    const p = permute(t, [2, 0, 1]);
    expect(p.shape).toEqual([4, 2, 3]);
    expect(p.get(3, 1, 2)).toBe(t.get(1, 2, 3));
    expect(transpose(t).get(3, 2, 1)).toBe(t.get(1, 2, 3));
    expect(swapAxes(t, 0, -1).shape).toEqual([4, 3, 2]);
    expect(() => permute(t, [0, 0, 1])).toThrow('permute: axes must be a permutation of 0..2, got [0, 0, 1]');
  });

  it('diagonal views with offsets and batch', () => {
    expect(vals(diagonal(A))).toEqual([0, 5, 10]);
    expect(vals(diagonal(A, 1))).toEqual([1, 6, 11]);
    expect(vals(diagonal(A, -1))).toEqual([4, 9]);
    expect(diagonal(A, 4).shape).toEqual([0]);
    const B = reshape(arange(18), [2, 3, 3]);
    expect(vals(diagonal(B))).toEqual([0, 4, 8, 9, 13, 17]);
    expect(diagonal(B).data).toBe(B.data);
  });

  it('conj / adjoint are lazy, real / imag read through them', () => {
    const z = tensor(
      [
        [
          [1, 2],
          [3, 4],
        ],
      ],
      { dtype: 'complex128' },
    );
    const c = conj(z);
    expect(c.data).toBe(z.data);
    expect(c.conjugated).toBe(true);
    expect(conj(c).conjugated).toBe(false);
    expect(vals(real(c))).toEqual([1, 3]);
    expect(vals(imag(c))).toEqual([-2, -4]);
    expect(vals(imag(z))).toEqual([2, 4]);
    const h = adjoint(z);
    expect(h.shape).toEqual([2, 1]);
    expect(h.getComplex(1, 0)).toEqual([3, -4]);
    expect(() => adjoint(tensor([1, 2]))).toThrow('adjoint: expected rank ≥ 2, got shape [2]');
  });

  it('broadcastTo / expand give zero strides; bad targets throw', () => {
    const b = broadcastTo(tensor([1, 2, 3]), [2, 3]);
    expect(b.strides).toEqual([0, 1]);
    expect(vals(b)).toEqual([1, 2, 3, 1, 2, 3]);
    expect(vals(expand(tensor([[1], [2]]), [-1, 3]))).toEqual([1, 1, 1, 2, 2, 2]);
    expect(() => broadcastTo(tensor([1, 2, 3]), [2, 2])).toThrow(ShapeError);
  });

  it('unsqueeze / squeeze', () => {
    expect(unsqueeze(A, 1).shape).toEqual([3, 1, 4]);
    expect(unsqueeze(A, -1).shape).toEqual([3, 4, 1]);
    expect(squeeze(unsqueeze(A, 0)).shape).toEqual([3, 4]);
    expect(() => squeeze(A, [0])).toThrow('squeeze: axis 0 has length 3, expected 1');
  });

  it('complex() combines real parts with broadcasting', () => {
    const z = complex(tensor([1, 2]), tensor([[3], [4]]));
    expect(z.dtype).toBe('complex128');
    expect(vals(z)).toEqual([1, 3, 2, 3, 1, 4, 2, 4]);
  });
});
