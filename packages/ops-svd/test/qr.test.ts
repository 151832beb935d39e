/**
 * QR (reduced, diag(R) ≥ 0): tall, square and wide inputs against finite differences, the sign
 * convention, and rank-deficient R, whose backward throws a LinAlgError with a clear message.
 */
import { LinAlgError } from '@svd/linalg';
import { gradcheck } from '@svd/gradcheck';
import { qr } from '@svd/ops-svd';
import { type Var, backward, grad, mul, sum, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { maxAbsDiff, thrown } from './helpers.js';

const shapes: [string, number, number][] = [
  ['tall 5×3', 5, 3],
  ['square 4×4', 4, 4],
  ['wide 3×5', 3, 5],
];

describe.each(shapes)('qr, %s', (_, m, n) => {
  const A = T.randn([m, n], { seed: 400 + m * 10 + n });
  const k = Math.min(m, n);

  test('forward: A = Q·R, QᴴQ = I, R upper triangular with diag(R) ≥ 0', () => {
    const [Q, R] = qr(A);
    expect(Q.shape).toEqual([m, k]);
    expect(R.shape).toEqual([k, n]);
    expect(maxAbsDiff(T.matmul(Q, R), A)).toBeLessThan(1e-13);
    expect(maxAbsDiff(T.matmul(T.adjoint(Q), Q), T.eye(k))).toBeLessThan(1e-14);
    expect(maxAbsDiff(T.tril(R, -1), T.zeros([k, n]))).toBe(0);
    for (const d of T.diagonal(R).toTypedArray()) expect(d).toBeGreaterThanOrEqual(0);
    // The same holds for the tracked version.
    const [Qv, Rv] = qr(variable(A));
    expect(maxAbsDiff(Qv.value, Q)).toBe(0);
    expect(maxAbsDiff(Rv.value, R)).toBe(0);
  });

  test('gradcheck of Q and R (unique for full rank, so the raw factors are smooth)', () => {
    const r = gradcheck((a: Var) => qr(a), [A]);
    expect(r.ok).toBe(true);
    expect(r.inputs[0]!.maxAbsError).toBeLessThan(1e-7);
  });

  test('Q alone and R alone (null cotangents for the other output)', () => {
    expect(gradcheck((a: Var) => qr(a)[0], [A]).ok).toBe(true);
    expect(gradcheck((a: Var) => qr(a)[1], [A]).ok).toBe(true);
  });
});

describe('rank-deficient input', () => {
  const cases: [string, T.Tensor][] = [
    // Third column = first + second: R₂₂ = 0.
    [
      'tall 4×3, dependent column',
      T.tensor([
        [1, 2, 3],
        [0, 1, 1],
        [2, -1, 1],
        [1, 1, 2],
      ]),
    ],
    [
      'square 3×3, zero column',
      T.tensor([
        [1, 0, 2],
        [3, 0, 1],
        [-1, 0, 4],
      ]),
    ],
    // Wide: the leading 2×2 block is singular.
    [
      'wide 2×4, singular leading block',
      T.tensor([
        [1, 2, 0, 1],
        [2, 4, 1, 3],
      ]),
    ],
  ];

  for (const [name, A] of cases) {
    test(`${name}: the forward works, the backward throws a LinAlgError naming qr and R’s diagonal`, () => {
      const [Q, R] = qr(A);
      expect(maxAbsDiff(T.matmul(Q, R), A)).toBeLessThan(1e-13);
      const a = variable(A);
      const [Qv] = qr(a);
      const W = T.randn(Qv.shape, { seed: 410 });
      const err = thrown(() => backward(sum(mul(W, Qv))));
      expect(err).toBeInstanceOf(T.SvdError);
      expect(err).toBeInstanceOf(LinAlgError);
      const e = err as T.SvdError;
      expect(e.code).toBe('LINALG');
      expect(e.op).toBe('qr');
      expect(e.message).toMatch(
        /^qr: the gradient of QR needs R with a non-zero diagonal \(full column rank of the leading block\), got \|R_ii\| down to /,
      );
      // An R-only loss fails the same way: the derivative does not exist there.
      const Wr = T.randn(R.shape, { seed: 411 });
      expect(thrown(() => grad((x: Var) => sum(mul(Wr, qr(x)[1])))(A))).toBeInstanceOf(LinAlgError);
    });
  }
});
