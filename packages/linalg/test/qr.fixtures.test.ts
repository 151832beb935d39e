/**
 * LAPACK dchkqr / dqrt01 (real) and zchkqr / zqrt01 (complex) ratios on qr_lapack_types.json and
 * qr_complex.json through qr() in every mode, one suite per dtype. THRESH = 30.
 */
import { describe, expect, it } from 'vitest';
import { qr } from '../src/index.js';
import {
  COMPLEX_KIT,
  type CMat,
  type DTypeKit,
  EPS,
  type Mat,
  REAL_KIT,
  hasNegativeZero,
  loadFixture,
} from './support/index.js';

interface QrCase {
  id: string;
  m: number;
  n: number;
  a: Mat | CMat;
  r_absdiag: number[];
}

const THRESH = 30;

/** dqrt01's ‖R − QᴴA‖₁/(max(1,m)·‖A‖₁·eps), 0 for A = 0 with an exact answer. */
function factorRatio(
  kit: DTypeKit,
  a: Float64Array,
  q: Float64Array,
  r: Float64Array,
  m: number,
  qCols: number,
  n: number,
): number {
  const qha = kit.mul(q, a, qCols, m, n, true);
  const resid = kit.norm1(
    qha.map((x, i) => r[i]! - x),
    qCols,
    n,
  );
  const anorm = kit.norm1(a, m, n);
  if (anorm === 0) return resid === 0 ? 0 : 1 / EPS;
  return resid / (Math.max(1, m) * anorm * EPS);
}

const SUITES: { kit: DTypeKit; file: string; count: number }[] = [
  { kit: REAL_KIT, file: 'qr_lapack_types.json', count: 200 },
  { kit: COMPLEX_KIT, file: 'qr_complex.json', count: 136 },
];

describe.each(SUITES)('qr on $file ($count cases)', ({ kit, file, count }) => {
  const fixture = loadFixture<{ cases: QrCase[] }>(file);
  const { w } = kit;

  it('has the documented number of cases', () => {
    expect(fixture.cases.length).toBe(count);
  });

  for (const c of fixture.cases) {
    it(c.id, () => {
      const { m, n } = c;
      const k = Math.min(m, n);
      const A = kit.fromFixture(c.a);
      const a = kit.data(A);
      const anorm = kit.norm1(a, m, n);
      for (const mode of ['complete', 'reduced'] as const) {
        const [Q, R] = qr(A, { mode });
        const qCols = mode === 'complete' ? m : k;
        expect(Q.dtype).toBe(kit.dtype);
        expect(Q.shape).toEqual([m, qCols]);
        expect(R.shape).toEqual([qCols, n]);
        const q = kit.data(Q);
        const r = kit.data(R);
        expect(factorRatio(kit, a, q, r, m, qCols, n), `${c.id} ${mode}: ‖R − QᴴA‖`).toBeLessThan(THRESH);
        expect(kit.orthResidual(q, m, qCols) / (Math.max(1, m) * EPS), `${c.id} ${mode}: ‖I − QᴴQ‖`).toBeLessThan(
          THRESH,
        );
        for (let i = 0; i < qCols; i++) {
          for (let j = 0; j < Math.min(i, n); j++) {
            for (let p = 0; p < w; p++) expect(r[w * (i * n + j) + p]).toBe(0);
          }
        }
        // Sign convention: diag(R) real and ≥ 0 (DGEQRFP); |diag R| against numpy, normwise.
        let diff = 0;
        for (let i = 0; i < k; i++) {
          expect(r[w * (i * n + i)]! >= 0, `R[${i},${i}] real ≥ 0`).toBe(true);
          if (kit.complex) expect(r[2 * (i * n + i) + 1]).toBe(0);
          diff = Math.max(diff, Math.abs(r[w * (i * n + i)]! - c.r_absdiag[i]!));
        }
        expect(hasNegativeZero(q) || hasNegativeZero(r)).toBe(false);
        const scale = Math.max(1, m) * anorm * EPS;
        expect(anorm === 0 ? diff : diff / scale, `${c.id}: |diag R| vs r_absdiag`).toBeLessThan(THRESH);
      }
      const [R1] = qr(A, { mode: 'r' });
      expect(R1.shape).toEqual([k, n]);
      expect(kit.data(R1)).toEqual(kit.data(qr(A)[1]));
    });
  }
});
