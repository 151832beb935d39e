/**
 * eigh / eigvalsh: the degenerate spectrum λ = (1, 1, 4) (jax #4646), eigenvalue gradients, the
 * Hermitian-cotangent convention (README "Conventions"), uplo, and the gauge check.
 */
import { absValues, gradcheck, projector } from '@svd/gradcheck';
import { GaugeError, eigh, eigvalsh, hermitianPart } from '@svd/ops-svd';
import { type Var, abs, add, adjoint, backward, grad, matmul, mul, slice, sum, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { captureGaugeWarnings, expectClose, expectFinite, maxAbsDiff } from './helpers.js';

/** Q·diag(λ)·Qᵀ with a seeded random orthogonal Q. */
function withEigenvalues(lambda: number[], seed: number): T.Tensor {
  const Q = T.randomOrthogonal(lambda.length, { seed });
  return T.matmul(T.mul(Q, T.tensor(lambda)), T.adjoint(Q));
}

/** (X + Xᴴ)/2 on plain tensors. */
const symPlain = (x: T.Tensor) => T.scale(T.add(x, T.adjoint(x)), 0.5);

describe('λ = (1, 1, 4): the eigenvector of the simple eigenvalue 4 (jax #4646)', () => {
  const A = withEigenvalues([1, 1, 4], 301);
  const M = T.randn([3, 3], { seed: 302 });
  const w = T.randn([3], { seed: 303 });
  const top = (x: Var) => slice(eigh(hermitianPart(x), { gauge: 'throw' })[1], null, [2, 3]);

  test('loss on v₄v₄ᵀ: finite gradient, not flagged, matches finite differences', () => {
    const L = (x: Var) => {
      const v = top(x);
      return sum(mul(M, matmul(v, adjoint(v))));
    };
    const { result: g, warnings } = captureGaugeWarnings(() => grad(L)(A).value);
    expectFinite(g);
    expect(warnings).toEqual([]);
    const r = gradcheck(L, [A]);
    expect(r.ok).toBe(true);
    expect(r.inputs[0]!.maxAbsError).toBeLessThan(1e-8);
  });

  test('loss on |v₄|: finite gradient matching finite differences', () => {
    const L = (x: Var) => sum(mul(w, abs(top(x))));
    expectFinite(grad(L)(A).value);
    expect(gradcheck(L, [A]).ok).toBe(true);
  });

  test('W: tr-like losses that do not split the block (sum(W), W₃, sum(W²)) match finite differences', () => {
    const f = (x: Var) => {
      const W = eigvalsh(hermitianPart(x));
      return [sum(W), slice(W, 2), sum(mul(W, W))];
    };
    expect(gradcheck(f, [A]).ok).toBe(true);
    // d tr(A) = I
    expectClose(grad((x: Var) => sum(eigvalsh(x)))(A).value, T.eye(3), 1e-14);
  });

  test('a loss on one vector inside the degenerate block is flagged', () => {
    const L = (x: Var) => sum(mul(w, slice(eigh(x, { gauge: 'throw' })[1], null, 0)));
    let err: unknown;
    try {
      grad(L)(A);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GaugeError);
    expect((err as GaugeError).code).toBe('GAUGE');
    expect((err as GaugeError).message).toMatch(
      /^eigh: the loss depends on the phase or the basis of degenerate eigenvectors/,
    );
    expect(
      captureGaugeWarnings(() => grad((x: Var) => sum(mul(w, slice(eigh(x)[1], null, 0))))(A)).warnings,
    ).toHaveLength(1);
  });
});

describe('non-degenerate eigh', () => {
  const A = symPlain(T.randn([4, 4], { seed: 311 }));

  test('gradcheck of W, |V| and of W, V·Vᴴ-of-a-pair via hermitianPart', () => {
    const f = (x: Var) => eigh(hermitianPart(x), { gauge: 'throw' });
    expect(gradcheck(absValues(f, [1]), [A]).ok).toBe(true);
    const pair = (x: Var) => {
      const [W, V] = f(x);
      return [W, slice(V, null, [1, 3])];
    };
    expect(gradcheck(projector(pair, [1]), [A]).ok).toBe(true);
  });

  test('batched [2, 3, 3]: gradcheck of W and |V|', () => {
    const Ab = T.randn([2, 3, 3], { seed: 313 });
    expect(
      gradcheck(
        absValues((x: Var) => eigh(hermitianPart(x), { gauge: 'throw' }), [1]),
        [Ab],
      ).ok,
    ).toBe(true);
  });

  test('only W̄: the gradient of Σ wᵢλᵢ is V·diag(w)·Vᴴ', () => {
    const w = T.randn([4], { seed: 312 });
    const [, V] = eigh(A);
    const g = grad((x: Var) => sum(mul(w, eigvalsh(x))))(A).value;
    expectClose(g, T.matmul(T.mul(V, w), T.adjoint(V)), 1e-13);
  });
});

describe('Hermitian-cotangent convention', () => {
  // A non-symmetric input: the forward reads only one triangle, the cotangent is (X + Xᴴ)/2.
  const X = T.randn([4, 4], { seed: 321 });
  const M = T.randn([4, 4], { seed: 322 });
  const loss = (uplo: 'L' | 'U') => (x: Var) => {
    const [W, V] = eigh(x, { uplo, gauge: 'throw' });
    const v = slice(V, null, [0, 2]);
    return add(sum(mul(W, W)), sum(mul(M, matmul(v, adjoint(v)))));
  };

  for (const uplo of ['L', 'U'] as const) {
    test(`uplo '${uplo}': the forward reads one triangle; the returned cotangent is symmetric`, () => {
      const sym = uplo === 'L' ? T.add(T.tril(X), T.adjoint(T.tril(X, -1))) : T.add(T.triu(X), T.adjoint(T.triu(X, 1)));
      const [W1] = eigh(X, { uplo });
      const [W2] = eigh(sym);
      expect(maxAbsDiff(W1, W2)).toBeLessThan(1e-13);
      const x = variable(X);
      backward(loss(uplo)(x));
      const g = x.grad!;
      expectFinite(g);
      expect(maxAbsDiff(g, T.adjoint(g))).toBe(0);
      // The cotangent is the gradient of S ↦ f(S) on symmetric matrices: it matches finite
      // differences of X ↦ f(hermitianPart(X)) at the symmetric matrix the forward saw.
      const composed = (y: Var) => loss(uplo)(hermitianPart(y));
      const r = gradcheck(composed, [sym]);
      expect(r.ok).toBe(true);
      expect(maxAbsDiff(grad(composed)(sym).value, g)).toBeLessThan(1e-12);
    });
  }

  test('hermitianPart is (X + Xᴴ)/2 and self-adjoint', () => {
    const x = variable(X);
    backward(sum(mul(M, hermitianPart(x))));
    expect(maxAbsDiff(x.grad!, symPlain(M))).toBeLessThan(1e-15);
  });
});
