/**
 * The operator path never forms anything m×n: svds and eigsh on a 3000×3000 operator
 * L·Lᴴ + diag(d) (d tracked), forward and backward, while every Float64Array allocated is recorded
 * (the global constructor temporarily replaced by a recording subclass, as svd.memory.test.ts does).
 */
import { type DifferentiableOperator, eigsh, svds } from '@svd/ops-svd';
import { add, adjoint, backward, diagonal, matmul, mul, square, sum, unsqueeze, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { expect, test } from 'vitest';

function largestAllocation(body: () => void): number {
  const Original = globalThis.Float64Array;
  let largest = 0;
  class Recording extends Original {
    // biome-ignore lint/suspicious/noExplicitAny: forwards every constructor overload unchanged
    constructor(...args: any[]) {
      super(...(args as []));
      if (this.length > largest) largest = this.length;
    }
    static override [Symbol.hasInstance](x: unknown): boolean {
      return x instanceof Original;
    }
  }
  globalThis.Float64Array = Recording as unknown as Float64ArrayConstructor;
  try {
    body();
  } finally {
    globalThis.Float64Array = Original;
  }
  return largest;
}

test('svds and eigsh on a 3000×3000 operator: forward + backward allocate O(n·(k + ncv)), never n²', () => {
  const n = 3000;
  const L = T.randn([n, 4], { seed: 1 });
  const W = T.randn([n, 3], { seed: 2 });
  const d = variable(T.rand([n], { seed: 3 }));
  const op: DifferentiableOperator = {
    shape: [n, n],
    dtype: 'float64',
    apply: (x) => add(matmul(L, matmul(T.adjoint(L), x)), mul(unsqueeze(d, -1), x)),
    applyAdjoint: (y) => add(matmul(L, matmul(T.adjoint(L), y)), mul(unsqueeze(d, -1), y)),
  };
  const largest = largestAllocation(() => {
    const [U, S, V] = svds(op, 3);
    // Gauge-invariant: Σ sᵢ² + Σ (wᵢᵀuᵢ)(wᵢᵀvᵢ)
    const uw = diagonal(matmul(adjoint(W), U));
    const vw = diagonal(matmul(adjoint(W), V));
    backward(add(sum(square(S)), sum(mul(uw, vw))));
    const [Wh] = eigsh(op, 2);
    backward(sum(square(Wh)));
  });
  expect(d.grad!.shape).toEqual([n]);
  expect(T.allFinite(d.grad!)).toBe(true);
  expect(largest).toBeLessThan(100 * n); // n² = 9,000,000
});
