/**
 * Second order through svds on a dense input: the complement solve is a rule whose backward is
 * the implicit-function rule (one more MINRES solve), so reverse-over-reverse (hvp) works. Checked
 * against the dense truncated SVD's hvp and against gradgradcheck's finite differences.
 */
import { gradgradcheck } from '@svd/gradcheck';
import { svd, svds } from '@svd/ops-svd';
import { type Var, abs, add, adjoint, diagonal, grad, hvp, matmul, mul, square, sum, trace } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { randomWithSingularValues, relErr } from './helpers.js';

describe.each([
  ['real 9×7', 9, 7, 'float64'],
  ['complex 6×8', 6, 8, 'complex128'],
] as const)('hvp through svds, %s, k = 2', (_, m, n, dtype) => {
  const k = 2;
  const base = randomWithSingularValues(m, n, [4, 3, 1.2, 0.9, 0.6, 0.4, 0.3].slice(0, Math.min(m, n)), 7);
  const A = dtype === 'complex128' ? T.complex(base, T.scale(T.randn([m, n], { seed: 8 }), 0.2)) : base;
  const M = T.randn([m, n], { seed: 9, dtype });
  const P = T.randn([m, m], { seed: 10, dtype });
  const dir = T.randn([m, n], { seed: 11, dtype });
  // Gauge-invariant: Σ sᵢ², |uᵢᴴ M vᵢ|², tr(P U Uᴴ).
  const loss = (d: (a: Var) => [Var, Var, Var]) => (a: Var) => {
    const [U, S, V] = d(a);
    const uMv = diagonal(matmul(adjoint(U), matmul(M, V)));
    return add(add(sum(square(S)), sum(square(abs(uMv)))), abs(trace(matmul(P, matmul(U, adjoint(U))))));
  };
  const viaSvds = loss((a) => svds(a, k, { gauge: 'throw' }));
  const viaDense = loss((a) => svd(a, { rank: k, gauge: 'throw' }));

  test('hvp equals the dense truncated rule to 1e-8', () => {
    const h = hvp(viaSvds, [A], [dir])[0]!.value;
    const ref = hvp(viaDense, [A], [dir])[0]!.value;
    expect(relErr(h, ref)).toBeLessThan(1e-8);
    expect(T.max(T.abs(ref)).item()).toBeGreaterThan(1e-3);
  });

  test('gradgradcheck against finite differences of the gradient', () => {
    const r = gradgradcheck(viaSvds, [A]);
    expect(r.ok).toBe(true);
  });

  test('at a rank-deficient input (a zero discarded singular value) hvp matches a central difference of the gradient', () => {
    // The zero singular value sits in the complement, which MINRES handles like any other.
    const B =
      dtype === 'complex128'
        ? A
        : randomWithSingularValues(m, n, [4, 3, 1.2, 0.9, 0.6, 0.4, 0].slice(0, Math.min(m, n)), 7);
    const h = 1e-5;
    const g = (x: T.Tensor) => grad(viaSvds)(x).value;
    const fd = T.scale(T.sub(g(T.add(B, T.scale(dir, h))), g(T.sub(B, T.scale(dir, h)))), 1 / (2 * h));
    expect(relErr(hvp(viaSvds, [B], [dir])[0]!.value, fd)).toBeLessThan(1e-7);
  });

  test('the same with a loss of S alone (no complement term in the first backward)', () => {
    const f = (a: Var) => sum(mul(square(svds(a, k)[1]), T.tensor([1, 2])));
    const g = (a: Var) => sum(mul(square(svd(a, { rank: k })[1]), T.tensor([1, 2])));
    expect(relErr(hvp(f, [A], [dir])[0]!.value, hvp(g, [A], [dir])[0]!.value)).toBeLessThan(1e-8);
  });
});
