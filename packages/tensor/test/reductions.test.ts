import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DTypeError,
  IndexError,
  ValueError,
  adjoint,
  argmax,
  argmin,
  arange,
  max,
  mean,
  min,
  norm,
  permute,
  prod,
  reshape,
  slice,
  sum,
  tensor,
  zeros,
} from '../src/index.js';
import { filled, vals } from './helpers.js';

const A = reshape(arange(24), [2, 3, 4]);

/** Naive reference: sum over `axes` by visiting every entry. */
function naiveSum(shape: number[], values: number[], axes: number[]): number[] {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = new Array<number>(kept.reduce((p, d) => p * d, 1)).fill(0);
  for (let lin = 0; lin < values.length; lin++) {
    let r = lin;
    let o = 0;
    let mult = 1;
    for (let k = shape.length - 1; k >= 0; k--) {
      const j = r % shape[k]!;
      r = Math.floor(r / shape[k]!);
      if (!axes.includes(k)) o += j * mult;
      mult *= kept[k]!;
    }
    out[o]! += values[lin]!;
  }
  return out;
}

describe('sum / mean / prod', () => {
  it('reduces any axis subset (property test against a naive loop, incl. zero-size axes)', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 4 })
          .chain((shape) => fc.tuple(fc.constant(shape), fc.subarray([...shape.keys()]), fc.boolean())),
        ([shape, axes, keepdims]) => {
          const t = filled(shape, 3);
          const got = sum(t, { axes, keepdims });
          const expectedShape = keepdims
            ? shape.map((d, i) => (axes.includes(i) ? 1 : d))
            : shape.filter((_, i) => !axes.includes(i));
          expect(got.shape).toEqual(expectedShape);
          expect(vals(got)).toEqual(naiveSum(shape, vals(t), axes));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('defaults to all axes and returns rank 0; negative axes work', () => {
    const s = sum(A);
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(276);
    expect(vals(sum(A, { axes: -1 }))).toEqual([6, 22, 38, 54, 70, 86]);
    expect(sum(A, { axes: [0, -1], keepdims: true }).shape).toEqual([1, 3, 1]);
    expect(vals(sum(A, { axes: [0, -1] }))).toEqual([60, 92, 124]);
    expect(vals(mean(A, { axes: 1 }))).toEqual([4, 5, 6, 7, 16, 17, 18, 19]);
  });

  it('views reduce like their copies', () => {
    const v = slice(permute(A, [2, 0, 1]), [null, null, -1]);
    expect(vals(sum(v, { axes: [0, 2] }))).toEqual(vals(sum(v.contiguous(), { axes: [0, 2] })));
    expect(vals(prod(v, { axes: 1 }))).toEqual(vals(prod(v.contiguous(), { axes: 1 })));
  });

  it('empty reductions: sum 0, prod 1, mean NaN, max/min throw', () => {
    const e = zeros([0, 3]);
    expect(vals(sum(e, { axes: 0 }))).toEqual([0, 0, 0]);
    expect(vals(prod(e, { axes: 0 }))).toEqual([1, 1, 1]);
    expect(Number.isNaN(mean(e).item())).toBe(true);
    expect(() => max(e, { axes: 0 })).toThrow(ValueError);
    expect(() => min(e)).toThrow('min: zero-size reduction of a tensor of shape [0, 3] has no identity');
    expect(max(e, { axes: 1 }).shape).toEqual([0]); // nothing to reduce into: fine, as NumPy
  });

  it('complex sum, mean, prod (through an adjoint view)', () => {
    const z = tensor(
      [
        [
          [1, 2],
          [3, 4],
        ],
        [
          [0, 1],
          [2, 0],
        ],
      ],
      { dtype: 'complex128' },
    );
    expect(vals(sum(z))).toEqual([6, 7]);
    expect(vals(mean(z, { axes: 0 }))).toEqual([0.5, 1.5, 2.5, 2]);
    // (1+2i)(3+4i) = -5+10i; i·2 = 2i
    expect(vals(prod(z, { axes: 1 }))).toEqual([-5, 10, 0, 2]);
    expect(vals(sum(adjoint(z), { axes: 1 }))).toEqual([1, -3, 5, -4]);
  });

  it('rejects bad axes', () => {
    expect(() => sum(A, { axes: 3 })).toThrow(IndexError);
    expect(() => sum(A, { axes: [1, -2] })).toThrow('sum: axes must be distinct, got [1, -2] (axis 1 repeated)');
  });
});

describe('max / min / argmax / argmin', () => {
  it('reduce over axes, propagate NaN', () => {
    expect(vals(max(A, { axes: [0, 2] }))).toEqual([15, 19, 23]);
    expect(min(A).item()).toBe(0);
    const n = tensor([
      [1, Number.NaN, 3],
      [4, 5, 6],
    ]);
    expect(vals(max(n, { axes: 1 })).map(String)).toEqual(['NaN', '6']);
    expect(vals(min(n, { axes: 0 })).map(String)).toEqual(['1', 'NaN', '3']);
  });

  it('throw DTypeError on complex', () => {
    expect(() => max(tensor([[1, 2]], { dtype: 'complex128' }))).toThrow(DTypeError);
  });

  it('argmax / argmin: first occurrence, NaN wins, flattened by default', () => {
    const t = tensor([
      [1, 7, 7],
      [9, 2, 0],
    ]);
    expect(vals(argmax(t, { axis: 1 }))).toEqual([1, 0]);
    expect(vals(argmin(t, { axis: 0 }))).toEqual([0, 1, 1]);
    expect(argmax(t).item()).toBe(3);
    expect(argmax(tensor([1, Number.NaN, 5])).item()).toBe(1);
    expect(argmin(t, { axis: -1, keepdims: true }).shape).toEqual([2, 1]);
  });
});

describe('norm', () => {
  it('does not overflow or underflow (scaled sum of squares)', () => {
    expect(norm(tensor([1e200, 1e200])).item()).toBe(Math.SQRT2 * 1e200);
    expect(norm(tensor([1e-200, 1e-200])).item()).toBe(Math.SQRT2 * 1e-200);
    expect(norm(tensor([3e200, 4e200]), { ord: 2 }).item() / 5e200).toBeCloseTo(1, 15);
    expect(norm(tensor([1e300, 1e300]), { ord: 3 }).item() / (2 ** (1 / 3) * 1e300)).toBeCloseTo(1, 14);
    expect(norm(tensor([[[1e200, 1e200]]], { dtype: 'complex128' })).item()).toBe(Math.SQRT2 * 1e200);
  });

  it('vector p-norms along one axis', () => {
    const v = tensor([3, -4, 0]);
    expect(norm(v).item()).toBe(5);
    expect(norm(v, { ord: 1 }).item()).toBe(7);
    expect(norm(v, { ord: Infinity }).item()).toBe(4);
    expect(norm(v, { ord: -Infinity }).item()).toBe(0);
    expect(norm(v, { ord: 0 }).item()).toBe(2);
    expect(norm(v, { ord: 3 }).item()).toBeCloseTo(91 ** (1 / 3), 14);
    const m = tensor([
      [3, 4],
      [6, 8],
    ]);
    expect(vals(norm(m, { ord: 2, axes: 1 }))).toEqual([5, 10]);
    expect(vals(norm(m, { ord: 1, axes: 0, keepdims: true }))).toEqual([9, 12]);
    expect(norm(m, { ord: 'fro' }).item()).toBeCloseTo(Math.sqrt(125), 14);
  });

  it('complex entries use the modulus; result is real', () => {
    const z = tensor(
      [
        [3, 4],
        [0, 1],
      ],
      { dtype: 'complex64' },
    );
    const n = norm(z, { ord: Infinity });
    expect(n.dtype).toBe('float32');
    expect(n.item()).toBe(5);
    expect(norm(z, { ord: 1 }).item()).toBe(6);
  });

  it('infinities and NaN', () => {
    expect(norm(tensor([Infinity, Infinity])).item()).toBe(Infinity);
    expect(Number.isNaN(norm(tensor([Infinity, Number.NaN])).item())).toBe(true);
  });

  it('matrix norms other than fro are rejected with a pointer to linalg', () => {
    expect(() => norm(A, { ord: 2 })).toThrow(
      "norm: ord 2 needs a single axis for a tensor of shape [2, 3, 4] (matrix norms other than 'fro' are in @svd/linalg)",
    );
    expect(() => norm(A, { ord: 1, axes: [0, 1] })).toThrow(ValueError);
    expect(() => norm(A, { ord: -1, axes: 0 })).toThrow(ValueError);
  });
});
