/**
 * eig / eigvals on eig.json (tools/fixtures/generate_eig.py: LAPACK ddrvev/zdrvev-style matrix
 * types). Spectra are matched as sets against numpy's (tolerance from the eigenvalue condition
 * numbers, stored per case), eigenvectors are checked through dget22's residual ratio and unit
 * norms (V is defined only up to phase), and — where the fixture has them — against numpy's
 * eigenvectors put in the same phase convention.
 */
import { describe, expect, it } from 'vitest';
import { tensor } from '@svd/tensor';
import { eig, eigvals } from '../src/index.js';
import { asComplex, columnNorm, eigResidualRatio, spectrumDistance } from './eigSupport.js';
import { ULP, f64, hasNegativeZero, loadFixture } from './support/index.js';

interface EigCase {
  id: string;
  type: string;
  n: number;
  complex: boolean;
  a: { shape: [number, number]; data: number[] };
  w: number[];
  wtol: number;
  w_exact?: number[];
  v?: number[];
}

const THRESH = 60;
const fixture = loadFixture<{ cases: EigCase[] }>('eig.json');

function input(c: EigCase) {
  return tensor(Float64Array.from(c.a.data), { shape: c.a.shape, dtype: c.complex ? 'complex128' : 'float64' });
}

describe('eig on eig.json', () => {
  it('has the documented number of cases', () => {
    expect(fixture.cases.length).toBe(40);
  });

  for (const c of fixture.cases) {
    it(c.id, () => {
      const { n } = c;
      const A = input(c);
      const [W, V] = eig(A);
      expect(W.dtype).toBe('complex128');
      expect(V.dtype).toBe('complex128');
      expect(W.shape).toEqual([n]);
      expect(V.shape).toEqual([n, n]);
      const w = f64(W);
      const v = f64(V);
      expect(w.every(Number.isFinite) && v.every(Number.isFinite)).toBe(true);
      expect(hasNegativeZero(w) || hasNegativeZero(v)).toBe(false);
      expect(spectrumDistance(w, c.w), 'W vs numpy').toBeLessThanOrEqual(c.wtol);
      if (c.w_exact) expect(spectrumDistance(w, c.w_exact), 'W vs exact').toBeLessThanOrEqual(2 * c.wtol + 4 * ULP);
      // eigvals runs the same iteration without forming T or Z: the same eigenvalues, bit for bit.
      expect(f64(eigvals(A))).toEqual(w);
      if (n === 0) return;
      const a = asComplex(c.a.data, n, c.complex);
      expect(eigResidualRatio(a, n, w, v), 'residual').toBeLessThan(THRESH);
      for (let k = 0; k < n; k++) {
        expect(Math.abs(columnNorm(v, n, k) - 1), `‖v_${k}‖`).toBeLessThan(n * ULP * 10);
        // Phase convention: the largest-modulus component is real and positive.
        let p = 0;
        let big = -1;
        for (let i = 0; i < n; i++) {
          const m = Math.hypot(v[2 * (i * n + k)]!, v[2 * (i * n + k) + 1]!);
          if (m > big * (1 + 1e-12)) {
            big = m;
            p = i;
          }
        }
        expect(v[2 * (p * n + k)]!).toBeGreaterThan(0);
        expect(v[2 * (p * n + k) + 1]!).toBe(0);
      }
      if (!c.complex) {
        // Real input: conjugate pairs adjacent (+ first), conjugate vectors; real λ → real vector.
        for (let k = 0; k < n; k++) {
          const im = w[2 * k + 1]!;
          if (im === 0) {
            for (let i = 0; i < n; i++) expect(v[2 * (i * n + k) + 1]).toBe(0);
          } else if (im > 0) {
            expect(w[2 * k + 2]).toBe(w[2 * k]);
            expect(w[2 * k + 3]).toBe(-im);
            for (let i = 0; i < n; i++) {
              expect(v[2 * (i * n + k + 1)]).toBe(v[2 * (i * n + k)]);
              expect(v[2 * (i * n + k + 1) + 1]).toBe(-v[2 * (i * n + k) + 1]! || 0);
            }
            k++;
          } else {
            throw new Error(`${c.id}: eigenvalue ${k} has negative imaginary part without its pair`);
          }
        }
      }
      if (c.v) {
        // Well-separated spectrum: match each eigenvalue to numpy's and compare its vector.
        for (let k = 0; k < n; k++) {
          let j = 0;
          let bd = Number.POSITIVE_INFINITY;
          for (let q = 0; q < n; q++) {
            const d = Math.hypot(w[2 * k]! - c.w[2 * q]!, w[2 * k + 1]! - c.w[2 * q + 1]!);
            if (d < bd) {
              bd = d;
              j = q;
            }
          }
          let diff = 0;
          for (let i = 0; i < n; i++) {
            const p = 2 * (i * n + k);
            const q = 2 * (i * n + j);
            diff = Math.max(diff, Math.hypot(v[p]! - c.v[q]!, v[p + 1]! - c.v[q + 1]!));
          }
          expect(diff, `${c.id}: v_${k} vs numpy`).toBeLessThan(1e-9);
        }
      }
    });
  }
});

describe('eig on the batched fixture [2, 3, 4, 4]', () => {
  const b = loadFixture<{ batched: { shape: number[]; data: number[]; w: number[] } }>('eig.json').batched;
  it('every batch element matches numpy’s spectrum and has a small residual', () => {
    const [W, V] = eig(tensor(Float64Array.from(b.data), { shape: b.shape }));
    expect(W.shape).toEqual([2, 3, 4]);
    expect(V.shape).toEqual([2, 3, 4, 4]);
    const w = f64(W);
    const v = f64(V);
    for (let k = 0; k < 6; k++) {
      const wk = w.subarray(8 * k, 8 * (k + 1));
      expect(spectrumDistance(wk, b.w.slice(8 * k, 8 * (k + 1)))).toBeLessThan(1e-12);
      const a = asComplex(b.data.slice(16 * k, 16 * (k + 1)), 4, false);
      expect(eigResidualRatio(a, 4, wk, v.subarray(32 * k, 32 * (k + 1)))).toBeLessThan(THRESH);
    }
  });
});
