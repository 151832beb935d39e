/**
 * lu_solve.json: solve, det, slogdet, inv, lu, norms, cond, matrixRank and pinv against
 * numpy, to relative tolerances scaled by the condition number.
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, tensor } from '@svd/tensor';
import { cond, det, inv, lu, matrixRank, norm, pinv, slogdet, solve } from '../src/index.js';
import { f64, fromMat, loadFixture, type Mat, matmul as mul, maxAbs } from './support/index.js';

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
  a: Mat;
  b: Mat;
  x: Mat;
  det: number;
  sign: number;
  logabsdet: number;
  rank: number;
  norms: Norms;
  cond: number;
  inv?: Mat;
}
interface PinvCase {
  id: string;
  m: number;
  n: number;
  a: Mat;
  pinv: Mat;
  rank: number;
  norms: Norms;
}

const fixture = loadFixture<{ solve: SolveCase[]; pinv: PinvCase[] }>('lu_solve.json');

/** max|x − ref| / max|ref|. */
function relErr(x: ArrayLike<number>, ref: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < ref.length; i++) d = Math.max(d, Math.abs(x[i]! - ref[i]!));
  const s = maxAbs(ref);
  return s === 0 ? d : d / s;
}

function expectNorms(A: Tensor, norms: Norms, tol: number): void {
  expect(relErr([norm(A).item()], [norms.fro])).toBeLessThan(tol);
  expect(relErr([norm(A, { ord: 'fro' }).item()], [norms.fro])).toBeLessThan(tol);
  expect(relErr([norm(A, { ord: 1 }).item()], [norms['1']])).toBeLessThan(tol);
  expect(relErr([norm(A, { ord: Number.POSITIVE_INFINITY }).item()], [norms.inf])).toBeLessThan(tol);
  expect(relErr([norm(A, { ord: 2 }).item()], [norms['2']])).toBeLessThan(tol);
  expect(relErr([norm(A, { ord: 'nuc' }).item()], [norms.nuc])).toBeLessThan(tol);
}

describe('lu_solve.json: square systems', () => {
  for (const c of fixture.solve) {
    it(c.id, () => {
      const { n } = c;
      const A = fromMat(c.a);
      const tol = 1e-12 * c.cond;
      // Matrix right-hand side, and each column as a vector.
      expect(relErr(f64(solve(A, fromMat(c.b))), c.x.data)).toBeLessThan(tol);
      const b0 = tensor(c.b.data.filter((_, i) => i % 2 === 0));
      const x0 = c.x.data.filter((_, i) => i % 2 === 0);
      const X0 = solve(A, b0);
      expect(X0.shape).toEqual([n]);
      expect(relErr(f64(X0), x0)).toBeLessThan(tol);

      expect(relErr([det(A).item()], [c.det])).toBeLessThan(tol);
      const [sign, logabs] = slogdet(A);
      expect(sign.item()).toBe(c.sign);
      expect(Math.abs(logabs.item() - c.logabsdet)).toBeLessThan(tol);

      const Ai = inv(A);
      if (c.inv) expect(relErr(f64(Ai), c.inv.data)).toBeLessThan(tol);
      const prod = mul(f64(Ai), f64(A), n, n, n);
      for (let i = 0; i < n; i++) prod[i * n + i] = prod[i * n + i]! - 1;
      expect(maxAbs(prod)).toBeLessThan(tol);

      const [P, L, U] = lu(A);
      const plu = mul(f64(P), mul(f64(L), f64(U), n, n, n), n, n, n);
      expect(relErr(plu, c.a.data)).toBeLessThan(1e-14 * n);
      for (const x of f64(L)) expect(Math.abs(x)).toBeLessThanOrEqual(1);

      expect(matrixRank(A).item()).toBe(c.rank);
      expectNorms(A, c.norms, 1e-13);
      expect(relErr([cond(A).item()], [c.cond])).toBeLessThan(tol);
      expect(relErr([cond(A, 2).item()], [c.cond])).toBeLessThan(tol);
      // The other orders: ‖A‖·‖A⁻¹‖ in that norm.
      for (const ord of [1, Number.POSITIVE_INFINITY, 'fro'] as const) {
        const want = norm(A, { ord }).item() * norm(Ai, { ord }).item();
        expect(relErr([cond(A, ord).item()], [want])).toBeLessThan(1e-12);
      }
    });
  }
});

describe('lu_solve.json: pseudo-inverse and rank', () => {
  for (const c of fixture.pinv) {
    it(c.id, () => {
      const A = fromMat(c.a);
      const P = pinv(A);
      expect(P.shape).toEqual([c.n, c.m]);
      expect(relErr(f64(P), c.pinv.data)).toBeLessThan(1e-10);
      expect(matrixRank(A).item()).toBe(c.rank);
      expectNorms(A, c.norms, 1e-13);
    });
  }
});
