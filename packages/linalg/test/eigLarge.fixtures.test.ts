/**
 * eig / eigvals on eig_large.json (tools/fixtures/generate_eig_large.py): matrices of order 96–200,
 * past the crossovers of eig's blocked kernels (the blocked Hessenberg reduction's panels, the
 * blocked eigenvector back-substitution and back-transform), for random, badly scaled,
 * isolated-eigenvalue (balancing permutations), defective (Jordan blocks), 1e±150-scaled and
 * complex input. Spectra are matched as sets against numpy's within the stored tolerance, the
 * eigenvectors through dget22's residual ratio, unit norms and (real input) the conjugate-pair
 * structure; eigvals must give eig's eigenvalues bit for bit.
 */
import { describe, expect, it } from 'vitest';
import { tensor } from '@svd/tensor';
import { eig, eigvals } from '../src/index.js';
import { asComplex, columnNorm, eigResidualRatio, expectFixtureSpectrum } from './eigSupport.js';
import { ULP, f64, loadFixture } from './support/index.js';

interface LargeEigCase {
  id: string;
  type: string;
  n: number;
  complex: boolean;
  int: number[];
  int_im?: number[];
  factor: number;
  e: number[];
  w: number[];
  wtol: number;
  w_exact?: number[];
}

const THRESH = 60;
const fixture = loadFixture<{ cases: LargeEigCase[] }>('eig_large.json');

/** A[i, j] = int[i, j]·factor·2^(e[i] − e[j]), in the generator's order of operations. */
function build(c: LargeEigCase): Float64Array {
  const { n } = c;
  const width = c.complex ? 2 : 1;
  const a = new Float64Array(width * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const di = 2 ** c.e[i]!;
      const dj = 2 ** c.e[j]!;
      const p = i * n + j;
      a[width * p] = (c.int[p]! * c.factor * di) / dj;
      if (c.int_im) a[width * p + 1] = (c.int_im[p]! * c.factor * di) / dj;
    }
  }
  return a;
}

describe('eig on eig_large.json', () => {
  it('has the documented number of cases', () => {
    expect(fixture.cases.length).toBe(8);
  });

  for (const c of fixture.cases) {
    it(c.id, () => {
      const { n } = c;
      const data = build(c);
      const A = tensor(data, { shape: [n, n], dtype: c.complex ? 'complex128' : 'float64' });
      const [W, V] = eig(A);
      const w = f64(W);
      const v = f64(V);
      expectFixtureSpectrum(w, v, c);
      expect(f64(eigvals(A))).toEqual(w);
      expect(eigResidualRatio(asComplex(data, n, c.complex), n, w, v), 'residual').toBeLessThan(THRESH);
      let worstNorm = 0;
      for (let k = 0; k < n; k++) worstNorm = Math.max(worstNorm, Math.abs(columnNorm(v, n, k) - 1));
      expect(worstNorm, 'max |‖v_k‖ − 1|').toBeLessThan(n * ULP * 10);
      if (!c.complex) {
        // Real λ → exactly real vector; conjugate pairs adjacent (+ first) with conjugate vectors.
        const broken: string[] = [];
        for (let k = 0; k < n; k++) {
          const im = w[2 * k + 1]!;
          if (im === 0) {
            for (let i = 0; i < n; i++) if (v[2 * (i * n + k) + 1] !== 0) broken.push(`v_${k} not real`);
          } else {
            if (!(im > 0) || w[2 * k + 3] !== -im || w[2 * k + 2] !== w[2 * k]) broken.push(`pair ${k}`);
            for (let i = 0; i < n; i++) {
              const p = 2 * (i * n + k);
              if (v[p + 2 * n] !== undefined && (v[p + 2] !== v[p] || v[p + 3] !== -v[p + 1]!))
                broken.push(`v_${k + 1}`);
            }
            k++;
          }
        }
        expect(broken.slice(0, 5)).toEqual([]);
      }
    });
  }
});
