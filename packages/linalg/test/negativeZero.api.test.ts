/**
 * No −0 in any output, per dtype (float64, complex128; in complex outputs neither part is −0),
 * whatever signed zeros and negative entries the input holds.
 */
import type { Tensor } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import {
  cholesky,
  cond,
  det,
  eigh,
  inv,
  lu,
  norm,
  pinv,
  qr,
  slogdet,
  solve,
  solveTriangular,
  svd,
  svdvals,
} from '../src/index.js';
import { API_DTYPES, f64, hasNegativeZero } from './support/index.js';

describe.each(API_DTYPES)('$dtype: no −0 in any output', (t) => {
  it('signed zeros and negative entries in the input', () => {
    const D = t.real([
      [0.5, 0, 0, 0, 0, 0, 0],
      [0, -3, 0, 0, 0, 0, 0],
      [0, 0, -0, 0, 0, 0, 0],
      [0, 0, 0, 2, 0, 0, 0],
      [0, 0, 0, 0, 1e-300, 0, 0],
      [0, 0, 0, 0, 0, -7, 0],
      [0, 0, 0, 0, 0, 0, 0],
    ]);
    const N = t.real([
      [-0, -0],
      [-0, -1],
    ]);
    const spd = t.real([
      [4, -0],
      [-0, 9],
    ]);
    const outs: Tensor[] = [
      ...svd(D),
      ...svd(D, { full: true }),
      svdvals(D),
      ...qr(N),
      ...qr(N, { mode: 'complete' }),
      ...eigh(N),
      ...eigh(D),
      cholesky(spd),
      cholesky(spd, { upper: true }),
      ...lu(N),
      solve(spd, t.real([-0, -0])),
      solveTriangular(spd, t.real([-0, 1])),
      inv(spd),
      det(N),
      ...slogdet(N),
      pinv(N),
      pinv(D),
      norm(t.real([[-0]])),
      cond(spd),
    ];
    for (const x of outs) expect(hasNegativeZero(x.toTypedArray()), `output of shape [${x.shape}]`).toBe(false);
    expect(f64(svdvals(D))).toEqual(Float64Array.of(7, 3, 2, 0.5, 1e-300, 0, 0));
  });
});
