import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractR, formQ, householderQR } from '../../src/kernels/index.js';
import {
  EPS,
  hasNegativeZero,
  matrixFromSingularValues,
  mulberry32,
  qrRatios,
  randomMatrix,
  scaleToMax,
  spectrum,
} from '../support/index.js';

const SIZES = [0, 1, 2, 3, 5, 10, 50];
const THRESH = 30;
// dlatb4 'QR': CNDNUM = 2, BADC1 = sqrt(0.1/eps), BADC2 = 0.1/eps, SMALL = 0.25·safmin/eps.
const BADC1 = Math.sqrt(0.1 / EPS);
const BADC2 = 0.1 / EPS;
const SMALL = (0.25 * 2 ** -1022) / EPS;
const LARGE = 1 / SMALL;

type Kind = 'diagonal' | 'upper' | 'lower' | 'dense';
interface QrCase {
  name: string;
  kind: Kind;
  cond: number;
  norm: number;
}
// The eight matrix types of dchkqr.f.
const TYPES: QrCase[] = [
  { name: '1 diagonal', kind: 'diagonal', cond: 2, norm: 1 },
  { name: '2 upper triangular', kind: 'upper', cond: 2, norm: 1 },
  { name: '3 lower triangular', kind: 'lower', cond: 2, norm: 1 },
  { name: '4 dense', kind: 'dense', cond: 2, norm: 1 },
  { name: '5 dense cond BADC1', kind: 'dense', cond: BADC1, norm: 1 },
  { name: '6 dense cond BADC2', kind: 'dense', cond: BADC2, norm: 1 },
  { name: '7 dense norm SMALL', kind: 'dense', cond: 2, norm: SMALL },
  { name: '8 dense norm LARGE', kind: 'dense', cond: 2, norm: LARGE },
];

function makeMatrix(c: QrCase, m: number, n: number, seed: number): Float64Array {
  const rng = mulberry32(seed);
  const k = Math.min(m, n);
  const s = spectrum(k, 'geometric', c.cond);
  let a: Float64Array;
  if (c.kind === 'diagonal') {
    a = new Float64Array(m * n);
    for (let i = 0; i < k; i++) a[i * n + i] = rng() < 0.5 ? -s[i]! : s[i]!;
  } else {
    a = matrixFromSingularValues(m, n, s, rng);
    if (c.kind === 'upper') for (let i = 0; i < m; i++) for (let j = 0; j < Math.min(i, n); j++) a[i * n + j] = 0;
    if (c.kind === 'lower') for (let i = 0; i < m; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = 0;
  }
  return scaleToMax(a, c.norm);
}

function checkQR(a: Float64Array, m: number, n: number) {
  const copy = a.slice();
  const { qr, tau } = householderQR(a, m, n);
  expect(a).toEqual(copy); // input untouched
  const k = Math.min(m, n);
  expect(qr.length).toBe(m * n);
  expect(tau.length).toBe(k);
  const qFull = formQ(qr, tau, m, n, m);
  const rFull = extractR(qr, m, n, m);
  const ratios = qrRatios(a, qFull, rFull, m, n);
  // Non-negative diagonal (DGEQRFP); all k of them.
  for (let i = 0; i < k; i++) expect(rFull[i * n + i]!).toBeGreaterThanOrEqual(0);
  expect(hasNegativeZero(qr) || hasNegativeZero(qFull) || hasNegativeZero(rFull)).toBe(false);
  // Thin Q and R agree with the leading parts of the full ones.
  const qThin = formQ(qr, tau, m, n, k);
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) expect(qThin[i * k + j]).toBe(qFull[i * m + j]);
  const rThin = extractR(qr, m, n, k);
  expect(Array.from(rThin)).toEqual(Array.from(rFull.subarray(0, k * n)));
  return ratios;
}

describe('householderQR (dchkqr ratios, THRESH 30)', () => {
  for (const c of TYPES) {
    it(`type ${c.name}: all m, n in {0,1,2,3,5,10,50}`, () => {
      let worst = 0;
      for (const m of SIZES) {
        for (const n of SIZES) {
          const a = makeMatrix(c, m, n, 1000 * m + n + 7);
          const { factor, orth } = checkQR(a, m, n);
          expect(factor, `factor ${m}x${n}`).toBeLessThan(THRESH);
          expect(orth, `orth ${m}x${n}`).toBeLessThan(THRESH);
          worst = Math.max(worst, factor, orth);
        }
      }
      expect(worst).toBeLessThan(THRESH);
    });
  }

  it('zero matrix: R = 0, Q = I, no −0', () => {
    for (const [m, n] of [
      [3, 3],
      [5, 2],
      [2, 5],
    ] as const) {
      const { qr, tau } = householderQR(new Float64Array(m * n), m, n);
      expect(Array.from(tau)).toEqual(new Array(Math.min(m, n)).fill(0));
      const q = formQ(qr, tau, m, n, m);
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) expect(q[i * m + j]).toBe(i === j ? 1 : 0);
      expect(hasNegativeZero(extractR(qr, m, n, m))).toBe(false);
    }
  });

  it('flips a negative 1×1 and a negative last pivot of a wide matrix', () => {
    const one = householderQR(new Float64Array([-3]), 1, 1);
    expect(extractR(one.qr, 1, 1, 1)[0]).toBe(3);
    expect(formQ(one.qr, one.tau, 1, 1, 1)[0]).toBe(-1);
    const wide = householderQR(new Float64Array([2, 0, 1, 0, -5, 7]), 2, 3);
    const r = extractR(wide.qr, 2, 3, 2);
    expect(r[0]).toBe(2);
    expect(r[4]).toBe(5);
  });

  it('entries of 1e200 and 1e-300 do not overflow or vanish (safe norm in the reflector)', () => {
    for (const f of [1e200, 1e300, 1e-300]) {
      const a = randomMatrix(6, 4, mulberry32(3)).map((x) => x * f);
      const { factor, orth } = checkQR(a, 6, 4);
      expect(factor).toBeLessThan(THRESH);
      expect(orth).toBeLessThan(THRESH);
    }
  });

  it('matches numpy for a fixed 4×3 matrix (R with positive diagonal)', () => {
    // python3 -c "import numpy as np; A=np.array([[1.,2,3],[4,5,6],[7,8,10],[-1,0,2]]);
    //   Q,R=np.linalg.qr(A); s=np.sign(np.diag(R)); print([float(x)+0.0 for x in (s[:,None]*R).ravel()])"
    const expected = [
      8.18535277187245, 9.529216659791809, 11.606097213848996, 0, 1.481225793303057, 3.647644470583036, 0, 0,
      0.9965928350693511,
    ];
    const a = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 10, -1, 0, 2]);
    const { qr } = householderQR(a, 4, 3);
    const r = extractR(qr, 4, 3, 3);
    for (let i = 0; i < 9; i++) expect(r[i]!).toBeCloseTo(expected[i]!, 12);
  });

  it('rejects bad arguments', () => {
    expect(() => householderQR(new Float64Array(3), 2, 2)).toThrow(/qr/);
    const { qr, tau } = householderQR(new Float64Array(4), 2, 2);
    expect(() => formQ(qr, tau, 2, 2, 3)).toThrow(/qr/);
  });

  it('property: invariants on random shapes up to 10×10 and random magnitudes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom(1, 1e-150, 1e150, 1e-300, 1e300),
        (m, n, seed, mag) => {
          const a = randomMatrix(m, n, mulberry32(seed)).map((x) => x * mag);
          const { factor, orth } = checkQR(a, m, n);
          return factor < THRESH && orth < THRESH;
        },
      ),
      { numRuns: 200 },
    );
  });
});
