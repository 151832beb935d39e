/**
 * lu / luFactor of rectangular input (issue #14): PyTorch's linalg_lu_backward and linalg_lu_jvp
 * for m ≠ n, checked with checkRule (pullback per output subset, jvp vs finite differences,
 * adjointness), gradcheck, gradgradcheck and jvpcheck — wide and tall, real and complex,
 * batched, one row / column. L and U are unique for fixed pivots, so no gauge is involved.
 */
import { checkRule, gradcheck, gradgradcheck, jvpcheck } from '@svd/gradcheck';
import * as L from '@svd/linalg';
import { lu, luFactor } from '@svd/ops-svd';
import { type Var, grad, matmul, mul, sum, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { asRule, expectAllChecksPass, expectClose, specOf } from './helpers.js';

const complexRandn = (shape: number[], seed: number) =>
  T.complex(T.randn(shape, { seed }), T.randn(shape, { seed: seed + 1000 }));
const ok = (r: { ok: boolean }) => expect(r.ok).toBe(true);
const shapes: Array<[number, number]> = [
  [3, 5],
  [5, 3],
  [1, 4],
  [4, 1],
];

describe('rectangular lu and luFactor (PyTorch linalg_lu_backward for m ≠ n)', () => {
  test('values and shapes equal @svd/linalg (P m×m, L m×k, U k×n)', () => {
    for (const [m, n] of shapes) {
      const A = T.randn([m, n], { seed: m * 10 + n });
      const [P, Lf, U] = lu(variable(A));
      const [P0, L0, U0] = L.lu(A);
      expect([P.shape, Lf.shape, U.shape]).toEqual([
        [m, m],
        [m, Math.min(m, n)],
        [Math.min(m, n), n],
      ]);
      expectClose(P.value, P0, 0);
      expectClose(Lf.value, L0, 0);
      expectClose(U.value, U0, 0);
    }
  });

  test('checkRule for lu and luFactor, wide and tall, real and complex', () => {
    for (const [m, n] of shapes) {
      for (const x of [T.randn([m, n], { seed: 100 + m * n }), complexRandn([m, n], 200 + m * n)]) {
        expectAllChecksPass(checkRule(asRule(specOf(lu(variable(x))[1])), [x]));
        expectAllChecksPass(checkRule(asRule(specOf(luFactor(variable(x))[0])), [x]));
      }
    }
  });

  test('gradcheck with only L or only U receiving a cotangent; batched; gradgradcheck; jvpcheck', () => {
    const Ab = T.randn([2, 3, 5], { seed: 300 });
    const Tb = T.randn([2, 5, 3], { seed: 301 });
    for (const X of [Ab, Tb]) {
      ok(gradcheck((a: Var) => lu(a)[1], [X]));
      ok(gradcheck((a: Var) => lu(a)[2], [X]));
      ok(gradcheck((a: Var) => luFactor(a)[0], [X]));
      ok(jvpcheck((a: Var) => lu(a).slice(1), [X]));
    }
    ok(gradgradcheck((a: Var) => lu(a).slice(1), [T.randn([3, 5], { seed: 302 })]));
    ok(gradgradcheck((a: Var) => luFactor(a)[0], [complexRandn([5, 3], 303)]));
  });

  test('A = P·L·U is reproduced through the tape: the gradient of ⟨G, P·L·U⟩ is G', () => {
    for (const [m, n] of shapes) {
      const A = T.randn([m, n], { seed: 400 + m });
      const G = T.randn([m, n], { seed: 401 + n });
      const g = grad((a: Var) => {
        const [P, Lf, U] = lu(a);
        return sum(mul(matmul(P, matmul(Lf, U)), G));
      })(A);
      expectClose(g.value, G, 1e-12);
    }
  });
});
