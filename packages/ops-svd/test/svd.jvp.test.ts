/**
 * Forward-mode rules (`spec.jvp`) of svd and qr (eigh and cholesky: hermitianJvp.test.ts): adjoint
 * to the reverse rules, ⟨vjp(v), u⟩ = ⟨v, jvp(u)⟩ (tight, no finite differences), and matching
 * central differences of gauge-invariant outputs (via gradcheck's checkRule, which finds
 * `rule.spec.jvp`).
 *
 * The rules are created inside ops-svd and not exported, so they are reached through the node of
 * a tracked output (`out.node.spec`) and re-wrapped with `defineRule` for checkRule. `svdJvp`, the
 * exported function behind the svd rule's jvp, is also tested directly.
 */
import { type CheckRuleOptions, absValues, checkRule, projector, uvAdjoint } from '@svd/gradcheck';
import { DEFAULT_DEGENERACY_RTOL, qr, svd, svdJvp } from '@svd/ops-svd';
import { type Var, adjoint, constant, defineRule, matmul, slice, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { asRule, contextOf, expectAllChecksPass, inner, maxAbsDiff, specOf } from './helpers.js';

const EPS = 2 ** -52;

const svdShapes: [string, number, number][] = [
  ['tall 5×3', 5, 3],
  ['wide 3×5', 3, 5],
  ['square 4×4', 4, 4],
];

describe.each(svdShapes)('svd jvp, %s', (_, m, n) => {
  const A = T.randn([m, n], { seed: 150 + m * 10 + n });
  const spec = specOf(svd(variable(A), { gauge: 'throw' })[0]);
  const rule = asRule(spec);

  for (const [name, transform] of [
    ['U·Vᴴ and S', uvAdjoint((...o: Var[]) => o)],
    ['projectors and S', projector((...o: Var[]) => o)],
    ['|U|, S, |V|', absValues((...o: Var[]) => o, [0, 2])],
  ] as const) {
    test(`checkRule with ${name}: pullback and jvp match FD, and are adjoint`, () => {
      const opts: CheckRuleOptions = { outputTransform: transform };
      expectAllChecksPass(checkRule(rule, [A], opts));
    });
  }

  test('tight dot-product test ⟨Ā, dA⟩ = ⟨Ū, dU⟩ + ⟨S̄, dS⟩ + ⟨V̄, dV⟩, and svdJvp = spec.jvp', () => {
    const ctx = contextOf(spec, A);
    const k = Math.min(m, n);
    for (const seed of [1, 2, 3]) {
      const dA = constant(T.randn([m, n], { seed: 160 + seed }));
      const v = [
        T.randn([m, k], { seed: 170 + seed }),
        T.randn([k], { seed: 180 + seed }),
        T.randn([n, k], { seed: 190 + seed }),
      ];
      const tangents = spec.jvp!([dA], ctx) as (Var | null)[];
      const [gA] = spec.backward(
        v.map((x) => constant(x)),
        ctx,
      ) as Var[];
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
});

describe('svd jvp, full SVD (5×3)', () => {
  const A = T.randn([5, 3], { seed: 201 });
  // gauge 'off': checkRule's shape check feeds raw random cotangents, which depend on U₂'s basis.
  const rule = asRule(specOf(svd(variable(A), { full: true, gauge: 'off' })[0]));

  test('the extra columns’ tangent: checkRule with the projector onto U₂, S and U₁·Vᴴ', () => {
    const transform = (U: Var, S: Var, V: Var) => {
      const U2 = slice(U, null, [3, 5]);
      return [matmul(U2, adjoint(U2)), S, matmul(slice(U, null, [0, 3]), adjoint(V))];
    };
    expectAllChecksPass(checkRule(rule, [A], { outputTransform: transform }));
  });
});

describe('the checks have teeth', () => {
  test('a jvp off by a factor 2 on dS is caught (FD and adjointness)', () => {
    const A = T.randn([4, 3], { seed: 202 });
    const spec = specOf(svd(variable(A))[0]);
    const broken = defineRule({
      ...spec,
      jvp: (ts, ctx) => {
        const [dU, dS, dV] = spec.jvp!(ts, ctx) as Var[];
        return [dU!, constant(T.scale(dS!.value, 2)), dV!];
      },
    });
    const report = checkRule(broken, [A], { outputTransform: uvAdjoint((...o: Var[]) => o) });
    expect(report.ok).toBe(false);
    const failed = report.checks.filter((c) => !c.ok).map((c) => c.name);
    expect(failed).toContain('jvp vs finite differences');
    expect(failed).toContain('jvp adjoint to pullback');
  });
});

describe('qr jvp', () => {
  // QR of a full-rank input is smooth (diag(R) > 0 fixes the signs), so Q and R are compared raw.
  test.each([
    ['tall 5×3', [5, 3]],
    ['square 4×4', [4, 4]],
    ['wide 3×5', [3, 5]],
  ] as const)('%s: checkRule — pullback and jvp match FD and are adjoint', (_name, shape) => {
    const A = T.randn([...shape], { seed: 31 });
    const [Q] = qr(variable(A));
    expectAllChecksPass(checkRule(asRule(specOf(Q)), [A]));
  });
});
