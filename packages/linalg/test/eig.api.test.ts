/**
 * eig / eigvals beyond the fixture ratios: dtype policy (float32/complex64 computed in double and
 * rounded once), batching, agreement with eigh on symmetric input, defective input, bad input,
 * the NaN-aware iteration cap, and bounded fast-check properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShapeError, tensor } from '@svd/tensor';
import { ConvergenceError, LinAlgError, eig, eigh, eigvals, kernels } from '../src/index.js';
import { asComplex, columnNorm, eigResidualRatio, spectrumDistance } from './eigSupport.js';
import { f64, mulberry32, thrown } from './support/index.js';

function randomData(count: number, seed: number): Float64Array {
  const rng = mulberry32(seed);
  return Float64Array.from({ length: count }, () => 2 * rng() - 1);
}

// float32 and complex64 (the twin tests before the merge: n = 5 from seed 1, n = 4 from seed 2).
describe.each([
  { single: 'float32', double: 'float64', w: 1, n: 5, seed: 1 },
  { single: 'complex64', double: 'complex128', w: 2, n: 4, seed: 2 },
] as const)('eig: $single in', ({ single, double, w, n, seed }) => {
  it(`complex64 out, the ${double} results rounded once`, () => {
    const d32 = Float32Array.from(randomData(w * n * n, seed));
    const A = tensor(d32, { shape: [n, n], dtype: single });
    const [W, V] = eig(A);
    const [W64, V64] = eig(tensor(Float64Array.from(d32), { shape: [n, n], dtype: double }));
    expect(W.dtype).toBe('complex64');
    expect(V.dtype).toBe('complex64');
    expect(Array.from(W.toTypedArray())).toEqual(Array.from(Float32Array.from(f64(W64))));
    expect(Array.from(V.toTypedArray())).toEqual(Array.from(Float32Array.from(f64(V64))));
    expect(eigvals(A).dtype).toBe('complex64');
    expect(Array.from(eigvals(A).toTypedArray())).toEqual(Array.from(W.toTypedArray()));
  });
});

describe.each([
  { dtype: 'float64', w: 1 },
  { dtype: 'complex128', w: 2 },
] as const)('eig: $dtype batches', ({ dtype, w }) => {
  it('a [2, 3, 4, 4] batch equals the matrices one by one, bit for bit', () => {
    const data = randomData(w * 2 * 3 * 16, 3);
    const [W, V] = eig(tensor(data, { shape: [2, 3, 4, 4], dtype }));
    expect(W.shape).toEqual([2, 3, 4]);
    expect(V.shape).toEqual([2, 3, 4, 4]);
    const w64 = f64(W);
    const v = f64(V);
    for (let k = 0; k < 6; k++) {
      const [Wk, Vk] = eig(tensor(data.slice(w * 16 * k, w * 16 * (k + 1)), { shape: [4, 4], dtype }));
      expect(Array.from(w64.subarray(8 * k, 8 * (k + 1)))).toEqual(Array.from(f64(Wk)));
      expect(Array.from(v.subarray(32 * k, 32 * (k + 1)))).toEqual(Array.from(f64(Vk)));
    }
    expect(f64(eigvals(tensor(data, { shape: [2, 3, 4, 4], dtype })))).toEqual(w64);
  });

  it('empty batches and 0×0 matrices', () => {
    const [W, V] = eig(tensor(new Float64Array(0), { shape: [0, 3, 3], dtype }));
    expect(W.shape).toEqual([0, 3]);
    expect(V.shape).toEqual([0, 3, 3]);
    const [W0, V0] = eig(tensor(new Float64Array(0), { shape: [2, 0, 0], dtype }));
    expect(W0.shape).toEqual([2, 0]);
    expect(V0.shape).toEqual([2, 0, 0]);
  });
});

describe('eig: structure', () => {
  it('symmetric input agrees with eigh up to order and phase', () => {
    const x = randomData(36, 4);
    const s = new Float64Array(36);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) s[i * 6 + j] = x[i * 6 + j]! + x[j * 6 + i]!;
    const A = tensor(s, { shape: [6, 6] });
    const [W, V] = eig(A);
    const [We, Ve] = eigh(A);
    const w = f64(W);
    const we = f64(We);
    const v = f64(V);
    const ve = f64(Ve);
    const weC = asComplex(we, 6, false).subarray(0, 12);
    expect(spectrumDistance(w, weC)).toBeLessThan(1e-13);
    for (let k = 0; k < 6; k++) {
      expect(w[2 * k + 1]).toBe(0);
      const j = we.reduce((best, x, i) => (Math.abs(x - w[2 * k]!) < Math.abs(we[best]! - w[2 * k]!) ? i : best), 0);
      // Same unit vector up to a phase: |⟨v_k, ve_j⟩| = 1.
      let dot = 0;
      for (let i = 0; i < 6; i++) dot += v[2 * (i * 6 + k)]! * ve[i * 6 + j]!;
      expect(Math.abs(Math.abs(dot) - 1)).toBeLessThan(1e-13);
    }
  });

  it('a Jordan block (defective) gives finite output with a small residual', () => {
    for (const n of [2, 4, 8]) {
      const j = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        j[i * n + i] = 0.5;
        if (i + 1 < n) j[i * n + i + 1] = 1;
      }
      const [W, V] = eig(tensor(j, { shape: [n, n] }));
      const w = f64(W);
      const v = f64(V);
      expect(w.every(Number.isFinite) && v.every(Number.isFinite)).toBe(true);
      expect(Array.from(w)).toEqual(Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? 0.5 : 0)));
      for (let k = 0; k < n; k++) expect(Math.abs(columnNorm(v, n, k) - 1)).toBeLessThan(1e-15);
      expect(eigResidualRatio(asComplex(j, n, false), n, w, v)).toBeLessThan(60);
    }
  });
});

describe('eig: bad input', () => {
  it('non-square input throws ShapeError naming eig', () => {
    const err = thrown(() => eig(tensor(new Float64Array(6), { shape: [2, 3] })));
    expect(err).toBeInstanceOf(ShapeError);
    expect(err.message).toMatch(/^eig: .*square.*\[2, 3\]|^eig: .*square.*2/);
    expect(thrown(() => eigvals(tensor(new Float64Array(6), { shape: [3, 2] })))).toBeInstanceOf(ShapeError);
    expect(thrown(() => eig(tensor([1, 2])))).toBeInstanceOf(ShapeError);
  });

  it('NaN or ±Inf throws LinAlgError (code LINALG) naming the batch element', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const d = randomData(2 * 9, 5);
      d[9 + 4] = bad;
      const err = thrown(() => eig(tensor(d, { shape: [2, 3, 3] })));
      expect(err).toBeInstanceOf(LinAlgError);
      expect((err as LinAlgError).code).toBe('LINALG');
      expect(err.message).toMatch(/^eig: .*non-finite.*batch element 1/);
      expect(thrown(() => eigvals(tensor(d, { shape: [2, 3, 3] }))).message).toMatch(/^eigvals: /);
    }
    const c = randomData(8, 6);
    c[3] = Number.NaN;
    expect(thrown(() => eig(tensor(c, { shape: [2, 2], dtype: 'complex128' })))).toBeInstanceOf(LinAlgError);
  });

  it('the QR iteration has a NaN-aware cap: the raw kernel reports ConvergenceError, never hangs', () => {
    const a = randomData(16, 7);
    a[5] = Number.NaN;
    for (const vectors of [true, false]) {
      const err = thrown(() => kernels.generalEigen(a, 4, 1, vectors));
      expect(err).toBeInstanceOf(ConvergenceError);
      expect((err as ConvergenceError).code).toBe('CONVERGENCE');
    }
    const c = randomData(32, 8);
    c[9] = Number.NaN;
    expect(thrown(() => kernels.generalEigen(c, 4, 2, true))).toBeInstanceOf(ConvergenceError);
  });
});

describe('eig: properties (fast-check, bounded)', () => {
  it('real and complex random matrices: residual ratio < 60, unit columns, eigvals = eig W', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.boolean(), fc.nat(2 ** 30), (n, cplx, seed) => {
        const d = randomData((cplx ? 2 : 1) * n * n, seed);
        const A = tensor(d, { shape: [n, n], dtype: cplx ? 'complex128' : 'float64' });
        const [W, V] = eig(A);
        const w = f64(W);
        const v = f64(V);
        expect(eigResidualRatio(asComplex(d, n, cplx), n, w, v)).toBeLessThan(60);
        for (let k = 0; k < n; k++) expect(Math.abs(columnNorm(v, n, k) - 1)).toBeLessThan(1e-14);
        expect(f64(eigvals(A))).toEqual(w);
      }),
      { numRuns: 40, seed: 14 },
    );
  });
});
