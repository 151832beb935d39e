/**
 * The divide-and-conquer bidiagonal SVD (dbdsdc route) on its own: LAPACK dchkbd-style ratios
 * (tests 15–19: ‖B − UΣVᵀ‖/(‖B‖·n·ulp), ‖I − UᵀU‖/(n·ulp), ‖I − VᵀV‖/(n·ulp), ordering, and
 * |S_dc − S_qr|/(n·ulp·S₁)) on bidiagonals chosen to stress the merge: clustered and repeated
 * values (heavy deflation), graded and type-16 entries, zeros, and sizes just above the leaf size.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConvergenceError } from '../../../src/errors.js';
import { LEAF_SIZE, bidiagonalDivideConquer } from '../../../src/kernels/svd/bidiagonalDivideConquer.js';
import { solveBidiagonalLeaf } from '../../../src/kernels/svd/bidiagonalLeaf.js';
import { secularRoot } from '../../../src/kernels/svd/secularEquation.js';
import { DIVIDE_CONQUER_CROSSOVER, bidiagonalSvdValues, svdKernel } from '../../../src/kernels/svd/svdKernel.js';
import {
  denseWithSpectrum,
  expectLapackRatios,
  expectOrdered,
  mulberry32,
  randomMatrix,
  spectrum,
  THRESH,
  ULP,
  valuesRatio,
} from '../../support/index.js';

interface DcRatios {
  residual: number;
  uOrth: number;
  vOrth: number;
  values: number;
}

/** ‖I − XXᵀ‖₁/(n·ulp) for the row-major n×n X (rows = vectors). */
function rowOrthogonality(x: Float64Array, n: number): number {
  let worst = 0;
  for (let p = 0; p < n; p++) {
    let col = 0;
    for (let q = 0; q < n; q++) {
      let t = 0;
      for (let i = 0; i < n; i++) t += x[p * n + i]! * x[q * n + i]!;
      col += Math.abs((p === q ? 1 : 0) - t);
    }
    worst = Math.max(worst, col);
  }
  return worst / (n * ULP);
}

function dcRatios(d: Float64Array, e: Float64Array): DcRatios {
  const n = d.length;
  const dCopy = d.slice();
  const eCopy = e.slice();
  const r = bidiagonalDivideConquer(d, e, n);
  // Inputs untouched.
  expect(d).toEqual(dCopy);
  expect(e).toEqual(eCopy);
  expectOrdered(r.s);
  // One assertion for all entries (an expect per entry would dominate the run time).
  expect(r.ut.every(Number.isFinite) && r.vt.every(Number.isFinite), 'finite vectors').toBe(true);

  // Power-of-two rescaling of B for the residual (exact), as dbdt01 measures relative to ‖B‖.
  let bmax = 0;
  for (const x of d) bmax = Math.max(bmax, Math.abs(x));
  for (const x of e) bmax = Math.max(bmax, Math.abs(x));
  const p = bmax > 0 ? 2 ** -Math.round(Math.log2(bmax)) : 1;
  let bNorm = 0;
  for (let j = 0; j < n; j++) bNorm = Math.max(bNorm, Math.abs(d[j]! * p) + (j > 0 ? Math.abs(e[j - 1]! * p) : 0));
  let resid = 0;
  const us = new Float64Array(n * n); // (UΣ)ᵀ rows
  for (let c = 0; c < n; c++) for (let i = 0; i < n; i++) us[c * n + i] = r.ut[c * n + i]! * (r.s[c]! * p);
  for (let j = 0; j < n; j++) {
    let col = 0;
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let c = 0; c < n; c++) t += us[c * n + i]! * r.vt[c * n + j]!;
      const b = i === j ? d[i]! * p : j === i + 1 ? e[i]! * p : 0;
      col += Math.abs(b - t);
    }
    resid = Math.max(resid, col);
  }
  const residual = bNorm === 0 ? (resid === 0 ? 0 : 1 / ULP) : resid / bNorm / (n * ULP);
  // Reference: the QR on the same bidiagonal brought into the safe range (as the SVD driver
  // does before calling it), scaled back exactly.
  const ref = bidiagonalSvdValues(
    d.map((x) => x * p),
    e.map((x) => x * p),
  ).map((x) => x / p);
  return {
    residual,
    uOrth: rowOrthogonality(r.ut, n),
    vOrth: rowOrthogonality(r.vt, n),
    values: valuesRatio(r.s, ref),
  };
}

function expectDcRatios(d: Float64Array, e: Float64Array, label: string): void {
  const r = dcRatios(d, e);
  expect(r.residual, `${label}: residual`).toBeLessThan(THRESH);
  expect(r.uOrth, `${label}: U orthogonality`).toBeLessThan(THRESH);
  expect(r.vOrth, `${label}: V orthogonality`).toBeLessThan(THRESH);
  expect(r.values, `${label}: values vs bidiagonal QR`).toBeLessThan(THRESH);
}

type Generator = (n: number, rng: () => number) => [Float64Array, Float64Array];

const uniform = (rng: () => number): number => 2 * rng() - 1;
const LOG_ULP = Math.log(ULP);

const GENERATORS: Record<string, Generator> = {
  random: (n, rng) => [
    Float64Array.from({ length: n }, () => uniform(rng)),
    Float64Array.from({ length: n - 1 }, () => uniform(rng)),
  ],
  // All singular values of the halves coincide: every merge deflates almost completely.
  'all ones': (n) => [new Float64Array(n).fill(1), new Float64Array(n - 1).fill(1)],
  // Identity-like: tiny but unsplit couplings, equal diagonals (deflation by equal poles).
  'identity-like': (n, rng) => [
    new Float64Array(n).fill(1),
    Float64Array.from({ length: n - 1 }, () => 1e-10 * (1 + rng())),
  ],
  // Few distinct values, each repeated many times.
  'repeated values': (n, rng) => [
    Float64Array.from({ length: n }, () => [1, 2, 3][Math.floor(rng() * 3)]!),
    Float64Array.from({ length: n - 1 }, () => 1e-3 * uniform(rng)),
  ],
  // Clusters a few ulps wide.
  clustered: (n, rng) => [
    Float64Array.from({ length: n }, (_, i) => 1 + (i % 4) * 3 * ULP),
    Float64Array.from({ length: n - 1 }, () => 1e-2 * uniform(rng)),
  ],
  // Geometric grading over 16 decades.
  graded: (n, rng) => [
    Float64Array.from({ length: n }, (_, i) => 10 ** ((-16 * i) / n)),
    Float64Array.from({ length: n - 1 }, (_, i) => 10 ** ((-16 * i) / n) * uniform(rng)),
  ],
  // dchkbd type 16: exp(x), x uniform in [2 ln ulp, −2 ln ulp] (ulp² … ulp⁻²), random signs.
  'type 16': (n, rng) => [
    Float64Array.from({ length: n }, () => Math.exp((2 * rng() - 1) * 2 * LOG_ULP) * (rng() < 0.5 ? -1 : 1)),
    Float64Array.from({ length: n - 1 }, () => Math.exp((2 * rng() - 1) * 2 * LOG_ULP)),
  ],
  // Type 16 compressed to a range that does not split at every entry (exercises the merges).
  'mild type 16': (n, rng) => [
    Float64Array.from({ length: n }, () => Math.exp((2 * rng() - 1) * 6)),
    Float64Array.from({ length: n - 1 }, () => Math.exp((2 * rng() - 1) * 6)),
  ],
  'zeros on the diagonal': (n, rng) => [
    Float64Array.from({ length: n }, (_, i) => (i % 5 === 2 ? 0 : uniform(rng))),
    Float64Array.from({ length: n - 1 }, () => uniform(rng)),
  ],
  'zero superdiagonals (splits)': (n, rng) => [
    Float64Array.from({ length: n }, () => uniform(rng)),
    Float64Array.from({ length: n - 1 }, (_, i) => (i % 29 === 13 ? 0 : uniform(rng))),
  ],
  'negative diagonal': (n, rng) => [
    Float64Array.from({ length: n }, () => -1 - rng()),
    Float64Array.from({ length: n - 1 }, () => uniform(rng)),
  ],
  // Rank deficient: a zero row in the middle and a tiny tail.
  'rank deficient': (n, rng) => [
    Float64Array.from({ length: n }, (_, i) => (i === n >> 1 ? 0 : i > n - 4 ? 1e-300 : uniform(rng))),
    Float64Array.from({ length: n - 1 }, (_, i) => (i === n >> 1 ? 0 : uniform(rng))),
  ],
  'scaled near overflow': (n, rng) => [
    Float64Array.from({ length: n }, () => 1e300 * uniform(rng)),
    Float64Array.from({ length: n - 1 }, () => 1e300 * uniform(rng)),
  ],
  'scaled near underflow': (n, rng) => [
    Float64Array.from({ length: n }, () => 1e-300 * uniform(rng)),
    Float64Array.from({ length: n - 1 }, () => 1e-300 * uniform(rng)),
  ],
};

const SIZES = [LEAF_SIZE + 1, LEAF_SIZE + 2, 37, 51, 64, 100, 151, 300];

describe('bidiagonalDivideConquer: dchkbd ratios', () => {
  for (const [name, gen] of Object.entries(GENERATORS)) {
    for (const n of SIZES) {
      it(`${name}, n = ${n}`, () => {
        const [d, e] = gen(n, mulberry32(1000 * n + name.length));
        expectDcRatios(d, e, `${name} n=${n}`);
      });
    }
  }

  it('zero matrix and small sizes', () => {
    for (const n of [1, 2, 3, 26]) {
      const r = bidiagonalDivideConquer(new Float64Array(n), new Float64Array(Math.max(n - 1, 0)), n);
      for (const s of r.s) expect(Object.is(s, 0)).toBe(true);
      expect(rowOrthogonality(r.ut, n)).toBe(0);
      expect(rowOrthogonality(r.vt, n)).toBe(0);
    }
    for (const n of [1, 2, 5, 25]) {
      const [d, e] = GENERATORS.random!(n, mulberry32(n));
      expectDcRatios(d, e, `random n=${n}`);
    }
  });

  it('diagonal matrices with equal entries: exact values, orthonormal vectors', () => {
    const n = 80;
    const d = new Float64Array(n).fill(-2);
    const r = bidiagonalDivideConquer(d, new Float64Array(n - 1), n);
    for (const s of r.s) expect(s).toBe(2);
    expectDcRatios(d, new Float64Array(n - 1), 'diag(-2)');
  });
});

describe('bidiagonal leaf (n×(n+1) blocks)', () => {
  it('B = U·[Σ 0]·Vᵀ with the last row of Vᵀ spanning the null space', () => {
    const rng = mulberry32(5);
    for (const n of [1, 2, 7, 25]) {
      const m = n + 1;
      const d = Float64Array.from({ length: n }, () => uniform(rng));
      const e = Float64Array.from({ length: n }, () => uniform(rng));
      const u = new Float64Array(n * n);
      const vt = new Float64Array(m * m);
      const dOut = d.slice();
      solveBidiagonalLeaf({ first: 0, size: n, extraColumn: 1, d: dOut, e, store: { u, ldu: n, vt, ldvt: m } });
      for (let i = 1; i < n; i++) expect(dOut[i]!).toBeGreaterThanOrEqual(dOut[i - 1]!);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < m; j++) {
          let t = 0;
          for (let c = 0; c < n; c++) t += u[i + c * n]! * dOut[c]! * vt[c * m + j]!;
          const b = i === j ? d[i]! : j === i + 1 ? e[i]! : 0;
          expect(Math.abs(b - t)).toBeLessThan(20 * n * ULP);
        }
      }
      expect(rowOrthogonality(vt, m)).toBeLessThan(THRESH);
    }
  });
});

describe('secular equation (dlasd4)', () => {
  /** f(σ) = 1/ρ + Σ zⱼ²/((dⱼ − σ)(dⱼ + σ)) from the returned differences. */
  function residual(n: number, z: Float64Array, rho: number, delta: Float64Array, sum: Float64Array): number {
    let f = 1 / rho;
    let scale = 1 / rho;
    for (let j = 0; j < n; j++) {
      const t = (z[j]! * z[j]!) / (delta[j]! * sum[j]!);
      f += t;
      scale += Math.abs(t);
    }
    return Math.abs(f) / scale;
  }

  it('roots interlace the poles and zero the secular function', () => {
    const rng = mulberry32(11);
    for (const n of [1, 2, 3, 4, 10, 60]) {
      for (let trial = 0; trial < 5; trial++) {
        const d = new Float64Array(n);
        for (let j = 1; j < n; j++) d[j] = d[j - 1]! + 0.01 + rng() * (trial === 4 ? 1e-6 : 1);
        const z = Float64Array.from({ length: n }, () => uniform(rng) || 0.5);
        let nz = 0;
        for (const x of z) nz += x * x;
        for (let j = 0; j < n; j++) z[j] = z[j]! / Math.sqrt(nz);
        const rho = 0.1 + rng();
        const delta = new Float64Array(n);
        const sum = new Float64Array(n);
        let prev = -1;
        for (let i = 0; i < n; i++) {
          const sigma = secularRoot({ n, d, z, rho }, i, { diff: delta, diffOffset: 0, sum, sumOffset: 0 });
          expect(sigma).toBeGreaterThan(d[i]!);
          if (i < n - 1) expect(sigma).toBeLessThan(d[i + 1]!);
          else expect(sigma * sigma).toBeLessThanOrEqual(d[n - 1]! ** 2 + rho * (1 + 1e-12));
          expect(sigma).toBeGreaterThan(prev);
          prev = sigma;
          if (n > 1) {
            expect(residual(n, z, rho, delta, sum)).toBeLessThan(100 * n * ULP);
            for (let j = 0; j < n; j++) {
              expect(Math.abs(delta[j]! - (d[j]! - sigma))).toBeLessThanOrEqual(4 * ULP * Math.max(d[j]!, sigma));
            }
          }
        }
      }
    }
  });

  it('a NaN never looks converged: ConvergenceError instead of a silent result', () => {
    const n = 5;
    const d = Float64Array.of(0, 1, 2, 3, 4);
    const z = Float64Array.of(0.5, NaN, 0.5, 0.5, 0.5);
    const delta = new Float64Array(n);
    const sum = new Float64Array(n);
    const out = { diff: delta, diffOffset: 0, sum, sumOffset: 0 };
    for (const i of [0, 2, 4]) expect(() => secularRoot({ n, d, z, rho: 1 }, i, out)).toThrow(ConvergenceError);
  });
});

describe('bidiagonalDivideConquer: properties', () => {
  it('random bidiagonals 26..90 mixing repeated values, zeros and wide exponents: ratios < 50', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: LEAF_SIZE + 1, max: 90 }),
        fc.integer({ min: 0, max: 0x7fffffff }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        fc.integer({ min: 0, max: 40 }),
        (n, seed, zeroFraction, repeatFraction, decades) => {
          const rng = mulberry32(seed);
          const pool = [1, -1, 0.5, 2];
          const entry = (): number => {
            const r = rng();
            if (r < zeroFraction) return 0;
            if (r < zeroFraction + repeatFraction * (1 - zeroFraction)) return pool[Math.floor(rng() * pool.length)]!;
            return uniform(rng) * 10 ** (decades * (rng() - 0.5));
          };
          const d = Float64Array.from({ length: n }, entry);
          const e = Float64Array.from({ length: n - 1 }, entry);
          const r = dcRatios(d, e);
          return r.residual < THRESH && r.uOrth < THRESH && r.vOrth < THRESH && r.values < THRESH;
        },
      ),
      { numRuns: 60, seed: 2024 },
    );
  });
});

describe('svdKernel with divide and conquer', () => {
  // Default route from DIVIDE_CONQUER_CROSSOVER on; below it the route is forced so the
  // shapes around the leaf size (25) and the QR-first path are covered too.
  const shapes: Array<[number, number]> = [
    [25, 25],
    [26, 26],
    [33, 33],
    [64, 48],
    [48, 64],
    [120, 60], // QR-first path
    [60, 120],
    [DIVIDE_CONQUER_CROSSOVER, DIVIDE_CONQUER_CROSSOVER],
    [130, 110],
  ];
  const opts = { divideConquerFrom: 1 };
  for (const [m, n] of shapes) {
    for (const mode of ['random', 'arithmetic', 'geometric', 'clustered'] as const) {
      it(`${m}×${n} ${mode}`, () => {
        const rng = mulberry32(m * 1000 + n);
        const k = Math.min(m, n);
        const a = mode === 'random' ? randomMatrix(m, n, rng) : denseWithSpectrum(m, n, spectrum(k, mode), rng);
        const thin = svdKernel(a, m, n, 'thin', opts);
        expectLapackRatios(a, m, n, thin, `${m}x${n} ${mode} thin`);
        const full = svdKernel(a, m, n, 'full', opts);
        expectLapackRatios(a, m, n, full, `${m}x${n} ${mode} full`);
        const none = svdKernel(a, m, n, 'none');
        expect(valuesRatio(thin.s, none.s)).toBeLessThan(THRESH);
        expect(valuesRatio(full.s, none.s)).toBeLessThan(THRESH);
      });
    }
  }

  it('default dispatch above the crossover (no options)', () => {
    const rng = mulberry32(77);
    for (const [m, n] of [
      [DIVIDE_CONQUER_CROSSOVER + 8, DIVIDE_CONQUER_CROSSOVER + 8],
      [DIVIDE_CONQUER_CROSSOVER + 40, DIVIDE_CONQUER_CROSSOVER + 8],
    ] as Array<[number, number]>) {
      const a = randomMatrix(m, n, rng);
      const thin = svdKernel(a, m, n, 'thin');
      expectLapackRatios(a, m, n, thin, `${m}x${n} default thin`);
      const qr = svdKernel(a, m, n, 'thin', { divideConquerFrom: Number.POSITIVE_INFINITY });
      expect(valuesRatio(thin.s, qr.s)).toBeLessThan(THRESH);
    }
  });

  it('non-finite bidiagonal input is reported, not returned', () => {
    const n = 40;
    const d = new Float64Array(n).fill(1);
    d[7] = Number.NaN;
    expect(() => bidiagonalDivideConquer(d, new Float64Array(n - 1).fill(0.5), n)).toThrow(ConvergenceError);
  });

  it('rank-deficient and repeated singular values (identity, all ones)', () => {
    for (const n of [40, 100]) {
      const eye = new Float64Array(n * n);
      for (let i = 0; i < n; i++) eye[i * n + i] = 1;
      expectLapackRatios(eye, n, n, svdKernel(eye, n, n, 'full', opts), `I${n}`);
      const ones = new Float64Array(n * n).fill(1);
      const r = svdKernel(ones, n, n, 'thin', opts);
      expectLapackRatios(ones, n, n, r, `ones${n}`);
      expect(Math.abs(r.s[0]! - n)).toBeLessThan(n * n * ULP);
    }
  });

  it('property: random shapes 32..60 with zeros and scaling', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 32, max: 60 }),
        fc.integer({ min: 32, max: 60 }),
        fc.integer({ min: 0, max: 0x7fffffff }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        fc.integer({ min: -290, max: 290 }),
        (m, n, seed, zeroFraction, exp10) => {
          const rng = mulberry32(seed);
          const scale = 10 ** exp10;
          const a = new Float64Array(m * n);
          for (let i = 0; i < a.length; i++) a[i] = rng() < zeroFraction ? 0 : (2 * rng() - 1) * scale;
          expectLapackRatios(a, m, n, svdKernel(a, m, n, 'thin', opts), `${m}x${n} seed ${seed}`);
        },
      ),
      { numRuns: 25, seed: 99 },
    );
  });
});
