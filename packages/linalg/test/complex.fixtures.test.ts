/**
 * numpy references on the complex fixtures (tools/fixtures/generate_linalg_complex.py) for solve /
 * det / slogdet / inv / lu / pinv / norms / cond / rank. (The complex LAPACK-ratio suites — SVD,
 * eigh, QR, Cholesky — run in svd/eigh/qr/cholesky.fixtures.test.ts, parameterised by dtype.)
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, tensor } from '@svd/tensor';
import { cond, det, inv, lu, matrixRank, norm, pinv, slogdet, solve } from '../src/index.js';
import { c64, type CMat, cmul, EPS, fromCMat, loadFixture } from './support/index.js';

interface Norms {
  fro: number;
  '1': number;
  inf: number;
  '2': number;
  nuc: number;
}
interface SolveCase {
  id: string;
  n: number;
  a: CMat;
  b: CMat;
  x: CMat;
  det: [number, number];
  sign: [number, number];
  logabsdet: number;
  rank: number;
  norms: Norms;
  cond: number;
  inv?: CMat;
}
interface PinvCase {
  id: string;
  m: number;
  n: number;
  a: CMat;
  pinv: CMat;
  rank: number;
  norms: Norms;
}
const luFixture = loadFixture<{ solve: SolveCase[]; pinv: PinvCase[] }>('lu_solve_complex.json');

function relErr(x: ArrayLike<number>, ref: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < ref.length; i++) {
    d = Math.max(d, Math.abs(x[i]! - ref[i]!));
    s = Math.max(s, Math.abs(ref[i]!));
  }
  return s === 0 ? d : d / s;
}

function expectNorms(A: Tensor, norms: Norms, tol: number): void {
  expect(relErr([norm(A).item()], [norms.fro])).toBeLessThan(tol);
  expect(relErr([norm(A, { ord: 1 }).item()], [norms['1']])).toBeLessThan(tol);
  expect(relErr([norm(A, { ord: Number.POSITIVE_INFINITY }).item()], [norms.inf])).toBeLessThan(tol);
  expect(relErr([norm(A, { ord: 2 }).item()], [norms['2']])).toBeLessThan(tol);
  expect(relErr([norm(A, { ord: 'nuc' }).item()], [norms.nuc])).toBeLessThan(tol);
}

describe('lu_solve_complex.json', () => {
  for (const c of luFixture.solve) {
    it(c.id, () => {
      const { n } = c;
      const A = fromCMat(c.a);
      const B = fromCMat(c.b);
      const tol = 100 * n * c.cond * EPS;
      const X = solve(A, B);
      expect(X.dtype).toBe('complex128');
      expect(relErr(c64(X), c.x.data)).toBeLessThan(tol);
      // Residual: ‖A·X − B‖ small relative to ‖A‖·‖X‖ (backward stable).
      const ax = cmul(c64(A), c64(X), n, n, 2);
      expect(relErr(ax, c.b.data)).toBeLessThan(100 * n * EPS * c.norms['1'] * Math.max(1, ...c64(X).map(Math.abs)));
      const D = det(A);
      expect(D.dtype).toBe('complex128');
      expect(relErr(c64(D), c.det)).toBeLessThan(tol);
      const [sg, la] = slogdet(A);
      expect(sg.dtype).toBe('complex128');
      expect(la.dtype).toBe('float64');
      expect(relErr(c64(sg), c.sign)).toBeLessThan(tol);
      const s = c64(sg);
      expect(Math.abs(Math.hypot(s[0]!, s[1]!) - 1)).toBeLessThan(4 * EPS);
      expect(Math.abs(la.item() - c.logabsdet)).toBeLessThan(tol * Math.max(1, Math.abs(c.logabsdet)));
      if (c.inv) expect(relErr(c64(inv(A)), c.inv.data)).toBeLessThan(tol);
      expect(matrixRank(A).item()).toBe(c.rank);
      expectNorms(A, c.norms, 1e-13 * n);
      expect(relErr([cond(A).item()], [c.cond])).toBeLessThan(1e-10 * n * c.cond);
      // lu: A = P·L·U
      const [P, L, U] = lu(A);
      const plu = cmul(c64(P), cmul(c64(L), c64(U), n, n, n), n, n, n);
      expect(relErr(plu, c.a.data)).toBeLessThan(100 * n * EPS);
      // a vector right-hand side and a real one (mixed real/complex promotes to complex)
      const b0 = tensor(Float64Array.from(c.b.data.filter((_, i) => i % 4 < 2)), { shape: [n], dtype: 'complex128' });
      const x0 = c64(solve(A, b0));
      const ref0 = c.x.data.filter((_, i) => i % 4 < 2);
      expect(relErr(x0, ref0)).toBeLessThan(tol);
    });
  }
  for (const c of luFixture.pinv) {
    it(c.id, () => {
      const A = fromCMat(c.a);
      const Pi = pinv(A);
      expect(Pi.shape).toEqual([c.n, c.m]);
      expect(Pi.dtype).toBe('complex128');
      expect(relErr(c64(Pi), c.pinv.data)).toBeLessThan(1e-11);
      expect(matrixRank(A).item()).toBe(c.rank);
      expectNorms(A, c.norms, 1e-13 * Math.max(c.m, c.n));
    });
  }
});
