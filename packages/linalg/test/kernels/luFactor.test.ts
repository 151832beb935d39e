import { describe, expect, it } from 'vitest';
import { luFactor } from '../../src/kernels/index.js';
import {
  EPS,
  hasNegativeZero,
  matmul,
  matrixFromSingularValues,
  mulberry32,
  norm1,
  randomMatrix,
  scaleToMax,
  spectrum,
  subtract,
} from '../support/index.js';

const SIZES = [0, 1, 2, 3, 5, 10, 50];

function split(lu: Float64Array, n: number) {
  const l = new Float64Array(n * n);
  const u = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (j < i) l[i * n + j] = lu[i * n + j]!;
      else u[i * n + j] = lu[i * n + j]!;
    }
    l[i * n + i] = 1;
  }
  return { l, u };
}

/** DGET01: ‖P·A − L·U‖₁ / (n·‖A‖₁·eps). */
function check(a: Float64Array, n: number): number {
  const copy = a.slice();
  const { lu, perm, sign } = luFactor(a, n);
  expect(a).toEqual(copy);
  expect(hasNegativeZero(lu)).toBe(false);
  // perm is a permutation and sign its parity.
  expect(Array.from(perm).sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
  const seen = new Array<boolean>(n).fill(false);
  let parity = 1;
  for (let i = 0; i < n; i++) {
    if (seen[i]) continue;
    let len = 0;
    for (let j = i; !seen[j]; j = perm[j]!) {
      seen[j] = true;
      len++;
    }
    if (len % 2 === 0) parity = -parity;
  }
  expect(sign).toBe(parity);
  // Partial pivoting: every multiplier has magnitude ≤ 1.
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(Math.abs(lu[i * n + j]!)).toBeLessThanOrEqual(1);
  if (n === 0) return 0;
  const pa = new Float64Array(n * n);
  for (let i = 0; i < n; i++) pa.set(a.subarray(perm[i]! * n, perm[i]! * n + n), i * n);
  const { l, u } = split(lu, n);
  const anorm = norm1(a, n, n);
  if (anorm === 0) return norm1(subtract(pa, matmul(l, u, n, n, n)), n, n) === 0 ? 0 : Infinity;
  return norm1(subtract(pa, matmul(l, u, n, n, n)), n, n) / n / anorm / EPS;
}

describe('luFactor (dget01 ratio, THRESH 30)', () => {
  it('random, ill-conditioned and scaled matrices', () => {
    for (const n of SIZES) {
      const rng = mulberry32(7 + n);
      const cases = [
        randomMatrix(n, n, rng),
        matrixFromSingularValues(n, n, spectrum(n, 'geometric', 0.1 / EPS), rng),
        scaleToMax(randomMatrix(n, n, rng), 1e300),
        scaleToMax(randomMatrix(n, n, rng), 1e-300),
      ];
      for (const a of cases) expect(check(a, n), `n=${n}`).toBeLessThan(30);
    }
  });

  it('singular matrices factor without throwing and report the first zero pivot', () => {
    const zero = luFactor(new Float64Array(9), 3);
    expect(zero.zeroPivot).toBe(1);
    expect(Array.from(zero.lu)).toEqual(new Array(9).fill(0));
    // Rank 2: the third column is the sum of the first two.
    const a = new Float64Array([1, 2, 3, 4, 5, 9, 7, 8, 15]);
    const r = luFactor(a, 3);
    expect(r.zeroPivot === 0 || r.zeroPivot === 3).toBe(true);
    expect(Math.abs(r.lu[8]!)).toBeLessThan(1e-14);
    expect(check(a, 3)).toBeLessThan(30);
    // An exactly singular leading column.
    const b = new Float64Array([0, 1, 0, 2]);
    const rb = luFactor(b, 2);
    expect(rb.zeroPivot).toBe(1);
    expect(check(b, 2)).toBeLessThan(30);
    expect(luFactor(new Float64Array([1, 2, 3, 4]), 2).zeroPivot).toBe(0);
  });

  it('empty input', () => {
    const r = luFactor(new Float64Array(0), 0);
    expect(r.lu.length).toBe(0);
    expect(r.perm.length).toBe(0);
    expect(r.sign).toBe(1);
  });

  it('matches scipy lu_factor on a fixed matrix', () => {
    // python3 -c "import numpy as np, scipy.linalg as sl; B=np.array([[1.,2,3],[4,5,6],[7,8,10]]);
    //   lu,piv=sl.lu_factor(B); print([float(x) for x in lu.ravel()]); P,L,U=sl.lu(B); print(P.T.argmax(axis=1).tolist())"
    const { lu, perm, sign } = luFactor(new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 10]), 3);
    const expected = [
      7.0, 8.0, 10.0, 0.14285714285714285, 0.8571428571428572, 1.5714285714285716, 0.5714285714285714,
      0.5000000000000002, -0.5,
    ];
    for (let i = 0; i < 9; i++) expect(Math.abs(lu[i]! - expected[i]!)).toBeLessThan(1e-15 * 10);
    expect(Array.from(perm)).toEqual([2, 0, 1]);
    expect(sign).toBe(1); // a 3-cycle is even
  });
});
