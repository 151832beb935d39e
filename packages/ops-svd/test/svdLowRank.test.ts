/**
 * svdLowRank written with tape ops: its forward agrees with @svd/linalg's (same draws of Ω), its
 * gradient is that of the random algorithm (checked by finite differences of the same seeded
 * algorithm), and where the approximation is exact (rank(A) ≤ k + oversample) it equals the
 * truncated SVD's gradient.
 */
import { gradcheck } from '@svd/gradcheck';
import * as L from '@svd/linalg';
import { type DifferentiableOperator, svd, svdLowRank } from '@svd/ops-svd';
import { type Var, abs, add, adjoint, diagonal, grad, matmul, mul, square, sum, unsqueeze, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { relErr } from './helpers.js';

const loss = (M: T.Tensor) => (U: Var, S: Var, V: Var) =>
  add(sum(square(S)), sum(square(abs(diagonal(matmul(adjoint(U), matmul(M, V)))))));

describe.each(['float64', 'complex128'] as const)('svdLowRank (%s)', (dtype) => {
  const [m, n, r] = [40, 30, 5];
  const lowRank = T.matmul(T.randn([m, r], { seed: 1, dtype }), T.randn([r, n], { seed: 2, dtype }));
  const full = T.add(lowRank, T.scale(T.randn([m, n], { seed: 3, dtype }), 0.05));
  const M = T.randn([m, n], { seed: 4, dtype });

  test('the Var forward equals @svd/linalg svdLowRank (same seed)', () => {
    const [U, S, V] = svdLowRank(variable(full), 4, { oversample: 3, seed: 9 });
    const [Ur, Sr, Vr] = L.svdLowRank(full, 4, { oversample: 3, seed: 9 });
    expect(relErr(S.value, Sr)).toBeLessThan(1e-12);
    expect(relErr(U.value, Ur)).toBeLessThan(1e-10);
    expect(relErr(V.value, Vr)).toBeLessThan(1e-10);
  });

  test('exact approximation (rank 5 = k + oversample: the sketch is a basis of the range): the gradient equals the truncated SVD rule', () => {
    const g = grad((a: Var) => loss(M)(...svdLowRank(a, 3, { oversample: 2 })))(lowRank).value;
    const ref = grad((a: Var) => loss(M)(...svd(a, { rank: 3 })))(lowRank).value;
    expect(relErr(g, ref)).toBeLessThan(1e-8);
  });

  test('inexact approximation: the gradient is that of the random algorithm (finite differences)', () => {
    const f = (a: Var) => loss(M)(...svdLowRank(a, 3, { oversample: 1, powerIters: 0, seed: 5 }));
    expect(gradcheck(f, [full], { fast: true }).ok).toBe(true);
    // … which is not the gradient of the true top-3 triplets:
    const ref = grad((a: Var) => loss(M)(...svd(a, { rank: 3 })))(full).value;
    expect(relErr(grad(f)(full).value, ref)).toBeGreaterThan(1e-4);
  });
});

test('svdLowRank on an operator with a tracked diagonal: the gradient reaches it (finite differences)', () => {
  const n = 50;
  const Lf = T.randn([n, 3], { seed: 11 });
  const M = T.randn([n, n], { seed: 12 });
  const op = (d: Var): DifferentiableOperator => ({
    shape: [n, n],
    dtype: 'float64',
    apply: (x) => add(matmul(Lf, matmul(T.adjoint(Lf), x)), mul(unsqueeze(d, -1), x)),
    applyAdjoint: (x) => add(matmul(Lf, matmul(T.adjoint(Lf), x)), mul(unsqueeze(d, -1), x)),
  });
  const f = (d: Var) => loss(M)(...svdLowRank(op(d), 3, { oversample: 5 }));
  expect(gradcheck(f, [T.scale(T.rand([n], { seed: 13 }), 0.1)], { fast: true, atol: 1e-6, rtol: 1e-6 }).ok).toBe(true);
});

test('bad options are ValueErrors naming svdLowRank', () => {
  const A = variable(T.randn([6, 5], { seed: 1 }));
  expect(() => svdLowRank(A, 9)).toThrow(/svdLowRank: k must be an integer in \[0, 5\]/);
  expect(() => svdLowRank(A, 2, { oversample: -1 })).toThrow(/svdLowRank: option oversample must be an integer ≥ 0/);
  expect(() => svdLowRank(A, 2, { sketch: 3 } as never)).toThrow(/svdLowRank: unknown option 'sketch'/);
});
