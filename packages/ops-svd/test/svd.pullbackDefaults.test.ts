/**
 * `svdPullback` and `svdJvp` called without options use `svd`'s default tolerances: their result
 * is bit-for-bit the one `svd`'s own rule gives, on inputs where the tolerances decide the answer
 * (a pair of singular values 1e-13 apart, which ε^(3/4) calls degenerate, and a zero one).
 */
import { DEFAULT_DEGENERACY_RTOL, svd, svdJvp, svdPullback } from '@svd/ops-svd';
import { type Var, constant, vjp } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { maxAbsDiff, randomWithSingularValues } from './helpers.js';

const cases = [
  ['4×3, near-degenerate pair', 4, 3, [2, 1 + 1e-13, 1]],
  ['4×4, near-degenerate pair and a zero', 4, 4, [2, 1 + 1e-13, 1, 0]],
  ['3×5, zero singular value', 3, 5, [3, 1, 0]],
] as const;

describe.each(cases)('%s', (_, m, n, values) => {
  const A = randomWithSingularValues(m, n, [...values], 211);
  const k = Math.min(m, n);
  const gU = T.randn([m, k], { seed: 212 });
  const gS = T.randn([k], { seed: 213 });
  const gV = T.randn([n, k], { seed: 214 });
  const f = (a: Var) => svd(a, { gauge: 'off' });

  test("svdPullback without options equals svd's own pullback, bit for bit", () => {
    const [[U, S, V], back] = vjp(f, A);
    const fromRule = back([gU, gS, gV])[0]!.value;
    const exported = svdPullback(
      constant(U.value),
      constant(S.value),
      constant(V.value),
      constant(gU),
      constant(gS),
      constant(gV),
    )!;
    expect(Array.from(exported.value.data)).toEqual(Array.from(fromRule.data));
    // The tolerances matter here: a much tighter degeneracy tolerance gives another (huge) answer.
    const tight = svdPullback(
      constant(U.value),
      constant(S.value),
      constant(V.value),
      constant(gU),
      constant(gS),
      constant(gV),
      {
        degeneracyRtol: 1e-15,
        rankRtol: 1e-300,
      },
    )!;
    expect(maxAbsDiff(tight.value, fromRule)).toBeGreaterThan(1);
  });

  test("svdJvp without options uses svd's documented defaults (ε^(3/4) and max(m, n)·ε)", () => {
    const dA = constant(T.randn([m, n], { seed: 215 }));
    const outputs = svd(constant(A), { gauge: 'off' });
    const implicit = svdJvp(outputs, dA);
    const explicit = svdJvp(outputs, dA, {
      degeneracyRtol: DEFAULT_DEGENERACY_RTOL,
      rankRtol: Math.max(m, n) * 2 ** -52,
    });
    for (let i = 0; i < 3; i++)
      expect(Array.from(implicit[i]!.value.data)).toEqual(Array.from(explicit[i]!.value.data));
    const tight = svdJvp(outputs, dA, { degeneracyRtol: 1e-15, rankRtol: 1e-300 });
    const change = Math.max(...[0, 1, 2].map((i) => maxAbsDiff(tight[i]!.value, implicit[i]!.value)));
    expect(change).toBeGreaterThan(1);
  });
});
