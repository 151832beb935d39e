/**
 * svdLowRank (randomized range finder, HMT 2011) against NumPy's truncated SVD of the krylov.json
 * matrices: exact for rank ≤ k + oversample, close for fast decay, never above the true values
 * (Qᴴ·A's singular values interlace A's), deterministic per seed; real and complex; an operator
 * receives blocks of l = k + oversample vectors.
 */
import { type DType, type Tensor, add, adjoint, matmul, mul, tensor } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { type LinearOperator, svdLowRank } from '../src/index.js';
import { frob, loadFixture, orthonormalityError, scaleColumns } from './support/index.js';

interface T {
  dtype: 'float64' | 'complex128';
  shape: number[];
  data: number[];
}
interface SvdsCase {
  name: string;
  A: T;
  k: number;
  S: T;
  Sall: T;
}
const fx = loadFixture<{ svds: SvdsCase[] }>('krylov.json');
const t = (x: T, dtype: DType = x.dtype): Tensor => tensor(Float64Array.from(x.data), { shape: x.shape, dtype });
const byName = (name: string) => fx.svds.find((c) => c.name === name)!;

describe('svdLowRank', () => {
  it('is exact (to rounding) when rank(A) ≤ k + oversample', () => {
    const c = byName('rank deficient');
    const A = t(c.A);
    const [U, S, V] = svdLowRank(A, 3);
    const s = S.toArray() as number[];
    for (let i = 0; i < 3; i++) expect(Math.abs(s[i]! - c.S.data[i]!)).toBeLessThan(1e-13 * c.S.data[0]!);
    expect(orthonormalityError(U)).toBeLessThan(1e-13);
    expect(orthonormalityError(V)).toBeLessThan(1e-13);
    // rank 3: A = U·S·Vᴴ exactly.
    expect(frob(add(A, mul(matmul(scaleColumns(U, S), adjoint(V)), -1)))).toBeLessThan(1e-13 * c.S.data[0]!);
  });

  it.each(['tall decaying', 'wide decaying', 'wide decaying complex'])('%s: close for a fast decay', (name) => {
    const c = byName(name);
    const A = t(c.A);
    const [U, S, V] = svdLowRank(A, c.k);
    expect(U.dtype).toBe(c.A.dtype);
    const s = S.toArray() as number[];
    for (let i = 0; i < c.k; i++) {
      expect(Math.abs(s[i]! - c.S.data[i]!)).toBeLessThan(1e-9 * c.S.data[0]!);
      expect(s[i]!).toBeLessThanOrEqual(c.S.data[i]! * (1 + 1e-13));
    }
    expect(frob(add(matmul(A, V), mul(scaleColumns(U, S), -1)))).toBeLessThan(1e-8 * c.S.data[0]!);
  });

  it('underestimates a flat spectrum (interlacing), improves with power iterations', () => {
    const c = byName('square gaussian');
    const A = t(c.A);
    const err = (q: number) => {
      const s = svdLowRank(A, c.k, { powerIters: q, oversample: 4 })[1].toArray() as number[];
      for (const [i, x] of s.entries()) expect(x).toBeLessThanOrEqual(c.S.data[i]! * (1 + 1e-13));
      return c.S.data[0]! - s[0]!;
    };
    const e0 = err(0);
    const e4 = err(4);
    expect(e4).toBeLessThan(e0);
    expect(e4).toBeLessThan(0.05 * c.S.data[0]!);
  });

  it('is deterministic per seed and different across seeds', () => {
    const A = t(byName('square gaussian').A);
    const a = svdLowRank(A, 4, { seed: 5 })[1].toTypedArray();
    expect(svdLowRank(A, 4, { seed: 5 })[1].toTypedArray()).toEqual(a);
    expect(svdLowRank(A, 4, { seed: 6 })[1].toTypedArray()).not.toEqual(a);
  });

  it('applies an operator to blocks of k + oversample vectors, 2q + 2 times', () => {
    const c = byName('tall decaying');
    const A = t(c.A);
    const widths: number[] = [];
    const op: LinearOperator = {
      shape: [64, 40],
      dtype: 'float64',
      apply(x) {
        widths.push(x.shape[1]!);
        return matmul(A, x);
      },
      applyAdjoint(y) {
        widths.push(y.shape[1]!);
        return matmul(adjoint(A), y);
      },
    };
    const S = svdLowRank(op, 5, { oversample: 7, powerIters: 3 })[1].toArray() as number[];
    expect(widths).toEqual(new Array(8).fill(12));
    for (let i = 0; i < 5; i++) expect(Math.abs(S[i]! - c.S.data[i]!)).toBeLessThan(1e-9 * c.S.data[0]!);
  });

  it('k = 0 and l capped by min(m, n)', () => {
    const A = t(byName('rank deficient').A);
    const [U, S, V] = svdLowRank(A, 0);
    expect([U.shape, S.shape, V.shape]).toEqual([[50, 0], [0], [40, 0]]);
    expect(svdLowRank(A, 40, { oversample: 100 })[1].shape).toEqual([40]);
  });
});
