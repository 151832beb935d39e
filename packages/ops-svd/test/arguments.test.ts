/**
 * Issue #11 items 7 and 8: every ops-svd entry point checks its arguments and options as @svd/linalg
 * does. Matrices must be Tensors or Vars (nested arrays are rejected everywhere, with a hint);
 * misspelled or ill-typed options are a ValueError naming the function, the option, expected vs got.
 */
import {
  cholesky,
  det,
  eigh,
  eigvalsh,
  inv,
  norm,
  pinv,
  qr,
  slogdet,
  solve,
  solveTriangular,
  svd,
  svdvals,
} from '@svd/ops-svd';
import { variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, it } from 'vitest';

const A = T.tensor([
  [2, 1],
  [1, 3],
]);
const nested = [
  [1, 2],
  [3, 4],
];

function valueError(f: () => unknown, message: RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(T.ValueError);
  expect((err as T.ValueError).code).toBe('VALUE');
  expect((err as Error).message).toMatch(message);
}

// biome-ignore lint/suspicious/noExplicitAny: deliberately ill-typed calls
const untyped = (f: unknown) => f as (...args: any[]) => unknown;

describe('matrix arguments must be Tensors or Vars (item 7)', () => {
  const unary: [string, unknown][] = [
    ['svd', svd],
    ['svdvals', svdvals],
    ['eigh', eigh],
    ['eigvalsh', eigvalsh],
    ['qr', qr],
    ['cholesky', cholesky],
    ['inv', inv],
    ['det', det],
    ['slogdet', slogdet],
    ['pinv', pinv],
  ];
  it.each(unary)('%s rejects nested arrays, null and typed arrays', (name, f) => {
    valueError(
      () => untyped(f)(nested),
      new RegExp(
        `^${name}: the input must be a Tensor or a tape Var, got an array of length 2 \\(wrap nested arrays with tensor\\(\\)\\)$`,
      ),
    );
    valueError(() => untyped(f)(null), new RegExp(`^${name}: the input must be a Tensor or a tape Var, got null$`));
    valueError(() => untyped(f)(new Float64Array(4)), /got a Float64Array/);
  });
  it('solve and solveTriangular name the argument', () => {
    valueError(
      () => untyped(solve)(A, [1, 2]),
      /^solve: the right-hand side must be a Tensor or a tape Var, got an array of length 2/,
    );
    valueError(() => untyped(solve)(nested, T.tensor([1, 2])), /^solve: the coefficient matrix must be a Tensor/);
    valueError(() => untyped(solveTriangular)(A, 'b'), /^solveTriangular: the right-hand side must be .* got 'b'/);
  });
  it('norm names the input', () => {
    valueError(
      () => untyped(norm)(nested),
      /^norm: the input must be a Tensor or a tape Var, got an array of length 2/,
    );
  });
});

describe('options are checked (item 8)', () => {
  const v = variable(A);
  it('misspelled keys', () => {
    valueError(() => untyped(svd)(v, { fulll: true }), /^svd: unknown option 'fulll' \(allowed: full, rank, /);
    valueError(() => untyped(pinv)(v, { rtl: 1e-3 }), /^pinv: unknown option 'rtl' \(allowed: rtol\)$/);
    valueError(() => untyped(eigh)(v, { UPLO: 'U' }), /^eigh: unknown option 'UPLO'/);
    valueError(() => untyped(solveTriangular)(v, v, { upper: true }), /^solveTriangular: unknown option 'upper'/);
    valueError(() => untyped(svdvals)(A, { rnak: 1 }), /^svdvals: unknown option 'rnak'/);
  });
  it('ill-typed values say expected vs got', () => {
    valueError(() => untyped(cholesky)(v, { upper: 'yes' }), /^cholesky: option upper must be a boolean, got 'yes'$/);
    valueError(
      () => svd(v, { degeneracyRtol: -1 }),
      /^svd: option degeneracyRtol must be a finite number ≥ 0, got -1$/,
    );
    valueError(() => svd(v, { gaugeRtol: Number.NaN }), /^svd: option gaugeRtol must be a finite number ≥ 0, got NaN$/);
    valueError(() => untyped(svd)(v, { full: 1 }), /^svd: option full must be a boolean, got 1$/);
    valueError(() => untyped(eigh)(v, { uplo: 'X' }), /^eigh: option uplo must be one of 'L', 'U', got 'X'$/);
    valueError(
      () => untyped(eigvalsh)(A, { gauge: 'loud' }),
      /^eigvalsh: option gauge must be one of 'off', 'warn', 'throw', got 'loud'$/,
    );
    valueError(() => pinv(v, { rtol: -1 }), /^pinv: option rtol must be a finite number ≥ 0/);
    valueError(() => untyped(svd)(v, 'full'), /^svd: options must be an object, got 'full'$/);
  });
});
