/**
 * Forward-mode rules (`spec.jvp`) of svd and qr, real (float64) and complex (complex128) input
 * in one dtype-parameterised suite (eigh and cholesky: hermitianJvp.test.ts): adjoint to the
 * reverse rules, Re⟨vjp(v), u⟩ = Re⟨v, jvp(u)⟩ (tight, no finite differences), and matching
 * central differences of gauge-invariant outputs (via gradcheck's checkRule, which finds
 * `rule.spec.jvp`).
 *
 * The rules are created inside ops-svd and not exported, so they are reached through the node of
 * a tracked output (`out.node.spec`) and re-wrapped with `defineRule` for checkRule. `svdJvp`, the
 * exported function behind the svd rule's jvp, is also tested directly. checkRule's pullback-shape
 * check feeds raw random cotangents, which for complex input always depend on the singular
 * vectors' phases, so complex rules are taken with gauge 'off' (the gauge tests cover the check).
 */
import { type CheckRuleOptions, absValues, checkRule, phaseNormalized, projector, uvAdjoint } from '@svd/gradcheck';
import { DEFAULT_DEGENERACY_RTOL, qr, svd, svdJvp } from '@svd/ops-svd';
import { type Var, adjoint, constant, defineRule, imag, matmul, slice, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { asRule, contextOf, expectAllChecksPass, expectClose, inner, maxAbs, maxAbsDiff, specOf } from './helpers.js';

const EPS = 2 ** -52;
type DT = 'float64' | 'complex128';
const list = (...o: Var[]) => o;

/** Per dtype: the seeds each twin file used, the gauge policy of the rule, and the extra views. */
const DTYPES = [
  { dtype: 'float64' as DT, seed: (m: number, n: number) => 150 + m * 10 + n, dSeed: 160, gauge: 'throw' as const },
  { dtype: 'complex128' as DT, seed: (m: number, n: number) => 800 + 10 * m + n, dSeed: 810, gauge: 'off' as const },
];
const SHAPES = [
  ['tall 5×3', 5, 3],
  ['wide 3×5', 3, 5],
  ['square 4×4', 4, 4],
] as const;

describe.each(DTYPES)('svd jvp, $dtype', ({ dtype, seed, dSeed, gauge }) => {
  const complex = dtype === 'complex128';
  describe.each(SHAPES)('%s', (_, m, n) => {
    const A = T.randn([m, n], { dtype, seed: seed(m, n) });
    const spec = specOf(svd(variable(A), { gauge })[0]);
    const rule = asRule(spec);
    const k = Math.min(m, n);

    const views: [string, NonNullable<CheckRuleOptions['outputTransform']>][] = [
      ['U·Vᴴ and S', uvAdjoint(list)],
      ['projectors UUᴴ, S, VVᴴ', projector(list)],
      ['|U|, S, |V|', absValues(list, [0, 2])],
    ];
    if (complex) {
      views.push([
        'U, S, V phase-normalised by U’s last row',
        phaseNormalized(list, -1, { output: 0, companions: [2] }),
      ]);
    }
    test.each(views)('checkRule with %s: pullback and jvp match FD, and are adjoint', (_name, transform) => {
      expectAllChecksPass(checkRule(rule, [A], { outputTransform: transform }));
    });

    test('tight dot-product test ⟨Ā, dA⟩ = ⟨Ū, dU⟩ + ⟨S̄, dS⟩ + ⟨V̄, dV⟩ with raw cotangents, and svdJvp = spec.jvp', () => {
      // Complex: the ±½ phase split is the adjoint of (Jₐ−Kₐ)ᵢᵢ/(2sᵢ).
      const ctx = contextOf(spec, A);
      for (const s of [1, 2, 3]) {
        const dA = constant(T.randn([m, n], { dtype, seed: dSeed + s }));
        const v = [
          T.randn([m, k], { dtype, seed: dSeed + 10 + s }),
          T.randn([k], { seed: dSeed + 20 + s }),
          T.randn([n, k], { dtype, seed: dSeed + 30 + s }),
        ];
        const tangents = spec.jvp!([dA], ctx) as (Var | null)[];
        const [gA] = spec.backward(
          v.map((x) => constant(x)),
          ctx,
        ) as Var[];
        expect(gA!.dtype).toBe(dtype);
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
      expect(svdJvp(ctx.outputs as [Var, Var, Var], null, { degeneracyRtol: 1e-12, rankRtol: 1e-12 })).toEqual([
        null,
        null,
        null,
      ]);
    });

    // Complex only (no phases for real input).
    if (complex)
      test('the phase split: Uᴴ dU and Vᴴ dV are anti-Hermitian, with opposite imaginary diagonals i·Im(dP)ᵢᵢ/(2sᵢ)', () => {
        const ctx = contextOf(spec, A);
        const dA = constant(T.randn([m, n], { dtype, seed: 850 }));
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

  test('full SVD (5×3), the extra columns’ tangent: checkRule with the projector onto U₂, S and U₁·Vᴴ', () => {
    const A = T.randn([5, 3], { dtype, seed: complex ? 851 : 201 });
    // gauge 'off': checkRule's shape check feeds raw random cotangents, which depend on U₂'s basis.
    const fullRule = asRule(specOf(svd(variable(A), { full: true, gauge: 'off' })[0]));
    const transform = (U: Var, S: Var, V: Var) => {
      const U2 = slice(U, null, [3, 5]);
      return [matmul(U2, adjoint(U2)), S, matmul(slice(U, null, [0, 3]), adjoint(V))];
    };
    expectAllChecksPass(checkRule(fullRule, [A], { outputTransform: transform }));
  });

  test('the checks have teeth: a jvp off by a factor 2 on dS is caught (FD and adjointness)', () => {
    const A = T.randn([4, 3], { dtype, seed: complex ? 852 : 202 });
    const spec = specOf(svd(variable(A), { gauge })[0]);
    const broken = defineRule({
      ...spec,
      jvp: (ts, ctx) => {
        const [dU, dS, dV] = spec.jvp!(ts, ctx) as Var[];
        return [dU!, constant(T.scale(dS!.value, 2)), dV!];
      },
    });
    const report = checkRule(broken, [A], { outputTransform: uvAdjoint(list) });
    expect(report.ok).toBe(false);
    const failed = report.checks.filter((c) => !c.ok).map((c) => c.name);
    expect(failed).toContain('jvp vs finite differences');
    expect(failed).toContain('jvp adjoint to pullback');
  });
});

describe.each(DTYPES)(
  'qr jvp, $dtype (diag(R) real positive makes Q and R smooth, so they are compared raw)',
  ({ dtype }) => {
    const complex = dtype === 'complex128';
    test.each([
      ['tall 5×3', [5, 3]],
      ['square 4×4', [4, 4]],
      ['wide 3×5', [3, 5]],
    ] as const)('%s: checkRule — pullback and jvp match FD and are adjoint', (_name, shape) => {
      const A = T.randn([...shape], { dtype, seed: complex ? 911 : 31 });
      const [Q] = qr(variable(A));
      expectAllChecksPass(checkRule(asRule(specOf(Q)), [A]));
    });

    test('the forward convention holds: diag(R) real and positive', () => {
      const R = qr(T.randn([5, 3], { dtype, seed: 912 }))[1];
      expect(maxAbs(T.imag(T.diagonal(R)))).toBe(0);
      expect(T.min(T.real(T.diagonal(R))).item()).toBeGreaterThan(0);
    });

    test('the jvp keeps the constraints: dR upper with a real diagonal, Qᴴ dQ anti-Hermitian', () => {
      const A = T.randn([5, 3], { dtype, seed: 913 });
      const [Qv] = qr(variable(A));
      const spec = specOf(Qv);
      const ctx = contextOf(spec, A);
      const dA = constant(T.randn([5, 3], { dtype, seed: 914 }));
      const [dQ, dR] = spec.jvp!([dA], ctx) as Var[];
      expect(maxAbs(T.tril(dR!.value, -1))).toBe(0);
      expect(maxAbs(T.imag(T.diagonal(dR!.value)))).toBeLessThan(1e-14);
      const Q = ctx.outputs[0]!.value;
      const Om = T.matmul(T.adjoint(Q), dQ!.value);
      expect(maxAbs(T.add(Om, T.adjoint(Om)))).toBeLessThan(1e-12);
      // The imaginary diagonal of Qᴴ dQ is not zero for complex input: it is i·Im(Qᴴ dA R⁻¹)ᵢᵢ.
      if (complex) expect(maxAbs(imag(constant(T.diagonal(Om))).value)).toBeGreaterThan(1e-3);
    });

    // Complex only (no phases for real input).
    if (complex)
      test('teeth: the naive jvp without the imaginary-diagonal fix (Ω = tril(C)−tril(C)ᴴ, as JAX before its fix) is caught', () => {
        const A = T.randn([4, 3], { dtype, seed: 915 });
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
  },
);
