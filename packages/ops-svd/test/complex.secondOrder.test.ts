/**
 * Second order on complex128 input: Hessian-vector products (reverse over reverse through the
 * rules' tape-op pullbacks) of the nuclear norm, Σ sᵢ² and slogdet's log|det A|, against finite
 * differences of the first derivative, closed forms, and gradgradcheck of svdvals.
 *
 * For a real loss f of a complex A, ∇f is the conjugate-Wirtinger gradient and the Hessian acts on a
 * direction V as d/dt ∇f(A + tV); hvp(f)(A)·V equals the gradient of a ↦ Re⟨V, ∇f(a)⟩.
 */
import { formatReport, gradcheck, gradgradcheck } from '@svd/gradcheck';
import { inv, norm, slogdet, svd, svdvals } from '@svd/ops-svd';
import { type Var, conj, grad, hvp, mul, real, square, sum } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { expectClose, maxAbs, maxAbsDiff } from './helpers.js';

const C = 'complex128' as const;

function expectOk(r: ReturnType<typeof gradcheck>): void {
  if (!r.ok) throw new Error(formatReport(r, null));
}

/**
 * 1. hvp(f)(A)·V equals the gradient of a ↦ Re⟨V, ∇f(a)⟩ (both reverse over reverse);
 * 2. that gradient matches central differences of Re⟨V, ∇f⟩;
 * 3. (full) the whole complex gradient map a ↦ ∇f(a) matches FD on real and imaginary parts.
 */
function checkSecondOrder(f: (a: Var) => Var, A: T.Tensor, V: T.Tensor, full = true): T.Tensor {
  const h = hvp(f, [A], [V])[0]!.value;
  expect(h.dtype).toBe(C);
  expect(T.allFinite(h)).toBe(true);
  expect(maxAbs(h)).toBeGreaterThan(1e-6);
  const directional = (a: Var) => sum(real(mul(conj(V), grad(f)(a))));
  expect(maxAbsDiff(grad(directional)(A).value, h)).toBeLessThan(1e-12 * Math.max(1, maxAbs(h)));
  expectOk(gradcheck(directional, [A]));
  if (full) expectOk(gradcheck((a: Var) => grad(f)(a), [A]));
  return h;
}

describe('complex Hessian-vector products against finite differences of the gradient', () => {
  test('nuclear norm, square 4×4', () => {
    checkSecondOrder((a) => norm(a, 'nuc', { gauge: 'throw' }), T.randn([4, 4], { dtype: C, seed: 701 }), T.randn([4, 4], { dtype: C, seed: 702 }));
  });

  test('nuclear norm, tall 5×3 and wide 3×5', () => {
    checkSecondOrder((a) => norm(a, 'nuc', { gauge: 'throw' }), T.randn([5, 3], { dtype: C, seed: 703 }), T.randn([5, 3], { dtype: C, seed: 704 }));
    checkSecondOrder((a) => norm(a, 'nuc', { gauge: 'throw' }), T.randn([3, 5], { dtype: C, seed: 705 }), T.randn([3, 5], { dtype: C, seed: 706 }), false);
  });

  test('nuclear norm at A = I (all s equal): finite, hvp = (V − Vᴴ)/2', () => {
    const V = T.randn([3, 3], { dtype: C, seed: 707 });
    const h = checkSecondOrder((a) => norm(a, 'nuc', { gauge: 'throw' }), T.eye(3, 3, { dtype: C }), V);
    expectClose(h, T.scale(T.sub(V, T.adjoint(V)), 0.5), 1e-12);
  });

  test('Σ sᵢ² = ‖A‖²_F, tall 5×3: hvp = 2V', () => {
    const V = T.randn([5, 3], { dtype: C, seed: 709 });
    const h = checkSecondOrder((a) => sum(square(svd(a, { gauge: 'throw' })[1])), T.randn([5, 3], { dtype: C, seed: 708 }), V);
    expectClose(h, T.scale(V, 2), 1e-12);
  });

  test('gradgradcheck of svdvals (complex input, real output)', () => {
    expectOk(gradgradcheck((a: Var) => svdvals(a, { gauge: 'throw' }), [T.randn([3, 4], { dtype: C, seed: 710 })]));
  });

  test('slogdet: log|det A|, hvp = −A⁻ᴴVᴴA⁻ᴴ', () => {
    const A = T.add(T.randn([4, 4], { dtype: C, seed: 711 }), T.scale(T.eye(4, 4, { dtype: C }), 3));
    const V = T.randn([4, 4], { dtype: C, seed: 712 });
    const h = checkSecondOrder((a) => slogdet(a)[1], A, V);
    const Ai = T.adjoint(inv(A));
    expectClose(h, T.neg(T.matmul(T.matmul(Ai, T.adjoint(V)), Ai)), 1e-10);
  });
});
