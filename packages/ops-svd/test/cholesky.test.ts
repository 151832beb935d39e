/**
 * Cholesky: the symmetric-cotangent convention (README "Conventions"), the upper option, and
 * log det A = 2·Σ log Lᵢᵢ, whose gradient is A⁻¹.
 */
import { gradcheck, gradgradcheck } from '@svd/gradcheck';
import { cholesky, hermitianPart, inv } from '@svd/ops-svd';
import { type Var, adjoint, backward, diagonal, grad, log, matmul, mul, sum, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { expectClose, expectFinite, maxAbsDiff } from './helpers.js';

/** A random SPD n×n matrix (batch optional). */
function spd(n: number, seed: number, batch: number[] = []): T.Tensor {
  const B = T.randn([...batch, n, n], { seed });
  return T.add(T.matmul(B, T.matrixTranspose(B)), T.scale(T.eye(n), n));
}

const A = spd(4, 501);
const W = T.randn([4, 4], { seed: 502 });

describe('symmetric cotangent convention', () => {
  for (const upper of [false, true]) {
    const name = upper ? 'upper (A = UᴴU)' : 'lower (A = LLᴴ)';
    const loss = (x: Var) => sum(mul(W, cholesky(x, { upper })));

    test(`${name}: forward factorises A and reads one triangle`, () => {
      const F = cholesky(A, { upper });
      const back = upper ? T.matmul(T.adjoint(F), F) : T.matmul(F, T.adjoint(F));
      expect(maxAbsDiff(back, A)).toBeLessThan(1e-13);
      expect(maxAbsDiff(upper ? T.tril(F, -1) : T.triu(F, 1), T.zeros([4, 4]))).toBe(0);
      // Garbage in the unread triangle changes nothing, for the tracked version too.
      const junk = upper
        ? T.add(T.triu(A), T.tril(T.randn([4, 4], { seed: 503 }), -1))
        : T.add(T.tril(A), T.triu(T.randn([4, 4], { seed: 503 }), 1));
      expect(maxAbsDiff(cholesky(variable(junk), { upper }).value, F)).toBe(0);
    });

    test(`${name}: the returned gradient is symmetric and matches FD of X ↦ f(hermitianPart(X))`, () => {
      const x = variable(A);
      backward(loss(x));
      const g = x.grad!;
      expectFinite(g);
      expect(maxAbsDiff(g, T.adjoint(g))).toBe(0);
      const composed = (y: Var) => loss(hermitianPart(y));
      const r = gradcheck(composed, [A]);
      expect(r.ok).toBe(true);
      expect(maxAbsDiff(grad(composed)(A).value, g)).toBeLessThan(1e-13);
      // Plain FD of the raw function (reading one triangle) is NOT this cotangent: the convention matters.
      expect(gradcheck(loss, [A]).ok).toBe(false);
    });
  }

  test('upper and lower agree: the loss on U = Lᴴ has the same gradient as on L', () => {
    const gu = grad((x: Var) => sum(mul(W, cholesky(x, { upper: true }))))(A).value;
    const gl = grad((x: Var) => sum(mul(T.adjoint(W), cholesky(x))))(A).value;
    expect(maxAbsDiff(gu, gl)).toBeLessThan(1e-13);
  });

  test('batched [2, 3, 3]: gradcheck through hermitianPart', () => {
    const Ab = spd(3, 504, [2]);
    expect(gradcheck((y: Var) => cholesky(hermitianPart(y)), [Ab]).ok).toBe(true);
  });

  test('second order: gradgradcheck through hermitianPart', () => {
    expect(gradgradcheck((y: Var) => cholesky(hermitianPart(y)), [spd(3, 505)]).ok).toBe(true);
  });
});

describe('log det A = 2·Σ log Lᵢᵢ', () => {
  test('its gradient is A⁻¹ (and ½·A⁻¹ for Σ log Lᵢᵢ, the docstring example)', () => {
    const logdet = (x: Var) => mul(sum(log(diagonal(cholesky(x)))), 2);
    const g = grad(logdet)(A).value;
    expectClose(g, inv(A), 1e-12);
    const x = variable(A);
    backward(sum(log(diagonal(cholesky(x)))));
    expectClose(x.grad!, T.scale(inv(A), 0.5), 1e-12);
    expect(gradcheck((y: Var) => logdet(hermitianPart(y)), [A]).ok).toBe(true);
  });

  test('upper: 2·Σ log Uᵢᵢ has the same gradient', () => {
    const g = grad((x: Var) => mul(sum(log(diagonal(cholesky(x, { upper: true })))), 2))(A).value;
    expectClose(g, inv(A), 1e-12);
  });

  test('with L·Lᴴ reconstructed the gradient of ⟨W, L·Lᴴ⟩ is sym(W)', () => {
    const g = grad((x: Var) => {
      const L = cholesky(x);
      return sum(mul(W, matmul(L, adjoint(L))));
    })(A).value;
    expectClose(g, T.scale(T.add(W, T.adjoint(W)), 0.5), 1e-12);
  });
});
