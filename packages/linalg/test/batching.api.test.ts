/**
 * Batching, per dtype (float64, complex128): an op on a batch of shape [2, 3, m, n] returns, bit
 * for bit, the per-matrix results, and solve broadcasts the batch axes of A and B.
 */
import { ShapeError } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import {
  cholesky,
  cond,
  det,
  eigh,
  eigvalsh,
  inv,
  lu,
  matrixNorm,
  matrixRank,
  norm,
  pinv,
  qr,
  slogdet,
  solve,
  solveTriangular,
  svd,
  svdvals,
} from '../src/index.js';
import { COMPLEX128, FLOAT64, f64, itemOf, matrixOf } from './support/index.js';

// The seeds the real and complex twin suites used before they were merged.
const CASES = [
  { ...FLOAT64, rectSeed: 11, posdefSeed: 12, rhsSeed: 13 },
  { ...COMPLEX128, rectSeed: 21, posdefSeed: 100, rhsSeed: 8 },
];

describe.each(CASES)('$dtype batching: shape [2, 3, m, n] equals per-matrix results', (t) => {
  const R = t.random([2, 3, 5, 4], t.rectSeed); // rectangular batch
  const S = t.posdef([2, 3, 4, 4], t.posdefSeed); // square (SPD / HPD) batch
  const count = 6;

  it('rectangular ops: svd (thin/full), svdvals, qr (all modes), pinv, matrixRank, norm, cond', () => {
    const [U, Sv, V] = svd(R);
    expect([U.shape, Sv.shape, V.shape]).toEqual([
      [2, 3, 5, 4],
      [2, 3, 4],
      [2, 3, 4, 4],
    ]);
    const [Uf, Sf, Vf] = svd(R, { full: true });
    expect([Uf.shape, Vf.shape]).toEqual([
      [2, 3, 5, 5],
      [2, 3, 4, 4],
    ]);
    expect([U.dtype, Sv.dtype, V.dtype]).toEqual([t.dtype, 'float64', t.dtype]);
    const [Q, Rr] = qr(R);
    const [Qc, Rc] = qr(R, { mode: 'complete' });
    const [R1] = qr(R, { mode: 'r' });
    const P = pinv(R);
    expect(P.shape).toEqual([2, 3, 4, 5]);
    const rank = matrixRank(R);
    expect(rank.shape).toEqual([2, 3]);
    for (let k = 0; k < count; k++) {
      const A = matrixOf(R, k);
      const [u, s, v] = svd(A);
      expect(itemOf(U, k, 2)).toEqual(f64(u));
      expect(itemOf(Sv, k, 1)).toEqual(f64(s));
      expect(itemOf(V, k, 2)).toEqual(f64(v));
      const [uf, sf, vf] = svd(A, { full: true });
      expect(itemOf(Uf, k, 2)).toEqual(f64(uf));
      expect(itemOf(Sf, k, 1)).toEqual(f64(sf));
      expect(itemOf(Vf, k, 2)).toEqual(f64(vf));
      expect(itemOf(svdvals(R), k, 1)).toEqual(f64(svdvals(A)));
      const [q, r] = qr(A);
      expect(itemOf(Q, k, 2)).toEqual(f64(q));
      expect(itemOf(Rr, k, 2)).toEqual(f64(r));
      expect(itemOf(Qc, k, 2)).toEqual(f64(qr(A, { mode: 'complete' })[0]));
      expect(itemOf(Rc, k, 2)).toEqual(f64(qr(A, { mode: 'complete' })[1]));
      expect(itemOf(R1, k, 2)).toEqual(f64(r));
      expect(itemOf(P, k, 2)).toEqual(f64(pinv(A)));
      expect(itemOf(rank, k, 0)).toEqual(f64(matrixRank(A)));
      for (const ord of ['fro', 'nuc', 1, -1, 2, -2, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY] as const) {
        expect(itemOf(matrixNorm(R, { ord }), k, 0)).toEqual(f64(norm(A, { ord })));
      }
      expect(itemOf(cond(R), k, 0)).toEqual(f64(cond(A)));
    }
  });

  it('square ops: eigh, eigvalsh, cholesky, lu, solve, solveTriangular, inv, det, slogdet, cond', () => {
    const B = t.random([2, 3, 4, 2], t.rhsSeed);
    const b = t.random([4], 14);
    const [W, V] = eigh(S, { uplo: 'U' });
    const [Wl, Vl] = eigh(S);
    const L = cholesky(S);
    const Uc = cholesky(S, { upper: true });
    const [Pl, Ll, Ul] = lu(S);
    const X = solve(S, B);
    const xv = solve(S, b);
    expect(xv.shape).toEqual([2, 3, 4]);
    const T = solveTriangular(L, B, { lower: true });
    const Tt = solveTriangular(Uc, B, { transpose: true });
    const D = det(S);
    const [sg, la] = slogdet(S);
    const Ai = inv(S);
    expect(D.shape).toEqual([2, 3]);
    expect(D.dtype).toBe(t.dtype);
    for (let k = 0; k < count; k++) {
      const A = matrixOf(S, k);
      const Bk = matrixOf(B, k);
      const [w, v] = eigh(A, { uplo: 'U' });
      expect(itemOf(W, k, 1)).toEqual(f64(w));
      expect(itemOf(V, k, 2)).toEqual(f64(v));
      const [wl, vl] = eigh(A);
      expect(itemOf(Wl, k, 1)).toEqual(f64(wl));
      expect(itemOf(Vl, k, 2)).toEqual(f64(vl));
      expect(itemOf(eigvalsh(S), k, 1)).toEqual(f64(eigvalsh(A)));
      expect(itemOf(L, k, 2)).toEqual(f64(cholesky(A)));
      expect(itemOf(Uc, k, 2)).toEqual(f64(cholesky(A, { upper: true })));
      const [p, l, u] = lu(A);
      expect([itemOf(Pl, k, 2), itemOf(Ll, k, 2), itemOf(Ul, k, 2)]).toEqual([f64(p), f64(l), f64(u)]);
      expect(itemOf(X, k, 2)).toEqual(f64(solve(A, Bk)));
      expect(itemOf(xv, k, 1)).toEqual(f64(solve(A, b)));
      expect(itemOf(T, k, 2)).toEqual(f64(solveTriangular(cholesky(A), Bk, { lower: true })));
      expect(itemOf(Tt, k, 2)).toEqual(f64(solveTriangular(cholesky(A, { upper: true }), Bk, { transpose: true })));
      expect(itemOf(D, k, 0)).toEqual(f64(det(A)));
      expect(itemOf(sg, k, 0)).toEqual(f64(slogdet(A)[0]));
      expect(itemOf(la, k, 0)).toEqual(f64(slogdet(A)[1]));
      expect(itemOf(Ai, k, 2)).toEqual(f64(inv(A)));
      expect(itemOf(cond(S, 1), k, 0)).toEqual(f64(cond(A, 1)));
    }
  });

  it('solve broadcasts batch axes of A and B', () => {
    const A = t.posdef([3, 4, 4], 15);
    const B = t.random([2, 1, 4, 3], 16);
    const X = solve(A, B);
    expect(X.shape).toEqual([2, 3, 4, 3]);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        expect(itemOf(X, i * 3 + j, 2)).toEqual(f64(solve(matrixOf(A, j), matrixOf(B, i))));
      }
    }
    expect(() => solve(A, t.random([2, 4, 3], 1))).toThrow(ShapeError);
  });
});
