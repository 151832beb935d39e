/**
 * The blocked Hessenberg reduction (dgehrd with dlahr2 panels) against the definition and against
 * the unblocked dgehd2 it replaces for large active blocks: H exactly upper Hessenberg, Q
 * orthogonal, A = Q·H·Qᵀ to a few ulps, the same H and Q as the unblocked kernel up to rounding
 * (the Householder reduction with β = −sign(α)‖x‖ is unique), for active blocks ilo..ihi that
 * start and end inside the matrix (balancing's permutations) and across several panels.
 */
import { describe, expect, it } from 'vitest';
import { HESSENBERG_NX } from '../../../src/kernels/eig/blockedHessenbergReduce.js';
import { hessenbergReduce } from '../../../src/kernels/eig/hessenbergReduce.js';
import { EPS, identity, matmul, maxAbs, mulberry32, randomMatrix, subtract, transpose } from '../../support/index.js';

/** A random matrix already in balancing's block form: upper triangular outside ilo..ihi. */
function blockForm(n: number, ilo: number, ihi: number, seed: number): Float64Array {
  const a = randomMatrix(n, n, mulberry32(seed));
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < r; c++) if (c < ilo || r > ihi) a[r * n + c] = 0;
  }
  return a;
}

const SHAPES: [n: number, ilo: number, ihi: number][] = [
  [HESSENBERG_NX + 2, 0, HESSENBERG_NX + 1],
  [150, 0, 149],
  [200, 7, 190],
  [257, 0, 256],
];

describe('blocked Hessenberg reduction', () => {
  for (const [n, ilo, ihi] of SHAPES) {
    it(`n = ${n}, active ${ilo}..${ihi}`, () => {
      const a = blockForm(n, ilo, ihi, 1000 + n);
      const h = a.slice();
      const q = hessenbergReduce(h, n, ilo, ihi, true)!;
      const hu = a.slice();
      const qu = hessenbergReduce(hu, n, ilo, ihi, true, false)!;
      let below = 0;
      for (let r = 0; r < n; r++) for (let c = 0; c < r - 1; c++) if (h[r * n + c] !== 0) below++;
      expect(below, 'nonzeros below the subdiagonal').toBe(0);
      const scale = maxAbs(a) * n * EPS;
      expect(maxAbs(subtract(matmul(transpose(q, n, n), q, n, n, n), identity(n))) / (n * EPS)).toBeLessThan(10);
      const qhqt = matmul(matmul(q, h, n, n, n), transpose(q, n, n), n, n, n);
      expect(maxAbs(subtract(qhqt, a)) / scale, 'A − Q·H·Qᵀ in units of ‖A‖·n·ε').toBeLessThan(10);
      // Outside the active block Q is the identity.
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) {
          if (r >= ilo && r <= ihi && c >= ilo && c <= ihi) continue;
          if (q[r * n + c] !== (r === c ? 1 : 0)) throw new Error(`Q(${r}, ${c}) = ${q[r * n + c]}`);
        }
      }
      expect(maxAbs(subtract(h, hu)) / maxAbs(a), 'H vs unblocked').toBeLessThan(1e-11);
      expect(maxAbs(subtract(q, qu)), 'Q vs unblocked').toBeLessThan(1e-11);
    });
  }

  it('eigenvalue-only reduction gives the same H as with Q (bit for bit)', () => {
    const n = 180;
    const a = blockForm(n, 0, n - 1, 7);
    const h1 = a.slice();
    hessenbergReduce(h1, n, 0, n - 1, true);
    const h2 = a.slice();
    hessenbergReduce(h2, n, 0, n - 1, false);
    expect(h2).toEqual(h1);
  });
});
