/**
 * Real and complex together: mixed real / complex operands promote to complex128, and a complex
 * matrix with zero imaginary parts behaves like the real one.
 */
import { tensor } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { solve, svdvals } from '../src/index.js';
import { ULP, c64, cdata, f64, hpd } from './support/index.js';

describe('mixed real / complex operands', () => {
  it('solve with mixed real / complex operands promotes to complex', () => {
    const Hc = tensor(hpd(3, 9), { shape: [3, 3], dtype: 'complex128' });
    const bReal = tensor([1, 2, 3]);
    const x = solve(Hc, bReal);
    expect(x.dtype).toBe('complex128');
    const bz = tensor(Float64Array.of(1, 0, 2, 0, 3, 0), { shape: [3], dtype: 'complex128' });
    expect(c64(x)).toEqual(c64(solve(Hc, bz)));
    const Ar = tensor([
      [2, 1],
      [1, 3],
    ]);
    const bc = tensor(
      [
        [1, 1],
        [0, -1],
      ],
      { dtype: 'complex128' },
    );
    const y = c64(solve(Ar, bc));
    // 2y₀ + y₁ = 1 + i, y₀ + 3y₁ = −i
    expect(Math.abs(2 * y[0]! + y[2]! - 1) + Math.abs(2 * y[1]! + y[3]! - 1)).toBeLessThan(1e-15);
    expect(Math.abs(y[0]! + 3 * y[2]!) + Math.abs(y[1]! + 3 * y[3]! + 1)).toBeLessThan(1e-15);
    expect(solve(Ar, bc).dtype).toBe('complex128');
    expect(solve(Ar, tensor(Float32Array.of(1, 0, 0, 0), { shape: [2], dtype: 'complex64' })).dtype).toBe('complex128');
  });

  it('a complex matrix with zero imaginary parts has the real singular values', () => {
    const re = cdata(12, 5).filter((_, i) => i % 2 === 0);
    const R = tensor(re, { shape: [4, 3] });
    const Z = tensor(Float64Array.from(Array.from(re).flatMap((x) => [x, 0])), { shape: [4, 3], dtype: 'complex128' });
    const sr = f64(svdvals(R));
    const sz = f64(svdvals(Z));
    for (let i = 0; i < 3; i++) expect(Math.abs(sr[i]! - sz[i]!)).toBeLessThan(10 * ULP * sr[0]!);
  });
});
