/**
 * solveTriangular, per dtype (float64, complex128): every combination of lower / transpose /
 * unitDiagonal reads only the triangle it uses (the rest is poisoned with NaN) and solves op(T)·X =
 * B, where op(T) = Tᵀ — a plain transpose, no conjugation — when transpose is set; upper is the
 * default; conj(T) with transpose solves Tᴴ·X = B; a zero diagonal entry is reported.
 */
import { conj, tensor } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { solveTriangular } from '../src/index.js';
import { COMPLEX128, EPS, FLOAT64, f64, maxAbs, mulberry32, thrown, transposeEntries } from './support/index.js';

const n = 5;

/**
 * The real twin's lower triangular matrix (seed 44, diagonal 2 + U(0, 1)) in the lower triangle
 * and its transpose in the upper one, so that the lower solves see exactly the real twin's L and
 * the upper solves exactly its Lᵀ.
 */
function realTriangles(): Float64Array {
  const rng = mulberry32(44);
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) t[i * n + j] = i === j ? 2 + rng() : rng() - 0.5;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) t[i * n + j] = t[j * n + i]!;
  return t;
}

/** The complex twin's matrix: U(−1, 1) parts (seed 77), 3 added to the real part of the diagonal. */
function complexTriangles(): Float64Array {
  const t = f64(COMPLEX128.random([n, n], 77));
  for (let i = 0; i < n; i++) t[2 * (i * n + i)] = t[2 * (i * n + i)]! + 3;
  return t;
}

const CASES = [
  { ...FLOAT64, T: realTriangles(), B: FLOAT64.random([n, 2], 45), nrhs: 2 },
  { ...COMPLEX128, T: complexTriangles(), B: COMPLEX128.random([n, 3], 78), nrhs: 3 },
];

describe.each(CASES)('$dtype solveTriangular', (t) => {
  const { T, B, nrhs, w, kit } = t;
  const b = f64(B);
  const asTensor = (data: Float64Array) => tensor(data, { shape: [n, n], dtype: t.dtype });

  for (const lower of [false, true]) {
    for (const transpose of [false, true]) {
      for (const unitDiagonal of [false, true]) {
        it(`lower=${lower} transpose=${transpose} unitDiagonal=${unitDiagonal}`, () => {
          // The triangle actually used, and a poisoned copy (NaN outside it).
          const tri = new Float64Array(w * n * n);
          const poisoned = T.slice();
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) {
              const inside = (lower ? j <= i : j >= i) && !(unitDiagonal && i === j);
              const p = w * (i * n + j);
              if (inside) {
                for (let q = 0; q < w; q++) tri[p + q] = T[p + q]!;
              } else if (!(unitDiagonal && i === j)) {
                poisoned.fill(Number.NaN, p, p + w);
              } else {
                poisoned[p] = Number.NaN;
              }
            }
            if (unitDiagonal) tri[w * (i * n + i)] = 1;
          }
          const P = asTensor(poisoned);
          const X = solveTriangular(P, B, { lower, transpose, unitDiagonal });
          expect(X.dtype).toBe(t.dtype);
          const x = f64(X);
          const opT = transpose ? transposeEntries(tri, n, n, w) : tri;
          const r = kit.mul(opT, x, n, n, nrhs).map((v, i) => v - b[i]!);
          expect(kit.norm1(r, n, nrhs) / (kit.norm1(opT, n, n) * kit.norm1(x, n, nrhs) * n * EPS)).toBeLessThan(30);
          expect(maxAbs(r)).toBeLessThan(1e-14);
          // Upper is the default.
          if (!lower) expect(f64(solveTriangular(P, B, { transpose, unitDiagonal }))).toEqual(x);
        });
      }
    }
  }

  it('conj(T) with transpose solves Tᴴ·X = B; a zero diagonal entry is reported', () => {
    const X = f64(solveTriangular(conj(asTensor(T)), B, { transpose: true }));
    const upper = T.slice();
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) upper.fill(0, w * (i * n + j), w * (i * n + j) + w);
    const r = kit.mul(upper, X, n, n, nrhs, true).map((v, i) => v - b[i]!);
    expect(kit.norm1(r, n, nrhs)).toBeLessThan(1e-12);
    const Z = T.slice();
    Z.fill(0, w * (2 * n + 2), w * (2 * n + 2) + w);
    expect(thrown(() => solveTriangular(asTensor(Z), B)).message).toBe(
      'solveTriangular: the matrix is singular (A[2,2] is exactly zero)',
    );
  });
});
