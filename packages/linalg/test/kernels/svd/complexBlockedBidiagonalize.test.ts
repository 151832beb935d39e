/**
 * Blocked complex bidiagonalisation (zgebrd/zlabrd, complexBlockedBidiagonalize.ts): the real
 * bidiagonal B with A = Q·B·Pᴴ, Q and P formed from the stored reflectors with the unblocked
 * routines' own formers (same storage), zbdt01/zunt01-type ratios, singular values of B against
 * those of the unblocked reduction, partial panels and several panel widths, determinism.
 */
import { describe, expect, it } from 'vitest';
import {
  complexBidiagonalize,
  formComplexLeftFactorTransposed,
  formComplexRightFactorTransposed,
} from '../../../src/kernels/complex/complexBidiagonalize.js';
import { complexBlockedBidiagonalize } from '../../../src/kernels/complex/complexBlockedBidiagonalize.js';
import { bidiagonalSvdValues } from '../../../src/kernels/svd/svdKernel.js';
import { THRESH, ULP, cadjoint, cmul, cnorm1, corthRatio, mulberry32, valuesRatio } from '../../support/index.js';

/** Interleaved rows×cols from the transposed interleaved cols×rows (plain transpose, no conjugation). */
function ctranspose(t: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(2 * rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      out[2 * (i * cols + j)] = t[2 * (j * rows + i)]!;
      out[2 * (i * cols + j) + 1] = t[2 * (j * rows + i) + 1]!;
    }
  return out;
}

function check(m: number, n: number, nb: number, a: Float64Array): void {
  const work = a.slice();
  const bd = complexBlockedBidiagonalize(work, m, n, nb);
  const q = ctranspose(formComplexLeftFactorTransposed(work, m, n, bd.tauQ, n, n), m, n); // m×n
  const p = ctranspose(formComplexRightFactorTransposed(work, n, bd.tauP), n, n); // n×n
  const b = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    b[2 * (i * n + i)] = bd.d[i]!;
    if (i + 1 < n) b[2 * (i * n + i + 1)] = bd.e[i]!;
  }
  const qbph = cmul(cmul(q, b, m, n, n), cadjoint(p, n, n), m, n, n);
  const diff = a.map((x, i) => x - qbph[i]!);
  expect(cnorm1(diff, m, n) / (cnorm1(a, m, n) * n * ULP), 'zbdt01').toBeLessThan(THRESH);
  expect(corthRatio(q, m, n, ULP), 'Q orthonormal').toBeLessThan(THRESH);
  expect(corthRatio(p, n, n, ULP), 'P unitary').toBeLessThan(THRESH);
  const plain = complexBidiagonalize(a.slice(), m, n);
  expect(valuesRatio(bidiagonalSvdValues(bd.d, bd.e), bidiagonalSvdValues(plain.d, plain.e))).toBeLessThan(THRESH);
}

describe('complexBlockedBidiagonalize', () => {
  const rng = mulberry32(2718);
  for (const [m, n, nb] of [
    [96, 96, 32],
    [140, 120, 32],
    [200, 100, 16],
    [130, 110, 5],
  ] as Array<[number, number, number]>) {
    it(`${m}×${n}, nb = ${nb}: A = Q·B·Pᴴ with a real B, Q and P unitary, same singular values as zgebd2`, () => {
      check(
        m,
        n,
        nb,
        Float64Array.from({ length: 2 * m * n }, () => 2 * rng() - 1),
      );
    });
  }

  it('rank 2 with a zero column block: still a valid reduction', () => {
    const m = 120;
    const n = 100;
    const a = new Float64Array(2 * m * n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        if (j >= 30 && j < 50) continue;
        a[2 * (i * n + j)] = Math.cos(i + 2 * j) + Math.sin(3 * i - j);
        a[2 * (i * n + j) + 1] = Math.cos(2 * i) * Math.sin(j);
      }
    check(m, n, 32, a);
  });

  it('is deterministic: the same bits on every run', () => {
    const a = Float64Array.from({ length: 2 * 110 * 100 }, () => 2 * rng() - 1);
    const w1 = a.slice();
    const w2 = a.slice();
    const r1 = complexBlockedBidiagonalize(w1, 110, 100);
    const r2 = complexBlockedBidiagonalize(w2, 110, 100);
    expect(w1).toEqual(w2);
    expect(r1).toEqual(r2);
  });
});
