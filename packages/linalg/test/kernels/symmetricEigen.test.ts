import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConvergenceError, symmetricEigen } from '../../src/kernels/index.js';
import {
  eighRatios,
  hasNegativeZero,
  isAscending,
  mulberry32,
  orthogonalFromQR,
  OVFL,
  poisonOtherTriangle,
  randomMatrix,
  scaleToMax,
  spectrum,
  type SpectrumMode,
  symmetricFromSpectrum,
  ULP,
  UNFL,
  withRandomSigns,
} from '../support/index.js';

const SIZES = [0, 1, 2, 3, 5, 10, 50];
const THRESH = 60; // se2.in
const COND = 1 / ULP;

// ddrvst.f types (16–18, band matrices, are covered by "dense random" here).
type Gen = (n: number, rng: () => number) => Float64Array;
const diagonal =
  (mode: SpectrumMode): Gen =>
  (n, rng) => {
    const d = withRandomSigns(spectrum(n, mode, COND), rng);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) a[i * n + i] = d[i]!;
    return a;
  };
const dense =
  (mode: SpectrumMode): Gen =>
  (n, rng) =>
    symmetricFromSpectrum(withRandomSigns(spectrum(n, mode, COND), rng), orthogonalFromQR(n, rng), n);
const randomSymmetric: Gen = (n, rng) => {
  const a = randomMatrix(n, n, rng);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j]!;
  return a;
};
const scaled =
  (g: Gen, large: boolean): Gen =>
  (n, rng) =>
    scaleToMax(g(n, rng), large ? (Math.sqrt(OVFL) * ULP) / Math.max(1, n) : (Math.sqrt(UNFL) * Math.max(1, n)) / ULP);

const TYPES: [string, Gen][] = [
  ['1 zero', (n) => new Float64Array(n * n)],
  [
    '2 identity',
    (n) => {
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) a[i * n + i] = 1;
      return a;
    },
  ],
  ['3 diagonal arithmetic ±', diagonal('arithmetic')],
  ['4 diagonal geometric ±', diagonal('geometric')],
  ['5 diagonal clustered ±', diagonal('clustered')],
  ['6 diagonal arithmetic × large', scaled(diagonal('arithmetic'), true)],
  ['7 diagonal arithmetic × small', scaled(diagonal('arithmetic'), false)],
  ['8 dense arithmetic', dense('arithmetic')],
  ['9 dense geometric', dense('geometric')],
  ['10 dense clustered', dense('clustered')],
  ['11 dense arithmetic × large', scaled(dense('arithmetic'), true)],
  ['12 dense arithmetic × small', scaled(dense('arithmetic'), false)],
  ['13 random symmetric', randomSymmetric],
  ['14 random symmetric × large', scaled(randomSymmetric, true)],
  ['15 random symmetric × small', scaled(randomSymmetric, false)],
  ['near overflow 1e292', (n, rng) => scaleToMax(dense('arithmetic')(n, rng), 1e292)],
  ['near underflow 1e-292', (n, rng) => scaleToMax(dense('arithmetic')(n, rng), 1e-292)],
];

function check(a: Float64Array, n: number, uplo: 'L' | 'U') {
  const copy = a.slice();
  const { w, v } = symmetricEigen(a, n, uplo, true);
  expect(a).toEqual(copy);
  const values = symmetricEigen(a, n, uplo, false);
  expect(values.v).toBeNull();
  expect(v).not.toBeNull();
  const z = v!;
  expect(isAscending(w)).toBe(true);
  expect(hasNegativeZero(w) || hasNegativeZero(z)).toBe(false);
  // Deterministic sign: the largest-magnitude component of every eigenvector is positive.
  for (let j = 0; j < n; j++) {
    let big = -1;
    let at = 0;
    for (let i = 0; i < n; i++) {
      if (Math.abs(z[i * n + j]!) > big) {
        big = Math.abs(z[i * n + j]!);
        at = i;
      }
    }
    expect(z[at * n + j]!).toBeGreaterThan(0);
  }
  // dsyt21 test 3: eigenvalues with and without vectors agree.
  let wmax = 0;
  for (let i = 0; i < n; i++) wmax = Math.max(wmax, Math.abs(w[i]!));
  for (let i = 0; i < n; i++) {
    const diff = Math.abs(w[i]! - values.w[i]!);
    expect(diff / Math.max(UNFL, ULP * Math.max(wmax, diff))).toBeLessThan(THRESH);
  }
  return eighRatios(a, w, z, n);
}

describe('symmetricEigen (ddrvst/dsyt21 ratios, THRESH 60)', () => {
  for (const [name, gen] of TYPES) {
    it(`type ${name}, n in {0,1,2,3,5,10,50}, uplo L and U`, () => {
      for (const n of SIZES) {
        const a = gen(n, mulberry32(31 * n + name.length));
        for (const uplo of ['L', 'U'] as const) {
          const { factor, orth } = check(a, n, uplo);
          expect(factor, `factor n=${n} ${uplo}`).toBeLessThan(THRESH);
          expect(orth, `orth n=${n} ${uplo}`).toBeLessThan(THRESH);
        }
      }
    });
  }

  it('n = 0 returns empty outputs', () => {
    const r = symmetricEigen(new Float64Array(0), 0, 'L', true);
    expect(r.w.length).toBe(0);
    expect(r.v!.length).toBe(0);
  });

  it('NaN in the unused triangle changes nothing', () => {
    const n = 10;
    const a = randomSymmetric(n, mulberry32(5));
    for (const uplo of ['L', 'U'] as const) {
      const clean = symmetricEigen(a, n, uplo, true);
      const dirty = symmetricEigen(poisonOtherTriangle(a, n, uplo), n, uplo, true);
      expect(Array.from(dirty.w)).toEqual(Array.from(clean.w));
      expect(Array.from(dirty.v!)).toEqual(Array.from(clean.v!));
    }
  });

  it('repeated eigenvalue λ = (1, 1, 4) still gives orthonormal vectors', () => {
    const rng = mulberry32(11);
    const a = symmetricFromSpectrum(new Float64Array([1, 4, 1]), orthogonalFromQR(3, rng), 3);
    const { w, v } = symmetricEigen(a, 3, 'L', true);
    expect(w[0]!).toBeCloseTo(1, 14);
    expect(w[1]!).toBeCloseTo(1, 14);
    expect(w[2]!).toBeCloseTo(4, 14);
    const { factor, orth } = eighRatios(a, w, v!, 3);
    expect(factor).toBeLessThan(THRESH);
    expect(orth).toBeLessThan(THRESH);
  });

  it('matches numpy eigvalsh on fixed matrices', () => {
    // python3 -c "import numpy as np, scipy.linalg as sl; print([float(x) for x in np.linalg.eigvalsh(sl.hilbert(5))])"
    const hilbert = new Float64Array(25);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) hilbert[i * 5 + j] = 1 / (i + j + 1);
    const hilbertW = [
      3.287928772175417e-6, 0.00030589804015117647, 0.011407491623419842, 0.20853421861101346, 1.5670506910982307,
    ];
    // W = diag(|-3..3|) + ones on the off-diagonals (Wilkinson W7+):
    // python3 -c "import numpy as np; W=np.diag(np.abs(np.arange(-3,4)).astype(float))+np.diag(np.ones(6),1)+np.diag(np.ones(6),-1); print([float(x) for x in np.linalg.eigvalsh(W)])"
    const wilk = new Float64Array(49);
    for (let i = 0; i < 7; i++) {
      wilk[i * 7 + i] = Math.abs(i - 3);
      if (i < 6) {
        wilk[i * 7 + i + 1] = 1;
        wilk[(i + 1) * 7 + i] = 1;
      }
    }
    const wilkW = [
      -1.1248854197645741, 0.2679491924311232, 0.9999999999999999, 2.0, 2.363328237932683, 3.7320508075688776,
      3.7615571818318907,
    ];
    // python3 -c "import numpy as np; A=np.array([[2.,-1,0,3],[-1,4,1,0],[0,1,-3,2],[3,0,2,1]]); print([float(x) for x in np.linalg.eigvalsh(A)])"
    const small = new Float64Array([2, -1, 0, 3, -1, 4, 1, 0, 0, 1, -3, 2, 3, 0, 2, 1]);
    const smallW = [-4.152422777460837, -0.9268278941574948, 3.9556823793506166, 5.123568292267713];
    for (const [a, n, ref] of [
      [hilbert, 5, hilbertW],
      [wilk, 7, wilkW],
      [small, 4, smallW],
    ] as const) {
      const { w } = symmetricEigen(a, n, 'U', false);
      const scale = Math.abs(ref[ref.length - 1]!) + Math.abs(ref[0]!);
      for (let i = 0; i < n; i++) expect(Math.abs(w[i]! - ref[i]!)).toBeLessThan(8 * n * ULP * scale);
    }
  });

  it('NaN or Infinity in the read triangle throws ConvergenceError naming eigh', () => {
    const a = new Float64Array([1, 0, NaN, 1]); // NaN in the lower triangle
    expect(() => symmetricEigen(a, 2, 'L', true)).toThrow(ConvergenceError);
    expect(() => symmetricEigen(a, 2, 'L', true)).toThrow(/^eigh: /);
    try {
      symmetricEigen(new Float64Array([Infinity]), 1, 'U', false);
      expect.unreachable();
    } catch (err) {
      expect((err as ConvergenceError).code).toBe('CONVERGENCE');
    }
    // ...but a NaN in the *unread* triangle is fine.
    expect(symmetricEigen(a, 2, 'U', false).w[0]).toBe(1);
  });

  it('property: invariants for random symmetric n ≤ 10 at random magnitudes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom(1, 1e-300, 1e300, 1e-150, 1e150),
        fc.constantFrom('L' as const, 'U' as const),
        (n, seed, mag, uplo) => {
          const a = randomSymmetric(n, mulberry32(seed)).map((x) => x * mag);
          const { w, v } = symmetricEigen(a, n, uplo, true);
          const { factor, orth } = eighRatios(a, w, v!, n);
          return isAscending(w) && factor < THRESH && orth < THRESH;
        },
      ),
      { numRuns: 200 },
    );
  });
});
