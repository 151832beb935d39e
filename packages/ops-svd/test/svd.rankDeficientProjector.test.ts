import { svd } from '@svd/ops-svd';
import { type Var, backward, stopGradient, matmul, mul, sqrt, sum, variable, adjoint, unsqueeze } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { captureGaugeWarnings } from './helpers.js';

const M = T.tensor([
  [0.3, -1.2],
  [0.7, 0.4],
  [-0.5, 0.9],
]);
const A = T.tensor([
  [1, 2],
  [2, 4],
  [3, 6],
]);

function reconstructionGrad(a: T.Tensor, m: T.Tensor): T.Tensor {
  const x = variable(a);
  const [U, S, V] = svd(x, { gauge: 'throw' });
  backward(sum(mul(m, matmul(mul(U, unsqueeze(S, -2)), adjoint(V)))));
  return x.grad!;
}

describe('svd of a rank-deficient tall or wide matrix (issue #11, item 3)', () => {
  it('⟨M, U·S·Vᵀ⟩ at the rank-1 3×2 matrix has gradient M (the S⁻¹ cancels)', () => {
    const g = reconstructionGrad(A, M);
    expect(T.max(T.abs(T.sub(g, M))).item()).toBeLessThan(1e-12);
  });

  it('the same for the wide transpose and for a batch', () => {
    const g = reconstructionGrad(T.transpose(A), T.transpose(M));
    expect(T.max(T.abs(T.sub(g, T.transpose(M)))).item()).toBeLessThan(1e-12);
    const A2 = T.stack([A, T.mul(A, -2)]);
    const M2 = T.stack([M, T.mul(M, 3)]);
    expect(T.max(T.abs(T.sub(reconstructionGrad(A2, M2), M2))).item()).toBeLessThan(1e-12);
  });

  it('a loss that reads the null vector itself is flagged, not silently divided by s ≈ 1e-16', () => {
    const x = variable(A);
    const [U] = svd(x, { gauge: 'throw' });
    expect(() =>
      backward(
        sum(
          mul(
            U,
            T.tensor([
              [0, 1],
              [0, 1],
              [0, 1],
            ]),
          ),
        ),
      ),
    ).toThrow(/zero singular values/);
  });

  it('U·√S with √S held fixed (Ū vanishes like √s, not s) keeps the masked term: no 1/√s blow-up', () => {
    const x = variable(A);
    const [U, S] = svd(x, { gauge: 'off' });
    const f: Var = mul(U, unsqueeze(stopGradient(sqrt(S)), -2));
    const { warnings } = captureGaugeWarnings(() => backward(sum(mul(f, M))));
    expect(warnings).toEqual([]);
    expect(T.max(T.abs(x.grad!)).item()).toBeLessThan(10);
  });
});
