/**
 * The new functions' contract beyond the fixtures: float32 / complex64 are the double results
 * rounded once (bit for bit), batches equal per-matrix results, empty and 1×1 shapes, and typed
 * errors that name the operation.
 */
import * as T from '@svd/tensor';
import { Tensor } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import {
  LinAlgError,
  cholesky,
  choleskyInverse,
  choleskySolve,
  lstsq,
  luFactor,
  luSolve,
  matrixExp,
  matrixPower,
  multiDot,
  polar,
} from '../src/index.js';

const toSingle = (t: Tensor) =>
  new Tensor(Float32Array.from(t.toTypedArray()), t.dtype === 'complex128' ? 'complex64' : 'float32', t.shape);
const widened = (t: Tensor) =>
  new Tensor(Float64Array.from(t.toTypedArray()), t.dtype === 'complex64' ? 'complex128' : 'float64', t.shape);
const bits = (t: Tensor) => Array.from(t.toTypedArray());
const rounded = (t: Tensor) => Array.from(Float32Array.from(t.toTypedArray()));
const cx = (shape: number[], seed: number) => T.complex(T.randn(shape, { seed }), T.randn(shape, { seed: seed + 99 }));
const spd = (n: number, seed: number) => {
  const m = T.randn([n, n], { seed });
  return T.add(T.matmul(m, T.matrixTranspose(m)), T.scale(T.eye(n), n));
};

type Unary = (a: Tensor) => Tensor;
const unary: [string, Unary][] = [
  ['matrixExp', (a) => matrixExp(a)],
  ['polar Q', (a) => polar(a)[0]],
  ['polar P', (a) => polar(a)[1]],
  ['luFactor', (a) => luFactor(a)[0]],
  ['matrixPower 5', (a) => matrixPower(a, 5)],
  ['matrixPower -2', (a) => matrixPower(a, -2)],
  ['lstsq X', (a) => lstsq(a, T.ones([a.shape[a.ndim - 2]!, 2], { dtype: a.dtype }))[0]],
];

describe('single precision is the double result rounded once', () => {
  for (const [name, f] of unary) {
    it(`${name}: float32 and complex64`, () => {
      for (const x of [toSingle(T.add(T.randn([3, 3], { seed: 1 }), T.scale(T.eye(3), 2))), toSingle(cx([3, 3], 2))]) {
        const single = f(x);
        expect(single.dtype).toBe(x.dtype);
        expect(bits(single)).toEqual(rounded(f(widened(x))));
      }
    });
  }
});

describe('batches equal per-matrix results', () => {
  for (const [name, f] of unary) {
    it(`${name}: [2, 3, 3] real and complex`, () => {
      for (const x of [T.add(T.randn([2, 3, 3], { seed: 3 }), T.scale(T.eye(3), 2)), cx([2, 3, 3], 4)]) {
        const all = f(x);
        for (let i = 0; i < 2; i++) expect(bits(T.slice(all, i))).toEqual(bits(f(T.contiguous(T.slice(x, i)))));
      }
    });
  }

  it('choleskySolve / choleskyInverse / luSolve broadcast a shared right-hand side', () => {
    const A = T.stack([spd(3, 5), spd(3, 6)]);
    const b = T.randn([3, 2], { seed: 7 });
    const L = cholesky(A);
    const [LU, piv] = luFactor(A);
    for (let i = 0; i < 2; i++) {
      const Li = T.contiguous(T.slice(L, i));
      expect(bits(T.slice(choleskySolve(L, b), i))).toEqual(bits(choleskySolve(Li, b)));
      expect(bits(T.slice(choleskyInverse(L), i))).toEqual(bits(choleskyInverse(Li)));
      expect(bits(T.slice(luSolve(LU, piv, b), i))).toEqual(
        bits(luSolve(T.contiguous(T.slice(LU, i)), T.contiguous(T.slice(piv, i)), b)),
      );
    }
  });
});

describe('edge shapes', () => {
  it('0×0 and batches of 0×0', () => {
    expect(matrixExp(T.zeros([0, 0])).shape).toEqual([0, 0]);
    expect(matrixExp(T.zeros([2, 0, 0])).shape).toEqual([2, 0, 0]);
    expect(luFactor(T.zeros([0, 0]))[1].shape).toEqual([0]);
    expect(polar(T.zeros([0, 0]))[1].shape).toEqual([0, 0]);
    expect(choleskyInverse(T.zeros([0, 0])).shape).toEqual([0, 0]);
  });

  it('1×1: exp, polar of a negative number, lstsq', () => {
    expect(matrixExp(T.tensor([[2]])).item()).toBe(Math.exp(2));
    const [Q, P] = polar(T.tensor([[-3]]));
    expect([Q.item(), P.item()]).toEqual([-1, 3]);
    const [x, res, rank] = lstsq(T.tensor([[2]]), T.tensor([4]));
    expect([x.toArray(), res.shape, rank.item()]).toEqual([[2], [0], 1]);
  });

  it('lstsq: tall full rank has residuals, wide has none; 2×0 and 0×2', () => {
    expect(lstsq(T.randn([5, 2], { seed: 8 }), T.randn([5, 3], { seed: 9 }))[1].shape).toEqual([3]);
    expect(lstsq(T.randn([2, 5], { seed: 8 }), T.randn([2, 3], { seed: 9 }))[1].shape).toEqual([0]);
    const [x, res] = lstsq(T.zeros([2, 0]), T.tensor([3, 4]));
    expect(x.shape).toEqual([0]);
    expect(res.toArray()).toEqual([25]); // rank 0 = n: the whole of b is the residual (NumPy gives the same)
    expect(lstsq(T.zeros([0, 2]), T.zeros([0]))[0].toArray()).toEqual([0, 0]);
  });
});

describe('typed errors name the operation', () => {
  const nan = T.tensor([
    [1, Number.NaN],
    [0, 1],
  ]);
  it.each([
    ['matrixExp', () => matrixExp(nan)],
    ['polar', () => polar(nan)],
    ['luFactor', () => luFactor(nan)],
    ['matrixPower', () => matrixPower(nan, 2)],
    ['lstsq', () => lstsq(nan, T.ones([2]))],
    ['multiDot', () => multiDot([nan, T.eye(2)])],
  ])('%s: non-finite input is a LinAlgError', (op, f) => {
    expect(f).toThrow(LinAlgError);
    expect(f).toThrow(new RegExp(`^${op}: .*non-finite values`));
  });

  it('non-square input is a ShapeError; bad options are ValueErrors', () => {
    expect(() => matrixExp(T.zeros([2, 3]))).toThrow(
      /^matrixExp: expected batches of square matrices, got shape \[2, 3\]/,
    );
    expect(() => matrixPower(T.zeros([2, 3]), 2)).toThrow(/^matrixPower: expected batches of square matrices/);
    expect(() => choleskySolve(T.eye(2), T.ones([2]), { upper: 1 as unknown as boolean })).toThrow(
      /choleskySolve: option upper must be a boolean/,
    );
    expect(() => lstsq(T.eye(2), T.ones([2]), { tol: 1 } as never)).toThrow(/lstsq: unknown option 'tol'/);
    expect(() => matrixExp(T.zeros([3]))).toThrow(/matrixExp: expected the input to have at least 2 dimensions/);
  });
});
