/**
 * The fused bulge chase (bulgeChase.ts: two dlahqr steps with their row, column and Zᵀ sweeps
 * applied in one pass) against single steps: the real Schur form T, the Schur vectors Z and the
 * eigenvalues must be the same bits, with and without T and Z, on full and partial active blocks,
 * for random input (conjugate pairs), a matrix with a Jordan block and one scaled by 2^±600.
 */
import { describe, expect, it } from 'vitest';
import { hessenbergReduce } from '../../../src/kernels/eig/hessenbergReduce.js';
import { realSchur } from '../../../src/kernels/eig/realSchur.js';
import { mulberry32, randomMatrix } from '../../support/index.js';

function schurBoth(a: Float64Array, n: number, ilo: number, ihi: number, wantT: boolean) {
  const h0 = a.slice();
  const q = hessenbergReduce(h0, n, ilo, ihi, wantT)!;
  const run = (fuse: boolean) => {
    const h = h0.slice();
    let zt: Float64Array | null = null;
    if (wantT) {
      zt = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) zt[j * n + i] = q[i * n + j]!;
    }
    const { wr, wi } = realSchur(h, n, ilo, ihi, wantT, zt, 'eig', fuse);
    return { h, zt, wr, wi };
  };
  return { fused: run(true), single: run(false) };
}

function blockForm(n: number, ilo: number, ihi: number, seed: number, f = 1): Float64Array {
  const a = randomMatrix(n, n, mulberry32(seed));
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (c < r && (c < ilo || r > ihi)) a[r * n + c] = 0;
      a[r * n + c] = a[r * n + c]! * f;
    }
  }
  return a;
}

describe('fused bulge chase', () => {
  const cases: [string, Float64Array, number, number, number][] = [
    ['random 5', blockForm(5, 0, 4, 1), 5, 0, 4],
    ['random 40', blockForm(40, 0, 39, 2), 40, 0, 39],
    ['random 150', blockForm(150, 0, 149, 3), 150, 0, 149],
    ['active block 6..90 of 100', blockForm(100, 6, 90, 4), 100, 6, 90],
    ['scaled by 2^600', blockForm(60, 0, 59, 5, 2 ** 600), 60, 0, 59],
    ['scaled by 2^-600', blockForm(60, 0, 59, 6, 2 ** -600), 60, 0, 59],
  ];
  // A Jordan block of order 6 at 1 hidden by an orthogonal-ish similarity (a Householder matrix).
  {
    const n = 30;
    const j = new Float64Array(n * n);
    for (let i = 0; i < n; i++) j[i * n + i] = i < 6 ? 1 : i / 7;
    for (let i = 0; i < 5; i++) j[i * n + i + 1] = 1;
    const u = randomMatrix(n, 1, mulberry32(9));
    const uu = u.reduce((s, x) => s + x * x, 0);
    const p = new Float64Array(n * n);
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) p[r * n + c] = (r === c ? 1 : 0) - (2 * u[r]! * u[c]!) / uu;
    const pj = new Float64Array(n * n);
    const a = new Float64Array(n * n);
    for (let r = 0; r < n; r++)
      for (let k = 0; k < n; k++)
        for (let c = 0; c < n; c++) pj[r * n + c] = pj[r * n + c]! + p[r * n + k]! * j[k * n + c]!;
    for (let r = 0; r < n; r++)
      for (let k = 0; k < n; k++)
        for (let c = 0; c < n; c++) a[r * n + c] = a[r * n + c]! + pj[r * n + k]! * p[k * n + c]!;
    cases.push(['Jordan block of order 6', a, n, 0, n - 1]);
  }
  for (const [name, a, n, ilo, ihi] of cases) {
    for (const wantT of [true, false]) {
      it(`${name}, ${wantT ? 'with T and Z' : 'eigenvalues only'}: the same bits as single steps`, () => {
        const { fused, single } = schurBoth(a, n, ilo, ihi, wantT);
        expect(fused.wr).toEqual(single.wr);
        expect(fused.wi).toEqual(single.wi);
        expect(fused.h).toEqual(single.h);
        expect(fused.zt).toEqual(single.zt);
        expect(fused.wr.every(Number.isFinite)).toBe(true);
      });
    }
  }
});
