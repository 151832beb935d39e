/**
 * Bad input, per dtype (float64, complex128): the typed error class, and a message naming the
 * operation, the argument and expected vs got — non-square input, rank < 2, singular and non-PD
 * matrices (with the batch element), bad options. Singular input is fine where it has a value
 * (det, slogdet, lu, cond, pinv, matrixRank).
 */
import { ShapeError, SvdError, ValueError, tensor } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import {
  ConvergenceError,
  LinAlgError,
  NotPositiveDefiniteError,
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
} from '../src/index.js';
import { API_DTYPES, COMPLEX128, FLOAT64, eyeData, f64, thrown } from './support/index.js';

describe.each(API_DTYPES)('$dtype errors: types and texts', (t) => {
  const zero = new Float64Array(t.w); // the scalar 0 of this dtype

  it('non-square input for the square-only ops', () => {
    const A = t.zeros([3, 4]);
    for (const [op, f] of [
      ['eigh', () => eigh(A)],
      ['eigvalsh', () => eigvalsh(A)],
      ['cholesky', () => cholesky(A)],
      ['solve', () => solve(A, t.zeros([3]))],
      ['inv', () => inv(A)],
      ['det', () => det(A)],
      ['slogdet', () => slogdet(A)],
      ['cond', () => cond(A, 1)],
    ] as const) {
      const err = thrown(f);
      expect(err).toBeInstanceOf(ShapeError);
      expect(err.message).toBe(`${op}: expected batches of square matrices, got shape [3, 4]`);
    }
    expect(cond(A).shape).toEqual([]); // the 2-norm condition number takes any shape
  });

  it('rank < 2 throws ShapeError', () => {
    expect(() => svd(t.real([1, 2, 3]))).toThrow(
      'svd: expected the input to have at least 2 dimensions (a matrix or a batch of matrices), got shape [3]',
    );
    for (const f of [() => qr(t.real(1)), () => det(t.real([1])), () => matrixNorm(t.real([1, 2]))]) {
      expect(thrown(f)).toBeInstanceOf(ShapeError);
    }
  });

  it('singular matrices in solve and inv', () => {
    const A = t.real([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
    ]);
    expect(() => solve(A, t.real([1, 1, 1]))).toThrow('solve: the matrix is singular (U[2,2] is exactly zero)');
    const err = thrown(() => inv(A));
    expect(err).toBeInstanceOf(LinAlgError);
    expect(err.message).toBe('inv: the matrix is singular (U[2,2] is exactly zero)');
    expect(() =>
      solveTriangular(
        t.real([
          [1, 2],
          [0, 0],
        ]),
        t.real([1, 1]),
      ),
    ).toThrow('solveTriangular: the matrix is singular (A[1,1] is exactly zero)');
    // Singular is fine for det, slogdet, lu, cond, pinv, matrixRank.
    expect(f64(det(A))).toEqual(zero);
    const [sg, la] = slogdet(A);
    expect(f64(sg)).toEqual(zero);
    expect(la.item()).toBe(Number.NEGATIVE_INFINITY);
    expect(cond(A).item()).toBe(Number.POSITIVE_INFINITY);
    expect(cond(A, 1).item()).toBe(Number.POSITIVE_INFINITY);
    expect(matrixRank(A).item()).toBe(2);
  });

  it('batched failures name the batch element', () => {
    const S = t.real([
      [
        [1, 0],
        [0, 1],
      ],
      [
        [1, 2],
        [2, 1],
      ],
    ]);
    const err = thrown(() => cholesky(S));
    expect(err).toBeInstanceOf(NotPositiveDefiniteError);
    expect(err).toBeInstanceOf(LinAlgError);
    expect(err.message).toBe('cholesky: the leading minor of order 2 is not positive definite at batch element 1');
    expect((err as NotPositiveDefiniteError).order).toBe(2);
    const Z = t.real([[[1]], [[0]]]);
    expect(() => inv(Z)).toThrow('inv: the matrix is singular (U[0,0] is exactly zero) at batch element 1');
  });

  it('bad options throw ValueError naming the option and the allowed values', () => {
    const A = t.real([
      [2, 1],
      [1, 2],
    ]);
    const cases: Array<[() => unknown, string]> = [
      [() => eigh(A, { uplo: 'X' as 'L' }), "eigh: option uplo must be one of 'L', 'U', got 'X'"],
      [() => eigvalsh(A, { uplo: 'l' as 'L' }), "eigvalsh: option uplo must be one of 'L', 'U', got 'l'"],
      [
        () => qr(A, { mode: 'full' as 'complete' }),
        "qr: option mode must be one of 'reduced', 'complete', 'r', got 'full'",
      ],
      [
        () => norm(A, { ord: 3 }),
        "norm: option ord of a matrix norm must be one of 'fro', 'nuc', 1, -1, 2, -2, Infinity, -Infinity, got 3",
      ],
      [
        () => cond(A, 'max' as 'fro'),
        "cond: option ord must be one of 'fro', 'nuc', 1, -1, 2, -2, Infinity, -Infinity, got 'max'",
      ],
      [() => svd(A, { full: 1 as unknown as boolean }), 'svd: option full must be a boolean, got 1'],
      [() => cholesky(A, { lower: true } as never), "cholesky: unknown option 'lower' (allowed: upper)"],
      [() => pinv(A, { rtol: -1 }), 'pinv: option rtol must be a finite number ≥ 0, got -1'],
      [() => matrixRank(A, { tol: Number.NaN }), 'matrixRank: option tol must be a finite number ≥ 0, got NaN'],
    ];
    for (const [f, msg] of cases) {
      const err = thrown(f);
      expect(err).toBeInstanceOf(ValueError);
      expect(err.message).toBe(msg);
    }
  });
});

// A rank-one 2×2 matrix (row 1 = 2·row 0) whose computed smallest singular value is exactly 0, a
// rank-two one, and a non-PD symmetric / Hermitian one, per dtype: the complex ones are the complex
// twin suite's; the real ones real-valued analogues.
const SINGULAR_CASES = [
  {
    ...FLOAT64,
    rankOne: FLOAT64.real([
      [1, 0],
      [2, 0],
    ]),
    rankTwo: FLOAT64.real([
      [1, 2],
      [1, 0],
    ]),
    notPd: FLOAT64.real([
      [1, 2],
      [2, 1],
    ]),
  },
  {
    ...COMPLEX128,
    rankOne: tensor(Float64Array.of(1, 1, 2, 2, 2, 2, 4, 4), { shape: [2, 2], dtype: 'complex128' }),
    rankTwo: tensor(Float64Array.of(1, 1, 2, 2, 1, -1, 2, 0), { shape: [2, 2], dtype: 'complex128' }),
    notPd: tensor(Float64Array.of(1, 0, 2, 1, 2, -1, 1, 0), { shape: [2, 2], dtype: 'complex128' }),
  },
];

describe.each(SINGULAR_CASES)('$dtype singular and non-positive-definite 2×2 matrices', (t) => {
  it('det 0, slogdet [0, −Infinity], solve / inv name the pivot, lu has U[1,1] = 0', () => {
    const S = t.rankOne;
    expect(f64(det(S))).toEqual(new Float64Array(t.w));
    const [sg, la] = slogdet(S);
    expect(f64(sg)).toEqual(new Float64Array(t.w));
    expect(la.item()).toBe(Number.NEGATIVE_INFINITY);
    expect(thrown(() => solve(S, t.random([2], 1))).message).toBe(
      'solve: the matrix is singular (U[1,1] is exactly zero)',
    );
    expect(thrown(() => inv(S))).toBeInstanceOf(LinAlgError);
    expect(cond(S).item()).toBe(Number.POSITIVE_INFINITY);
    expect(cond(S, 1).item()).toBe(Number.POSITIVE_INFINITY);
    expect(matrixRank(S).item()).toBe(1);
    expect(matrixRank(t.rankTwo).item()).toBe(2);
    const [P, L, U] = lu(S);
    expect([P.dtype, L.dtype, U.dtype]).toEqual([t.dtype, t.dtype, t.dtype]);
    expect(f64(U).subarray(3 * t.w)).toEqual(new Float64Array(t.w));
    expect(f64(L).subarray(0, t.w)).toEqual(eyeData(1, t.w));
  });

  it('cholesky of a non-PD matrix names the leading minor', () => {
    expect(thrown(() => cholesky(t.notPd)).message).toBe(
      'cholesky: the leading minor of order 2 is not positive definite',
    );
  });
});

describe('error classes', () => {
  it('all errors are SvdErrors with a code; ConvergenceError is a LinAlgError', () => {
    expect(new ConvergenceError('svd', 'x')).toBeInstanceOf(LinAlgError);
    expect(new ConvergenceError('svd', 'x').code).toBe('CONVERGENCE');
    expect(thrown(() => svd(FLOAT64.real([[Number.NaN]])))).toBeInstanceOf(SvdError);
    expect(thrown(() => svd(COMPLEX128.real([[Number.NaN]])))).toBeInstanceOf(SvdError);
  });
});
