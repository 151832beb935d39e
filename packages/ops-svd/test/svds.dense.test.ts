/**
 * svds' reverse rule against the dense truncated rule svd(A, { rank: k }) (which computes all
 * min(m, n) triplets and lets the discarded ones take part with zero cotangents) and against
 * finite differences. The svds rule never forms a full decomposition: its complement part comes
 * from MINRES solves with A and Aᴴ.
 */
import { gradcheck } from '@svd/gradcheck';
import { svd, svds } from '@svd/ops-svd';
import { type Var, abs, add, adjoint, diagonal, exp, grad, matmul, mul, square, sum, trace } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { randomWithSingularValues, relErr } from './helpers.js';

type Decomp = (a: Var) => [Var, Var, Var];

/** Three gauge-invariant losses of the k top triplets. */
function losses(m: number, n: number, seed: number, dtype: T.DType) {
  const M = T.randn([m, n], { seed, dtype });
  const Pm = T.randn([m, m], { seed: seed + 1, dtype });
  const Pn = T.randn([n, n], { seed: seed + 2, dtype });
  return {
    // Σ f(sᵢ)
    values: (d: Decomp) => (a: Var) => sum(exp(mul(d(a)[1], 0.3))),
    // Re⟨M, U·diag(f(S))·Vᴴ⟩
    reconstruction: (d: Decomp) => (a: Var) => {
      const [U, S, V] = d(a);
      return sum(
        T.isComplex(dtype)
          ? abs(mul(matmul(mul(U, square(S)), adjoint(V)), M))
          : mul(matmul(mul(U, square(S)), adjoint(V)), M),
      );
    },
    // Σ |uᵢᴴ M vᵢ|² + projectors tr(Pm U Uᴴ) + tr(Pn V Vᴴ)
    vectors: (d: Decomp) => (a: Var) => {
      const [U, , V] = d(a);
      const uMv = diagonal(matmul(adjoint(U), matmul(M, V)));
      const proj = add(trace(matmul(Pm, matmul(U, adjoint(U)))), trace(matmul(Pn, matmul(V, adjoint(V)))));
      return add(sum(square(abs(uMv))), abs(proj));
    },
  };
}

describe.each([
  ['real tall 12×8', 12, 8, 'float64', 3],
  ['real wide 7×11', 7, 11, 'float64', 2],
  ['real square 10×10', 10, 10, 'float64', 4],
  ['complex tall 9×6', 9, 6, 'complex128', 3],
  ['complex wide 6×10', 6, 10, 'complex128', 2],
] as const)('svds on a %s matrix', (_, m, n, dtype, k) => {
  const d0 = Array.from({ length: Math.min(m, n) }, (_, i) => 3 * 0.7 ** i);
  const Areal = randomWithSingularValues(m, n, d0, 11 + m);
  const A =
    dtype === 'complex128'
      ? T.add(T.complex(Areal, T.zeros([m, n])), T.complex(T.zeros([m, n]), T.scale(T.randn([m, n], { seed: 5 }), 0.1)))
      : Areal;
  const L = losses(m, n, 40 + k, dtype);
  const viaSvds: Decomp = (a) => svds(a, k, { gauge: 'throw' });
  const viaDense: Decomp = (a) => svd(a, { rank: k, gauge: 'throw' });

  test.each(['values', 'reconstruction', 'vectors'] as const)(
    '%s loss: gradient equals the dense truncated rule to 1e-8',
    (name) => {
      const g = grad(L[name](viaSvds))(A).value;
      const ref = grad(L[name](viaDense))(A).value;
      expect(relErr(g, ref)).toBeLessThan(1e-8);
    },
  );

  test('vectors loss: gradcheck against finite differences', () => {
    const r = gradcheck(L.vectors(viaSvds), [A]);
    expect(r.ok).toBe(true);
  });
});
