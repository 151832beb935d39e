/**
 * Second derivatives through the truncated SVD `svd(A, { rank })` at a rectangular input whose
 * discarded singular values include an exact zero (rank deficiency). The thin rule's terms for a
 * discarded column cancel to O(ε) there, and a second backward used to divide that residue by the
 * zero singular value (hvp off by 3–40%); the truncated rule is written so that the discarded
 * vectors only enter multiplied by sⱼ or sⱼ². Checked against a central difference of the
 * gradient and against svds, whose complement solve never divides by a discarded value.
 */
import { svd, svds } from '@svd/ops-svd';
import { type Var, abs, add, adjoint, diagonal, grad, hvp, matmul, square, sum, trace } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { randomWithSingularValues, relErr } from './helpers.js';

const spectrum = [4, 3, 1.2, 0.9, 0.6, 0.4, 0];

describe.each([
  ['tall 9×7', 9, 7, 'float64'],
  ['wide 7×9', 7, 9, 'float64'],
  ['complex wide 6×8', 6, 8, 'complex128'],
] as const)('hvp through svd(A, { rank: 2 }) at a zero discarded singular value, %s', (_, m, n, dtype) => {
  const k = 2;
  const base = randomWithSingularValues(m, n, spectrum.slice(0, Math.min(m, n) - 1).concat([0]), 7);
  const A = dtype === 'complex128' ? T.complex(base, T.zerosLike(base)) : base;
  const M = T.randn([m, n], { seed: 9, dtype });
  const P = T.randn([m, m], { seed: 10, dtype });
  const dir = T.randn([m, n], { seed: 11, dtype });
  const losses: Array<[string, (f: (a: Var) => [Var, Var, Var]) => (a: Var) => Var]> = [
    [
      'Σ |uᵢᴴ·M·vᵢ|²',
      (f) => (a) => {
        const [U, , V] = f(a);
        return sum(square(abs(diagonal(matmul(adjoint(U), matmul(M, V))))));
      },
    ],
    [
      '|tr(P·U·Uᴴ)| + Σ sᵢ²',
      (f) => (a) => {
        const [U, S] = f(a);
        return add(abs(trace(matmul(P, matmul(U, adjoint(U))))), sum(square(S)));
      },
    ],
  ];
  test.each(losses)('%s: matches a central difference of the gradient and the svds hvp', (_, loss) => {
    const dense = loss((a) => svd(a, { rank: k, gauge: 'throw' }));
    const krylov = loss((a) => svds(a, k, { gauge: 'throw' }));
    expect(T.max(T.abs(T.sub(svd(A)[1], svd(A)[1]))).item()).toBe(0); // deterministic forward
    expect(svd(A)[1].get(Math.min(m, n) - 1) as number).toBeLessThan(1e-14); // the zero is there
    const h = 1e-5;
    const g = (x: T.Tensor) => grad(dense)(x).value;
    const fd = T.scale(T.sub(g(T.add(A, T.scale(dir, h))), g(T.sub(A, T.scale(dir, h)))), 1 / (2 * h));
    const got = hvp(dense, [A], [dir])[0]!.value;
    expect(relErr(got, fd)).toBeLessThan(1e-8);
    expect(relErr(got, hvp(krylov, [A], [dir])[0]!.value)).toBeLessThan(1e-8);
  });
});
