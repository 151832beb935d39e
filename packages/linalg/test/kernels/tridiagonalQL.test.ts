import { describe, expect, it } from 'vitest';
import { ConvergenceError, tridiagonalQL } from '../../src/kernels/index.js';
import { eighRatios, identity, isAscending, mulberry32, transpose, ULP } from '../support/index.js';

function tridiag(d: Float64Array, e: Float64Array, n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    a[i * n + i] = d[i]!;
    if (i < n - 1) {
      a[i * n + i + 1] = e[i]!;
      a[(i + 1) * n + i] = e[i]!;
    }
  }
  return a;
}

describe('tridiagonalQL (DSTEQR port)', () => {
  it('random tridiagonal matrices, graded ones, and values near the over/underflow limits', () => {
    for (const n of [1, 2, 3, 5, 10, 50]) {
      const rng = mulberry32(n);
      for (const kind of ['uniform', 'graded', 'huge', 'tiny'] as const) {
        const d = new Float64Array(n);
        const e = new Float64Array(Math.max(0, n - 1));
        for (let i = 0; i < n; i++) {
          d[i] = 2 * rng() - 1;
          if (i < n - 1) e[i] = 2 * rng() - 1;
        }
        if (kind === 'graded') {
          for (let i = 0; i < n; i++) d[i] = d[i]! * 10 ** (-i / 2);
          for (let i = 0; i < n - 1; i++) e[i] = e[i]! * 10 ** (-i / 2 - 0.25);
        }
        const f = kind === 'huge' ? 1e300 : kind === 'tiny' ? 1e-300 : 1;
        const ds = d.map((x) => x * f);
        const es = e.map((x) => x * f);
        const a = tridiag(ds, es, n);
        const zt = identity(n);
        const dd = ds.slice();
        tridiagonalQL(dd, es.slice(), zt, n);
        expect(isAscending(dd)).toBe(true);
        const { factor, orth } = eighRatios(a, dd, transpose(zt, n, n), n);
        expect(factor, `${kind} n=${n}`).toBeLessThan(60);
        expect(orth, `${kind} n=${n}`).toBeLessThan(60);
        // Values only gives the same eigenvalues.
        const dv = ds.slice();
        tridiagonalQL(dv, es.slice(), null, n);
        let wmax = 0;
        for (const x of dd) wmax = Math.max(wmax, Math.abs(x));
        for (let i = 0; i < n; i++) expect(Math.abs(dv[i]! - dd[i]!)).toBeLessThanOrEqual(60 * ULP * wmax);
      }
    }
  });

  it('rejects NaN and Infinity instead of iterating on them', () => {
    expect(() => tridiagonalQL(new Float64Array([1, NaN]), new Float64Array([1]), null, 2)).toThrow(ConvergenceError);
    expect(() => tridiagonalQL(new Float64Array([1, 2]), new Float64Array([Infinity]), null, 2, 'eigvalsh')).toThrow(
      /^eigvalsh: /,
    );
  });
});
