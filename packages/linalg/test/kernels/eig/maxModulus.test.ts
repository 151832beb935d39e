/**
 * maxModulus (the complex max |aᵢ| behind eig's balancing and range scaling): the same value as
 * Math.hypot over every entry, bit for bit, and NaN wherever a NaN entry stands (balance.ts
 * falls back to skipping NaN only when it sees one).
 */
import { describe, expect, it } from 'vitest';
import { maxModulus } from '../../../src/kernels/eig/maxModulus.js';
import { tensor } from '@svd/tensor';
import { eigvals } from '../../../src/index.js';
import { mulberry32 } from '../../support/index.js';

function byHypot(a: Float64Array, start: number, stride: number, count: number): number {
  let m = 0;
  for (let k = 0, p = start; k < count; k++, p += stride) m = Math.max(m, Math.hypot(a[p]!, a[p + 1]!));
  return m;
}

describe('maxModulus', () => {
  it('equals max hypot bit for bit (random, strided, tiny and huge scales)', () => {
    const rand = mulberry32(11);
    for (const scale of [1, 1e-170, 1e-300, 1e150, 1e300]) {
      for (const count of [1, 2, 7, 64]) {
        const a = Float64Array.from({ length: 6 * count }, () => (2 * rand() - 1) * scale);
        for (const stride of [2, 6]) {
          const n = Math.min(count, Math.floor((a.length - 1) / stride) + 1);
          expect(Object.is(maxModulus(a, 0, stride, n), byHypot(a, 0, stride, n))).toBe(true);
        }
      }
    }
  });
  it('is NaN when any entry is NaN, wherever it stands', () => {
    for (const at of [0, 1, 2]) {
      const a = Float64Array.of(100, 0, 3, 4, 1, 0);
      a[2 * at + (at & 1)] = Number.NaN;
      expect(maxModulus(a, 0, 2, 3)).toBeNaN();
    }
  });
  it('0 for an empty range or all zeros', () => {
    expect(maxModulus(new Float64Array(4), 0, 2, 2)).toBe(0);
    expect(maxModulus(new Float64Array(0), 0, 2, 0)).toBe(0);
  });
  it('complex eigvals of a matrix scaled by 1e-170 … 1e-300 are the scaled eigenvalues (its squares all underflow to 0)', () => {
    const rand = mulberry32(5);
    const entries = Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => [2 * rand() - 1, 2 * rand() - 1]));
    const at = (sc: number) =>
      eigvals(
        tensor(
          entries.map((row) => row.map(([x, y]) => [x! * sc, y! * sc])),
          { dtype: 'complex128' },
        ),
      ).toTypedArray();
    const w1 = at(1);
    for (const sc of [1e-170, 1e-230, 1e-300]) {
      const w = at(sc);
      for (let i = 0; i < w1.length; i++) expect(Math.abs(w[i]! / sc - w1[i]!)).toBeLessThan(1e-13);
    }
  });
});
