/**
 * The blocked complex Hessenberg reduction (zgehrd with zlahr2 panels) against the definition and
 * against the unblocked zgehd2: H exactly upper Hessenberg with a real subdiagonal (but its last
 * entry), Q unitary,
 * A = Q·H·Qᴴ to a few ulps, and the same H and Q as the unblocked kernel up to rounding, for
 * active blocks inside the matrix and across several panels.
 */
import { describe, expect, it } from 'vitest';
import { HESSENBERG_NX } from '../../../src/kernels/eig/blockedHessenbergReduce.js';
import { complexHessenbergReduce } from '../../../src/kernels/eig/hessenbergReduce.js';
import { EPS, mulberry32, randomMatrix } from '../../support/index.js';

/** C = A·op(B) for interleaved n×n; op = conjugate transpose when `adjoint`. */
function cmul(a: Float64Array, b: Float64Array, n: number, adjoint: boolean): Float64Array {
  const c = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const ar = a[2 * (i * n + k)]!;
      const ai = a[2 * (i * n + k) + 1]!;
      if (ar === 0 && ai === 0) continue;
      for (let j = 0; j < n; j++) {
        const q = adjoint ? 2 * (j * n + k) : 2 * (k * n + j);
        const br = b[q]!;
        const bi = adjoint ? -b[q + 1]! : b[q + 1]!;
        c[2 * (i * n + j)] = c[2 * (i * n + j)]! + ar * br - ai * bi;
        c[2 * (i * n + j) + 1] = c[2 * (i * n + j) + 1]! + ar * bi + ai * br;
      }
    }
  }
  return c;
}

const maxAbsDiff = (x: Float64Array, y: Float64Array) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]!)), 0);
const maxAbs = (x: Float64Array) => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

function blockForm(n: number, ilo: number, ihi: number, seed: number): Float64Array {
  const a = randomMatrix(n, 2 * n, mulberry32(seed));
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < r; c++) {
      if (c < ilo || r > ihi) {
        a[2 * (r * n + c)] = 0;
        a[2 * (r * n + c) + 1] = 0;
      }
    }
  }
  return a;
}

const SHAPES: [n: number, ilo: number, ihi: number][] = [
  [HESSENBERG_NX + 2, 0, HESSENBERG_NX + 1],
  [140, 0, 139],
  [170, 6, 160],
];

describe('blocked complex Hessenberg reduction', () => {
  for (const [n, ilo, ihi] of SHAPES) {
    it(`n = ${n}, active ${ilo}..${ihi}`, () => {
      const a = blockForm(n, ilo, ihi, 500 + n);
      const h = a.slice();
      const q = complexHessenbergReduce(h, n, ilo, ihi, true)!;
      const hu = a.slice();
      const qu = complexHessenbergReduce(hu, n, ilo, ihi, true, false)!;
      let bad = 0;
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < r - 1; c++) if (h[2 * (r * n + c)] !== 0 || h[2 * (r * n + c) + 1] !== 0) bad++;
        // Real subdiagonal from the reflectors' β (the last one, H(ihi, ihi−1), has no reflector).
        if (r > ilo && r < ihi && h[2 * (r * n + r - 1) + 1] !== 0) bad++;
      }
      expect(bad, 'nonzeros below the subdiagonal or complex subdiagonal entries').toBe(0);
      // Q·Qᴴ = I (equivalent to QᴴQ = I for square Q).
      const qqh = cmul(q, q, n, true);
      for (let i = 0; i < n; i++) qqh[2 * (i * n + i)] = qqh[2 * (i * n + i)]! - 1;
      expect(maxAbs(qqh) / (n * EPS)).toBeLessThan(10);
      const back = cmul(cmul(q, h, n, false), q, n, true);
      expect(maxAbsDiff(back, a) / (maxAbs(a) * n * EPS), 'A − Q·H·Qᴴ').toBeLessThan(10);
      expect(maxAbsDiff(h, hu) / maxAbs(a), 'H vs unblocked').toBeLessThan(1e-11);
      expect(maxAbsDiff(q, qu), 'Q vs unblocked').toBeLessThan(1e-11);
    });
  }

  it('eigenvalue-only reduction gives the same H as with Q (bit for bit)', () => {
    const n = 150;
    const a = blockForm(n, 0, n - 1, 3);
    const h1 = a.slice();
    complexHessenbergReduce(h1, n, 0, n - 1, true);
    const h2 = a.slice();
    complexHessenbergReduce(h2, n, 0, n - 1, false);
    expect(h2).toEqual(h1);
  });
});
