import { describe, expect, it } from 'vitest';
import {
  ShapeError,
  Tensor,
  adjoint,
  arange,
  broadcastTo,
  diag,
  eye,
  full,
  linspace,
  ones,
  onesLike,
  scalar,
  tensor,
  transpose,
  zeros,
  zerosLike,
} from '../src/index.js';
import { vals } from './helpers.js';

describe('tensor()', () => {
  it('infers shape from nested arrays', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float64');
    expect(vals(t)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.get(1, -1)).toBe(6);
  });

  it('reads complex nested [re, im] pairs and plain numbers as complex', () => {
    const t = tensor(
      [
        [[1, 2], 3],
        [
          [0, -1],
          [5, 6],
        ],
      ],
      { dtype: 'complex128' },
    );
    expect(t.shape).toEqual([2, 2]);
    expect(vals(t)).toEqual([1, 2, 3, 0, 0, -1, 5, 6]);
    expect(t.getComplex(1, 0)).toEqual([0, -1]);
  });

  it('copies typed arrays (float32 inferred, complex interleaved with a shape)', () => {
    const src = new Float32Array([1, 2, 3, 4]);
    const t = tensor(src, { shape: [2, 2] });
    expect(t.dtype).toBe('float32');
    expect(t.data).not.toBe(src);
    src[0] = 99;
    expect(t.get(0, 0)).toBe(1);
    const z = tensor(new Float64Array([1, 2, 3, 4]), { dtype: 'complex128' });
    expect(z.shape).toEqual([2]);
    expect(z.getComplex(1)).toEqual([3, 4]);
  });

  it('rejects typed arrays that do not fill the shape', () => {
    expect(() => tensor(new Float64Array(5), { shape: [2, 3] })).toThrow(
      'tensor: typed array of length 5 does not fill shape [2, 3] of float64',
    );
  });

  it('rejects ragged nested arrays with a ShapeError', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([[1, 2], [3]])).toThrow(
      'tensor: nested arrays are ragged: data[1] has length 1, expected 2 at depth 1',
    );
    expect(() => tensor([1, [2]] as never)).toThrow(ShapeError);
    expect(() => tensor([[1], 2] as never)).toThrow(ShapeError);
  });

  it('makes rank-0 tensors from numbers', () => {
    const s = tensor(2.5);
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(2.5);
    expect(scalar(-1, { dtype: 'float32' }).dtype).toBe('float32');
    expect(tensor(4, { shape: [1, 1] }).get(0, 0)).toBe(4);
    // regression: used to build a [2, 3] tensor over a 1-element buffer
    expect(() => tensor(4, { shape: [2, 3] })).toThrow(
      'tensor: a single number cannot be viewed as shape [2, 3] (use full())',
    );
  });

  it('rejects unknown dtypes', () => {
    expect(() => zeros([2], { dtype: 'int32' as never })).toThrow(
      "zeros: dtype must be one of float64, float32, complex128, complex64, got 'int32'",
    );
  });
});

describe('constructors', () => {
  it('eye, full, ones', () => {
    expect(vals(eye(2, 3))).toEqual([1, 0, 0, 0, 1, 0]);
    expect(vals(eye(2, 2, { dtype: 'complex128' }))).toEqual([1, 0, 0, 0, 0, 0, 1, 0]);
    expect(vals(full([2], 7))).toEqual([7, 7]);
    expect(vals(full([2], 7, { dtype: 'complex64' }))).toEqual([7, 0, 7, 0]);
    expect(vals(ones([3]))).toEqual([1, 1, 1]);
  });

  it('arange follows NumPy (one argument, negative step, empty)', () => {
    expect(vals(arange(4))).toEqual([0, 1, 2, 3]);
    expect(vals(arange(1, 2, 0.25))).toEqual([1, 1.25, 1.5, 1.75]);
    expect(vals(arange(5, 0, -2))).toEqual([5, 3, 1]);
    expect(arange(3, 1).shape).toEqual([0]);
    expect(() => arange(0, 1, 0)).toThrow('arange: step must be finite and non-zero, got 0');
  });

  it('linspace includes both ends exactly', () => {
    expect(vals(linspace(0, 1, 5))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(vals(linspace(0, 0.3, 4)).at(-1)).toBe(0.3);
    expect(vals(linspace(2, 3, 1))).toEqual([2]);
    expect(linspace(0, 1, 0).shape).toEqual([0]);
  });

  it('diag builds from vectors and extracts from matrices (with offsets and conjugation)', () => {
    expect(vals(diag(tensor([1, 2])))).toEqual([1, 0, 0, 2]);
    expect(vals(diag(tensor([1, 2]), 1))).toEqual([0, 1, 0, 0, 0, 2, 0, 0, 0]);
    expect(vals(diag(tensor([1, 2]), -1))).toEqual([0, 0, 0, 1, 0, 0, 0, 2, 0]);
    const A = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(vals(diag(A))).toEqual([1, 5]);
    expect(vals(diag(A, 1))).toEqual([2, 6]);
    expect(vals(diag(A, -1))).toEqual([4]);
    expect(vals(diag(A, 5))).toEqual([]);
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
    expect(vals(diag(adjoint(Z)))).toEqual([1, -1, 4, -4]);
    expect(() => diag(zeros([2, 2, 2]))).toThrow('diag: expected a 1-D or 2-D tensor, got rank 3 (shape [2, 2, 2])');
  });
});

describe('zerosLike / onesLike never change type (DESIGN lesson 6)', () => {
  const Z = tensor(
    [
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      [
        [7, 8],
        [9, 10],
        [11, 12],
      ],
    ],
    { dtype: 'complex64' },
  );
  const cases: [string, Tensor][] = [
    [
      'a transposed view',
      transpose(
        tensor(
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
          { dtype: 'float32' },
        ),
      ),
    ],
    ['an adjoint view', adjoint(Z)],
    ['a broadcast view', broadcastTo(tensor([1, 2, 3]), [4, 2, 3])],
  ];
  for (const [name, v] of cases) {
    it(`on ${name}: plain contiguous tensor, same dtype and shape`, () => {
      for (const [like, value] of [
        [zerosLike(v), 0],
        [onesLike(v), 1],
      ] as const) {
        expect(like).toBeInstanceOf(Tensor);
        expect(like.dtype).toBe(v.dtype);
        expect(like.shape).toEqual(v.shape);
        expect(like.isContiguous).toBe(true);
        expect(like.conjugated).toBe(false);
        expect(like.strides.every((s) => s !== 0)).toBe(true);
        expect(like.data).not.toBe(v.data);
        expect(like.data.length).toBe(v.size * (v.isComplex ? 2 : 1));
        const w = v.isComplex ? 2 : 1;
        expect(Array.from(like.data).every((x, i) => x === (i % w === 0 ? value : 0))).toBe(true);
      }
    });
  }
});
