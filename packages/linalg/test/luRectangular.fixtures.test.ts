/**
 * lu_rectangular.json (tools/fixtures/generate_lu_rectangular.py): lu and luFactor of m×n input
 * against scipy.linalg.lu / lu_factor — tall, wide, one row / column, a zero column (zero pivot
 * skipped, as getrf), a repeated row; real and complex; batched; square input unchanged.
 */
import { type DType, Tensor } from '@svd/tensor';
import * as T from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { lu, luFactor, luSolve } from '../src/index.js';
import { loadFixture, thrown } from './support/index.js';

interface Enc {
  dtype: 'float64' | 'complex128';
  shape: number[];
  data: number[];
}
interface Case {
  name: string;
  a: Enc;
  P: Enc;
  L: Enc;
  U: Enc;
  LU: Enc;
  pivots: number[];
}
const fx = loadFixture<{ cases: Case[] }>('lu_rectangular.json');
const dec = (e: Enc): Tensor => new Tensor(Float64Array.from(e.data), e.dtype as DType, e.shape);

function expectNear(got: Tensor, want: Enc, tol: number): void {
  expect(got.shape).toEqual(want.shape);
  const g = got.toTypedArray();
  want.data.forEach((w, i) => {
    expect(Math.abs(g[i]! - w), `entry ${i}`).toBeLessThanOrEqual(tol);
  });
}

describe('lu of rectangular input against scipy.linalg.lu', () => {
  it.each(fx.cases.map((c) => [c.name, c] as const))('%s: P, L (m×k), U (k×n), A = P·L·U', (_, c) => {
    const A = dec(c.a);
    const [P, L, U] = lu(A);
    expect((P.isComplex ? T.real(P) : P).toArray()).toEqual(dec(c.P).toArray()); // the same pivots, exactly
    expectNear(L, c.L, 1e-14);
    expectNear(U, c.U, 1e-14);
    expectNear(T.matmul(P, T.matmul(L, U)), c.a, 1e-14);
  });

  it.each(fx.cases.map((c) => [c.name, c] as const))('%s: luFactor = scipy.linalg.lu_factor', (_, c) => {
    const [LU, piv] = luFactor(dec(c.a));
    expectNear(LU, c.LU, 1e-14);
    expect(Array.from(piv.toTypedArray())).toEqual(c.pivots);
  });

  it('batched: each matrix of a [2, 3, 5] stack as on its own; float32 in, float32 out', () => {
    const A = T.randn([2, 3, 5], { seed: 9 });
    const [P, L, U] = lu(A);
    expect([P.shape, L.shape, U.shape]).toEqual([
      [2, 3, 3],
      [2, 3, 3],
      [2, 3, 5],
    ]);
    for (let b = 0; b < 2; b++) {
      const [p, l, u] = lu(T.slice(A, b));
      expect(T.slice(P, b).toArray()).toEqual(p.toArray());
      expect(T.slice(L, b).toArray()).toEqual(l.toArray());
      expect(T.slice(U, b).toArray()).toEqual(u.toArray());
    }
    const A32 = T.tensor(Float32Array.from(T.randn([5, 2], { seed: 10 }).toTypedArray()), {
      shape: [5, 2],
      dtype: 'float32',
    });
    expect(lu(A32).map((t) => t.dtype)).toEqual(['float32', 'float32', 'float32']);
    expect(luFactor(A32)[1].shape).toEqual([2]);
  });

  it('empty shapes: 0×3 and 3×0 give empty factors; luSolve still needs square factors', () => {
    const [P, L, U] = lu(T.zeros([3, 0]));
    expect([P.shape, L.shape, U.shape]).toEqual([
      [3, 3],
      [3, 0],
      [0, 0],
    ]);
    expect(P.toArray()).toEqual(T.eye(3).toArray());
    expect(lu(T.zeros([0, 3]))[2].shape).toEqual([0, 3]);
    const [LU, piv] = luFactor(T.randn([3, 4], { seed: 11 }));
    expect(thrown(() => luSolve(LU, piv, T.ones([3])))).toBeInstanceOf(T.ShapeError);
  });
});
