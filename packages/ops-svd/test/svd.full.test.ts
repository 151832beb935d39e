/**
 * ad-rules §4 case 8: full_matrices. The extra columns' cotangent is folded into the thin one
 * (Ū₁ ← Ū₁ − U₂(Ū₂ᴴU₁)), not dropped: L = ‖U₂ᴴx‖² = ‖x‖² − ‖U₁ᴴx‖² must have the gradient of
 * −‖U₁ᴴx‖². A loss on the arbitrary basis of U₂ is flagged.
 */
import { gradcheck } from '@svd/gradcheck';
import { GaugeError, svd } from '@svd/ops-svd';
import { type Var, add, adjoint, grad, matmul, mul, slice, square, sum, trace } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { captureGaugeWarnings, maxAbs, maxAbsDiff } from './helpers.js';

/** Columns [start, stop) of a matrix Var. */
const cols = (x: Var, start: number, stop: number) => slice(x, null, [start, stop]);

describe.each([
  ['tall 5×3, complement of U', 5, 3, 0],
  ['wide 3×5, complement of V', 3, 5, 2],
] as const)('%s', (_, m, n, which) => {
  const k = Math.min(m, n);
  const rows = which === 0 ? m : n;
  const A = T.randn([m, n], { seed: 81 });
  const x = T.randn([rows, 1], { seed: 82 });
  const factor = (a: Var) => svd(a, { full: true, gauge: 'throw' })[which];
  const thinFactor = (a: Var) => svd(a, { gauge: 'throw' })[which];

  const complement = (a: Var) => sum(square(matmul(adjoint(cols(factor(a), k, rows)), x)));
  const negThin = (a: Var) => mul(sum(square(matmul(adjoint(thinFactor(a)), x))), -1);

  test('full factor shapes', () => {
    const [U, S, V] = svd(A, { full: true });
    expect(U.shape).toEqual([m, m]);
    expect(S.shape).toEqual([k]);
    expect(V.shape).toEqual([n, n]);
  });

  test('grad ‖Q₂ᴴx‖² equals grad −‖Q₁ᴴx‖² (PyTorch would return 0 here)', () => {
    const g = grad(complement)(A).value;
    const ref = grad(negThin)(A).value;
    expect(maxAbs(ref)).toBeGreaterThan(1e-2);
    expect(maxAbsDiff(g, ref)).toBeLessThan(1e-13);
  });

  test('gradcheck of the complement loss through the full SVD', () => {
    const r = gradcheck(complement, [A]);
    expect(r.ok).toBe(true);
    expect(r.inputs[0]!.maxAbsError).toBeLessThan(1e-8);
  });

  test('gradcheck of a mixed loss: projector of the thin part plus the complement', () => {
    const M = T.randn([rows, rows], { seed: 83 });
    const loss = (a: Var) => {
      const Q = factor(a);
      const Q1 = cols(Q, 0, k);
      return add(trace(matmul(M, matmul(Q1, adjoint(Q1)))), complement(a));
    };
    expect(gradcheck(loss, [A]).ok).toBe(true);
  });

  test('gradcheck of the projector Q₂Q₂ᴴ (a gauge-invariant view of the extra columns)', () => {
    const r = gradcheck(
      (a: Var) => {
        const Q2 = cols(factor(a), k, rows);
        return matmul(Q2, adjoint(Q2));
      },
      [A],
    );
    expect(r.ok).toBe(true);
  });

  test('a gauge-dependent loss on the extra columns, Q₂[0, 0], is flagged', () => {
    const loss = (mode: 'throw' | 'warn' | 'off') => (a: Var) =>
      slice(cols(svd(a, { full: true, gauge: mode })[which], k, rows), 0, 0);
    let err: unknown;
    try {
      grad(loss('throw'))(A);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GaugeError);
    expect((err as GaugeError).code).toBe('GAUGE');
    expect((err as GaugeError).message).toMatch(/extra columns of a full SVD/);
    const { warnings } = captureGaugeWarnings(() => grad(loss('warn'))(A));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/extra columns/);
    expect(captureGaugeWarnings(() => grad(loss('off'))(A)).warnings).toEqual([]);
    // The gauge-invariant complement loss is never flagged.
    expect(
      captureGaugeWarnings(() =>
        grad((a: Var) => sum(square(matmul(adjoint(cols(svd(a, { full: true })[which], k, rows)), x))))(A),
      ).warnings,
    ).toEqual([]);
  });
});
