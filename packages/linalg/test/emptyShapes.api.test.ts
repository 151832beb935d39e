/**
 * Empty shapes follow the NumPy / SciPy conventions, per dtype (float64, complex128): thin factors
 * with a zero-length axis, full factors that are identities, det of 0×0 is 1, cond refuses empty
 * matrices.
 */
import { describe, expect, it } from 'vitest';
import {
  LinAlgError,
  cholesky,
  cond,
  det,
  eigh,
  inv,
  lu,
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
import { API_DTYPES, eyeData, f64 } from './support/index.js';

describe.each(API_DTYPES)('$dtype empty shapes (NumPy / SciPy conventions)', (t) => {
  const one = eyeData(1, t.w); // the scalar 1 of this dtype

  it('svd: thin U is m×0, full U = I_m, full V = I_n; svdvals is empty', () => {
    for (const [m, n] of [
      [0, 0],
      [0, 3],
      [3, 0],
    ] as const) {
      const A = t.zeros([m, n]);
      const [U, S, V] = svd(A);
      expect([U.shape, S.shape, V.shape]).toEqual([[m, 0], [0], [n, 0]]);
      const [Uf, Sf, Vf] = svd(A, { full: true });
      expect([Uf.dtype, Vf.dtype]).toEqual([t.dtype, t.dtype]);
      expect([Uf.shape, Vf.shape]).toEqual([
        [m, m],
        [n, n],
      ]);
      expect(f64(Uf)).toEqual(eyeData(m, t.w));
      expect(Sf.shape).toEqual([0]);
      expect(f64(Vf)).toEqual(eyeData(n, t.w));
      expect(svdvals(A).shape).toEqual([0]);
    }
    const [U, S, V] = svd(t.zeros([0, 3, 4]));
    expect([U.shape, S.shape, V.shape]).toEqual([
      [0, 3, 3],
      [0, 3],
      [0, 4, 3],
    ]);
  });

  it('qr of (3,0), (0,3), (0,0)', () => {
    const [Q, R] = qr(t.zeros([3, 0]));
    expect([Q.shape, R.shape]).toEqual([
      [3, 0],
      [0, 0],
    ]);
    const [Qc, Rc] = qr(t.zeros([3, 0]), { mode: 'complete' });
    expect(Qc.shape).toEqual([3, 3]);
    expect(f64(Qc)).toEqual(eyeData(3, t.w));
    expect(Rc.shape).toEqual([3, 0]);
    const [Q2, R2] = qr(t.zeros([0, 3]));
    expect([Q2.shape, R2.shape]).toEqual([
      [0, 0],
      [0, 3],
    ]);
    expect(qr(t.zeros([0, 0]), { mode: 'r' })[0].shape).toEqual([0, 0]);
  });

  it('0×0 square ops', () => {
    const E = t.zeros([0, 0]);
    const [W, V] = eigh(E);
    expect([W.shape, V.shape]).toEqual([[0], [0, 0]]);
    expect(cholesky(E).shape).toEqual([0, 0]);
    expect(lu(E).map((x) => x.shape)).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(solve(E, t.zeros([0])).shape).toEqual([0]);
    expect(solve(E, t.zeros([0, 2])).shape).toEqual([0, 2]);
    expect(solveTriangular(E, t.zeros([0])).shape).toEqual([0]);
    expect(inv(E).shape).toEqual([0, 0]);
    expect(det(E).dtype).toBe(t.dtype);
    expect(f64(det(E))).toEqual(one);
    const [sg, la] = slogdet(E);
    expect(f64(sg)).toEqual(one);
    expect(la.dtype).toBe('float64');
    expect(la.item()).toBe(0);
    expect(f64(det(t.zeros([2, 0, 0])))).toEqual(Float64Array.from([...one, ...one]));
  });

  it('pinv, matrixRank, norm of empty matrices; cond refuses them', () => {
    expect(pinv(t.zeros([3, 0])).shape).toEqual([0, 3]);
    expect(matrixRank(t.zeros([3, 0])).item()).toBe(0);
    for (const ord of ['fro', 'nuc', 1, -1, 2, -2, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY] as const) {
      expect(norm(t.zeros([0, 4]), { ord }).item()).toBe(0);
      expect(norm(t.zeros([3, 0]), { ord }).item()).toBe(0);
    }
    expect(() => cond(t.zeros([0, 0]))).toThrow(LinAlgError);
    expect(() => cond(t.zeros([3, 0]))).toThrow(LinAlgError);
    expect(cond(t.zeros([0, 2, 2])).shape).toEqual([0]);
  });
});
