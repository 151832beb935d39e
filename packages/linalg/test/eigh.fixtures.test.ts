/**
 * LAPACK ddrvst / dsyt21 (real) and zdrvst / zhet21 (complex) ratios on eigh_lapack_types.json
 * and eigh_complex.json, through eigh / eigvalsh, for both uplo values, one suite per dtype.
 * THRESH = 60 (TESTING/se2.in).
 */
import { tensor } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { eigh, eigvalsh } from '../src/index.js';
import {
  COMPLEX_KIT,
  type CMat,
  type DTypeKit,
  type Mat,
  REAL_KIT,
  ULP,
  clampedRatio,
  eigenvaluesRatio,
  f64,
  hasNegativeZero,
  loadFixture,
} from './support/index.js';

interface EighCase {
  id: string;
  n: number;
  a: Mat | CMat;
  w: number[];
  w_exact?: number[];
}

const THRESH = 60;

const SUITES: { kit: DTypeKit; file: string; count: number }[] = [
  { kit: REAL_KIT, file: 'eigh_lapack_types.json', count: 126 },
  { kit: COMPLEX_KIT, file: 'eigh_complex.json', count: 110 },
];

describe.each(SUITES)('eigh on $file ($count cases × uplo L/U)', ({ kit, file, count }) => {
  const fixture = loadFixture<{ cases: EighCase[] }>(file);
  const { w: stride } = kit;

  it('has the documented number of cases', () => {
    expect(fixture.cases.length).toBe(count);
  });

  for (const c of fixture.cases) {
    it(c.id, () => {
      const { n } = c;
      const a = Float64Array.from(c.a.data);
      // dsyt21 floors ‖A‖ at UNFL.
      const anorm = Math.max(kit.norm1(a, n, n), 2 ** -1022);
      for (const uplo of ['L', 'U'] as const) {
        // Poison the triangle that must not be read (and, complex, the imaginary parts of the
        // diagonal, which a Hermitian matrix does not have): the results may not change.
        const poisoned = a.slice();
        for (let i = 0; i < n; i++) {
          if (kit.complex) poisoned[2 * (i * n + i) + 1] = 12345.5;
          for (let j = 0; j < n; j++) {
            if ((uplo === 'L' && j > i) || (uplo === 'U' && j < i)) {
              for (let p = 0; p < stride; p++) poisoned[stride * (i * n + j) + p] = Number.NaN;
            }
          }
        }
        const P = tensor(poisoned, { shape: [n, n], dtype: kit.dtype });
        const [W, V] = eigh(P, { uplo });
        expect(W.dtype).toBe('float64');
        expect(V.dtype).toBe(kit.dtype);
        expect(W.shape).toEqual([n]);
        expect(V.shape).toEqual([n, n]);
        const w = f64(W);
        const v = kit.data(V);
        const ratios: Record<string, number> = {
          residual: clampedRatio(kit.svdResidual(a, n, n, v, n, w, v, n), anorm, n, ULP),
          orthogonality: kit.orthRatio(v, n, n),
          'eigvalsh vs eigh': eigenvaluesRatio(f64(eigvalsh(P, { uplo })), w),
          'W vs scipy w': eigenvaluesRatio(w, c.w),
        };
        if (c.w_exact) ratios['W vs w_exact'] = eigenvaluesRatio(w, c.w_exact);
        for (const [name, r] of Object.entries(ratios)) expect(r, `${c.id} uplo=${uplo}: ${name}`).toBeLessThan(THRESH);
        for (let i = 1; i < n; i++) expect(w[i]! >= w[i - 1]!, 'W ascending').toBe(true);
        if (kit.complex) {
          // Phase convention: the largest-magnitude component of each eigenvector is real > 0.
          for (let col = 0; col < n; col++) {
            let big = -1;
            let at = 0;
            for (let r = 0; r < n; r++) {
              const mag = Math.hypot(v[2 * (r * n + col)]!, v[2 * (r * n + col) + 1]!);
              if (mag > big) {
                big = mag;
                at = r;
              }
            }
            expect(v[2 * (at * n + col) + 1]).toBe(0);
            expect(v[2 * (at * n + col)]! > 0).toBe(true);
          }
        }
        expect(hasNegativeZero(w) || hasNegativeZero(v)).toBe(false);
      }
      // The same matrix without poison gives the same answer for 'L' (only that triangle is read).
      expect(f64(eigvalsh(kit.fromFixture(c.a)))).toEqual(
        f64(eigvalsh(tensor(a, { shape: [n, n], dtype: kit.dtype }), { uplo: 'L' })),
      );
    });
  }
});
