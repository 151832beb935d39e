import { describe, expect, it } from 'vitest';
import { arange, formatTensor, reshape, tensor, transpose, zeros } from '../src/index.js';

describe('toString / formatTensor', () => {
  it('small matrix: aligned columns, decimal points lined up', () => {
    expect(
      String(
        tensor([
          [1, 2.5],
          [-3, 4],
        ]),
      ),
    ).toBe('tensor([[ 1. ,  2.5],\n        [-3. ,  4. ]], shape=[2, 2], dtype=float64)');
    // a transposed view prints its logical order
    expect(
      transpose(
        tensor(
          [
            [1, 2],
            [3, 4],
          ],
          { dtype: 'float32' },
        ),
      ).toString(),
    ).toBe('tensor([[1., 3.],\n        [2., 4.]], shape=[2, 2], dtype=float32)');
  });

  it('complex vector', () => {
    expect(
      tensor(
        [
          [1, 2],
          [-0.5, 0],
          [0, -1.25],
        ],
        { dtype: 'complex128' },
      ).toString(),
    ).toBe('tensor([ 1. +2.j  , -0.5+0.j  ,  0. -1.25j], shape=[3], dtype=complex128)');
  });

  it('summarises a large tensor with the first and last 3 entries per axis', () => {
    expect(reshape(arange(1001), [7, 143]).toString()).toBe(
      [
        'tensor([[   0.,    1.,    2., ...,  140.,  141.,  142.],',
        '        [ 143.,  144.,  145., ...,  283.,  284.,  285.],',
        '        [ 286.,  287.,  288., ...,  426.,  427.,  428.],',
        '        ...,',
        '        [ 572.,  573.,  574., ...,  712.,  713.,  714.],',
        '        [ 715.,  716.,  717., ...,  855.,  856.,  857.],',
        '        [ 858.,  859.,  860., ...,  998.,  999., 1000.]], shape=[7, 143], dtype=float64)',
      ].join('\n'),
    );
  });

  it('scientific notation when the range needs it; nan/inf; precision cap', () => {
    expect(tensor([1e10, 1.5e-10, -2]).toString()).toBe(
      'tensor([ 1.0e+10,  1.5e-10, -2.0e+00], shape=[3], dtype=float64)',
    );
    expect(tensor([Number.NaN, Infinity, -1.25]).toString()).toBe(
      'tensor([  nan,   inf, -1.25], shape=[3], dtype=float64)',
    );
    expect(tensor([1 / 3, 2]).toString()).toBe('tensor([0.333333, 2.      ], shape=[2], dtype=float64)');
    expect(formatTensor(tensor([1 / 3]), { precision: 2 })).toBe('tensor([0.33], shape=[1], dtype=float64)');
  });

  it('rank 0, empty, 3-D blocks separated by a blank line, long rows wrap', () => {
    expect(tensor(3.5).toString()).toBe('tensor(3.5, shape=[], dtype=float64)');
    expect(zeros([0, 3]).toString()).toBe('tensor([], shape=[0, 3], dtype=float64)');
    expect(reshape(arange(8), [2, 2, 2]).toString()).toBe(
      'tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]], shape=[2, 2, 2], dtype=float64)',
    );
    const lines = arange(30).toString().split('\n');
    expect(lines.length).toBe(3);
    expect(lines.every((l) => l.length <= 75 || l.includes('shape='))).toBe(true);
    expect(lines[1]!.startsWith('        13.,')).toBe(true);
  });
});
