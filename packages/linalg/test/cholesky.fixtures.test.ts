/**
 * LAPACK dchkpo / dpot01 ratios on cholesky_lapack_types.json through cholesky(), lower and
 * upper, eps = 2⁻⁵³, THRESH = 30; the failing types must name the right leading minor.
 */
import { describe, expect, it } from 'vitest';
import { tensor } from '@svd/tensor';
import { NotPositiveDefiniteError, cholesky, slogdet } from '../src/index.js';
import { EPS, f64, fromMat, loadFixture, type Mat, matmul as mul, norm1, thrown, transpose } from './support/index.js';

interface CholCase {
  id: string;
  type: string;
  n: number;
  a: Mat;
  cond: number;
  fail_order?: number;
  pd?: boolean;
  sign?: number;
  logdet?: number;
}

const THRESH = 30;
const fixture = loadFixture<{ cases: CholCase[] }>('cholesky_lapack_types.json');

describe('cholesky on cholesky_lapack_types.json (57 cases)', () => {
  it('has the documented number of cases', () => {
    expect(fixture.cases.length).toBe(57);
  });

  it('the error message names the failing leading minor (exact text)', () => {
    const c = fixture.cases.find((x) => x.fail_order !== undefined && x.n === 5 && x.type === 'dense_zero_last')!;
    const err = thrown(() => cholesky(fromMat(c.a)));
    expect(err.message).toBe('cholesky: the leading minor of order 5 is not positive definite');
  });

  for (const c of fixture.cases) {
    it(c.id, () => {
      const { n } = c;
      const A = fromMat(c.a);
      const a = f64(A);
      if (c.fail_order !== undefined) {
        for (const upper of [false, true]) {
          const err = thrown(() => cholesky(A, { upper }));
          expect(err).toBeInstanceOf(NotPositiveDefiniteError);
          expect((err as NotPositiveDefiniteError).order).toBe(c.fail_order);
          expect((err as NotPositiveDefiniteError).code).toBe('NOT_POSITIVE_DEFINITE');
          expect(err.message).toContain(`order ${c.fail_order} `);
        }
        return;
      }
      const anorm = norm1(a, n, n);
      for (const upper of [false, true]) {
        // NaN in the unread triangle changes nothing.
        const poisoned = a.slice();
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) if (upper ? j < i : j > i) poisoned[i * n + j] = Number.NaN;
        const F = cholesky(tensor(poisoned, { shape: [n, n] }), { upper });
        const f = f64(F);
        for (let i = 0; i < n; i++) {
          expect(f[i * n + i]! > 0).toBe(true);
          for (let j = 0; j < n; j++) if (upper ? j < i : j > i) expect(f[i * n + j]).toBe(0);
        }
        const prod = upper ? mul(transpose(f, n, n), f, n, n, n) : mul(f, transpose(f, n, n), n, n, n);
        const resid = norm1(
          prod.map((x, i) => x - a[i]!),
          n,
          n,
        );
        const ratio = anorm === 0 ? resid : resid / (Math.max(n, 1) * anorm * EPS);
        expect(ratio, `${c.id} upper=${upper}: ‖LLᵀ − A‖`).toBeLessThan(THRESH);
      }
      // slogdet against numpy's slogdet (shifted by n·ln(anorm) for the scaled types). The
      // log-determinant is only determined to about n·cond·eps (BADC2 has cond ≈ 4.5e14).
      const [sign, logdet] = slogdet(A);
      expect(sign.item()).toBe(c.sign);
      const tol = 1e-12 * Math.max(1, Math.abs(c.logdet!)) + 10 * n * c.cond * EPS;
      expect(Math.abs(logdet.item() - c.logdet!)).toBeLessThan(tol);
    });
  }
});
