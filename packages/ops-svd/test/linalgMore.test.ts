/**
 * matrixExp, lstsq and polar rules: checkRule (pullback per output subset, jvp vs finite
 * differences and adjointness), gradcheck, gradgradcheck and jvpcheck; closed forms (a two-level
 * system's transition probability), rank-deficient lstsq through a fixed-rank parametrisation,
 * polar at repeated singular values. Complex inputs throughout.
 */
import { checkRule, gradcheck, gradgradcheck, jvpcheck } from '@svd/gradcheck';
import { lstsq, matrixExp, polar } from '@svd/ops-svd';
import * as L from '@svd/linalg';
import { type Var, abs, grad, matmul, mul, slice, square, sum, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { expectClose } from './helpers.js';
import { asRule, expectAllChecksPass, specOf } from './helpers.js';

const complexRandn = (shape: number[], seed: number) =>
  T.complex(T.randn(shape, { seed }), T.randn(shape, { seed: seed + 1000 }));
const ok = (r: { ok: boolean }) => expect(r.ok).toBe(true);

describe('matrixExp rule (Fréchet derivative through the block-triangular exponential)', () => {
  const A = T.randn([3, 3], { seed: 1 });
  const Z = complexRandn([3, 3], 2);

  test('forward equals linalg; checkRule real and complex', () => {
    expectClose(matrixExp(variable(A)).value, L.matrixExp(A), 0);
    for (const x of [A, Z]) expectAllChecksPass(checkRule(asRule(specOf(matrixExp(variable(x)))), [x]));
  });

  test('gradcheck, gradgradcheck (Hessian of exp-based losses) and jvpcheck; batched and complex', () => {
    const f = (a: Var) => matrixExp(a);
    for (const x of [A, Z, T.randn([2, 2, 2], { seed: 3 })]) {
      ok(gradcheck(f, [x]));
      ok(jvpcheck(f, [x]));
    }
    ok(gradgradcheck(f, [T.randn([2, 2], { seed: 4 })]));
    ok(gradgradcheck((a: Var) => sum(square(matrixExp(a))), [complexRandn([2, 2], 5)]));
  });

  test('larger norm (‖A‖ ≈ 20) and strictly upper-triangular input', () => {
    const big = T.scale(T.randn([3, 3], { seed: 6 }), 6);
    ok(gradcheck((a: Var) => matrixExp(a), [big], { rtol: 1e-4, atol: 1e-6 * T.max(T.abs(L.matrixExp(big))).item() }));
    ok(gradcheck((a: Var) => matrixExp(a), [T.triu(T.randn([4, 4], { seed: 7 }), 1)]));
  });

  test('d tr exp(A) = exp(A)ᵀ (closed form)', () => {
    const g = grad((a: Var) => sum(mul(matrixExp(a), T.eye(3))))(A);
    expectClose(g.value, T.matrixTranspose(L.matrixExp(A)), 1e-13);
  });

  test("two-level system: P(1→2) = |⟨2|exp(−iHt)|1⟩|² and its gradient in H against Rabi's formula", () => {
    // H = [[a, b], [b, −a]]: P(t) = b²/Ω²·sin²(Ωt), Ω = √(a² + b²).
    const a = 0.3;
    const b = 0.7;
    const t = 1.9;
    const H = T.complex(
      T.tensor([
        [a, b],
        [b, -a],
      ]),
      T.zeros([2, 2]),
    );
    const minusIt = new T.Tensor(Float64Array.of(0, -t), 'complex128', []);
    const P = (h: Var) => sum(square(abs(slice(matrixExp(mul(h, minusIt)), 1, 0))));
    const W = Math.hypot(a, b);
    const rabi = ((b * b) / (W * W)) * Math.sin(W * t) ** 2;
    expect(P(variable(H)).value.item()).toBeCloseTo(rabi, 14);
    const G = grad(P)(H).value.toTypedArray(); // conjugate-Wirtinger: Re parts are ∂P/∂H_ij
    const dPda = G[0]! - G[6]!; // H00 = a, H11 = −a
    const dPdb = G[2]! + G[4]!; // H01 = H10 = b
    const s = Math.sin(W * t);
    const c = Math.cos(W * t);
    const dW = (x: number) => x / W;
    const exact = (x: number, isB: boolean) =>
      (isB ? (2 * b) / (W * W) : 0) * s * s -
      ((2 * b * b) / W ** 3) * dW(x) * s * s +
      ((b * b) / (W * W)) * 2 * s * c * t * dW(x);
    expect(dPda).toBeCloseTo(exact(a, false), 12);
    expect(dPdb).toBeCloseTo(exact(b, true), 12);
    ok(gradcheck(P, [H]));
  });
});

describe('lstsq rule (pseudo-inverse derivative, constant rank)', () => {
  test('checkRule, gradcheck, gradgradcheck, jvpcheck: tall, wide, square, complex', () => {
    const cases: [T.Tensor, T.Tensor][] = [
      [T.randn([5, 3], { seed: 11 }), T.randn([5, 2], { seed: 12 })],
      [T.randn([2, 4], { seed: 13 }), T.randn([2, 1], { seed: 14 })],
      [T.add(T.randn([3, 3], { seed: 15 }), T.scale(T.eye(3), 2)), T.randn([3, 2], { seed: 16 })],
      [complexRandn([4, 2], 17), complexRandn([4, 1], 18)],
    ];
    for (const [A, B] of cases) {
      const [X] = lstsq(variable(A), B);
      expectClose(X.value, L.lstsq(A, B)[0], 1e-15);
      expectAllChecksPass(checkRule(asRule(specOf(X)), [A, B]));
      const f = (a: Var, b: Var) => lstsq(a, b).slice(0, 2) as Var[];
      ok(gradcheck(f, [A, B]));
      ok(jvpcheck(f, [A, B]));
    }
    ok(
      gradgradcheck((a: Var, b: Var) => lstsq(a, b)[0], [T.randn([4, 2], { seed: 19 }), T.randn([4, 1], { seed: 20 })]),
    );
  });

  test('rank-deficient A = C·D (rank 2 held fixed by the parametrisation): tall, wide, and a vector b', () => {
    for (const [m, n] of [
      [6, 4],
      [3, 5],
      [4, 4],
    ] as const) {
      const C = T.randn([m, 2], { seed: 21 + m });
      const D = T.randn([2, n], { seed: 22 + n });
      const B = T.randn([m, 2], { seed: 23 });
      const f = (c: Var, d: Var, b: Var) => lstsq(matmul(c, d), b)[0];
      expect(L.lstsq(T.matmul(C, D), B)[2].item()).toBe(2);
      ok(gradcheck(f, [C, D, B]));
      ok(jvpcheck(f, [C, D, B]));
    }
    const C = complexRandn([5, 2], 31);
    const D = complexRandn([2, 3], 32);
    ok(gradcheck((c: Var, d: Var, b: Var) => lstsq(matmul(c, d), b)[0], [C, D, complexRandn([5], 33)]));
    ok(
      gradgradcheck(
        (c: Var, d: Var) => lstsq(matmul(c, d), T.ones([4, 1]))[0],
        [T.randn([4, 2], { seed: 34 }), T.randn([2, 3], { seed: 35 })],
      ),
    );
  });

  test('residuals and S are differentiable; rank is a constant; residuals empty when not full rank', () => {
    const A = T.randn([6, 3], { seed: 41 });
    const b = T.randn([6], { seed: 42 });
    const [, res, rank, S] = lstsq(variable(A), b);
    expect(res.shape).toEqual([1]);
    expect(rank.value.item()).toBe(3);
    expect(S.shape).toEqual([3]);
    ok(gradcheck((a: Var, v: Var) => lstsq(a, v)[1], [A, b]));
    ok(gradcheck((a: Var) => lstsq(a, b)[3], [A]));
    expect(lstsq(variable(T.randn([2, 3], { seed: 43 })), T.ones([2]))[1].shape).toEqual([0]);
  });
});

describe('polar rule (Sylvester equation, exact at repeated singular values)', () => {
  test('checkRule and second order: square, complex, tall', () => {
    for (const x of [T.randn([3, 3], { seed: 51 }), complexRandn([3, 3], 52), T.randn([4, 2], { seed: 53 })]) {
      expectAllChecksPass(checkRule(asRule(specOf(polar(variable(x))[0])), [x]));
      ok(gradgradcheck((a: Var) => polar(a), [x]));
    }
  });

  test('repeated singular values (A = 2·orthogonal, A = I, diag(2, 2, 1)): gradcheck, jvpcheck and gradgradcheck pass', () => {
    const Q0 = T.randomOrthogonal(3, { seed: 54 });
    for (const x of [T.scale(Q0, 2), T.eye(3), T.matmul(Q0, T.diag(T.tensor([2, 2, 1])))]) {
      const f = (a: Var) => polar(a);
      ok(gradcheck(f, [x]));
      ok(jvpcheck(f, [x]));
      ok(gradgradcheck(f, [x]));
    }
  });

  test('closed form at A = I: dQ = (dA − dAᴴ)/2, dP = (dA + dAᴴ)/2', () => {
    const G = T.randn([3, 3], { seed: 55 });
    const gq = grad((a: Var) => sum(mul(polar(a)[0], G)))(T.eye(3)).value;
    expectClose(gq, T.scale(T.sub(G, T.matrixTranspose(G)), 0.5), 1e-14);
    const gp = grad((a: Var) => sum(mul(polar(a)[1], G)))(T.eye(3)).value;
    expectClose(gp, T.scale(T.add(G, T.matrixTranspose(G)), 0.5), 1e-14);
  });
});
