/**
 * lu, luFactor / luSolve, choleskySolve / choleskyInverse, matrixPower, multiDot and cond:
 * checkRule (pullback per output subset, jvp vs finite differences and adjointness), gradcheck,
 * gradgradcheck, jvpcheck, closed forms; complex input and batches.
 */
import { checkRule, gradcheck, gradgradcheck, jvpcheck } from '@svd/gradcheck';
import {
  cholesky,
  choleskyInverse,
  choleskySolve,
  cond,
  lu,
  luFactor,
  luSolve,
  matrixPower,
  multiDot,
  solve,
} from '@svd/ops-svd';
import * as L from '@svd/linalg';
import { type Var, grad, mul, sum, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { expectClose } from './helpers.js';
import { asRule, expectAllChecksPass, specOf } from './helpers.js';

const complexRandn = (shape: number[], seed: number) =>
  T.complex(T.randn(shape, { seed }), T.randn(shape, { seed: seed + 1000 }));
const ok = (r: { ok: boolean }) => expect(r.ok).toBe(true);
const wellConditioned = (n: number, seed: number) => T.add(T.randn([n, n], { seed }), T.scale(T.eye(n), 3));
const spd = (n: number, seed: number) => {
  const m = T.randn([n, n], { seed });
  return T.add(T.matmul(m, T.matrixTranspose(m)), T.scale(T.eye(n), n));
};
const hpd = (n: number, seed: number) => {
  const m = complexRandn([n, n], seed);
  return T.add(T.matmul(m, T.adjoint(m)), T.scale(T.eye(n, n, { dtype: 'complex128' }), n));
};

describe('lu and luFactor (PyTorch linalg_lu_backward)', () => {
  const A = T.randn([4, 4], { seed: 1 });
  const Z = complexRandn([3, 3], 2);

  test('checkRule for lu and luFactor, real and complex (P and pivots are constants)', () => {
    for (const x of [A, Z]) {
      expectAllChecksPass(checkRule(asRule(specOf(lu(variable(x))[1])), [x]));
      expectAllChecksPass(checkRule(asRule(specOf(luFactor(variable(x))[0])), [x]));
    }
  });

  test('gradgradcheck and jvpcheck; batched', () => {
    const Ab = T.randn([2, 3, 3], { seed: 3 });
    ok(gradcheck((a: Var) => luFactor(a)[0], [Ab]));
    ok(gradgradcheck((a: Var) => lu(a).slice(1), [A]));
    ok(gradgradcheck((a: Var) => luFactor(a)[0], [Z]));
    ok(jvpcheck((a: Var) => lu(a).slice(1), [Ab]));
  });

  test('the compact factor equals tril₋₁(L) + triu(U) and its pivots reproduce P', () => {
    const [LU] = luFactor(variable(A));
    const [, Lf, U] = L.lu(A);
    expectClose(LU.value, T.add(T.tril(Lf, -1), U), 0);
  });
});

describe('luSolve', () => {
  const A = wellConditioned(4, 11);
  const B = T.randn([4, 2], { seed: 12 });

  test('checkRule in LU and B (pivots constant); forward = solve', () => {
    const [LU, piv] = L.luFactor(A);
    const X = luSolve(variable(LU), piv, variable(B));
    expectClose(X.value, L.solve(A, B), 1e-14);
    expectAllChecksPass(checkRule(asRule(specOf(X)), [LU, piv, B], { wrt: [0, 2] }));
  });

  test('end to end through luFactor equals solve’s gradient; complex, vector b, second order', () => {
    const G = T.randn([4, 2], { seed: 13 });
    const viaLu = grad((a: Var) => {
      const [LU, piv] = luFactor(a);
      return sum(mul(luSolve(LU, piv, B), G));
    })(A).value;
    expectClose(viaLu, grad((a: Var) => sum(mul(solve(a, B), G)))(A).value, 1e-12);
    const f = (a: Var, b: Var) => {
      const [LU, piv] = luFactor(a);
      return luSolve(LU, piv, b);
    };
    const Z = T.add(complexRandn([3, 3], 14), T.scale(T.eye(3, 3, { dtype: 'complex128' }), 3));
    ok(gradcheck(f, [Z, complexRandn([3], 15)]));
    ok(gradgradcheck(f, [A, T.randn([4, 1], { seed: 16 })]));
    ok(jvpcheck(f, [A, B]));
  });
});

describe('choleskySolve and choleskyInverse (potrs / potri)', () => {
  for (const upper of [false, true]) {
    test(`checkRule, gradgradcheck and jvpcheck (upper: ${upper}), real and complex`, () => {
      for (const A of [spd(4, 21), hpd(3, 22)]) {
        const F = L.cholesky(A, { upper });
        const B = A.dtype === 'complex128' ? complexRandn([A.shape[0]!, 2], 23) : T.randn([4, 2], { seed: 23 });
        const X = choleskySolve(variable(F), B, { upper });
        expectClose(X.value, L.solve(A, B), 1e-13);
        expectAllChecksPass(checkRule(asRule(specOf(X)), [F, B]));
        const Ainv = choleskyInverse(variable(F), { upper });
        expectClose(Ainv.value, L.inv(A), 1e-13);
        expectAllChecksPass(checkRule(asRule(specOf(Ainv)), [F]));
        ok(gradgradcheck((f: Var, b: Var) => choleskySolve(f, b, { upper }), [F, B]));
        ok(gradgradcheck((f: Var) => choleskyInverse(f, { upper }), [F]));
      }
    });
  }

  test('through cholesky: d/dA of bᵀA⁻¹b equals −A⁻¹b bᵀA⁻¹ (symmetrised)', () => {
    const A = spd(3, 24);
    const b = T.randn([3], { seed: 25 });
    const g = grad((a: Var) => sum(mul(choleskySolve(cholesky(a), b), b)))(A).value;
    const x = L.solve(A, b);
    expectClose(g, T.neg(T.outer(x, x)), 1e-12);
  });
});

describe('matrixPower and multiDot (through matmul and inv)', () => {
  test('matrixPower: gradcheck, gradgradcheck, jvpcheck for k = 0, 1, 3, 6, −2; complex', () => {
    const A = wellConditioned(3, 31);
    for (const k of [0, 1, 3, 6, -2]) {
      const f = (a: Var) => matrixPower(a, k);
      expectClose(f(variable(A)).value, L.matrixPower(A, k), 1e-13);
      if (k !== 0) {
        ok(gradcheck(f, [A]));
        ok(jvpcheck(f, [A]));
      }
    }
    ok(gradgradcheck((a: Var) => matrixPower(a, 3), [A]));
    ok(gradgradcheck((a: Var) => matrixPower(a, -1), [complexRandn([2, 2], 32)]));
    // d tr(A³) = 3·(A²)ᵀ
    const g = grad((a: Var) => sum(mul(matrixPower(a, 3), T.eye(3))))(A).value;
    expectClose(g, T.scale(T.matrixTranspose(T.matmul(A, A)), 3), 1e-13);
  });

  test('multiDot: vectors at both ends, complex, second order', () => {
    const arrays = [
      T.randn([4], { seed: 41 }),
      T.randn([4, 5], { seed: 42 }),
      T.randn([5, 2], { seed: 43 }),
      T.randn([2], { seed: 44 }),
    ];
    const f = (...xs: Var[]) => multiDot(xs);
    expect(f(...arrays.map((a) => variable(a))).shape).toEqual([]);
    ok(gradcheck(f, arrays));
    ok(gradgradcheck(f, arrays.slice(0, 3).concat([T.randn([2, 3], { seed: 45 })])));
    ok(jvpcheck(f, [complexRandn([3, 4], 46), T.randn([4, 2], { seed: 47 }), complexRandn([2], 48)]));
    expectClose(multiDot(arrays.map((a) => variable(a))).value, L.multiDot(arrays), 1e-15);
  });
});

describe('cond', () => {
  test('ord 2 / −2 through svdvals (tall too) and the other ords through inv and norms', () => {
    const A = wellConditioned(3, 51);
    for (const ord of [2, -2, 'fro', 'nuc', 1, -1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY] as const) {
      const f = (a: Var) => cond(a, ord);
      expect(f(variable(A)).value.item()).toBeCloseTo(L.cond(A, ord).item(), 10);
      ok(gradcheck(f, [A]));
    }
    ok(gradcheck((a: Var) => cond(a), [T.randn([5, 3], { seed: 52 })]));
    ok(gradgradcheck((a: Var) => cond(a), [A]));
    ok(jvpcheck((a: Var) => cond(a, 'fro'), [complexRandn([3, 3], 53)]));
    // κ(diag(2, 1)) = s₁/s₂ = 2: ∂κ/∂a₁₁ = 1/s₂ = 1, ∂κ/∂a₂₂ = −s₁/s₂² = −2
    expectClose(
      grad((a: Var) => cond(a))(
        T.tensor([
          [2, 0],
          [0, 1],
        ]),
      ).value,
      T.tensor([
        [1, 0],
        [0, -2],
      ]),
      1e-14,
    );
  });
});
