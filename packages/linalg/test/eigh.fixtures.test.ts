/**
 * LAPACK ddrvst / dsyt21 ratios on eigh_lapack_types.json, through eigh / eigvalsh, for both
 * uplo values. THRESH = 60 (TESTING/se2.in).
 */
import { describe, expect, it } from 'vitest';
import { tensor } from '@svd/tensor';
import { eigh, eigvalsh } from '../src/index.js';
import {
  clampedRatio,
  eigenvaluesRatio,
  f64,
  fromMat,
  hasNegativeZero,
  loadFixture,
  type Mat,
  norm1,
  orthRatio,
  svdResidual,
  ULP,
} from './support/index.js';

interface EighCase {
  id: string;
  type: string;
  n: number;
  a: Mat;
  w: number[];
  w_exact?: number[];
}

const THRESH = 60;
const fixture = loadFixture<{ cases: EighCase[] }>('eigh_lapack_types.json');

describe('eigh on eigh_lapack_types.json (126 cases × uplo L/U)', () => {
  it('has the documented number of cases', () => {
    expect(fixture.cases.length).toBe(126);
  });

  for (const c of fixture.cases) {
    it(c.id, () => {
      const { n } = c;
      const a = Float64Array.from(c.a.data);
      // dsyt21 floors ‖A‖ at UNFL.
      const anorm = Math.max(norm1(a, n, n), 2 ** -1022);
      for (const uplo of ['L', 'U'] as const) {
        // Poison the triangle that must not be read: the results may not change.
        const poisoned = a.slice();
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            if ((uplo === 'L' && j > i) || (uplo === 'U' && j < i)) poisoned[i * n + j] = Number.NaN;
          }
        }
        const P = tensor(poisoned, { shape: [n, n] });
        const [W, V] = eigh(P, { uplo });
        expect(W.shape).toEqual([n]);
        expect(V.shape).toEqual([n, n]);
        const w = f64(W);
        const v = f64(V);
        const ratios: Record<string, number> = {
          residual: clampedRatio(svdResidual(a, n, n, v, n, w, v, n), anorm, n, ULP),
          orthogonality: orthRatio(v, n, n),
          'eigvalsh vs eigh': eigenvaluesRatio(f64(eigvalsh(P, { uplo })), w),
          'W vs scipy w': eigenvaluesRatio(w, c.w),
        };
        if (c.w_exact) ratios['W vs w_exact'] = eigenvaluesRatio(w, c.w_exact);
        for (const [name, r] of Object.entries(ratios)) expect(r, `${c.id} uplo=${uplo}: ${name}`).toBeLessThan(THRESH);
        for (let i = 1; i < n; i++) expect(w[i]! >= w[i - 1]!, 'W ascending').toBe(true);
        expect(hasNegativeZero(w) || hasNegativeZero(v)).toBe(false);
      }
      // The same matrix without poison gives the same answer for 'L' (only that triangle is read).
      expect(f64(eigvalsh(fromMat(c.a)))).toEqual(f64(eigvalsh(tensor(a, { shape: [n, n] }), { uplo: 'L' })));
    });
  }
});
