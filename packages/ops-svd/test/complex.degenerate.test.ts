/**
 * Degenerate and rank-deficient complex128 SVDs (ad-rules §4 cases 3 and 4, complex; the polar factor
 * is in polarFactor.test.ts):
 * - singular values (3, 2, 2, 1) with a projector loss onto the degenerate block;
 * - a rank-2 4×4 matrix with a loss on the top two triplets (projectors and S).
 */
import { formatReport, gradcheck } from '@svd/gradcheck';
import { svd } from '@svd/ops-svd';
import { type Var, add, adjoint, conj, grad, matmul, mul, real, slice, sum, trace } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { captureGaugeWarnings, expectClose, expectFinite, withSingularValues } from './helpers.js';

const C = 'complex128' as const;

/** A seeded random complex m×n matrix with prescribed singular values d (random unitary factors). */
function complexWithSingularValues(m: number, n: number, d: number[], seed: number): T.Tensor {
  return withSingularValues(
    d,
    T.randomOrthogonal(m, { dtype: C, seed }),
    T.randomOrthogonal(n, { dtype: C, seed: seed + 1000 }),
  );
}

function expectGradcheck(f: (a: Var) => Var, A: T.Tensor, atol = 1e-7): void {
  const r = gradcheck(f, [A]);
  if (!r.ok) throw new Error(formatReport(r, null));
  expect(r.inputs[0]!.maxAbsError).toBeLessThan(atol);
}

describe('singular values (3, 2, 2, 1): projector onto the degenerate block', () => {
  const A = complexWithSingularValues(5, 4, [3, 2, 2, 1], 611);
  const Mu = T.randn([5, 5], { dtype: C, seed: 612 });
  const Mv = T.randn([4, 4], { dtype: C, seed: 613 });
  const w = T.randn([4], { seed: 614 });

  test('the input has the repeated pair to 1e-14', () => {
    const S = svd(A)[1];
    const s = Array.from(S.toTypedArray());
    expect(Math.abs(s[1]! - s[2]!)).toBeLessThan(1e-14);
  });

  const blockU = (a: Var) => slice(svd(a, { gauge: 'throw' })[0], null, [1, 3]);
  const blockV = (a: Var) => slice(svd(a, { gauge: 'throw' })[2], null, [1, 3]);
  const losses: [string, (a: Var) => Var][] = [
    [
      'Re tr(M·P_U), P_U = U_D U_Dᴴ',
      (a) => {
        const B = blockU(a);
        return real(trace(matmul(Mu, matmul(B, adjoint(B)))));
      },
    ],
    [
      'Re tr(M·P_V), P_V = V_D V_Dᴴ',
      (a) => {
        const B = blockV(a);
        return real(trace(matmul(Mv, matmul(B, adjoint(B)))));
      },
    ],
    [
      'P_U term + P_V term + Σ sᵢ² (symmetric in the block)',
      (a) => {
        const [U, S, V] = svd(a, { gauge: 'throw' });
        const Bu = slice(U, null, [1, 3]);
        const Bv = slice(V, null, [1, 3]);
        return add(
          add(real(trace(matmul(Mu, matmul(Bu, adjoint(Bu))))), real(trace(matmul(Mv, matmul(Bv, adjoint(Bv)))))),
          sum(mul(S, S)),
        );
      },
    ],
    [
      'w∘S for the non-degenerate s₁, s₄ only',
      (a) => {
        const S = svd(a, { gauge: 'throw' })[1];
        return add(mul(slice(S, 0), w.toTypedArray()[0]!), mul(slice(S, 3), w.toTypedArray()[3]!));
      },
    ],
  ];
  for (const [name, L] of losses) {
    test(`${name}: not flagged, finite, matches finite differences`, () => {
      const { result, warnings } = captureGaugeWarnings(() => grad(L)(A).value);
      expect(warnings).toEqual([]);
      expectFinite(result);
      expectGradcheck(L, A, 1e-6);
    });
  }
});

describe('rank-2 4×4 complex matrix: a loss on the top two triplets', () => {
  const A = complexWithSingularValues(4, 4, [3, 1.5], 621); // s = (3, 1.5, 0, 0)
  const Mu = T.randn([4, 4], { dtype: C, seed: 622 });
  const Mv = T.randn([4, 4], { dtype: C, seed: 623 });
  const top = (a: Var) => {
    const [U, S, V] = svd(a, { gauge: 'throw' });
    return [slice(U, null, [0, 2]), slice(S, [0, 2]), slice(V, null, [0, 2])] as const;
  };
  const L = (a: Var) => {
    const [U2, S2, V2] = top(a);
    return add(
      add(real(trace(matmul(Mu, matmul(U2, adjoint(U2))))), real(trace(matmul(Mv, matmul(V2, adjoint(V2)))))),
      sum(mul(S2, T.tensor([0.7, -1.3]))),
    );
  };

  test('two exactly-zero singular values (to rounding)', () => {
    const s = Array.from(svd(A)[1].toTypedArray());
    expect(s[2]!).toBeLessThan(1e-14);
    expect(s[3]!).toBeLessThan(1e-14);
  });

  test('projectors + weighted S of the top two: finite, not flagged, matches finite differences', () => {
    const { result, warnings } = captureGaugeWarnings(() => grad(L)(A).value);
    expect(warnings).toEqual([]);
    expectFinite(result);
    expectGradcheck(L, A, 1e-6);
  });

  test('Re⟨N, U₂S₂V₂ᴴ⟩, the rank-2 truncation: the tangent-space projection P_U N + N P_V − P_U N P_V', () => {
    const N = T.randn([4, 4], { dtype: C, seed: 624 });
    const f = (a: Var) => {
      const [U2, S2, V2] = top(a);
      return sum(real(mul(conj(N), matmul(mul(U2, S2), adjoint(V2)))));
    };
    const { result, warnings } = captureGaugeWarnings(() => grad(f)(A).value);
    expect(warnings).toEqual([]);
    expectFinite(result);
    const [U, , V] = svd(A);
    const Pu = T.matmul(T.slice(U, null, [0, 2]), T.adjoint(T.slice(U, null, [0, 2])));
    const Pv = T.matmul(T.slice(V, null, [0, 2]), T.adjoint(T.slice(V, null, [0, 2])));
    const expected = T.sub(T.add(T.matmul(Pu, N), T.matmul(N, Pv)), T.matmul(T.matmul(Pu, N), Pv));
    expectClose(result, expected, 1e-12);
    expectGradcheck(f, A, 1e-6);
  });
});
