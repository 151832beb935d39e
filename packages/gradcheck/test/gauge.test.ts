import { type Var, constant, defineRule, div, matmul, mul, norm, reshape, sub, sum } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import {
  absValues,
  checkRule,
  gradcheck,
  phaseNormalized,
  productWithAdjoint,
  projector,
  uvAdjoint,
} from '../src/index.js';

/**
 * Test functions with a data-dependent gauge, like a decomposition's: the output is x/‖x‖ as a
 * column (n×1), times a sign or phase chosen by an internal rule. The rule's pullback is correct
 * for the branch taken (the gauge is locally constant), but central differences straddle branch
 * changes, so raw finite differences are meaningless — exactly ad-rules §3 item 12.
 */

/** A hash of the input that changes every 1e-7: a "LAPACK convention" that flips under any FD step. */
function hashed(x: T.Tensor): number {
  const s = T.sum(x).item();
  return s * 1e7 - Math.floor(s * 1e7);
}

/** Householder-QR-like: unit vector with sign −sign(x₀) (the reflector's convention). */
const householderSign = (x: T.Tensor) => (x.get(0) >= 0 ? -1 : 1);
/** The same unit vector with a sign that flips with the hash. */
const hashSign = (x: T.Tensor) => (hashed(x) < 0.5 ? 1 : -1);

/**
 * s·x/‖x‖ as an n×1 matrix, s = gauge(x). The pullback holds s fixed (the branch taken), written
 * with tape ops: for ŷ = x/‖x‖ the Jacobian is s(I − ŷŷᵀ)/‖x‖, so x̄ = s(ḡ − ŷ(ŷᵀḡ))/‖x‖.
 */
function signedUnit(gauge: (x: T.Tensor) => number) {
  return defineRule({
    name: 'signedUnit',
    forward: (x) => T.reshape(T.mul(T.div(x, T.norm(x)), gauge(x)), [x.size, 1]),
    backward: ([g], { inputs: [x] }) => {
      if (!g) return null;
      const n = norm(x!);
      const unit = div(x!, n);
      const gv = reshape(g, [x!.size]);
      return mul(div(sub(gv, mul(unit, sum(mul(unit, gv)))), n), gauge(x!.value));
    },
  });
}

const x = T.randn([4], { seed: 21 });

describe('gauge helpers make sign-ambiguous outputs checkable', () => {
  it('hash sign: raw FD fails; |·| and the projector pass', () => {
    const rule = signedUnit(hashSign);
    const raw = (v: Var) => rule(v);
    // The sign is ±1 on alternating 1e-7-wide bands, so a sign also multiplies the pullback:
    expect(gradcheck(raw, [x]).ok).toBe(false);
    expect(gradcheck(absValues(raw), [x]).ok).toBe(true);
    expect(gradcheck(projector(raw), [x]).ok).toBe(true);
  });

  it('Householder sign at a near-zero pivot: raw FD and |·| fail (kink at 0), the projector passes', () => {
    const rule = signedUnit(householderSign);
    const raw = (v: Var) => rule(v);
    const pivotNearZero = T.tensor([1e-9, 0.8, -0.5, 1.2]);
    expect(gradcheck(raw, [pivotNearZero]).ok).toBe(false);
    expect(gradcheck(absValues(raw), [pivotNearZero]).ok).toBe(false);
    expect(gradcheck(projector(raw), [pivotNearZero]).ok).toBe(true);
    // Away from the pivot's zero the convention is locally constant and raw FD is fine.
    expect(gradcheck(raw, [T.tensor([0.3, 0.8, -0.5, 1.2])]).ok).toBe(true);
  });

  it('checkRule takes a helper as outputTransform', () => {
    const rule = signedUnit(hashSign);
    expect(checkRule(rule, [x]).ok).toBe(false);
    expect(checkRule(rule, [x], { outputTransform: projector((...o: Var[]) => o) }).ok).toBe(true);
  });
});

/**
 * A complex "SVD-like" pair: U = e^{iθ}·a/‖a‖, V = e^{iθ}·b/‖b‖ (n×1 each) with a hashed common
 * phase θ. U·Vᴴ, |U|, U·Uᴴ and the phase-normalised U are invariant; raw U is not.
 */
const phased = (() => {
  const theta = (a: T.Tensor) => 2 * Math.PI * hashed(T.real(a));
  const col = (v: Var) => reshape(div(v, norm(v)), [v.size, 1]);
  return (a: Var, b: Var): Var[] => {
    const t = theta(a.value);
    const phase = constant(T.tensor([[Math.cos(t), Math.sin(t)]], { dtype: 'complex128' }));
    return [mul(col(a), phase), mul(col(b), phase)];
  };
})();

describe('complex phase gauge', () => {
  const a = T.randn([3], { seed: 31, dtype: 'complex128' });
  const b = T.randn([3], { seed: 32, dtype: 'complex128' });

  it('raw outputs fail; U·Vᴴ, |·|, the projector and phase normalisation pass', () => {
    expect(gradcheck(phased, [a, b]).ok).toBe(false);
    expect(gradcheck(uvAdjoint(phased, 0, 1), [a, b]).ok).toBe(true);
    expect(gradcheck(productWithAdjoint(phased), [a, b]).ok).toBe(true);
    expect(gradcheck(absValues(phased), [a, b]).ok).toBe(true);
    expect(gradcheck(projector(phased), [a, b]).ok).toBe(true);
    expect(gradcheck(phaseNormalized(phased, 0, { output: 0, companions: [1] }), [a, b]).ok).toBe(true);
  });

  it('phase normalisation makes the chosen row real and positive and keeps U·Vᴴ', () => {
    const [u, v] = phaseNormalized(phased, 1, { companions: [1] })(constant(a), constant(b));
    const [re, im] = u!.value.getComplex(1, 0);
    expect(re).toBeGreaterThan(0);
    expect(Math.abs(im)).toBeLessThan(1e-15);
    const before = matmul(phased(constant(a), constant(b))[0]!, T.adjoint(phased(constant(a), constant(b))[1]!.value));
    const after = matmul(u!, T.adjoint(v!.value));
    expect(T.allclose(before.value, after.value, { atol: 1e-14 })).toBe(true);
  });

  it('helpers validate their indices', () => {
    expect(() => uvAdjoint(phased, 0, 0)(constant(a), constant(b))).toThrow(/different outputs/);
    expect(() => projector(phased, [5])(constant(a), constant(b))).toThrow(/out of range/);
    expect(() => phaseNormalized(phased, 9)(constant(a), constant(b))).toThrow(/row 9 is out of range/);
  });
});
