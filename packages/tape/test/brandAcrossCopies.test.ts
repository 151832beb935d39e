/**
 * Vars and Tensors meet the other package's ops, and other copies of the packages.
 *
 * 1. A tape Var handed to a plain @svd/tensor op is refused with a ValueError that says to use
 *    the tape op of the same name or `.value` (before: `mul(Var, 2)` was a rank-0 NaN and unary
 *    ops threw a bare TypeError).
 * 2. Vars and Tensors are recognised by their `Symbol.for` brands, so objects made by a second
 *    copy of @svd/tape or @svd/tensor (a fresh evaluation of the sources here, as the CJS build
 *    loaded next to the ESM one would be) work in this copy's ops and backward.
 */
import * as T from '@svd/tensor';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as Tp from '../src/index.js';

const A = T.tensor([
  [1, 2],
  [3, 4],
]);

describe('a real Var handed to @svd/tensor ops', () => {
  const x = () => Tp.variable(T.tensor([1, 2, 3]));
  const hint = (op: string) =>
    `got a tape Var of dtype float64 and shape [3]. @svd/tensor ops do not record gradients: use \`${op}\` from @svd/tape to differentiate through it, or pass the Var's \`.value\` for a plain Tensor result`;

  it.each([
    ['mul', () => T.mul(x() as never, 2)],
    ['add', () => T.add(T.tensor([1, 1, 1]), x() as never)],
    ['neg', () => T.neg(x() as never)],
    ['exp', () => T.exp(x() as never)],
    ['sum', () => T.sum(x() as never)],
    ['norm', () => T.norm(x() as never)],
    ['reshape', () => T.reshape(x() as never, [3, 1])],
    ['matmul', () => T.matmul(A, x() as never)],
    ['dot', () => T.dot(x() as never, T.tensor([1, 1, 1]))],
    ['einsum', () => T.einsum('i->', x() as never)],
    ['zerosLike', () => T.zerosLike(x() as never)],
    ['concat', () => T.concat([T.tensor([0]), x() as never])],
  ] as const)('%s', (op, call) => {
    expect(call).toThrow(T.ValueError);
    expect(call).toThrow(hint(op));
  });

  it('tensor(Var) says to pass .value', () => {
    expect(() => T.tensor(x() as never)).toThrow(
      "got a tape Var of dtype float64 and shape [3]; pass the Var's `.value`",
    );
  });

  it('the tape ops of the same name and .value both work', () => {
    expect(Tp.mul(x(), 2).value.toArray()).toEqual([2, 4, 6]);
    expect(T.mul(x().value, 2).toArray()).toEqual([2, 4, 6]);
  });

  it('isVar and instanceof Var', () => {
    expect(Tp.isVar(x())).toBe(true);
    expect(Tp.isVar(T.tensor([1]))).toBe(false);
    expect(Tp.isVar({ value: T.tensor([1]) })).toBe(false);
    expect(x() instanceof Tp.Var).toBe(true);
    expect(T.isTensor(x())).toBe(false);
  });
});

describe('objects from a second copy of the packages', () => {
  let Tp2: typeof Tp;
  let T2: typeof T;
  beforeAll(async () => {
    vi.resetModules();
    Tp2 = (await import('../src/index.js')) as typeof Tp;
    T2 = (await import('@svd/tensor')) as typeof T; // a fresh evaluation after resetModules
  });

  it('are distinct classes that the brands still recognise', () => {
    expect(Tp2.Var).not.toBe(Tp.Var);
    expect(T2.Tensor).not.toBe(T.Tensor);
    const v2 = Tp2.variable(T.tensor([1]));
    expect(Tp.isVar(v2)).toBe(true);
    expect(v2 instanceof Tp.Var).toBe(true);
    expect(T.isTensor(T2.tensor([1]))).toBe(true);
  });

  it('a Var of the other copy is an operand of this copy’s ops, and backward reaches its leaf', () => {
    const x = Tp2.variable(T.tensor([1, 2, 3]));
    const y = Tp.sum(Tp.mul(x, x)); // before: valueOf(x) treated the foreign Var as data
    Tp.backward(y);
    expect(x.grad!.toArray()).toEqual([2, 4, 6]);
  });

  it('a Tensor of the other tensor copy is a constant operand (not NaN) and a valid cotangent', () => {
    const x = Tp.variable(T.tensor([1, 2]));
    const y = Tp.mul(x, T2.tensor([3, 4]));
    expect(y.value.toArray()).toEqual([3, 8]);
    Tp.backward(y, T2.tensor([1, 1]));
    expect(x.grad!.toArray()).toEqual([3, 4]);
    expect(Tp.variable(T2.tensor([5])).value.toArray()).toEqual([5]);
  });

  it('a rule whose forward returns the other copy’s Tensors is accepted', () => {
    const r = Tp.defineRule({
      name: 'foreignForward',
      forward: (a: T.Tensor) => T2.mul(a, 2),
      backward: ([g]) => (g ? Tp.mul(g, 2) : null),
    });
    const x = Tp.variable(T.tensor([1, 2]));
    Tp.backward(Tp.sum(r(x)));
    expect(x.grad!.toArray()).toEqual([2, 2]);
  });
});
