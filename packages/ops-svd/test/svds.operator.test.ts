/**
 * svds on a differentiable operator that is never formed: A = L·Rᴴ + diag(d) with d a tracked Var.
 * The gradient reaches d through the two tracked applications A·V and Aᴴ·U; it is checked against
 * finite differences (1e-6) and against svds on the same matrix formed densely (1e-8).
 */
import { gradcheck } from '@svd/gradcheck';
import { type DifferentiableOperator, svd, svds } from '@svd/ops-svd';
import {
  type Var,
  abs,
  add,
  adjoint,
  constant,
  diagEmbed,
  diagonal,
  exp,
  grad,
  gradients,
  matmul,
  mul,
  square,
  sum,
  unsqueeze,
  variable,
} from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { relErr } from './helpers.js';

describe.each([
  ['float64', 'float64'],
  ['complex128', 'complex128'],
] as const)('svds on a low-rank-plus-diagonal operator (%s)', (_, dtype) => {
  const n = 60;
  const r = 4;
  const k = 3;
  const Lf = T.randn([n, r], { seed: 1, dtype });
  const Rf = T.randn([n, r], { seed: 2, dtype });
  const d0 = T.add(T.scale(T.rand([n], { seed: 3 }), 0.5), 0.1);
  const M = T.randn([n, n], { seed: 4, dtype });
  const op = (d: Var): DifferentiableOperator => ({
    shape: [n, n],
    dtype,
    apply: (x) => add(matmul(Lf, matmul(T.adjoint(Rf), x)), mul(unsqueeze(d, -1), x)),
    applyAdjoint: (y) => add(matmul(Rf, matmul(T.adjoint(Lf), y)), mul(unsqueeze(d, -1), y)),
  });
  const dense = (d: Var) => add(constant(T.matmul(Lf, T.adjoint(Rf))), diagEmbed(d));
  // Gauge-invariant: Σ exp(sᵢ/10) + Σ |uᵢᴴ M vᵢ|².
  const loss = (U: Var, S: Var, V: Var) =>
    add(sum(exp(mul(S, 0.1))), sum(square(abs(diagonal(matmul(adjoint(U), matmul(M, V)))))));
  const viaOperator = (d: Var) => loss(...svds(op(d), k, { method: 'krylov', gauge: 'throw' }));
  const viaDense = (d: Var) => loss(...svd(dense(d), { rank: k, gauge: 'throw' }));

  test('the gradient to the diagonal equals the dense truncated rule to 1e-8', () => {
    const g = grad(viaOperator)(d0).value;
    const ref = grad(viaDense)(d0).value;
    expect(relErr(g, ref)).toBeLessThan(1e-8);
  });

  test('the gradient to the diagonal matches finite differences to 1e-6', () => {
    const rep = gradcheck(viaOperator, [d0], { fast: true, atol: 1e-6, rtol: 1e-6 });
    expect(rep.ok).toBe(true);
  });

  test('captured Vars on both sides: the gradient reaches L too', () => {
    const Lv = variable(Lf);
    const dv = variable(d0);
    const o: DifferentiableOperator = {
      shape: [n, n],
      dtype,
      apply: (x) => add(matmul(Lv, matmul(T.adjoint(Rf), x)), mul(unsqueeze(dv, -1), x)),
      applyAdjoint: (y) => add(matmul(Rf, matmul(adjoint(Lv), y)), mul(unsqueeze(dv, -1), y)),
    };
    const [gL] = gradients(loss(...svds(o, k, { method: 'krylov' })), [Lv]);
    const Ld = variable(Lf);
    const [gRef] = gradients(
      loss(...svd(add(matmul(Ld, constant(T.adjoint(Rf))), diagEmbed(constant(d0))), { rank: k })),
      [Ld],
    );
    expect(relErr(gL!.value, gRef!.value)).toBeLessThan(1e-8);
  });
});
