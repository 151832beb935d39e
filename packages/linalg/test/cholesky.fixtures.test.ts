/**
 * LAPACK dchkpo / dpot01 (real) and zchkpo / zpot01 (complex) ratios on
 * cholesky_lapack_types.json and cholesky_complex.json through cholesky(), lower and upper,
 * eps = 2⁻⁵³, THRESH = 30, one suite per dtype; the failing types must name the right leading
 * minor, and slogdet must match numpy's.
 */
import { tensor } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { NotPositiveDefiniteError, cholesky, slogdet } from '../src/index.js';
import {
  COMPLEX_KIT,
  type CMat,
  type DTypeKit,
  EPS,
  type Mat,
  REAL_KIT,
  loadFixture,
  thrown,
} from './support/index.js';

interface CholCase {
  id: string;
  type?: string;
  n: number;
  a: Mat | CMat;
  cond: number;
  fail_order?: number;
  sign?: number;
  logdet?: number;
}

const THRESH = 30;

const SUITES: { kit: DTypeKit; file: string; count: number }[] = [
  { kit: REAL_KIT, file: 'cholesky_lapack_types.json', count: 57 },
  { kit: COMPLEX_KIT, file: 'cholesky_complex.json', count: 57 },
];

describe.each(SUITES)('cholesky on $file ($count cases)', ({ kit, file, count }) => {
  const fixture = loadFixture<{ cases: CholCase[] }>(file);
  const { w } = kit;

  it('has the documented number of cases', () => {
    expect(fixture.cases.length).toBe(count);
  });

  if (!kit.complex) {
    it('the error message names the failing leading minor (exact text)', () => {
      const c = fixture.cases.find((x) => x.fail_order !== undefined && x.n === 5 && x.type === 'dense_zero_last')!;
      const err = thrown(() => cholesky(kit.fromFixture(c.a)));
      expect(err.message).toBe('cholesky: the leading minor of order 5 is not positive definite');
    });
  }

  for (const c of fixture.cases) {
    it(c.id, () => {
      const { n } = c;
      const A = kit.fromFixture(c.a);
      const a = kit.data(A);
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
      const anorm = kit.norm1(a, n, n);
      for (const upper of [false, true]) {
        // NaN in the unread triangle changes nothing (nor, complex, an imaginary part on the
        // diagonal: zpotrf ignores it).
        const poisoned = a.slice();
        for (let i = 0; i < n; i++) {
          if (kit.complex) poisoned[2 * (i * n + i) + 1] = -7.25;
          for (let j = 0; j < n; j++) {
            if (upper ? j < i : j > i) for (let p = 0; p < w; p++) poisoned[w * (i * n + j) + p] = Number.NaN;
          }
        }
        const F = cholesky(tensor(poisoned, { shape: [n, n], dtype: kit.dtype }), { upper });
        expect(F.dtype).toBe(kit.dtype);
        const f = kit.data(F);
        for (let i = 0; i < n; i++) {
          expect(f[w * (i * n + i)]! > 0).toBe(true);
          if (kit.complex) expect(f[2 * (i * n + i) + 1]).toBe(0);
          for (let j = 0; j < n; j++) {
            if (upper ? j < i : j > i) for (let p = 0; p < w; p++) expect(f[w * (i * n + j) + p]).toBe(0);
          }
        }
        // A = L·Lᴴ (lower) or Uᴴ·U (upper).
        const prod = upper ? kit.mul(f, f, n, n, n, true) : kit.mul(f, kit.adjoint(f, n, n), n, n, n);
        const resid = kit.norm1(
          prod.map((x, i) => x - a[i]!),
          n,
          n,
        );
        const ratio = anorm === 0 ? resid : resid / (Math.max(n, 1) * anorm * EPS);
        expect(ratio, `${c.id} upper=${upper}: ‖LLᴴ − A‖`).toBeLessThan(THRESH);
      }
      // slogdet against numpy's slogdet (shifted by n·ln(anorm) for the scaled types). The
      // log-determinant is only determined to about n·cond·eps (BADC2 has cond ≈ 4.5e14).
      const [sign, logdet] = slogdet(A);
      expect(sign.dtype).toBe(kit.dtype);
      expect(logdet.dtype).toBe('float64');
      if (kit.complex) {
        const sg = kit.data(sign);
        expect(Math.abs(sg[0]! - 1)).toBeLessThan(1e-6 + n * c.cond * EPS);
      } else {
        expect(sign.item()).toBe(c.sign);
      }
      const tol = 1e-12 * Math.max(1, Math.abs(c.logdet!)) + 10 * n * c.cond * EPS;
      expect(Math.abs(logdet.item() - c.logdet!)).toBeLessThan(tol);
    });
  }
});
