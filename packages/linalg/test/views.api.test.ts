/**
 * Views and strided input, per dtype (float64, complex128): a transposed (non-contiguous) view is
 * read as the transposed matrix; complex conjugated and adjoint views are read with the
 * conjugation applied.
 */
import { adjoint, conj, matrixTranspose, tensor } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { qr, svdvals } from '../src/index.js';
import { COMPLEX128, FLOAT64, ULP, c64, f64, transposeEntries } from './support/index.js';

// The seeds the real and complex twin suites used before they were merged.
const CASES = [
  { ...FLOAT64, seed: 21 },
  { ...COMPLEX128, seed: 31 },
];

describe.each(CASES)('$dtype views and strided input', (t) => {
  it('a transposed view gives the transposed problem', () => {
    const A = t.random([4, 3], t.seed);
    const At = tensor(transposeEntries(f64(A), 4, 3, t.w), { shape: [3, 4], dtype: t.dtype });
    const view = matrixTranspose(A);
    expect(view.isContiguous).toBe(false);
    expect(f64(view)).toEqual(f64(At));
    expect(f64(svdvals(view))).toEqual(f64(svdvals(At)));
    expect(f64(qr(view)[1])).toEqual(f64(qr(At)[1]));
  });
});

describe('complex128 conjugated views', () => {
  it('conjugated and adjoint views are read with the conjugation applied', () => {
    const A = COMPLEX128.random([4, 3], 31);
    const a = c64(A);
    const ac = c64(conj(A));
    for (let i = 1; i < a.length; i += 2) expect(ac[i]).toBe(a[i] === 0 ? 0 : -a[i]!);
    expect(f64(svdvals(conj(A)))).toEqual(f64(svdvals(tensor(ac, { shape: [4, 3], dtype: 'complex128' }))));
    const sA = f64(svdvals(A));
    const sH = f64(svdvals(adjoint(A)));
    for (let i = 0; i < 3; i++) expect(Math.abs(sA[i]! - sH[i]!)).toBeLessThan(20 * ULP * sA[0]!);
  });
});
