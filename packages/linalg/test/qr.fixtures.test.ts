/**
 * LAPACK dchkqr / dqrt01 ratios on qr_lapack_types.json through qr(), with eps = 2⁻⁵³ and
 * THRESH = 30 (TESTING/dtest.in); |diag R| against numpy's r_absdiag.
 */
import { describe, expect, it } from 'vitest';
import { qr } from '../src/index.js';
import {
  EPS,
  f64,
  fromMat,
  hasNegativeZero,
  loadFixture,
  type Mat,
  matmul as mul,
  norm1,
  orthResidual,
  transpose,
} from './support/index.js';

interface QrCase {
  id: string;
  type: string;
  m: number;
  n: number;
  a: Mat;
  r_absdiag: number[];
  s_exact: number[];
}

const THRESH = 30;
const fixture = loadFixture<{ cases: QrCase[] }>('qr_lapack_types.json');

/** dqrt01's ‖R − QᵀA‖₁/(max(1,m)·‖A‖₁·eps), 0 for A = 0 with an exact answer. */
function factorRatio(a: Float64Array, q: Float64Array, r: Float64Array, m: number, qCols: number, n: number): number {
  const qta = mul(transpose(q, m, qCols), a, qCols, m, n);
  const diff = qta.map((x, i) => r[i]! - x);
  const resid = norm1(diff, qCols, n);
  const anorm = norm1(a, m, n);
  if (anorm === 0) return resid === 0 ? 0 : 1 / EPS;
  return resid / (Math.max(1, m) * anorm * EPS);
}

describe('qr on qr_lapack_types.json (200 cases)', () => {
  it('has the documented number of cases', () => {
    expect(fixture.cases.length).toBe(200);
  });

  for (const c of fixture.cases) {
    it(c.id, () => {
      const { m, n } = c;
      const k = Math.min(m, n);
      const A = fromMat(c.a);
      const a = f64(A);
      const anorm = norm1(a, m, n);
      for (const mode of ['complete', 'reduced'] as const) {
        const [Q, R] = qr(A, { mode });
        const qCols = mode === 'complete' ? m : k;
        expect(Q.shape).toEqual([m, qCols]);
        expect(R.shape).toEqual([qCols, n]);
        const q = f64(Q);
        const r = f64(R);
        expect(factorRatio(a, q, r, m, qCols, n), `${c.id} ${mode}: ‖R − QᵀA‖`).toBeLessThan(THRESH);
        expect(orthResidual(q, m, qCols) / (Math.max(1, m) * EPS), `${c.id} ${mode}: ‖I − QᵀQ‖`).toBeLessThan(THRESH);
        for (let i = 0; i < qCols; i++) {
          for (let j = 0; j < Math.min(i, n); j++) expect(r[i * n + j]).toBe(0);
        }
        // Sign convention: diag(R) ≥ 0 (DGEQRFP).
        for (let i = 0; i < k; i++) expect(r[i * n + i]! >= 0, `R[${i},${i}] ≥ 0`).toBe(true);
        expect(hasNegativeZero(q) || hasNegativeZero(r)).toBe(false);
        // |diag R| against numpy, normwise.
        let diff = 0;
        for (let i = 0; i < k; i++) diff = Math.max(diff, Math.abs(r[i * n + i]! - c.r_absdiag[i]!));
        const scale = Math.max(1, m) * anorm * EPS;
        expect(anorm === 0 ? diff : diff / scale, `${c.id}: |diag R| vs r_absdiag`).toBeLessThan(THRESH);
      }
      const [R1] = qr(A, { mode: 'r' });
      expect(R1.shape).toEqual([k, n]);
      expect(f64(R1)).toEqual(f64(qr(A)[1]));
    });
  }
});
