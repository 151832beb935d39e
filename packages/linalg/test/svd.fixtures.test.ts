/**
 * LAPACK ddrvbd/dchkbd ratios on the committed fixture matrices (tools/fixtures), computed
 * through the public API: svd (thin and full) and svdvals. THRESH = 50 (TESTING/svd.in).
 */
import { describe, expect, it } from 'vitest';
import { svd, svdvals } from '../src/index.js';
import {
  clampedRatio,
  f64,
  fromMat,
  hasNegativeZero,
  loadFixture,
  type Mat,
  norm1,
  orthRatio,
  svdResidual,
  ULP,
  valuesRatio,
} from './support/index.js';

interface SvdCase {
  id: string;
  type: string;
  m: number;
  n: number;
  a: Mat;
  s: number[];
  d_exact?: number[];
  s_exact?: number[];
}

const THRESH = 50;
const fixture = loadFixture<{ cases: SvdCase[] }>('svd_lapack_types.json');

/** LAPACK test 4 made NaN-strict: finite, ≥ +0, non-increasing. */
function orderingOk(s: Float64Array): boolean {
  for (let i = 0; i < s.length; i++) {
    const x = s[i]!;
    if (!Number.isFinite(x) || !(x >= 0) || Object.is(x, -0)) return false;
    if (i > 0 && !(x <= s[i - 1]!)) return false;
  }
  return true;
}

describe('svd on svd_lapack_types.json (361 cases)', () => {
  it('has the documented number of cases', () => {
    expect(fixture.cases.length).toBe(361);
  });

  for (const c of fixture.cases) {
    it(`${c.id}`, () => {
      const { m, n } = c;
      const k = Math.min(m, n);
      const A = fromMat(c.a);
      const a = f64(A);
      const anorm = norm1(a, m, n);
      const ratios: Record<string, number> = {};

      for (const full of [false, true]) {
        const [U, S, V] = svd(A, { full });
        const uCols = full ? m : k;
        const vCols = full ? n : k;
        expect(U.shape).toEqual([m, uCols]);
        expect(S.shape).toEqual([k]);
        expect(V.shape).toEqual([n, vCols]);
        const u = f64(U);
        const s = f64(S);
        const v = f64(V);
        const tag = full ? 'full' : 'thin';
        ratios[`${tag} residual`] = clampedRatio(svdResidual(a, m, n, u, uCols, s, v, vCols), anorm, n, ULP);
        ratios[`${tag} U orth`] = orthRatio(u, m, uCols);
        ratios[`${tag} V orth`] = orthRatio(v, n, vCols);
        ratios[`${tag} ordering`] = orderingOk(s) ? 0 : 1 / ULP;
        ratios[`${tag} S vs scipy s`] = valuesRatio(s, c.s);
        if (c.d_exact) ratios[`${tag} S vs d_exact`] = valuesRatio(s, c.d_exact);
        if (c.s_exact) ratios[`${tag} S vs s_exact`] = valuesRatio(s, c.s_exact);
        expect(hasNegativeZero(u) || hasNegativeZero(s) || hasNegativeZero(v), 'no −0 in U, S, V').toBe(false);
        if (!full) {
          // Test 7: singular values with and without vectors.
          ratios['svdvals vs svd S'] = valuesRatio(f64(svdvals(A)), s);
        }
      }
      for (const [name, r] of Object.entries(ratios)) {
        expect(r, `${c.id}: ${name} ratio`).toBeLessThan(THRESH);
      }
    });
  }

  it('random_bidiag: small singular values keep high relative accuracy (vs s_exact)', () => {
    // The zero-shift bidiagonal QR (dbdsqr) guarantees relative accuracy for bidiagonal input,
    // and Householder reduction leaves a bidiagonal matrix untouched. scipy's `s` does not
    // have this property (see tools/fixtures/README.md), `s_exact` does.
    let worst = 0;
    for (const c of fixture.cases) {
      if (!c.s_exact) continue;
      const s = f64(svdvals(fromMat(c.a)));
      const k = s.length;
      for (let i = 0; i < k; i++) {
        const ref = c.s_exact[i]!;
        const rel = ref === 0 ? Math.abs(s[i]!) : Math.abs(s[i]! - ref) / ref;
        worst = Math.max(worst, rel / (Math.max(k, 1) * ULP));
      }
    }
    expect(worst).toBeLessThan(THRESH * 10);
  });
});
