/**
 * Bad input to svds, eigsh and svdLowRank: every case throws a typed error with a `code` whose
 * message names the operation, the argument and what it got; an absurd restart cap throws
 * ConvergenceError (never NaN, never a hang); empty and k = 0 edges; bit-identical reruns.
 */
import {
  DTypeError,
  ShapeError,
  type Tensor,
  ValueError,
  add,
  adjoint,
  conj,
  matmul,
  matrixTranspose,
  randn,
  tensor,
  zeros,
} from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { ConvergenceError, LinAlgError, type LinearOperator, eigsh, svdLowRank, svds } from '../src/index.js';
import { thrown } from './support/index.js';

const A = randn([40, 30], { seed: 11 });
const B = randn([40, 40], { seed: 12 });
const H = add(B, matrixTranspose(B));

/** An operator around a dense tensor, with a hook to corrupt its results. */
function operator(M: Tensor, corrupt: (y: Tensor, method: string) => unknown = (y) => y): LinearOperator {
  const [m, n] = M.shape as [number, number];
  return {
    shape: [m, n],
    dtype: M.dtype,
    apply: (x) => corrupt(matmul(M, x), 'apply') as Tensor,
    applyAdjoint: (y) => corrupt(matmul(tensor(transpose(M), { shape: [n, m] }), y), 'applyAdjoint') as Tensor,
  };
}
function transpose(M: Tensor): Float64Array {
  const [m, n] = M.shape as [number, number];
  const a = M.toTypedArray();
  return Float64Array.from({ length: m * n }, (_, p) => a[(p % m) * n + Math.floor(p / m)]!);
}

type Solver = (A: Tensor | LinearOperator, k: number, options?: object) => unknown;
const solvers: [string, Solver, Tensor][] = [
  ['svds', svds as Solver, A],
  ['eigsh', eigsh as Solver, H],
  ['svdLowRank', svdLowRank as Solver, A],
];

describe.each(solvers)('%s: bad input', (name, solve, M) => {
  const expectError = (fn: () => unknown, cls: new (...a: never[]) => Error, code: string, re: RegExp) => {
    const e = thrown(fn);
    expect(e).toBeInstanceOf(cls);
    expect((e as Error & { code: string }).code).toBe(code);
    expect(e.message.startsWith(`${name}: `)).toBe(true);
    expect(e.message).toMatch(re);
  };
  it('A that is neither a Tensor nor an operator', () => {
    for (const bad of [null, 3, 'A', [[1, 2]]]) {
      expectError(() => solve(bad as unknown as Tensor, 1), ValueError, 'VALUE', /Tensor or a LinearOperator, got/);
    }
  });
  it('a Tensor that is not a matrix', () => {
    expectError(() => solve(randn([5]), 1), ShapeError, 'SHAPE', /2 dimensions.*got shape \[5\]/);
    expectError(() => solve(randn([2, 5, 5]), 1), ShapeError, 'SHAPE', /got shape \[2, 5, 5\]/);
  });
  it('NaN or ±Inf in a Tensor', () => {
    const bad = tensor(M.toTypedArray(), { shape: M.shape });
    (bad.data as Float64Array)[1] = Number.NaN;
    (bad.data as Float64Array)[M.shape[1]!] = Number.NaN; // the mirror too, for eigsh's lower triangle
    expectError(() => solve(bad, 2), LinAlgError, 'LINALG', /non-finite/);
  });
  it('k out of range or not an integer', () => {
    for (const k of [-1, 1.5, Number.NaN, 41, '2']) {
      expectError(() => solve(M, k as number), ValueError, 'VALUE', /k must be an integer in \[0, \d+\]/);
    }
  });
  it('options: not an object, unknown key, ill-typed values', () => {
    expectError(() => solve(M, 2, 5 as unknown as object), ValueError, 'VALUE', /options must be an object, got/);
    expectError(() => solve(M, 2, { tolerance: 1 }), ValueError, 'VALUE', /unknown option 'tolerance' \(allowed: /);
    expectError(() => solve(M, 2, { seed: 0.5 }), ValueError, 'VALUE', /option seed must be a safe integer, got 0\.5/);
    if (name === 'svdLowRank') {
      expectError(
        () => solve(M, 2, { oversample: -1 }),
        ValueError,
        'VALUE',
        /option oversample must be an integer ≥ 0, got -1/,
      );
      expectError(() => solve(M, 2, { powerIters: 'many' }), ValueError, 'VALUE', /option powerIters .*got/);
      return;
    }
    expectError(() => solve(M, 2, { tol: -1 }), ValueError, 'VALUE', /option tol must be a finite number ≥ 0, got -1/);
    expectError(() => solve(M, 2, { tol: Number.NaN }), ValueError, 'VALUE', /option tol/);
    expectError(
      () => solve(M, 2, { maxRestarts: 2.5 }),
      ValueError,
      'VALUE',
      /option maxRestarts must be an integer ≥ 0, got 2\.5/,
    );
    expectError(
      () => solve(M, 2, { ncv: 2 }),
      ValueError,
      'VALUE',
      /option ncv must be an integer in \[3, \d+\], got 2/,
    );
    expectError(() => solve(M, 2, { ncv: 1000 }), ValueError, 'VALUE', /option ncv must be an integer in \[3, \d+\]/);
    expectError(
      () => solve(M, 2, { method: 'fast' }),
      ValueError,
      'VALUE',
      /option method must be one of 'auto', 'krylov', 'dense', got/,
    );
    if (name === 'eigsh') {
      expectError(
        () => solve(M, 2, { which: 'LM' }),
        ValueError,
        'VALUE',
        /option which must be one of 'largest', 'smallest', 'largestMagnitude'/,
      );
      expectError(() => solve(M, 2, { uplo: 'X' }), ValueError, 'VALUE', /option uplo/);
    }
  });
  it('an operator with a bad shape, dtype or methods', () => {
    const op = operator(M);
    expectError(
      () => solve({ ...op, shape: [40] } as unknown as LinearOperator, 1),
      ShapeError,
      'SHAPE',
      /shape must be \[m, n\].*got/,
    );
    expectError(
      () => solve({ ...op, shape: [-1, 4] } as unknown as LinearOperator, 1),
      ShapeError,
      'SHAPE',
      /non-negative integers/,
    );
    expectError(
      () => solve({ ...op, dtype: 'int32' } as unknown as LinearOperator, 1),
      DTypeError,
      'DTYPE',
      /dtype must be .*got 'int32'|dtype must be .*got "int32"|dtype must be .*int32/,
    );
    expectError(
      () => solve({ ...op, apply: undefined } as unknown as LinearOperator, 1),
      ValueError,
      'VALUE',
      /apply must be a function, got undefined/,
    );
    if (name === 'eigsh') {
      expectError(
        () => solve({ ...op, shape: [40, 30] }, 1),
        ShapeError,
        'SHAPE',
        /square operator, got shape \[40, 30\]/,
      );
    }
  });
  it('an operator whose results are wrong: not a Tensor, wrong shape, wrong dtype, NaN', () => {
    const opts = name === 'svdLowRank' ? {} : { method: 'krylov' };
    const methods = name === 'eigsh' ? ['apply'] : ['apply', 'applyAdjoint'];
    for (const method of methods) {
      const when = (f: (y: Tensor) => unknown) => operator(M, (y, which) => (which === method ? f(y) : y));
      expectError(
        () =>
          solve(
            when(() => 7),
            2,
            opts,
          ),
        ValueError,
        'VALUE',
        new RegExp(`${method} must return a Tensor, got`),
      );
      expectError(
        () =>
          solve(
            when((y) => zeros([y.shape[0]! + 1, y.shape[1]!])),
            2,
            opts,
          ),
        ShapeError,
        'SHAPE',
        new RegExp(`${method} returned shape \\[\\d+, \\d+\\], expected`),
      );
      expectError(
        () =>
          solve(
            when((y) => tensor(y.toTypedArray(), { shape: y.shape, dtype: 'float32' })),
            2,
            opts,
          ),
        DTypeError,
        'DTYPE',
        new RegExp(`${method} returned dtype float32, expected float64`),
      );
      const nan = (y: Tensor) =>
        tensor(
          Float64Array.from(y.toTypedArray(), (v, i) => (i === 0 ? Number.NaN : v)),
          { shape: y.shape },
        );
      expectError(
        () => solve(when(nan), 2, opts),
        LinAlgError,
        'LINALG',
        new RegExp(`result of the operator's ${method} contains non-finite values`),
      );
      const inf = (y: Tensor) =>
        tensor(
          Float64Array.from(y.toTypedArray(), (v, i) => (i === 0 ? Number.POSITIVE_INFINITY : v)),
          { shape: y.shape },
        );
      expectError(() => solve(when(inf), 2, opts), LinAlgError, 'LINALG', /non-finite/);
    }
  });
});

describe('eigsh on a non-Hermitian operator', () => {
  it('is caught from the Lanczos coefficients (LinAlgError), real and complex', () => {
    for (const dtype of ['float64', 'complex128'] as const) {
      const M = randn([60, 60], { seed: 3, dtype });
      const op: LinearOperator = { shape: [60, 60], dtype, apply: (x) => matmul(M, x), applyAdjoint: (x) => x };
      const e = thrown(() => eigsh(op, 2, { method: 'krylov' }));
      expect(e).toBeInstanceOf(LinAlgError);
      expect(e.message).toMatch(/^eigsh: the operator is not Hermitian: v0ᴴ·A·v1 differs from conj\(v1ᴴ·A·v0\) by /);
    }
  });
  it('a Hermitian operator with rounding noise passes', () => {
    const op: LinearOperator = {
      shape: [40, 40],
      dtype: 'float64',
      apply: (x) => matmul(H, x),
      applyAdjoint: (x) => x,
    };
    expect(eigsh(op, 2, { method: 'krylov' })[0].shape).toEqual([2]);
  });
});

describe('ConvergenceError on an absurd cap', () => {
  it('svds: a flat spectrum with maxRestarts 0 and a small Krylov space', () => {
    const e = thrown(() => svds(A, 4, { method: 'krylov', ncv: 6, maxRestarts: 0 }));
    expect(e).toBeInstanceOf(ConvergenceError);
    expect((e as ConvergenceError).code).toBe('CONVERGENCE');
    expect((e as ConvergenceError).iterations).toBe(0);
    expect(e.message).toMatch(/^svds: \d of 4 singular triplets converged to tol .* after 0 restarts \(maxRestarts\)/);
  });
  it('eigsh: a semicircle spectrum with maxRestarts 1', () => {
    const e = thrown(() => eigsh(H, 3, { method: 'krylov', ncv: 5, maxRestarts: 1 }));
    expect(e).toBeInstanceOf(ConvergenceError);
    expect(e.message).toMatch(/^eigsh: \d of 3 eigenpairs converged .* after 1 restarts/);
  });
  it('tol 0 can only end by the cap (never a hang)', () => {
    expect(() => svds(A, 2, { method: 'krylov', tol: 0, maxRestarts: 3 })).toThrow(ConvergenceError);
  });
});

describe('edges', () => {
  it('k = 0 gives empty factors; an empty matrix allows only k = 0', () => {
    const [U, S, V] = svds(A, 0);
    expect([U.shape, S.shape, V.shape]).toEqual([[40, 0], [0], [30, 0]]);
    const [W, X] = eigsh(H, 0);
    expect([W.shape, X.shape]).toEqual([[0], [40, 0]]);
    expect(svds(zeros([0, 5]), 0)[2].shape).toEqual([5, 0]);
    expect(() => svds(zeros([0, 5]), 1)).toThrow(/k must be an integer in \[0, 0\]/);
  });
  it('k = min(m, n) goes to the dense path and returns everything', () => {
    expect(svds(A, 30)[1].shape).toEqual([30]);
    expect(eigsh(H, 40)[0].shape).toEqual([40]);
  });
  it('the zero matrix: zero values, orthonormal vectors, no NaN', () => {
    const Z = zeros([50, 40]);
    const [U, S, V] = svds(Z, 3, { method: 'krylov' });
    expect(S.toArray()).toEqual([0, 0, 0]);
    for (const x of [...U.toTypedArray(), ...V.toTypedArray()]) expect(Number.isFinite(x)).toBe(true);
  });
  it('an operator may return views (lazy conjugation, transposed strides): read as values', () => {
    const M = randn([50, 40], { seed: 21, dtype: 'complex128' });
    const direct: LinearOperator = {
      shape: [50, 40],
      dtype: 'complex128',
      apply: (x) => matmul(M, x),
      applyAdjoint: (y) => matmul(adjoint(M), y),
    };
    const views: LinearOperator = {
      shape: [50, 40],
      dtype: 'complex128',
      apply: (x) => conj(matmul(conj(M), conj(x))),
      applyAdjoint: (y) => adjoint(matmul(adjoint(y), M)),
    };
    const a = svds(direct, 3, { method: 'krylov' })[1].toArray() as number[];
    const b = svds(views, 3, { method: 'krylov' })[1].toArray() as number[];
    for (let i = 0; i < 3; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-12 * a[0]!);
  });
  it('bit-identical reruns; another seed agrees to the tolerance', () => {
    const a = svds(A, 4, { method: 'krylov' });
    const b = svds(A, 4, { method: 'krylov' });
    for (let i = 0; i < 3; i++) expect(b[i]!.toTypedArray()).toEqual(a[i]!.toTypedArray());
    const c = svds(A, 4, { method: 'krylov', seed: 99 })[1].toArray() as number[];
    (a[1].toArray() as number[]).forEach((x, i) => {
      expect(Math.abs(x - c[i]!)).toBeLessThan(1e-12 * x);
    });
    const e1 = eigsh(H, 3, { method: 'krylov' });
    const e2 = eigsh(H, 3, { method: 'krylov' });
    expect(e2[1].toTypedArray()).toEqual(e1[1].toTypedArray());
  });
});
