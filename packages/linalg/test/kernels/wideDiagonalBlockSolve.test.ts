/**
 * With ≥ 16 right-hand sides the diagonal blocks of `triangularSolve` run on the f64x2 kernel in
 * wasm memory (`wideDiagonalBlockSolve.ts`); with one they run the scalar loops. Both must give
 * the same bits for every column, including skipped zero entries of T and non-finite values.
 */
import { describe, expect, it } from 'vitest';
import { triangularSolve } from '../../src/kernels/index.js';
import { mulberry32 } from '../support/index.js';

function columnBits(x: Float64Array, rows: number, stride: number, c: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows; i++) out.push(x[i * stride + c]!);
  return out;
}

describe('triangularSolve: many right-hand sides give each one-column solve, bit for bit', () => {
  for (const n of [40, 100]) {
    for (const nrhs of [16, 33]) {
      for (const lower of [true, false]) {
        for (const unitDiagonal of [true, false]) {
          it(`n=${n}, nrhs=${nrhs}, ${lower ? 'lower' : 'upper'}${unitDiagonal ? ', unit diagonal' : ''}`, () => {
            const rand = mulberry32(n * 131 + nrhs);
            const t = new Float64Array(n * n);
            for (let p = 0; p < t.length; p++) t[p] = p % 11 === 3 ? 0 : 2 * rand() - 1;
            for (let i = 0; i < n; i++) t[i * n + i] = 3 + rand();
            const b = new Float64Array(n * nrhs);
            for (let p = 0; p < b.length; p++) b[p] = 2 * rand() - 1;
            b[5] = Number.POSITIVE_INFINITY;
            b[nrhs + 2] = Number.NaN;
            b[2 * nrhs + 1] = -0;
            const opts = { lower, unitDiagonal, transpose: false };
            const x = triangularSolve(t, n, b, nrhs, opts);
            for (let c = 0; c < nrhs; c++) {
              const one = triangularSolve(t, n, Float64Array.from(columnBits(b, n, nrhs, c)), 1, opts);
              expect(columnBits(x, n, nrhs, c)).toEqual(Array.from(one));
            }
          });
        }
      }
    }
  }
});
