import { describe, expect, it } from 'vitest';
import { NotPositiveDefiniteError, choleskyFactor } from '../../src/kernels/index.js';
import {
  EPS,
  hasNegativeZero,
  matmul,
  mulberry32,
  norm1,
  orthogonalFromQR,
  poisonOtherTriangle,
  scaleToMax,
  spectrum,
  subtract,
  symmetricFromSpectrum,
  transpose,
} from '../support/index.js';

const SIZES = [0, 1, 2, 3, 5, 10, 50];
const THRESH = 30;
const BADC1 = Math.sqrt(0.1 / EPS);
const BADC2 = 0.1 / EPS;
const SMALL = (0.25 * 2 ** -1022) / EPS;
const LARGE = 1 / SMALL;

function pd(n: number, cond: number, norm: number, seed: number, diagonalOnly = false): Float64Array {
  const rng = mulberry32(seed);
  const d = spectrum(n, 'geometric', cond);
  let a: Float64Array;
  if (diagonalOnly) {
    a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) a[i * n + i] = d[i]!;
  } else {
    a = symmetricFromSpectrum(d, orthogonalFromQR(n, rng), n);
  }
  return scaleToMax(a, norm);
}

/** DPOT01: ‖L·Lᵀ − A‖₁ / (n·‖A‖₁·eps). */
function ratio(a: Float64Array, l: Float64Array, n: number): number {
  if (n === 0) return 0;
  const llt = matmul(l, transpose(l, n, n), n, n, n);
  const anorm = norm1(a, n, n);
  return norm1(subtract(llt, a), n, n) / n / anorm / EPS;
}

function zeroRowCol(a: Float64Array, n: number, k: number): Float64Array {
  const b = a.slice();
  for (let j = 0; j < n; j++) {
    b[k * n + j] = 0;
    b[j * n + k] = 0;
  }
  return b;
}

describe('choleskyFactor (dchkpo, THRESH 30)', () => {
  const types: [string, number, number, boolean][] = [
    ['1 diagonal', 2, 1, true],
    ['2 dense cond 2', 2, 1, false],
    ['6 cond BADC1', BADC1, 1, false],
    ['7 cond BADC2', BADC2, 1, false],
    ['8 SMALL norm', 2, SMALL, false],
    ['9 LARGE norm', 2, LARGE, false],
    ['near overflow 1e300', 2, 1e300, false],
  ];
  for (const [name, cond, norm, diag] of types) {
    it(`type ${name}, n in {0,1,2,3,5,10,50}, uplo L and U`, () => {
      for (const n of SIZES) {
        const a = pd(n, cond, norm, 17 * n + 3, diag);
        const copy = a.slice();
        for (const uplo of ['L', 'U'] as const) {
          const l = choleskyFactor(a, n, uplo);
          expect(a).toEqual(copy);
          expect(l.length).toBe(n * n);
          for (let i = 0; i < n; i++) {
            expect(l[i * n + i]!).toBeGreaterThan(0);
            for (let j = i + 1; j < n; j++) expect(l[i * n + j]).toBe(0);
          }
          expect(hasNegativeZero(l)).toBe(false);
          expect(l.every(Number.isFinite)).toBe(true);
          expect(ratio(a, l, n), `n=${n} ${uplo}`).toBeLessThan(THRESH);
        }
      }
    });
  }

  it('types 3–5: zero row/column 1, N, N/2+1 fails at exactly that leading minor', () => {
    for (const n of SIZES) {
      const base = pd(n, 2, 1, 99 + n);
      for (const [imat, izero] of [
        [3, 1],
        [4, n],
        [5, Math.floor(n / 2) + 1],
      ] as const) {
        if (n < imat - 2) continue; // dchkpo skips these
        const a = zeroRowCol(base, n, izero - 1);
        for (const uplo of ['L', 'U'] as const) {
          let caught: unknown;
          try {
            choleskyFactor(a, n, uplo);
          } catch (err) {
            caught = err;
          }
          expect(caught).toBeInstanceOf(NotPositiveDefiniteError);
          const e = caught as NotPositiveDefiniteError;
          expect(e.order, `n=${n} type ${imat}`).toBe(izero);
          expect(e.code).toBe('NOT_POSITIVE_DEFINITE');
          expect(e.message).toBe(`cholesky: the leading minor of order ${izero} is not positive definite`);
        }
      }
    }
  });

  it('eye(3) with A[2,2] = 0 reports order 3 (PyTorch test_cholesky_errors_and_warnings)', () => {
    const a = new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(() => choleskyFactor(a, 3, 'L')).toThrow('cholesky: the leading minor of order 3 is not positive definite');
  });

  it('indefinite and NaN pivots are reported, never returned as NaN', () => {
    expect(() => choleskyFactor(new Float64Array([1, 2, 2, 1]), 2, 'L')).toThrow(/order 2/);
    expect(() => choleskyFactor(new Float64Array([-1]), 1, 'U')).toThrow(/order 1/);
    expect(() => choleskyFactor(new Float64Array([4, 0, NaN, 4]), 2, 'L')).toThrow(/order 2/);
  });

  it('NaN in the unused triangle changes nothing', () => {
    const n = 10;
    const a = pd(n, 10, 1, 5);
    for (const uplo of ['L', 'U'] as const) {
      const clean = choleskyFactor(a, n, uplo);
      expect(Array.from(choleskyFactor(poisonOtherTriangle(a, n, uplo), n, uplo))).toEqual(Array.from(clean));
    }
  });

  it('matches numpy on a fixed matrix', () => {
    // python3 -c "import numpy as np; A=np.array([[4.,2,-2,1],[2,10,4,-3],[-2,4,9,2],[1,-3,2,7]]);
    //   print([float(x)+0.0 for x in np.linalg.cholesky(A).ravel()])"
    const a = new Float64Array([4, 2, -2, 1, 2, 10, 4, -3, -2, 4, 9, 2, 1, -3, 2, 7]);
    const expected = [
      2.0, 0.0, 0.0, 0.0, 1.0, 3.0, 0.0, 0.0, -1.0, 1.6666666666666665, 2.2852182001336816, 0.0, 0.5,
      -1.1666666666666665, 1.9448665533052607, 1.2674316465685258,
    ];
    const l = choleskyFactor(a, 4, 'L');
    for (let i = 0; i < 16; i++) expect(Math.abs(l[i]! - expected[i]!)).toBeLessThan(4 * EPS * 10);
  });
});
