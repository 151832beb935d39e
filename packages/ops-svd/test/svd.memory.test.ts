/**
 * The memory contract, observed: the SVD backward applies projectors as X − U(UᴴX) and never forms
 * an m×m (or n×n) matrix. Every Float64Array allocated during the backward of a tall 2000×5 input
 * is recorded by temporarily replacing the global Float64Array constructor with a recording
 * subclass (instanceof checks keep working through Symbol.hasInstance).
 */
import { svd } from '@svd/ops-svd';
import { type Var, adjoint, backward, matmul, square, sum, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';

/** Runs `body` and returns the largest Float64Array length allocated meanwhile (and the count). */
function largestAllocation(body: () => void): { largest: number; count: number } {
  const Original = globalThis.Float64Array;
  let largest = 0;
  let count = 0;
  class Recording extends Original {
    // biome-ignore lint/suspicious/noExplicitAny: forwards every constructor overload unchanged
    constructor(...args: any[]) {
      super(...(args as []));
      count++;
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
  return { largest, count };
}

describe('memory: O((m + n)·k) in the SVD backward', () => {
  const m = 2000;
  const n = 5;
  const A = T.randn([m, n], { seed: 701 });
  const X = T.randn([m, 2], { seed: 702 });
  const budget = m * n * n; // "~m·n·k": far below m·m = 4,000,000

  test('the recorder sees allocations (it would see an m×m matrix)', () => {
    const { largest, count } = largestAllocation(() => {
      T.matmul(A, T.adjoint(A));
    });
    expect(count).toBeGreaterThan(0);
    expect(largest).toBeGreaterThanOrEqual(m * m);
  });

  test('the thin forward does not allocate an m×m matrix either', () => {
    const { largest } = largestAllocation(() => {
      svd(variable(A));
    });
    expect(largest).toBeLessThanOrEqual(budget);
  });

  for (const [name, loss] of [
    ['‖Uᴴx‖² (projector quadratic form, U-dependent, gauge-invariant)', (U: Var) => sum(square(matmul(adjoint(U), X)))],
    ['‖U·Vᴴ‖-type loss through U and V', (U: Var, V: Var) => sum(square(matmul(matmul(adjoint(X), U), adjoint(V))))],
  ] as const) {
    test(`backward of ${name} never allocates more than m·n·k entries`, () => {
      const a = variable(A);
      const [U, , V] = svd(a, { gauge: 'throw' });
      const L = loss(U, V);
      const { largest, count } = largestAllocation(() => backward(L));
      expect(count).toBeGreaterThan(0);
      expect(a.grad!.shape).toEqual([m, n]);
      expect(largest).toBeLessThanOrEqual(budget);
    });
  }
});
