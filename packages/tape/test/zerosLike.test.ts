/**
 * Lesson 6: zerosLike / onesLike never change type. The tape creates its default cotangents and
 * the zero gradients of unused arguments with them, so whatever view a value is, they are plain
 * contiguous tensors of the same shape and dtype.
 */
import * as T from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import {
  type Var,
  adjoint,
  broadcastTo,
  conj,
  grad,
  matrixTranspose,
  slice,
  sum,
  variable,
  vjp,
} from '../src/index.js';
import { randn } from './helpers/data.js';

/** Row-major strides of a fresh tensor of `shape` (in elements), written out as the reference. */
function rowMajorStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = strides[i + 1]! * shape[i + 1]!;
  return strides;
}

function expectPlain(out: T.Tensor, like: T.Tensor, fill: number, label: string): void {
  expect(out.shape, label).toEqual(like.shape);
  expect(out.dtype, label).toBe(like.dtype);
  expect(out.isContiguous, label).toBe(true);
  expect(out.conjugated, label).toBe(false);
  expect(out.offset, label).toBe(0);
  expect(out.strides, label).toEqual(rowMajorStrides(like.shape));
  expect(out.data.length, label).toBe(like.size * T.itemWidth(like.dtype));
  expect(out.data === like.data, `${label}: fresh buffer`).toBe(false);
  const expected = T.isComplex(like.dtype)
    ? Array.from({ length: like.size }, () => [fill, 0]).flat()
    : new Array(like.size).fill(fill);
  expect(Array.from(out.data), label).toEqual(expected);
}

describe('lesson 6: zerosLike / onesLike never change type', () => {
  const base = randn([3, 2], 1);
  const cbase = randn([3, 2], 2, 'complex128');
  const views: [string, T.Tensor][] = [
    ['plain', base],
    ['transpose', T.matrixTranspose(base)],
    ['slice with negative step', T.slice(base, [null, null, -2])],
    ['broadcast (zero strides)', T.broadcastTo(T.tensor([[1], [2]]), [2, 5])],
    ['expanded scalar', T.broadcastTo(T.scalar(3), [4, 4])],
    ['diagonal', T.diagonal(randn([3, 3], 3))],
    ['rank 0', T.scalar(2)],
    ['float32 transpose', T.matrixTranspose(T.randn([2, 3], { seed: 4, dtype: 'float32' }))],
    ['complex plain', cbase],
    ['complex adjoint (lazy conjugation)', T.adjoint(cbase)],
    ['complex conj', T.conj(cbase)],
    ['complex broadcast', T.broadcastTo(T.conj(T.tensor([[1, 2]], { dtype: 'complex128' })), [3, 1])],
    ['complex64 adjoint', T.adjoint(T.randn([2, 2], { seed: 5, dtype: 'complex64' }))],
    ['real part of a complex tensor', T.real(cbase)],
    ['imag part of a complex tensor', T.imag(cbase)],
  ];
  for (const [name, v] of views) {
    it(name, () => {
      expectPlain(T.zerosLike(v), v, 0, `zerosLike(${name})`);
      expectPlain(T.onesLike(v), v, 1, `onesLike(${name})`);
    });
  }

  it('the zero gradient of an unused argument is a plain tensor of its shape and dtype, even for a view', () => {
    const unusedView = T.adjoint(randn([2, 3], 6, 'complex128'));
    const g = grad((_x: Var, y: Var) => sum(y), { argnums: [0, 1] })(unusedView, randn([2], 7));
    expectPlain(g[0]!.value, unusedView, 0, 'grad of an unused adjoint view');
  });

  it('the implicit cotangent of a scalar view output is a plain one', () => {
    const x = variable(T.tensor([[5]]));
    const [y, back] = vjp((v) => broadcastTo(v, [1, 1]), x.value);
    expect(y.shape).toEqual([1, 1]);
    const [g] = back(T.onesLike(y.value));
    expect(Array.from(g!.value.toTypedArray())).toEqual([1]);
  });

  it('tape views of tracked values keep shape and dtype under zerosLike', () => {
    const z = variable(randn([2, 3], 8, 'complex128'));
    for (const v of [adjoint(z), conj(z), matrixTranspose(z), slice(z, null, [null, null, -1])]) {
      expectPlain(T.zerosLike(v.value), v.value, 0, 'tape view');
    }
  });
});
