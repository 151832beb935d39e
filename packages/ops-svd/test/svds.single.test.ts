/**
 * Single precision: svds and eigsh on float32 / complex64 input keep their dtype through the
 * backward (the complement solves stop at the single-precision default solveTol 1e-5), and agree
 * with the dense truncated rules to single-precision accuracy.
 */
import { eigh, eigsh, svd, svds } from '@svd/ops-svd';
import { type Var, abs, add, adjoint, diagonal, grad, matmul, slice, square, sum } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { randomWithSingularValues, relErr } from './helpers.js';

describe.each(['float32', 'complex64'] as const)('%s', (dtype) => {
  const base = randomWithSingularValues(10, 8, [4, 3, 2, 1, 0.5, 0.3, 0.2, 0.1], 3);
  const A64 = T.isComplex(dtype) ? T.complex(base, T.scale(T.randn([10, 8], { seed: 4 }), 0.1)) : base;
  const a = toDType(A64, dtype);
  const M = toDType(T.randn([10, 8], { seed: 5, dtype: T.isComplex(dtype) ? 'complex128' : 'float64' }), dtype);
  const loss = (U: Var, S: Var, V: Var) =>
    add(sum(square(S)), sum(square(abs(diagonal(matmul(adjoint(U), matmul(M, V)))))));

  test('svds: the gradient keeps the dtype and matches the dense truncated rule to 1e-4', () => {
    const g = grad((x: Var) => loss(...svds(x, 3)))(a).value;
    const ref = grad((x: Var) => loss(...svd(x, { rank: 3 })))(a).value;
    expect(g.dtype).toBe(dtype);
    expect(relErr(g, ref)).toBeLessThan(1e-4);
  });

  test('eigsh: likewise, against eigh and its 2 largest eigenpairs', () => {
    const H = toDType(T.matmul(T.adjoint(A64), A64), dtype);
    const f = (W: Var, V: Var) =>
      add(sum(square(W)), sum(square(abs(diagonal(matmul(adjoint(V), matmul(slice(M, [0, 8]), V)))))));
    const g = grad((x: Var) => f(...eigsh(x, 2)))(H).value;
    const ref = grad((x: Var) => {
      const [W, V] = eigh(x);
      return f(slice(W, [6, 8]), slice(V, null, [6, 8]));
    })(H).value;
    expect(g.dtype).toBe(dtype);
    expect(relErr(g, ref)).toBeLessThan(1e-4);
  });
});

function toDType(t: T.Tensor, dtype: T.DType): T.Tensor {
  return T.tensor(t.toTypedArray(), { shape: t.shape, dtype });
}
