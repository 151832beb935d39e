/**
 * The README's "30 seconds" example, copied verbatim (the imports are hoisted to the top of this
 * file; the body runs inside the test). If the README changes, update this copy with it.
 */
import { vi, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { Tensor as TensorClass, allFinite } from '@svd/tensor';

// ---- verbatim from README.md, "## 30 seconds" (imports) ----
import { randn } from '@svd/tensor';
// biome-ignore lint/correctness/noUnusedImports: copied verbatim from the README
import { backward, variable, sum, mul, matmul, adjoint, grad } from '@svd/tape';
import { svd, norm } from '@svd/ops-svd';
// ---- end of imports ----

test('the README example runs: A.grad has shape [4, 6] and is finite; the nuclear-norm gradient too', () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    // ---- verbatim from README.md, "## 30 seconds" (body) ----
    // The bug report's scenario: a 4×6 matrix, its SVD as a plain tuple, random cotangents.
    const A = variable(randn([4, 6], { seed: 1 }));
    const [U, S, V] = svd(A); // A = U·diag(S)·Vᴴ — V, not Vᴴ
    backward([U, S, V], [randn([4, 4], { seed: 2 }), randn([4], { seed: 3 }), randn([6, 4], { seed: 4 })]);
    console.log(A.grad!.toString());

    // The nuclear norm's gradient is U·Vᴴ; its Hessian-vector product works too.
    const g = grad((a) => norm(a, { ord: 'nuc' }))(randn([5, 5], { seed: 5 }));
    // ---- end of the README body ----

    expect(A.grad).toBeInstanceOf(TensorClass);
    expect(A.grad!.shape).toEqual([4, 6]);
    expect(allFinite(A.grad!)).toBe(true);
    expect(log).toHaveBeenCalledTimes(1);
    expect(g.shape).toEqual([5, 5]);
    expect(allFinite(g.value)).toBe(true);
  } finally {
    log.mockRestore();
  }
});

test('this copy is still the README’s code', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = /## 30 seconds\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const mine = readFileSync(new URL(import.meta.url), 'utf8');
  // Every non-empty line of the README block appears in this file (indentation aside).
  const lines = block!
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const here = new Set(mine.split('\n').map((l) => l.trim()));
  for (const line of lines) expect(here.has(line), line).toBe(true);
});
