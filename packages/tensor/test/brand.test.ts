/**
 * Tensors are recognised by a `Symbol.for` brand, not by class identity, so a Tensor made by a
 * second copy of the package (the CJS build next to the ESM one, or two installed versions)
 * works everywhere. The second copy here is a fresh evaluation of the same sources
 * (`vi.resetModules`): a distinct Tensor class, as a second bundle would have. The packed ESM
 * and CJS builds are mixed for real in tools/release-check/test/pack.test.ts.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as T from '../src/index.js';

type TensorModule = typeof T;
let T2: TensorModule;

beforeAll(async () => {
  vi.resetModules();
  T2 = (await import('../src/index.js')) as TensorModule;
});

describe('a Tensor from another copy of @svd/tensor', () => {
  it('is a different class, yet isTensor and instanceof recognise it both ways', () => {
    const mine = T.tensor([1, 2]);
    const theirs = T2.tensor([1, 2]);
    expect(T2.Tensor).not.toBe(T.Tensor);
    expect(Object.getPrototypeOf(theirs)).not.toBe(T.Tensor.prototype);
    expect(T.isTensor(theirs)).toBe(true);
    expect(T2.isTensor(mine)).toBe(true);
    expect(theirs instanceof T.Tensor).toBe(true);
    expect(mine instanceof T2.Tensor).toBe(true);
  });

  it('is computed with, not read as a number (mul used to give a rank-0 NaN)', () => {
    const theirs = T2.tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(T.mul(theirs, 2).toArray()).toEqual([
      [2, 4],
      [6, 8],
    ]);
    expect(T.matmul(T.eye(2), theirs).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(T.sum(theirs).item()).toBe(10);
    expect(T.concat([T.tensor([0]), T2.tensor([5])]).toArray()).toEqual([0, 5]);
    expect(T.describeValue(theirs)).toBe('a Tensor of dtype float64 and shape [2, 2]');
  });

  it('the brand is invisible data: not enumerable, not writable, not an own property', () => {
    const t = T.tensor([1]);
    const brand = Symbol.for('@svd/tensor.Tensor');
    expect(Object.getOwnPropertySymbols(t)).toEqual([]);
    expect(Object.keys(t)).not.toContain(brand);
    expect(Object.getOwnPropertyDescriptor(T.Tensor.prototype, brand)).toEqual({
      value: 1,
      writable: false,
      enumerable: false,
      configurable: false,
    });
  });

  it('subclasses keep the ordinary instanceof', () => {
    class Sub extends T.Tensor {}
    const s = new Sub(new Float64Array(1), 'float64', [1]);
    expect(s instanceof T.Tensor).toBe(true);
    expect(s instanceof Sub).toBe(true);
    expect(T.tensor([1]) instanceof Sub).toBe(false);
  });

  it('look-alikes without the brand are not Tensors', () => {
    const fake = {
      data: new Float64Array(1),
      dtype: 'float64',
      shape: [1],
      strides: [1],
      offset: 0,
      conjugated: false,
    };
    expect(T.isTensor(fake)).toBe(false);
    expect(fake instanceof T.Tensor).toBe(false);
    expect(T.isTensor(null)).toBe(false);
    expect(T.isTensor(3)).toBe(false);
  });
});
