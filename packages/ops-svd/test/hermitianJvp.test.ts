/**
 * Forward-mode rules (`spec.jvp`) of eigh and cholesky on float64 and complex128 input, with
 * Hermitian tangents: adjoint to the reverse rules, Re⟨vjp(v), u⟩ = Re⟨v, jvp(u)⟩ (tight, no finite
 * differences), and matching central differences of gauge-invariant outputs (gradcheck's
 * checkRule, which finds `rule.spec.jvp`). The rules are reached through the node of a tracked
 * output, as in svd.jvp.test.ts. checkRule's pullback-shape check feeds raw random cotangents,
 * which for complex input always depend on the eigenvectors' phases, so complex eigh is taken with
 * gauge 'off' (complex.gauge.test.ts covers the check itself).
 */
import { absValues, checkRule } from '@svd/gradcheck';
import { cholesky, eigh } from '@svd/ops-svd';
import { type Var, adjoint, constant, matmul, slice, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { asRule, contextOf, expectAllChecksPass, inner, maxAbs, specOf } from './helpers.js';

// Each dtype keeps the seeds of the former per-dtype files (svd.jvp.test.ts, complex.jvp.test.ts).
describe.each([
  {
    dtype: 'float64',
    gauge: 'throw',
    eigh: { a: 211, dA: 220, values: 230, vectors: 240 },
    cholesky: { a: 251, dA: 260, v: 270 },
  },
  {
    dtype: 'complex128',
    gauge: 'off',
    eigh: { a: 861, dA: 870, values: 875, vectors: 880 },
    cholesky: { a: 891, dA: 895, v: 900 },
  },
] as const)('$dtype', ({ dtype, gauge, eigh: eighSeeds, cholesky: cholSeeds }) => {
  /** A random Hermitian (symmetric) n×n matrix. */
  const hermitian = (n: number, seed: number) => {
    const B = T.randn([n, n], { dtype, seed });
    return T.scale(T.add(B, T.adjoint(B)), 0.5);
  };
  /** A random Hermitian positive definite n×n matrix: B·Bᴴ + n·I. */
  const positiveDefinite = (n: number, seed: number) => {
    const B = T.randn([n, n], { dtype, seed });
    return T.add(T.matmul(B, T.adjoint(B)), T.scale(T.eye(n, n, { dtype }), n));
  };

  describe('eigh jvp (Hermitian tangents)', () => {
    const A = hermitian(4, eighSeeds.a);
    const spec = specOf(eigh(variable(A), { gauge })[0]);
    const rule = asRule(spec, true);

    test('checkRule with W and |V| (input made Hermitian, so FD sees the Hermitian part)', () => {
      expectAllChecksPass(checkRule(rule, [A], { outputTransform: absValues((...o: Var[]) => o, [1]) }));
    });

    test('checkRule with W and the projector onto the two lowest eigenvectors', () => {
      const transform = (W: Var, V: Var) => {
        const B = slice(V, null, [0, 2]);
        return [W, matmul(B, adjoint(B))];
      };
      expectAllChecksPass(checkRule(rule, [A], { outputTransform: transform }));
    });

    test('tight dot-product test with Hermitian tangents and raw cotangents', () => {
      const ctx = contextOf(spec, A);
      for (const seed of [1, 2]) {
        const dA = constant(hermitian(4, eighSeeds.dA + seed));
        const v = [
          T.randn([4], { seed: eighSeeds.values + seed }),
          T.randn([4, 4], { dtype, seed: eighSeeds.vectors + seed }),
        ];
        const tangents = spec.jvp!([dA], ctx) as Var[];
        const [gA] = spec.backward(
          v.map((x) => constant(x)),
          ctx,
        ) as Var[];
        const lhs = inner([gA!], [dA]);
        expect(Math.abs(lhs - inner(v, tangents))).toBeLessThan(1e-12 * Math.max(1, Math.abs(lhs)));
      }
    });
  });

  describe('cholesky jvp (Hermitian tangents)', () => {
    const A = positiveDefinite(4, cholSeeds.a);
    const spec = specOf(cholesky(variable(A)));
    const rule = asRule(spec, true);

    test('checkRule: pullback and jvp match FD of L(hermitianPart(X)) and are adjoint', () => {
      expectAllChecksPass(checkRule(rule, [A]));
    });

    test('tight dot-product test; dL is lower triangular with a real diagonal', () => {
      const ctx = contextOf(spec, A);
      for (const seed of [1, 2]) {
        const dA = constant(hermitian(4, cholSeeds.dA + seed));
        const v = T.tril(T.randn([4, 4], { dtype, seed: cholSeeds.v + seed }));
        const [dL] = spec.jvp!([dA], ctx) as Var[];
        expect(maxAbs(T.triu(dL!.value, 1))).toBe(0);
        expect(maxAbs(T.imag(T.diagonal(dL!.value)))).toBeLessThan(1e-14);
        const [gA] = spec.backward([constant(v)], ctx) as Var[];
        const lhs = inner([gA!], [dA]);
        expect(Math.abs(lhs - inner([v], [dL!]))).toBeLessThan(1e-12 * Math.max(1, Math.abs(lhs)));
      }
    });
  });
});
