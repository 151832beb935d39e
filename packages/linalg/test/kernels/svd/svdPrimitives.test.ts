import { describe, expect, it } from 'vitest';
import {
  ConvergenceError,
  GivensRotation,
  bidiagonalSvdValues,
  safeHypot as hypot,
  safeNorm2,
} from '../../../src/kernels/index.js';
import { twoByTwoSingularValues, twoByTwoSvd } from '../../../src/kernels/svd/twoByTwoSvd.js';
import { ULP } from '../../support/index.js';

describe('safe norms', () => {
  it('hypot neither overflows nor underflows', () => {
    expect(hypot(3e200, 4e200)).toBeCloseTo(5e200, -190);
    expect(Math.abs(hypot(3e-200, 4e-200) / 5e-200 - 1)).toBeLessThan(2 * ULP);
    expect(hypot(0, -0)).toBe(0);
    expect(hypot(NaN, 1)).toBeNaN();
  });

  it("safeNorm2 (Blue's algorithm) across the exponent range", () => {
    const x = Float64Array.of(1e300, 1e300, 1e-300, 7);
    expect(Math.abs(safeNorm2(x, 0, 2, 1) / (Math.SQRT2 * 1e300) - 1)).toBeLessThan(2 * ULP);
    const tiny = Float64Array.of(3e-170, 0, 4e-170);
    expect(Math.abs(safeNorm2(tiny, 0, 2, 2) / 5e-170 - 1)).toBeLessThan(2 * ULP);
    const mixed = Float64Array.of(3, 1e-200, 4);
    expect(safeNorm2(mixed, 0, 3, 1)).toBe(5);
    expect(safeNorm2(Float64Array.of(1, NaN), 0, 2, 1)).toBeNaN();
    expect(safeNorm2(Float64Array.of(1e-300, NaN, 1e300), 0, 3, 1)).toBeNaN();
    expect(safeNorm2(Float64Array.of(1e-300, Infinity), 0, 2, 1)).toBe(Infinity);
    expect(safeNorm2(new Float64Array(3), 0, 3, 1)).toBe(0);
  });
});

describe('GivensRotation (dlartg)', () => {
  const rot = new GivensRotation();
  for (const [f, g] of [
    [3, 4],
    [-3, 4],
    [1e300, 1e300],
    [1e-300, -3e-300],
    [0, -2],
    [5, 0],
    [1e-320, 1e200],
  ] as Array<[number, number]>) {
    it(`annihilates g for (f, g) = (${f}, ${g})`, () => {
      rot.compute(f, g);
      const { c, s, r } = rot;
      expect(c).toBeGreaterThanOrEqual(0);
      expect(Math.abs(c * c + s * s - 1)).toBeLessThan(4 * ULP);
      // [c s; -s c]·[f; g] = [r; 0], checked relative to max(|f|, |g|) to stay in range.
      const scale = Math.max(Math.abs(f), Math.abs(g));
      expect(Math.abs(c * (f / scale) + s * (g / scale) - r / scale)).toBeLessThan(4 * ULP);
      expect(Math.abs(-s * (f / scale) + c * (g / scale))).toBeLessThan(4 * ULP);
    });
  }
});

describe('2×2 triangular SVD (dlas2, dlasv2)', () => {
  it('matches the closed form and reconstructs', () => {
    const out = { min: 0, max: 0, sinR: 0, cosR: 0, sinL: 0, cosL: 0 };
    const pair = { min: 0, max: 0 };
    for (const [f, g, h] of [
      [3, 4, 5],
      [-2, 1e-20, 1e-10],
      [1, 1e20, 1],
      [0, 2, 3],
      [4, 0, -1],
      [1e-300, 1e300, 1e-300],
    ] as Array<[number, number, number]>) {
      twoByTwoSvd(f, g, h, out);
      twoByTwoSingularValues(f, g, h, pair);
      expect(Math.abs(Math.abs(out.max) - pair.max)).toBeLessThanOrEqual(4 * ULP * pair.max);
      expect(Math.abs(Math.abs(out.min) - pair.min)).toBeLessThanOrEqual(4 * ULP * pair.max);
      // |σmax·σmin| = |det| = |f·h| (relative check; the product is exact in both cases).
      expect(Math.abs(out.max * out.min - f * h)).toBeLessThanOrEqual(8 * ULP * Math.abs(f * h) + 1e-320);
      // [cl sl; -sl cl]·[f g; 0 h]·[cr -sr; sr cr] = diag(max, min)
      const { cosL: cl, sinL: sl, cosR: cr, sinR: sr } = out;
      const b00 = cl * f,
        b01 = cl * g + sl * h,
        b10 = -sl * f,
        b11 = -sl * g + cl * h;
      const r00 = b00 * cr + b01 * sr,
        r01 = -b00 * sr + b01 * cr;
      const r10 = b10 * cr + b11 * sr,
        r11 = -b10 * sr + b11 * cr;
      const nrm = pair.max;
      expect(Math.abs(r00 - out.max)).toBeLessThanOrEqual(8 * ULP * nrm);
      expect(Math.abs(r11 - out.min)).toBeLessThanOrEqual(8 * ULP * nrm);
      expect(Math.abs(r01)).toBeLessThanOrEqual(8 * ULP * nrm);
      expect(Math.abs(r10)).toBeLessThanOrEqual(8 * ULP * nrm);
    }
  });
});

describe('bidiagonalSvdValues', () => {
  it('computes tiny singular values to high relative accuracy (graded bidiagonal)', () => {
    // B = bidiag(d = [1, 1e-10, 1e-20], e = [1, 1e-10]); numpy 2.4:
    //   np.linalg.svd(np.array([[1,1,0],[0,1e-10,1e-10],[0,0,1e-20]]), compute_uv=False)
    //   -> [1.4142135623730951, 1.224744871391589e-10, 5.7735026918962575e-21]
    // Relative accuracy of the smallest value is dbdsqr's guarantee; a normwise method would
    // only get it to ~1e-16 absolute, i.e. not at all.
    const s = bidiagonalSvdValues(Float64Array.of(1, 1e-10, 1e-20), Float64Array.of(1, 1e-10));
    const want = [Math.SQRT2, 1.224744871391589e-10, 5.7735026918962575e-21];
    for (let i = 0; i < 3; i++) expect(Math.abs(s[i]! / want[i]! - 1)).toBeLessThan(1e-13);
  });

  it('NaN never converges silently: throws ConvergenceError naming svd and the count', () => {
    const d = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    d[4] = NaN;
    const e = new Float64Array(9).fill(0.5);
    let caught: unknown;
    try {
      bidiagonalSvdValues(d, e);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConvergenceError);
    const ce = caught as ConvergenceError;
    expect(ce.code).toBe('CONVERGENCE');
    expect(ce.message).toMatch(/^svd: /);
    expect(ce.message).toMatch(/bidiagonal QR/);
    expect(ce.iterations).toBeGreaterThanOrEqual(6 * 10 * 10);
    expect(ce.message).toContain(String(ce.iterations));
  });
});
