import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValueError, kernels } from '../src/index.js';
import { intBuffer, operand, randBuffer } from './helpers.js';

// The package exports the raw kernels as the `kernels` namespace (not semver-stable).
const { complexGemm, gemm, rowMajor } = kernels;
type RealArray = kernels.RealArray;

/** Reference: C ← alpha·op(A)·op(B) + beta·C with plain triple loops on the same layout. */
function refGemm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: RealArray,
  aOff: number,
  lda: number,
  b: RealArray,
  bOff: number,
  ldb: number,
  beta: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const x = transA ? a[aOff + p * lda + i]! : a[aOff + i * lda + p]!;
        const y = transB ? b[bOff + j * ldb + p]! : b[bOff + p * ldb + j]!;
        s += x * y;
      }
      const o = cOff + i * ldc + j;
      c[o] = alpha * s + (beta === 0 ? 0 : beta * c[o]!);
    }
  }
}

/** Reference complex gemm (interleaved, offsets/ld in complex elements). */
function refComplexGemm(
  transA: boolean,
  conjA: boolean,
  transB: boolean,
  conjB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: [number, number],
  a: RealArray,
  aOff: number,
  lda: number,
  b: RealArray,
  bOff: number,
  ldb: number,
  beta: [number, number],
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sr = 0;
      let si = 0;
      for (let p = 0; p < k; p++) {
        const ea = transA ? aOff + p * lda + i : aOff + i * lda + p;
        const eb = transB ? bOff + j * ldb + p : bOff + p * ldb + j;
        const ar = a[2 * ea]!;
        const ai = (conjA ? -1 : 1) * a[2 * ea + 1]!;
        const br = b[2 * eb]!;
        const bi = (conjB ? -1 : 1) * b[2 * eb + 1]!;
        sr += ar * br - ai * bi;
        si += ar * bi + ai * br;
      }
      const o = 2 * (cOff + i * ldc + j);
      const cr = beta[0] === 0 && beta[1] === 0 ? 0 : c[o]!;
      const ci = beta[0] === 0 && beta[1] === 0 ? 0 : c[o + 1]!;
      c[o] = alpha[0] * sr - alpha[1] * si + beta[0] * cr - beta[1] * ci;
      c[o + 1] = alpha[0] * si + alpha[1] * sr + beta[0] * ci + beta[1] * cr;
    }
  }
}

const ODD = [1, 3, 5, 17, 33, 65];

describe('gemm (real kernel)', () => {
  it('matches the triple loop for odd sizes and every transpose combination (exact on integers)', () => {
    let seed = 1;
    for (const m of ODD) {
      for (const n of ODD) {
        for (const k of ODD) {
          for (const [ta, tb] of [
            [false, false],
            [true, false],
            [false, true],
            [true, true],
          ] as const) {
            const a = intBuffer(m * k, seed++);
            const b = intBuffer(k * n, seed++);
            const c = new Float64Array(m * n);
            const r = new Float64Array(m * n);
            const lda = ta ? m : k;
            const ldb = tb ? k : n;
            gemm(m, n, k, 1, operand(a, 0, lda, ta), operand(b, 0, ldb, tb), 0, rowMajor(c, n, 0));
            refGemm(ta, tb, m, n, k, 1, a, 0, lda, b, 0, ldb, 0, r, 0, n);
            expect(c, `m=${m} n=${n} k=${k} transA=${ta} transB=${tb}`).toEqual(r);
          }
        }
      }
    }
  });

  it('crosses every cache block edge (k > 256, n > 512, m > 64)', () => {
    for (const [m, n, k] of [
      [70, 9, 300],
      [5, 520, 7],
      [130, 67, 513],
    ] as const) {
      const a = intBuffer(m * k, m);
      const b = intBuffer(k * n, n);
      const c = new Float64Array(m * n);
      const r = new Float64Array(m * n);
      gemm(m, n, k, 1, operand(a, 0, k, false), operand(b, 0, n, false), 0, rowMajor(c, n, 0));
      refGemm(false, false, m, n, k, 1, a, 0, k, b, 0, n, 0, r, 0, n);
      expect(c).toEqual(r);
    }
  });

  it('reads and writes sub-blocks through offsets and leading dimensions, leaving the rest of C alone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 9 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer(),
        (m, n, k, pad, off, ta, tb, seed) => {
          const aRows = ta ? k : m;
          const aCols = ta ? m : k;
          const bRows = tb ? n : k;
          const bCols = tb ? k : n;
          const lda = aCols + pad;
          const ldb = bCols + 2 * pad;
          const ldc = n + pad + 1;
          const a = intBuffer(off + aRows * lda + 3, seed);
          const b = intBuffer(off + bRows * ldb + 3, seed + 1);
          const c0 = intBuffer(2 * off + m * ldc + 5, seed + 2);
          const c = c0.slice();
          const r = c0.slice();
          gemm(m, n, k, -0.5, operand(a, off, lda, ta), operand(b, off + 1, ldb, tb), 2, rowMajor(c, ldc, 2 * off));
          refGemm(ta, tb, m, n, k, -0.5, a, off, lda, b, off + 1, ldb, 2, r, 2 * off, ldc);
          expect(c).toEqual(r);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('beta = 0 overwrites C (NaN does not propagate); k = 0 only scales C', () => {
    const a = randBuffer(12, 3);
    const b = randBuffer(12, 4);
    const c = new Float64Array(9).fill(Number.NaN);
    gemm(3, 3, 4, 1, operand(a, 0, 4, false), operand(b, 0, 3, false), 0, rowMajor(c, 3, 0));
    expect(c.every(Number.isFinite)).toBe(true);
    const d = new Float64Array([1, 2, 3, 4]);
    gemm(2, 2, 0, 1, operand(a, 0, 0, false), operand(b, 0, 2, false), 3, rowMajor(d, 2, 0));
    expect(Array.from(d)).toEqual([3, 6, 9, 12]);
  });

  it('broadcasts a row with lda = 0 and walks backwards with a negative lda', () => {
    const a = new Float64Array([1, 2, 3, 4, 5, 6]); // 2×3
    const b = new Float64Array([1, 0, 0, 1, 1, 1]); // 3×2
    const c = new Float64Array(4);
    gemm(2, 2, 3, 1, operand(a, 0, 0, false), operand(b, 0, 2, false), 0, rowMajor(c, 2, 0));
    expect(Array.from(c)).toEqual([4, 5, 4, 5]);
    gemm(2, 2, 3, 1, operand(a, 3, -3, false), operand(b, 0, 2, false), 0, rowMajor(c, 2, 0));
    expect(Array.from(c)).toEqual([10, 11, 4, 5]);
  });

  it('mixes float32 and float64 buffers (float64 arithmetic, float32 stores)', () => {
    const m = 19;
    const n = 23;
    const k = 29;
    const a = new Float32Array(randBuffer(m * k, 5));
    const b = randBuffer(k * n, 6);
    const c = new Float32Array(m * n);
    const r = new Float64Array(m * n);
    gemm(m, n, k, 1, operand(a, 0, k, false), operand(b, 0, k, true), 0, rowMajor(c, n, 0));
    refGemm(false, true, m, n, k, 1, a, 0, k, b, 0, k, 0, r, 0, n);
    for (let i = 0; i < r.length; i++) expect(Math.abs(c[i]! - r[i]!)).toBeLessThan(1e-5);
  });

  it('rejects blocks that run past the end of a buffer, naming the operand', () => {
    const a = new Float64Array(5);
    const b = new Float64Array(6);
    const c = new Float64Array(4);
    const x = operand(a, 0, 3, false);
    const y = operand(b, 0, 2, false);
    expect(() => gemm(2, 2, 3, 1, x, y, 0, rowMajor(c, 2, 0))).toThrow(ValueError);
    expect(() => gemm(2, 2, 3, 1, x, y, 0, rowMajor(c, 2, 0))).toThrow(
      'gemm: a: a 2×3 block at offset 0 with strides (3, 1) reaches elements 0..5, outside the array of length 5',
    );
    expect(() => gemm(-1, 2, 3, 1, x, y, 0, rowMajor(c, 2, 0))).toThrow('m must be a non-negative integer');
  });
});

describe('complexGemm', () => {
  it('matches the complex triple loop for odd sizes, transposes and conjugations', () => {
    let seed = 100;
    const sizes = [1, 3, 5, 17, 33];
    for (const m of sizes) {
      for (const n of sizes) {
        for (const k of [1, 5, 33, 65]) {
          for (let flags = 0; flags < 16; flags += m === 33 ? 5 : 1) {
            const ta = (flags & 1) !== 0;
            const ca = (flags & 2) !== 0;
            const tb = (flags & 4) !== 0;
            const cb = (flags & 8) !== 0;
            const a = intBuffer(2 * m * k, seed++);
            const b = intBuffer(2 * k * n, seed++);
            const c = new Float64Array(2 * m * n);
            const r = new Float64Array(2 * m * n);
            const lda = ta ? m : k;
            const ldb = tb ? k : n;
            const x = operand(a, 0, lda, ta, ca);
            complexGemm(m, n, k, [1, 0], x, operand(b, 0, ldb, tb, cb), [0, 0], rowMajor(c, n, 0));
            refComplexGemm(ta, ca, tb, cb, m, n, k, [1, 0], a, 0, lda, b, 0, ldb, [0, 0], r, 0, n);
            expect(c, `m=${m} n=${n} k=${k} flags=${flags}`).toEqual(r);
          }
        }
      }
    }
  });

  it('crosses the cache block edges', () => {
    const [m, n, k] = [67, 259, 300];
    const a = intBuffer(2 * m * k, 7);
    const b = intBuffer(2 * k * n, 8);
    const c = new Float64Array(2 * m * n);
    const r = new Float64Array(2 * m * n);
    complexGemm(m, n, k, [1, 0], operand(a, 0, k, false), operand(b, 0, k, true, true), [0, 0], rowMajor(c, n, 0));
    refComplexGemm(false, false, true, true, m, n, k, [1, 0], a, 0, k, b, 0, k, [0, 0], r, 0, n);
    expect(c).toEqual(r);
  });

  it('handles offsets, leading dimensions and complex alpha / beta', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 15 }),
        fc.integer(),
        (m, n, k, pad, flags, seed) => {
          const ta = (flags & 1) !== 0;
          const ca = (flags & 2) !== 0;
          const tb = (flags & 4) !== 0;
          const cb = (flags & 8) !== 0;
          const lda = (ta ? m : k) + pad;
          const ldb = (tb ? k : n) + pad + 1;
          const ldc = n + 2 * pad;
          const a = intBuffer(2 * (3 + (ta ? k : m) * lda), seed);
          const b = intBuffer(2 * (1 + (tb ? n : k) * ldb), seed + 1);
          const c0 = intBuffer(2 * (2 + m * ldc), seed + 2);
          const c = c0.slice();
          const r = c0.slice();
          const x = operand(a, 3, lda, ta, ca);
          complexGemm(m, n, k, [2, -1], x, operand(b, 1, ldb, tb, cb), [0.5, 1], rowMajor(c, ldc, 2));
          refComplexGemm(ta, ca, tb, cb, m, n, k, [2, -1], a, 3, lda, b, 1, ldb, [0.5, 1], r, 2, ldc);
          expect(c).toEqual(r);
        },
      ),
      { numRuns: 150 },
    );
  });
});
