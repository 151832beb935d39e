/**
 * The fused complex bulge chase (complexBulgeChase.ts: two zlahqr steps with their row, column
 * and Zᵀ sweeps applied in one pass) against single steps: T, Z and the eigenvalues must be the
 * same bits, with and without T and Z, on full and partial active blocks, for random complex
 * input, a real matrix with conjugate pairs taken as complex, and input scaled by 2^±600.
 */
import { describe, expect, it } from 'vitest';
import { complexSchur } from '../../../src/kernels/eig/complexSchur.js';
import { complexHessenbergReduce } from '../../../src/kernels/eig/hessenbergReduce.js';
import { mulberry32, randomMatrix } from '../../support/index.js';

function schurBoth(a: Float64Array, n: number, ilo: number, ihi: number, wantT: boolean) {
  const h0 = a.slice();
  const q = complexHessenbergReduce(h0, n, ilo, ihi, wantT)!;
  const run = (fuse: boolean) => {
    const h = h0.slice();
    let zt: Float64Array | null = null;
    if (wantT) {
      zt = new Float64Array(2 * n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          zt[2 * (j * n + i)] = q[2 * (i * n + j)]!;
          zt[2 * (j * n + i) + 1] = q[2 * (i * n + j) + 1]!;
        }
      }
    }
    const w = complexSchur(h, n, ilo, ihi, wantT, zt, 'eig', fuse);
    return { h, zt, w };
  };
  return { fused: run(true), single: run(false) };
}

/** Interleaved complex n×n, upper triangular outside ilo..ihi; `realOnly` zeroes imaginary parts. */
function blockForm(n: number, ilo: number, ihi: number, seed: number, f = 1, realOnly = false): Float64Array {
  const a = randomMatrix(n, 2 * n, mulberry32(seed));
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const p = 2 * (r * n + c);
      if (c < r && (c < ilo || r > ihi)) {
        a[p] = 0;
        a[p + 1] = 0;
      }
      if (realOnly) a[p + 1] = 0;
      a[p] = a[p]! * f;
      a[p + 1] = a[p + 1]! * f;
    }
  }
  return a;
}

describe('fused complex bulge chase', () => {
  const cases: [string, Float64Array, number, number, number][] = [
    ['random 4', blockForm(4, 0, 3, 1), 4, 0, 3],
    ['random 40', blockForm(40, 0, 39, 2), 40, 0, 39],
    ['random 120', blockForm(120, 0, 119, 3), 120, 0, 119],
    ['active block 5..70 of 80', blockForm(80, 5, 70, 4), 80, 5, 70],
    ['real input (conjugate pairs)', blockForm(50, 0, 49, 5, 1, true), 50, 0, 49],
    ['scaled by 2^600', blockForm(50, 0, 49, 6, 2 ** 600), 50, 0, 49],
    ['scaled by 2^-600', blockForm(50, 0, 49, 7, 2 ** -600), 50, 0, 49],
  ];
  for (const [name, a, n, ilo, ihi] of cases) {
    for (const wantT of [true, false]) {
      it(`${name}, ${wantT ? 'with T and Z' : 'eigenvalues only'}: the same bits as single steps`, () => {
        const { fused, single } = schurBoth(a, n, ilo, ihi, wantT);
        expect(fused.w).toEqual(single.w);
        expect(fused.h).toEqual(single.h);
        expect(fused.zt).toEqual(single.zt);
        expect(fused.w.every(Number.isFinite)).toBe(true);
      });
    }
  }
});
