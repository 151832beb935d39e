/**
 * Forward-mode rules (`spec.jvp`) of svd and qr on complex128 input (eigh and cholesky:
 * hermitianJvp.test.ts): adjoint to the reverse rules, Re⟨vjp(v), u⟩ = Re⟨v, jvp(u)⟩ (tight, no
 * finite differences), and matching central differences of gauge-invariant outputs (gradcheck's
 * checkRule finds `rule.spec.jvp`).
 *
 * The rules live inside ops-svd; they are reached through the node of a tracked output
 * (`out.node.spec`), as in svd.jvp.test.ts. checkRule's pullback-shape check feeds raw random
 * cotangents, which for complex input always depend on the singular vectors' phases, so the svd
 * and eigh rules are taken with gauge 'off' here (gauge.test covers the check itself).
 */
import { type CheckRuleOptions, absValues, checkRule, phaseNormalized, projector, uvAdjoint } from '@svd/gradcheck';
import { DEFAULT_DEGENERACY_RTOL, qr, svd, svdJvp } from '@svd/ops-svd';
import { type Var, constant, defineRule, imag, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { asRule, contextOf, expectAllChecksPass, expectClose, inner, maxAbs, maxAbsDiff, specOf } from './helpers.js';

const C = 'complex128' as const;
const EPS = 2 ** -52;

describe.each([
  ['tall 5×3', 5, 3],
  ['wide 3×5', 3, 5],
  ['square 4×4', 4, 4],
] as const)('complex svd jvp, %s', (_, m, n) => {
  const A = T.randn([m, n], { dtype: C, seed: 800 + 10 * m + n });
  const spec = specOf(svd(variable(A), { gauge: 'off' })[0]);
  const rule = asRule(spec);
  const k = Math.min(m, n);

  for (const [name, transform] of [
    ['U·Vᴴ and S', uvAdjoint((...o: Var[]) => o)],
    ['projectors UUᴴ, S, VVᴴ', projector((...o: Var[]) => o)],
    ['|U|, S, |V|', absValues((...o: Var[]) => o, [0, 2])],
    [
      'U, S, V phase-normalised by U’s last row',
      phaseNormalized((...o: Var[]) => o, -1, { output: 0, companions: [2] }),
    ],
  ] as const) {
    test(`checkRule with ${name}: pullback and jvp match FD, and are adjoint`, () => {
      const opts: CheckRuleOptions = { outputTransform: transform };
      expectAllChecksPass(checkRule(rule, [A], opts));
    });
  }

  test('tight dot-product test with raw complex cotangents (the ±½ phase split is the adjoint of (Jₐ−Kₐ)ᵢᵢ/(2sᵢ))', () => {
    const ctx = contextOf(spec, A);
    for (const seed of [1, 2, 3]) {
      const dA = constant(T.randn([m, n], { dtype: C, seed: 810 + seed }));
      const v = [
        T.randn([m, k], { dtype: C, seed: 820 + seed }),
        T.randn([k], { seed: 830 + seed }),
        T.randn([n, k], { dtype: C, seed: 840 + seed }),
      ];
      const tangents = spec.jvp!([dA], ctx) as (Var | null)[];
      const [gA] = spec.backward(
        v.map((x) => constant(x)),
        ctx,
      ) as Var[];
      expect(gA!.dtype).toBe(C);
      expect(tangents[1]!.dtype).toBe('float64');
      const lhs = inner([gA!], [dA]);
      const rhs = inner(v, tangents);
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12 * Math.max(1, Math.abs(lhs)));
      const direct = svdJvp(ctx.outputs as [Var, Var, Var], dA, {
        degeneracyRtol: DEFAULT_DEGENERACY_RTOL,
        rankRtol: Math.max(m, n) * EPS,
      });
      direct.forEach((t, i) => {
        expect(maxAbsDiff(t!.value, (tangents[i] as Var).value)).toBe(0);
      });
    }
  });

  test('the phase split: Uᴴ dU and Vᴴ dV are anti-Hermitian, with opposite imaginary diagonals i·Im(dP)ᵢᵢ/(2sᵢ)', () => {
    const ctx = contextOf(spec, A);
    const dA = constant(T.randn([m, n], { dtype: C, seed: 850 }));
    const [dU, , dV] = spec.jvp!([dA], ctx) as Var[];
    const [U, S, V] = ctx.outputs.map((o) => o.value) as [T.Tensor, T.Tensor, T.Tensor];
    const OmU = T.matmul(T.adjoint(U), dU!.value);
    const OmV = T.matmul(T.adjoint(V), dV!.value);
    expect(maxAbs(T.add(OmU, T.adjoint(OmU)))).toBeLessThan(1e-12);
    expect(maxAbs(T.add(OmV, T.adjoint(OmV)))).toBeLessThan(1e-12);
    const dP = T.matmul(T.matmul(T.adjoint(U), dA.value), V);
    const half = T.div(T.imag(T.diagonal(dP)), T.scale(S, 2));
    expectClose(T.imag(T.diagonal(OmU)), half, 1e-12);
    expectClose(T.imag(T.diagonal(OmV)), T.neg(half), 1e-12);
  });
});

describe('complex qr jvp (diag(R) real positive makes Q and R smooth, so they are compared raw)', () => {
  test.each([
    ['tall 5×3', [5, 3]],
    ['square 4×4', [4, 4]],
    ['wide 3×5', [3, 5]],
  ] as const)('%s: checkRule — pullback and jvp match FD and are adjoint', (_name, shape) => {
    const A = T.randn([...shape], { dtype: C, seed: 911 });
    const [Q] = qr(variable(A));
    expectAllChecksPass(checkRule(asRule(specOf(Q)), [A]));
  });

  test('the forward convention holds: diag(R) real and positive', () => {
    const R = qr(T.randn([5, 3], { dtype: C, seed: 912 }))[1];
    expect(maxAbs(T.imag(T.diagonal(R)))).toBe(0);
    expect(T.min(T.real(T.diagonal(R))).item()).toBeGreaterThan(0);
  });

  test('the jvp keeps the constraints: dR upper with a real diagonal, Qᴴ dQ anti-Hermitian with an imaginary diagonal', () => {
    const A = T.randn([5, 3], { dtype: C, seed: 913 });
    const [Qv] = qr(variable(A));
    const spec = specOf(Qv);
    const ctx = contextOf(spec, A);
    const dA = constant(T.randn([5, 3], { dtype: C, seed: 914 }));
    const [dQ, dR] = spec.jvp!([dA], ctx) as Var[];
    expect(maxAbs(T.tril(dR!.value, -1))).toBe(0);
    expect(maxAbs(T.imag(T.diagonal(dR!.value)))).toBeLessThan(1e-14);
    const Q = ctx.outputs[0]!.value;
    const Om = T.matmul(T.adjoint(Q), dQ!.value);
    expect(maxAbs(T.add(Om, T.adjoint(Om)))).toBeLessThan(1e-12);
    // The imaginary diagonal of Qᴴ dQ is not zero for complex input: it is i·Im(Qᴴ dA R⁻¹)ᵢᵢ.
    expect(maxAbs(imag(constant(T.diagonal(Om))).value)).toBeGreaterThan(1e-3);
  });

  test('teeth: the naive jvp without the imaginary-diagonal fix (Ω = tril(C)−tril(C)ᴴ, as JAX before its fix) is caught', () => {
    const A = T.randn([4, 3], { dtype: C, seed: 915 });
    const spec = specOf(qr(variable(A))[0]);
    const naive = defineRule({
      ...spec,
      name: 'qr-naive-jvp',
      jvp: (ts, ctx) => {
        const [dQ, dR] = spec.jvp!(ts, ctx) as Var[];
        const Q = ctx.outputs[0]!.value;
        const R = ctx.outputs[1]!.value;
        // D = diag(i·Im Cᵢᵢ): the part of Qᴴ dQ the naive formula leaves in dR instead.
        const D = T.diagEmbed(T.diagonal(T.matmul(T.adjoint(Q), dQ!.value)));
        return [constant(T.sub(dQ!.value, T.matmul(Q, D))), constant(T.add(dR!.value, T.matmul(D, R)))];
      },
    });
    const report = checkRule(naive, [A]);
    expect(report.ok).toBe(false);
    const failed = report.checks.filter((c) => !c.ok).map((c) => c.name);
    expect(failed).toContain('jvp vs finite differences');
    expect(failed).toContain('jvp adjoint to pullback');
  });
});
