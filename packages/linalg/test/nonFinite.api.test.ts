/**
 * Non-finite input (NaN, ±Inf) throws LinAlgError naming the operation, the argument and the
 * batch element, at every entry point and per dtype (float64, complex128); entries an op does not
 * read (the other triangle; the imaginary parts of a Hermitian diagonal) are ignored.
 */
import { type Tensor, tensor } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import {
  LinAlgError,
  cholesky,
  cond,
  det,
  eigh,
  eigvalsh,
  inv,
  lu,
  matrixNorm,
  matrixRank,
  norm,
  pinv,
  qr,
  slogdet,
  solve,
  solveTriangular,
  svd,
  svdvals,
} from '../src/index.js';
import { API_DTYPES, c64, ctensor, f64, hpd, thrown } from './support/index.js';

describe.each(API_DTYPES)('$dtype non-finite input throws LinAlgError naming the operation', (t) => {
  const sq = (x: number) =>
    t.real([
      [4, 1, 0],
      [1, 4, 1],
      [0, 1, x],
    ]);
  const b = t.real([1, 2, 3]);
  const entryPoints: Array<[string, (A: Tensor) => unknown]> = [
    ['svd', (A) => svd(A)],
    ['svdvals', (A) => svdvals(A)],
    ['qr', (A) => qr(A)],
    ['eigh', (A) => eigh(A)],
    ['eigvalsh', (A) => eigvalsh(A)],
    ['cholesky', (A) => cholesky(A)],
    ['lu', (A) => lu(A)],
    ['solve', (A) => solve(A, b)],
    ['solveTriangular', (A) => solveTriangular(A, b)],
    ['inv', (A) => inv(A)],
    ['det', (A) => det(A)],
    ['slogdet', (A) => slogdet(A)],
    ['pinv', (A) => pinv(A)],
    ['matrixRank', (A) => matrixRank(A)],
    ['norm', (A) => norm(A)],
    ['cond', (A) => cond(A)],
  ];
  for (const [op, f] of entryPoints) {
    for (const x of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      it(`${op} with ${x} (on the diagonal, read by every op)`, () => {
        const err = thrown(() => f(sq(x)));
        expect(err).toBeInstanceOf(LinAlgError);
        expect((err as LinAlgError).code).toBe('LINALG');
        expect(err.message).toBe(
          `${op}: the input contains non-finite values (NaN or ±Inf) at batch element 0`.replace(
            'the input',
            op === 'solve' || op === 'solveTriangular' ? 'the coefficient matrix' : 'the input',
          ),
        );
      });
    }
  }

  it('exact text for svd, and the batch element is named', () => {
    expect(() => svd(t.real([[Number.NaN]]))).toThrow(
      'svd: the input contains non-finite values (NaN or ±Inf) at batch element 0',
    );
    const data = Array.from({ length: 2 * 3 * 2 * 2 }, (_, i) => (i === 5 * 4 + 3 ? Number.POSITIVE_INFINITY : 1));
    expect(() => svd(t.real(data, [2, 3, 2, 2]))).toThrow(
      'svd: the input contains non-finite values (NaN or ±Inf) at batch element 5',
    );
  });

  it('a non-finite right-hand side is rejected too', () => {
    expect(() => solve(t.real([[1]]), t.real([Number.NaN]))).toThrow(
      'solve: the right-hand side contains non-finite values (NaN or ±Inf) at batch element 0',
    );
  });

  it('NaN in the unread triangle is ignored by eigh, cholesky and solveTriangular', () => {
    const A = t.real([
      [2, Number.NaN],
      [1, 2],
    ]);
    expect(f64(eigvalsh(A))).toEqual(Float64Array.of(1, 3));
    expect(Number.isFinite(f64(cholesky(A))[3 * t.w])).toBe(true);
    expect(f64(solveTriangular(A, t.real([2, 4]), { lower: true }))).toEqual(f64(t.real([1, 1.5])));
    expect(() => eigvalsh(A, { uplo: 'U' })).toThrow(LinAlgError);
  });
});

describe('complex128: non-finite imaginary parts', () => {
  it('NaN or ±Inf in either part throws LinAlgError naming the operation and batch element', () => {
    const bad = c64(ctensor([2, 3, 3], 1));
    bad[18 + 7] = Number.NaN; // imaginary part of an entry of batch element 1
    const T = tensor(bad, { shape: [2, 3, 3], dtype: 'complex128' });
    for (const [name, f] of [
      ['svd', () => svd(T)],
      ['svdvals', () => svdvals(T)],
      ['qr', () => qr(T)],
      ['lu', () => lu(T)],
      ['det', () => det(T)],
      ['slogdet', () => slogdet(T)],
      ['inv', () => inv(T)],
      ['pinv', () => pinv(T)],
      ['matrixNorm', () => matrixNorm(T)],
      ['cond', () => cond(T)],
      ['matrixRank', () => matrixRank(T)],
    ] as const) {
      const err = thrown(f);
      expect(err).toBeInstanceOf(LinAlgError);
      expect(err.message).toBe(`${name}: the input contains non-finite values (NaN or ±Inf) at batch element 1`);
    }
    const single = c64(ctensor([3, 3], 2));
    single[7] = Number.POSITIVE_INFINITY; // Im A[1,0], in the lower triangle
    const S = tensor(single, { shape: [3, 3], dtype: 'complex128' });
    expect(thrown(() => eigh(S)).message).toBe(
      'eigh: the input contains non-finite values (NaN or ±Inf) at batch element 0',
    );
    expect(thrown(() => cholesky(S)).message).toBe(
      'cholesky: the input contains non-finite values (NaN or ±Inf) at batch element 0',
    );
    expect(
      thrown(() =>
        solve(
          tensor(hpd(3, 1), { shape: [3, 3], dtype: 'complex128' }),
          tensor(single.subarray(6, 12), { shape: [3], dtype: 'complex128' }),
        ),
      ).message,
    ).toBe('solve: the right-hand side contains non-finite values (NaN or ±Inf) at batch element 0');
  });

  it('eigh / cholesky ignore the imaginary parts of the diagonal entirely (even NaN), as zheev / zpotrf do', () => {
    const h = hpd(4, 12);
    const H = tensor(h, { shape: [4, 4], dtype: 'complex128' });
    const g = h.slice();
    for (let i = 0; i < 4; i++) g[2 * (i * 4 + i) + 1] = i === 2 ? Number.NaN : 1e300;
    const G = tensor(g, { shape: [4, 4], dtype: 'complex128' });
    for (const uplo of ['L', 'U'] as const) {
      const [W, V] = eigh(H, { uplo });
      const [W2, V2] = eigh(G, { uplo });
      expect(f64(W2)).toEqual(f64(W));
      expect(c64(V2)).toEqual(c64(V));
    }
    for (const upper of [false, true]) expect(c64(cholesky(G, { upper }))).toEqual(c64(cholesky(H, { upper })));
  });
});
