/**
 * The SVD kernels with the divide-and-conquer route FORCED for every size (divideConquerFrom: 1;
 * the default only takes it from DIVIDE_CONQUER_CROSSOVER on, which no fixture reaches), per
 * dtype: svdKernel on every LAPACK-type fixture (svd_lapack_types.json: zero, identity, graded,
 * clustered, scaled to 1e±292 / 1e±138, type-16 bidiagonals, …) and complexSvdKernel on every
 * complex one (svd_complex.json; the real bidiagonal D&C on the real bidiagonal of the complex
 * reduction, then the complex reflectors applied blockwise). Same ddrvbd / zdrvbd ratios and
 * THRESH = 50 as test/svd.fixtures.test.ts, plus agreement with the QR route and the values-only
 * path. Larger random shapes (both sides of the QR-first ratio, wide, full factors) run the
 * default dispatch above the crossover.
 */
import { describe, expect, it } from 'vitest';
import { complexSvdKernel } from '../../../src/kernels/complex/complexSvdKernel.js';
import { DIVIDE_CONQUER_CROSSOVER, svdKernel } from '../../../src/kernels/svd/svdKernel.js';
import {
  COMPLEX_KIT,
  type CMat,
  type DTypeKit,
  type Mat,
  REAL_KIT,
  ULP,
  clampedRatio,
  hasNegativeZero,
  loadFixture,
  mulberry32,
  valuesRatio,
} from '../../support/index.js';

interface SvdCase {
  id: string;
  m: number;
  n: number;
  a: Mat | CMat;
  s: number[];
  d_exact?: number[];
  s_exact?: number[];
}

const THRESH = 50;

const FLAVOURS: Array<{ kit: DTypeKit; kernel: typeof svdKernel; name: string; fixture: string }> = [
  { kit: REAL_KIT, kernel: svdKernel, name: 'svdKernel', fixture: 'svd_lapack_types.json' },
  { kit: COMPLEX_KIT, kernel: complexSvdKernel, name: 'complexSvdKernel', fixture: 'svd_complex.json' },
];

function orderingOk(s: Float64Array): boolean {
  for (let i = 0; i < s.length; i++) {
    const x = s[i]!;
    if (!Number.isFinite(x) || !(x >= 0) || Object.is(x, -0)) return false;
    if (i > 0 && !(x <= s[i - 1]!)) return false;
  }
  return true;
}

describe.each(FLAVOURS)('$name, divide and conquer', ({ kit, kernel, name, fixture }) => {
  /** The ratios of both jobs with D&C from `from` on, against the QR route, values only and `refs`. */
  function ratiosOf(
    a: Float64Array,
    m: number,
    n: number,
    from: number,
    refs: Record<string, ArrayLike<number> | undefined>,
  ): Record<string, number> {
    const anorm = kit.norm1(a, m, n);
    const ratios: Record<string, number> = {};
    const none = kernel(a, m, n, 'none');
    for (const job of ['thin', 'full'] as const) {
      const r = kernel(a, m, n, job, { divideConquerFrom: from });
      const qr = kernel(a, m, n, job, { divideConquerFrom: Number.POSITIVE_INFINITY });
      ratios[`${job} residual`] = clampedRatio(
        kit.svdResidual(a, m, n, r.u!, r.uCols, r.s, r.v!, r.vCols),
        anorm,
        n,
        ULP,
      );
      ratios[`${job} U orth`] = kit.orthRatio(r.u!, m, r.uCols);
      ratios[`${job} V orth`] = kit.orthRatio(r.v!, n, r.vCols);
      ratios[`${job} ordering`] = orderingOk(r.s) ? 0 : 1 / ULP;
      ratios[`${job} S vs QR route`] = valuesRatio(r.s, qr.s);
      ratios[`${job} S vs values only`] = valuesRatio(r.s, none.s);
      for (const [ref, values] of Object.entries(refs)) {
        if (values) ratios[`${job} S vs ${ref}`] = valuesRatio(r.s, values);
      }
      expect(hasNegativeZero(r.u!) || hasNegativeZero(r.s) || hasNegativeZero(r.v!), 'no −0').toBe(false);
    }
    return ratios;
  }

  describe(`forced from size 1 on ${fixture}`, () => {
    for (const c of loadFixture<{ cases: SvdCase[] }>(fixture).cases) {
      it(c.id, () => {
        const a = Float64Array.from(c.a.data);
        const ratios = ratiosOf(a, c.m, c.n, 1, { 'scipy s': c.s, d_exact: c.d_exact, s_exact: c.s_exact });
        for (const [ratio, r] of Object.entries(ratios)) expect(r, `${c.id}: ${ratio}`).toBeLessThan(THRESH);
      });
    }
  });

  describe(`${name}: default dispatch above the divide-and-conquer crossover`, () => {
    const rng = mulberry32(77);
    for (const [m, n] of [
      [120, 120],
      [190, 118],
      [118, 190],
      [260, 120],
    ] as Array<[number, number]>) {
      it(`${m}×${n} random`, () => {
        const a = Float64Array.from({ length: kit.w * m * n }, () => 2 * rng() - 1);
        const ratios = ratiosOf(a, m, n, DIVIDE_CONQUER_CROSSOVER, {});
        for (const [ratio, r] of Object.entries(ratios)) expect(r, `${m}×${n}: ${ratio}`).toBeLessThan(THRESH);
      });
    }
  });
});
