/**
 * ad-rules §4 case 9 (§2.4): the truncated SVD keeping p of k triplets. Its gradient couples to
 * the discarded part A⊥ = A − U_p S_p V_pᴴ; the thin formula applied to the kept triplets alone
 * misses that coupling (Francuz et al.).
 */
import { gradcheck } from '@svd/gradcheck';
import { DEFAULT_DEGENERACY_RTOL, svd, svdPullback } from '@svd/ops-svd';
import { type Var, add, adjoint, constant, grad, matmul, trace } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { expectClose, maxAbsDiff, randomWithSingularValues, relErr } from './helpers.js';

const p = 2;
const EPS = 2 ** -52;

describe.each([
  ['6×6', 6, 6],
  ['8×6', 8, 6],
  ['6×8', 6, 8],
] as const)('truncated SVD of a %s input, keeping p = 2', (_, m, n) => {
  const A = randomWithSingularValues(m, n, [5, 4, 1.5, 0.8, 0.5, 0.3], 91);
  const M = T.randn([m, m], { seed: 92 });
  const N = T.randn([n, n], { seed: 93 });
  // L = tr(M U_pU_pᴴ) + tr(N V_pV_pᴴ): gauge-invariant (projectors onto the kept subspaces).
  const loss = (a: Var) => {
    const [U, , V] = svd(a, { rank: p, gauge: 'throw' });
    return add(trace(matmul(M, matmul(U, adjoint(U)))), trace(matmul(N, matmul(V, adjoint(V)))));
  };
  // Ū = (M + Mᴴ)U_p and V̄ = (N + Nᴴ)V_p are this loss's cotangents of the kept factors.
  const cotangents = (U: T.Tensor, V: T.Tensor) => ({
    gU: T.matmul(T.add(M, T.adjoint(M)), U),
    gV: T.matmul(T.add(N, T.adjoint(N)), V),
  });

  test('forward: the p largest triplets', () => {
    const [U, S, V] = svd(A, { rank: p });
    expect(U.shape).toEqual([m, p]);
    expect(S.shape).toEqual([p]);
    expect(V.shape).toEqual([n, p]);
    expectClose(S, T.tensor([5, 4]), 1e-14);
  });

  test('gradcheck against finite differences of the recomputed truncated SVD', () => {
    const r = gradcheck(loss, [A]);
    expect(r.ok).toBe(true);
    expect(r.inputs[0]!.maxAbsError).toBeLessThan(1e-7);
  });

  test('equals the Sylvester-corrected rule Ā = UΓVᴴ + XVᴴ + UYᴴ, solved independently (ad-rules §2.4)', () => {
    const g = grad(loss)(A).value;
    const [U, S, V] = svd(A, { rank: p });
    const { gU, gV } = cotangents(U, V);
    const Aperp = T.sub(A, T.matmul(T.mul(U, S), T.adjoint(V)));
    const perp = (Q: T.Tensor, G: T.Tensor) => T.sub(G, T.matmul(Q, T.matmul(T.adjoint(Q), G)));
    const gUp = perp(U, gU);
    const gVp = perp(V, gV);
    // X S − A⊥Y = Ū⊥, Y S − A⊥ᴴX = V̄⊥ by fixed-point iteration (contracts: s₃/s₂ < 1).
    const sInv = T.reciprocal(S);
    let X = T.zeros([m, p]);
    let Y = T.zeros([n, p]);
    for (let it = 0; it < 200; it++) {
      X = T.mul(T.add(gUp, T.matmul(Aperp, Y)), sInv);
      Y = T.mul(T.add(gVp, T.matmul(T.adjoint(Aperp), X)), sInv);
    }
    const J = T.matmul(T.adjoint(U), gU);
    const K = T.matmul(T.adjoint(V), gV);
    const anti = (Z: T.Tensor) => T.scale(T.sub(Z, T.adjoint(Z)), 0.5);
    const s = S.toTypedArray();
    const plus = T.add(anti(J), anti(K)).toTypedArray();
    const minus = T.sub(anti(J), anti(K)).toTypedArray();
    const gamma = new Float64Array(p * p);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        if (i !== j) gamma[i * p + j] = plus[i * p + j]! / (s[j]! - s[i]!) + minus[i * p + j]! / (s[j]! + s[i]!);
      }
    }
    const Vh = T.adjoint(V);
    const ref = T.add(
      T.add(T.matmul(T.matmul(U, T.tensor(gamma, { shape: [p, p] })), Vh), T.matmul(X, Vh)),
      T.matmul(U, T.adjoint(Y)),
    );
    expectClose(g, ref, 1e-10);
  });

  test('the plain thin rule on the p kept triplets (svdPullback) is off by a clearly measurable amount', () => {
    const g = grad(loss)(A).value;
    const [U, S, V] = svd(A, { rank: p });
    const { gU, gV } = cotangents(U, V);
    const opts = { degeneracyRtol: DEFAULT_DEGENERACY_RTOL, rankRtol: Math.max(m, n) * EPS };
    const thin = svdPullback(constant(U), constant(S), constant(V), constant(gU), null, constant(gV), opts)!.value;
    const err = relErr(thin, g);
    expect(err).toBeGreaterThan(0.05);
    // The same function is exact when nothing is discarded (p = k): the defect is the truncation.
    const k = Math.min(m, n);
    const fullLoss = (a: Var) => {
      const [Uk, , Vk] = svd(a, { gauge: 'throw' });
      return add(trace(matmul(M, matmul(Uk, adjoint(Uk)))), trace(matmul(N, matmul(Vk, adjoint(Vk)))));
    };
    const [Uk, Sk, Vk] = svd(A);
    const c = cotangents(Uk, Vk);
    const thinK = svdPullback(
      constant(Uk),
      constant(Sk),
      constant(Vk),
      constant(c.gU),
      null,
      constant(c.gV),
      opts,
    )!.value;
    expect(Sk.shape).toEqual([k]);
    // (Absolute comparison: for a square input the p = k loss is constant and both are ~0.)
    expect(maxAbsDiff(thinK, grad(fullLoss)(A).value)).toBeLessThan(1e-12);
  });
});

describe('truncation edge cases', () => {
  test('batched [2, 5, 4] keeping p = 2: gradcheck of the kept projectors and values', () => {
    const Ab = T.stack([
      randomWithSingularValues(5, 4, [4, 3, 1, 0.5], 95),
      randomWithSingularValues(5, 4, [2, 1.5, 1, 0.2], 96),
    ]);
    const r = gradcheck(
      (a: Var) => {
        const [U, S, V] = svd(a, { rank: 2, gauge: 'throw' });
        return [matmul(U, adjoint(U)), S, matmul(V, adjoint(V))];
      },
      [Ab],
    );
    expect(r.ok).toBe(true);
  });

  test('rank: k equals the thin SVD, rank: 0 gives empty factors', () => {
    const A = T.randn([4, 3], { seed: 94 });
    const full = svd(A);
    const r3 = svd(A, { rank: 3 });
    for (let i = 0; i < 3; i++) expect(relErr(r3[i]!, full[i]!)).toBe(0);
    const [U0, S0, V0] = svd(A, { rank: 0 });
    expect(U0.shape).toEqual([4, 0]);
    expect(S0.shape).toEqual([0]);
    expect(V0.shape).toEqual([3, 0]);
  });

  test('invalid rank is a ValueError naming the option', () => {
    expect(() => svd(T.randn([4, 3]), { rank: 4 })).toThrow(/rank must be an integer in \[0, 3\]/);
    expect(() => svd(T.randn([4, 3]), { rank: 1.5 })).toThrow(T.ValueError);
    expect(() => svd(T.randn([4, 3]), { rank: 2, full: true })).toThrow(/cannot be combined/);
  });
});
