import { it, expect } from 'vitest';
import { complexSvdKernel } from '../src/kernels/complex/complexSvdKernel.js';
import { mulberry32 } from './helpers.js';

function check(m: number, n: number, job: 'thin' | 'full', seed: number) {
  const rng = mulberry32(seed);
  const a = new Float64Array(2 * m * n);
  for (let i = 0; i < a.length; i++) a[i] = 2 * rng() - 1;
  const r = complexSvdKernel(a, m, n, job);
  const k = Math.min(m, n);
  let err = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let re = 0, im = 0;
    for (let c = 0; c < k; c++) {
      const ur = r.u![2 * (i * r.uCols + c)]!, ui = r.u![2 * (i * r.uCols + c) + 1]!;
      const vr = r.v![2 * (j * r.vCols + c)]!, vi = -r.v![2 * (j * r.vCols + c) + 1]!;
      re += r.s[c]! * (ur * vr - ui * vi); im += r.s[c]! * (ur * vi + ui * vr);
    }
    err = Math.max(err, Math.abs(re - a[2 * (i * n + j)]!), Math.abs(im - a[2 * (i * n + j) + 1]!));
  }
  let orth = 0;
  for (const [q, rows, cols] of [[r.u!, m, r.uCols], [r.v!, n, r.vCols]] as const) {
    for (let p = 0; p < cols; p++) for (let s = 0; s < cols; s++) {
      let re = 0, im = 0;
      for (let i = 0; i < rows; i++) {
        const ar = q[2 * (i * cols + p)]!, ai = -q[2 * (i * cols + p) + 1]!;
        const br = q[2 * (i * cols + s)]!, bi = q[2 * (i * cols + s) + 1]!;
        re += ar * br - ai * bi; im += ar * bi + ai * br;
      }
      orth = Math.max(orth, Math.abs(re - (p === s ? 1 : 0)), Math.abs(im));
    }
  }
  return [err, orth];
}
it('complex svd scratch', () => {
  for (const [m, n] of [[1, 1], [2, 1], [1, 2], [2, 2], [3, 3], [5, 3], [3, 5], [10, 4], [4, 10], [20, 20], [40, 30], [30, 40]]) {
    for (const job of ['thin', 'full'] as const) {
      const [e, o] = check(m!, n!, job, m! * 100 + n!);
      console.log(m, n, job, e, o);
      expect(e).toBeLessThan(1e-12);
      expect(o).toBeLessThan(1e-12);
    }
  }
});
