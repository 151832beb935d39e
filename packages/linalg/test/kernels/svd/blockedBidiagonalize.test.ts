/**
 * Blocked bidiagonalisation (dgebrd/dlabrd, blockedBidiagonalize.ts): LAPACK's dbdt01/dort01
 * ratios for A = Q·B·Pᵀ with Q and P formed from the stored reflectors (same storage as the
 * unblocked dgebd2), the singular values of B against those of the unblocked B, several panel
 * widths and shapes that leave partial panels, and run-to-run determinism.
 */
import { describe, expect, it } from 'vitest';
import { formLeftFactorTransposed, formRightFactorTransposed } from '../../../src/kernels/svd/accumulateReflectors.js';
import { blockedBidiagonalize } from '../../../src/kernels/svd/blockedBidiagonalize.js';
import { householderBidiagonalize } from '../../../src/kernels/svd/householderBidiagonalize.js';
import { bidiagonalSvdValues } from '../../../src/kernels/svd/svdKernel.js';
import {
  THRESH,
  ULP,
  matmul,
  mulberry32,
  norm1,
  orthRatio,
  randomMatrix,
  transpose,
  valuesRatio,
} from '../../support/index.js';

/** ‖A − Q·B·Pᵀ‖₁ / (‖A‖₁·n·ulp) (dbdt01) with the thin Q (m×n) and P (n×n) from the reflectors. */
function reconstructionRatio(
  a: Float64Array,
  m: number,
  n: number,
  nb: number,
): { ratio: number; orthQ: number; orthP: number } {
  const work = a.slice();
  const bd = blockedBidiagonalize(work, m, n, nb);
  const qt = formLeftFactorTransposed(work, m, n, bd.tauQ, n, n); // n×m
  const pt = formRightFactorTransposed(work, n, bd.tauP); // n×n
  const b = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    b[i * n + i] = bd.d[i]!;
    if (i + 1 < n) b[i * n + i + 1] = bd.e[i]!;
  }
  const qbpt = matmul(matmul(transpose(qt, n, m), b, m, n, n), pt, m, n, n);
  let resid = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += Math.abs(a[i * n + j]! - qbpt[i * n + j]!);
    resid = Math.max(resid, s);
  }
  return {
    ratio: resid / (norm1(a, m, n) * n * ULP),
    orthQ: orthRatio(transpose(qt, n, m), m, n),
    orthP: orthRatio(pt, n, n),
  };
}

describe('blockedBidiagonalize', () => {
  const rng = mulberry32(4242);
  for (const [m, n, nb] of [
    [96, 96, 32],
    [128, 128, 32],
    [150, 131, 32],
    [200, 100, 16],
    [130, 120, 7],
    [113, 97, 48],
  ] as Array<[number, number, number]>) {
    it(`${m}×${n}, nb = ${nb}: A = Q·B·Pᵀ, Q and P orthogonal, same singular values as dgebd2`, () => {
      const a = randomMatrix(m, n, rng);
      const { ratio, orthQ, orthP } = reconstructionRatio(a, m, n, nb);
      expect(ratio).toBeLessThan(THRESH);
      expect(orthQ).toBeLessThan(THRESH);
      expect(orthP).toBeLessThan(THRESH);
      const blocked = blockedBidiagonalize(a.slice(), m, n, nb);
      const plain = householderBidiagonalize(a.slice(), m, n);
      const s1 = bidiagonalSvdValues(blocked.d, blocked.e);
      const s2 = bidiagonalSvdValues(plain.d, plain.e);
      expect(valuesRatio(s1, s2)).toBeLessThan(THRESH);
      // the reflectors are unique up to rounding: |d| and |e| agree with the unblocked reduction
      for (let i = 0; i < n; i++) expect(Math.abs(Math.abs(blocked.d[i]!) - Math.abs(plain.d[i]!))).toBeLessThan(1e-10);
    });
  }

  it('is deterministic: the same bits on every run', () => {
    const a = randomMatrix(140, 120, mulberry32(7));
    const w1 = a.slice();
    const w2 = a.slice();
    const r1 = blockedBidiagonalize(w1, 140, 120);
    const r2 = blockedBidiagonalize(w2, 140, 120);
    expect(w1).toEqual(w2);
    expect(r1.d).toEqual(r2.d);
    expect(r1.e).toEqual(r2.e);
    expect(r1.tauQ).toEqual(r2.tauQ);
    expect(r1.tauP).toEqual(r2.tauP);
  });

  it('a rank-deficient matrix (rank 3, 128×112) and a zero column block reduce without NaN', () => {
    const m = 128;
    const n = 112;
    const l = randomMatrix(m, 3, mulberry32(3));
    const r = randomMatrix(3, n, mulberry32(4));
    const a = matmul(l, r, m, 3, n);
    for (let i = 0; i < m; i++) for (let j = 40; j < 60; j++) a[i * n + j] = 0;
    const { ratio } = reconstructionRatio(a, m, n, 32);
    expect(ratio).toBeLessThan(THRESH);
    const bd = blockedBidiagonalize(a.slice(), m, n);
    const s = bidiagonalSvdValues(bd.d, bd.e);
    for (let i = 3; i < n; i++) expect(s[i]!).toBeLessThan(1e-12 * s[0]!);
  });
});
