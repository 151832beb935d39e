/**
 * Every committed complex SVD fixture (svd_complex.json, zgesvd-type matrices from numpy/scipy)
 * through complexSvdKernel with the divide-and-conquer route FORCED for every size
 * (divideConquerFrom: 1): the real bidiagonal D&C on the real bidiagonal of the complex
 * reduction, then the complex reflectors applied blockwise. Same zdrvbd-type ratios and
 * THRESH = 50 as test/svd.fixtures.test.ts, plus agreement with the QR route and the
 * values-only path. Larger random shapes (both sides of the QR-first ratio, wide, full factors)
 * run the default dispatch above the crossover.
 */
import { describe, expect, it } from 'vitest';
import { complexSvdKernel } from '../../../src/kernels/complex/complexSvdKernel.js';
import {
  type CMat,
  clampedRatio,
  cnorm1,
  corthRatio,
  csvdResidual,
  hasNegativeZero,
  loadFixture,
  mulberry32,
  ULP,
  valuesRatio,
} from '../../support/index.js';

interface SvdCase {
  id: string;
  m: number;
  n: number;
  a: CMat;
  s: number[];
  d_exact?: number[];
}

const THRESH = 50;
const fixture = loadFixture<{ cases: SvdCase[] }>('svd_complex.json');

function orderingOk(s: Float64Array): boolean {
  for (let i = 0; i < s.length; i++) {
    const x = s[i]!;
    if (!Number.isFinite(x) || !(x >= 0) || Object.is(x, -0)) return false;
    if (i > 0 && !(x <= s[i - 1]!)) return false;
  }
  return true;
}

function interleaved(a: CMat): Float64Array {
  return Float64Array.from(a.data);
}

function ratiosOf(
  a: Float64Array,
  m: number,
  n: number,
  from: number,
  sRef: ArrayLike<number> | null,
): Record<string, number> {
  const anorm = cnorm1(a, m, n);
  const ratios: Record<string, number> = {};
  const none = complexSvdKernel(a, m, n, 'none');
  for (const job of ['thin', 'full'] as const) {
    const r = complexSvdKernel(a, m, n, job, { divideConquerFrom: from });
    const qr = complexSvdKernel(a, m, n, job, { divideConquerFrom: Number.POSITIVE_INFINITY });
    ratios[`${job} residual`] = clampedRatio(csvdResidual(a, m, n, r.u!, r.uCols, r.s, r.v!, r.vCols), anorm, n, ULP);
    ratios[`${job} U orth`] = corthRatio(r.u!, m, r.uCols, ULP);
    ratios[`${job} V orth`] = corthRatio(r.v!, n, r.vCols, ULP);
    ratios[`${job} ordering`] = orderingOk(r.s) ? 0 : 1 / ULP;
    ratios[`${job} S vs QR route`] = valuesRatio(r.s, qr.s);
    ratios[`${job} S vs values only`] = valuesRatio(r.s, none.s);
    if (sRef !== null) ratios[`${job} S vs scipy`] = valuesRatio(r.s, sRef);
    expect(hasNegativeZero(r.u!) || hasNegativeZero(r.s) || hasNegativeZero(r.v!), 'no −0').toBe(false);
  }
  return ratios;
}

describe('complexSvdKernel, divide and conquer forced, on svd_complex.json', () => {
  for (const c of fixture.cases) {
    it(c.id, () => {
      const ratios = ratiosOf(interleaved(c.a), c.m, c.n, 1, c.s);
      if (c.d_exact) {
        const r = complexSvdKernel(interleaved(c.a), c.m, c.n, 'thin', { divideConquerFrom: 1 });
        ratios['S vs d_exact'] = valuesRatio(r.s, c.d_exact);
      }
      for (const [name, r] of Object.entries(ratios)) expect(r, `${c.id}: ${name}`).toBeLessThan(THRESH);
    });
  }
});

describe('complexSvdKernel: default dispatch above the divide-and-conquer crossover', () => {
  const rng = mulberry32(77);
  for (const [m, n] of [
    [120, 120],
    [190, 118],
    [118, 190],
    [260, 120],
  ] as Array<[number, number]>) {
    it(`${m}×${n} random complex`, () => {
      const a = Float64Array.from({ length: 2 * m * n }, () => 2 * rng() - 1);
      const ratios = ratiosOf(a, m, n, 112, null);
      for (const [name, r] of Object.entries(ratios)) expect(r, `${m}×${n}: ${name}`).toBeLessThan(THRESH);
    });
  }
});
