/**
 * Every committed LAPACK-type fixture (svd_lapack_types.json: zero, identity, graded, clustered,
 * scaled to 1e±292 / 1e±138, type-16 bidiagonals, …) through svdKernel with the divide-and-
 * conquer route FORCED for every size (divideConquerFrom: 1; the default only uses it from
 * DIVIDE_CONQUER_CROSSOVER on, which no fixture reaches). Same ddrvbd ratios and THRESH = 50 as
 * test/svd.fixtures.test.ts, plus agreement with the QR route and with the values-only path.
 */
import { describe, expect, it } from 'vitest';
import { svdKernel } from '../../../src/kernels/svd/svdKernel.js';
import {
  clampedRatio,
  hasNegativeZero,
  loadFixture,
  type Mat,
  norm1,
  orthRatio,
  svdResidual,
  ULP,
  valuesRatio,
} from '../../support/index.js';

interface SvdCase {
  id: string;
  m: number;
  n: number;
  a: Mat;
  s: number[];
  d_exact?: number[];
  s_exact?: number[];
}

const THRESH = 50;
const fixture = loadFixture<{ cases: SvdCase[] }>('svd_lapack_types.json');

function orderingOk(s: Float64Array): boolean {
  for (let i = 0; i < s.length; i++) {
    const x = s[i]!;
    if (!Number.isFinite(x) || !(x >= 0) || Object.is(x, -0)) return false;
    if (i > 0 && !(x <= s[i - 1]!)) return false;
  }
  return true;
}

describe('svdKernel, divide and conquer forced, on svd_lapack_types.json', () => {
  for (const c of fixture.cases) {
    it(c.id, () => {
      const { m, n } = c;
      const a = Float64Array.from(c.a.data);
      const anorm = norm1(a, m, n);
      const ratios: Record<string, number> = {};
      const none = svdKernel(a, m, n, 'none');
      for (const job of ['thin', 'full'] as const) {
        const r = svdKernel(a, m, n, job, { divideConquerFrom: 1 });
        const qr = svdKernel(a, m, n, job, { divideConquerFrom: Number.POSITIVE_INFINITY });
        ratios[`${job} residual`] = clampedRatio(
          svdResidual(a, m, n, r.u!, r.uCols, r.s, r.v!, r.vCols),
          anorm,
          n,
          ULP,
        );
        ratios[`${job} U orth`] = orthRatio(r.u!, m, r.uCols);
        ratios[`${job} V orth`] = orthRatio(r.v!, n, r.vCols);
        ratios[`${job} ordering`] = orderingOk(r.s) ? 0 : 1 / ULP;
        ratios[`${job} S vs scipy s`] = valuesRatio(r.s, c.s);
        ratios[`${job} S vs QR route`] = valuesRatio(r.s, qr.s);
        ratios[`${job} S vs values only`] = valuesRatio(r.s, none.s);
        if (c.d_exact) ratios[`${job} S vs d_exact`] = valuesRatio(r.s, c.d_exact);
        if (c.s_exact) ratios[`${job} S vs s_exact`] = valuesRatio(r.s, c.s_exact);
        expect(hasNegativeZero(r.u!) || hasNegativeZero(r.s) || hasNegativeZero(r.v!), 'no −0').toBe(false);
      }
      for (const [name, r] of Object.entries(ratios)) expect(r, `${c.id}: ${name}`).toBeLessThan(THRESH);
    });
  }
});
