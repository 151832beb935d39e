/**
 * The bug report's own example (A 4×6, random cotangents dU, dS, dV), also 6×4 and 5×5, against
 * committed PyTorch reference gradients and an independent NumPy transcription of the seed's
 * Lorentzian-broadened rule (tools/fixtures/generate_ad.py → fixtures/svd_ad_reference.json).
 */
import { svd } from '@svd/ops-svd';
import { Var, adjoint, backward, matmul, mul, sum, variable, vjp } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import {
  type Mat,
  captureGaugeWarnings,
  expectClose,
  fromMat,
  loadFixture,
  maxAbsDiff,
  randomWithSingularValues,
  relErr,
} from './helpers.js';

interface BugReportCase {
  id: string;
  m: number;
  n: number;
  a: Mat;
  dU: Mat;
  dS: number[];
  dV: Mat;
  U: Mat;
  S: number[];
  V: Mat;
  grad_torch: Mat;
  'grad_seed_eps1e-12': Mat;
}

interface Fixture {
  generator: string;
  torch: string;
  bug_report: BugReportCase[];
}

const fixture = loadFixture<Fixture>('svd_ad_reference.json');

/**
 * Our SVD may choose the opposite sign for a singular pair (uᵢ, vᵢ) than torch's LAPACK does.
 * D = sign(diag(U_torchᵀ U_ours)) records those flips, so U_ours = U_torch·D and V_ours = V_torch·D.
 *
 * Why cotangents dU·D, dV·D with our factors give the same loss: D is diagonal with D² = I, so
 *   Σ U_ours∘(dU·D) = Σᵢⱼ (U_torch)ᵢⱼ Dⱼ dUᵢⱼ Dⱼ = Σ U_torch∘dU   (likewise for V),
 * and both sign choices are locally constant (each SVD's branch is continuous around a matrix with
 * distinct singular values), so the two losses agree as functions on a neighbourhood of A — and
 * hence so do their gradients.
 */
function alignedCotangents(c: BugReportCase, U: T.Tensor): { D: T.Tensor; dU: T.Tensor; dV: T.Tensor } {
  const Ut = fromMat(c.U);
  const overlap = T.diagonal(T.matmul(T.adjoint(Ut), U));
  // The singular subspaces agree (distinct singular values), so the overlaps are ±1.
  expect(maxAbsDiff(T.abs(overlap), T.onesLike(overlap))).toBeLessThan(1e-10);
  const D = T.sign(overlap);
  return { D, dU: T.mul(fromMat(c.dU), D), dV: T.mul(fromMat(c.dV), D) };
}

function gradientOf(c: BugReportCase, options: Parameters<typeof svd>[1] = {}): T.Tensor {
  const A = variable(fromMat(c.a));
  const [U, S, V] = svd(A, options);
  const { dU, dV } = alignedCotangents(c, U.value);
  backward([U, S, V], [dU, T.tensor(c.dS), dV]);
  return A.grad!;
}

describe('bug report example vs PyTorch and the seed rule', () => {
  test('fixture has the three bug-report cases', () => {
    expect(fixture.bug_report.map((c) => c.id)).toEqual(['bug-report-4x6', 'bug-report-6x4', 'bug-report-5x5']);
  });

  for (const c of fixture.bug_report) {
    describe(c.id, () => {
      test('our singular values and (sign-aligned) factors equal torch’s', () => {
        const [U, S, V] = svd(fromMat(c.a));
        expect(maxAbsDiff(S, T.tensor(c.S))).toBeLessThan(1e-12);
        const { D } = alignedCotangents(c, U);
        expect(maxAbsDiff(U, T.mul(fromMat(c.U), D))).toBeLessThan(1e-10);
        expect(maxAbsDiff(V, T.mul(fromMat(c.V), D))).toBeLessThan(1e-10);
      });

      test('gradient equals torch’s to 1e-10 relative, with no gauge warning', () => {
        const { result: g, warnings } = captureGaugeWarnings(() => gradientOf(c));
        expect(g.shape).toEqual([c.m, c.n]);
        expectClose(g, fromMat(c.grad_torch), 1e-10);
        expect(warnings).toEqual([]);
      });

      test('broadening 1e-12 reproduces the seed rule’s gradient', () => {
        const g = gradientOf(c, { broadening: 1e-12 });
        expectClose(g, fromMat(c['grad_seed_eps1e-12']), 1e-10);
      });

      test('the comparison can fail: a dropped cotangent is far off', () => {
        const A = variable(fromMat(c.a));
        const [U, S, V] = svd(A);
        const { dU } = alignedCotangents(c, U.value);
        backward([U, S, V], [dU, T.tensor(c.dS), null]);
        expect(relErr(A.grad!, fromMat(c.grad_torch))).toBeGreaterThan(1e-2);
      });
    });
  }
});

describe('the tuple and the imperative style', () => {
  const c = fixture.bug_report[0]!;

  test('svd of a Var returns a plain array of three Vars', () => {
    const out = svd(variable(fromMat(c.a)));
    expect(Array.isArray(out)).toBe(true);
    expect(out).toHaveLength(3);
    for (const o of out) {
      expect(o).toBeInstanceOf(Var);
      expect(o.requiresGrad).toBe(true);
    }
    const [U, S, V] = out;
    expect(U.shape).toEqual([4, 4]);
    expect(S.shape).toEqual([4]);
    expect(V.shape).toEqual([6, 4]);
    // Destructuring works like any array, and a plain tensor gives plain tensors.
    const plain = svd(fromMat(c.a));
    expect(Array.isArray(plain)).toBe(true);
    for (const o of plain) expect(o).toBeInstanceOf(T.Tensor);
  });

  test('backward([U, S, V], [dU, dS, dV]) equals the functional vjp', () => {
    const A = variable(fromMat(c.a));
    const [U, S, V] = svd(A);
    const { dU, dV } = alignedCotangents(c, U.value);
    backward([U, S, V], [dU, T.tensor(c.dS), dV]);
    const [, back] = vjp((a: Var) => svd(a), fromMat(c.a));
    const [g] = back([dU, T.tensor(c.dS), dV]);
    expect(maxAbsDiff(A.grad!, g!.value)).toBeLessThan(1e-13);
    expectClose(A.grad!, fromMat(c.grad_torch), 1e-10);
  });

  test('cotangents for only some outputs: the others are absent, not zero-filled', () => {
    const A = variable(fromMat(c.a));
    const [U, S, V] = svd(A);
    backward([S], [T.tensor(c.dS)]);
    // Only S̄: Ā = U·diag(S̄)·Vᴴ exactly.
    const expected = T.matmul(T.mul(U.value, T.tensor(c.dS)), T.adjoint(V.value));
    expect(maxAbsDiff(A.grad!, expected)).toBeLessThan(1e-13);
  });
});

/** The seed's rule (Tracker #97 / Flux #472 svd_back) transcribed on plain tensors, independently of src. */
function seedRule(
  U: T.Tensor,
  S: T.Tensor,
  V: T.Tensor,
  dU: T.Tensor,
  dS: T.Tensor,
  dV: T.Tensor,
  eps: number,
): T.Tensor {
  const m = U.shape[0]!;
  const n = V.shape[0]!;
  const S2 = T.square(S);
  let F = T.sub(T.unsqueeze(S2, 0), T.unsqueeze(S2, 1)); // F[i][j] = s_j² − s_i²
  F = T.div(F, T.add(T.square(F), eps));
  const UdU = T.matmul(T.adjoint(U), dU);
  const VdV = T.matmul(T.adjoint(V), dV);
  const Su = T.matmul(T.mul(F, T.sub(UdU, T.adjoint(UdU))), T.diagEmbed(S));
  const Sv = T.matmul(T.diagEmbed(S), T.mul(F, T.sub(VdV, T.adjoint(VdV))));
  const Sinv = T.diagEmbed(T.reciprocal(S));
  const Vt = T.adjoint(V);
  const core = T.matmul(T.matmul(U, T.add(T.add(Su, Sv), T.diagEmbed(dS))), Vt);
  const left = T.matmul(T.matmul(T.matmul(T.sub(T.eye(m), T.matmul(U, T.adjoint(U))), dU), Sinv), Vt);
  const right = T.matmul(T.matmul(T.matmul(U, Sinv), T.adjoint(dV)), T.sub(T.eye(n), T.matmul(V, Vt)));
  return T.add(T.add(core, left), right);
}

/** tensorgrad's svd backward (Liao et al. 2019, tensorgrad/adlib/svd.py) on plain tensors, real case. */
function tensorgradRule(
  U: T.Tensor,
  S: T.Tensor,
  V: T.Tensor,
  dU: T.Tensor,
  dS: T.Tensor,
  dV: T.Tensor,
  eps: number,
): T.Tensor {
  const m = U.shape[0]!;
  const n = V.shape[0]!;
  let F = T.sub(T.unsqueeze(S, 0), T.unsqueeze(S, 1)); // s_j − s_i, broadened
  F = T.div(F, T.add(T.square(F), eps));
  const G = T.reciprocal(T.add(T.unsqueeze(S, 0), T.unsqueeze(S, 1))); // exact 1/(s_i + s_j)
  const UdU = T.matmul(T.adjoint(U), dU);
  const VdV = T.matmul(T.adjoint(V), dV);
  const Su = T.scale(T.mul(T.add(F, G), T.sub(UdU, T.adjoint(UdU))), 0.5);
  const Sv = T.scale(T.mul(T.sub(F, G), T.sub(VdV, T.adjoint(VdV))), 0.5);
  const Sinv = T.diagEmbed(T.reciprocal(S));
  const Vt = T.adjoint(V);
  const core = T.matmul(T.matmul(U, T.add(T.add(Su, Sv), T.diagEmbed(dS))), Vt);
  const left = T.matmul(T.matmul(T.matmul(T.sub(T.eye(m), T.matmul(U, T.adjoint(U))), dU), Sinv), Vt);
  const right = T.matmul(T.matmul(T.matmul(U, Sinv), T.adjoint(dV)), T.sub(T.eye(n), T.matmul(V, Vt)));
  return T.add(T.add(core, left), right);
}

describe('broadening mode where the broadening matters', () => {
  // s = (3, 2 + 5e-7, 2): the squared gap x ≈ 2e-6 has x² ≈ 4e-12, comparable to ε = 1e-12, so
  // the Lorentzian x/(x² + ε) differs from 1/x by ~20% and the two modes visibly disagree.
  const A = randomWithSingularValues(5, 3, [3, 2 + 5e-7, 2], 11);
  const dU = T.randn([5, 3], { seed: 13 });
  const dS = T.randn([3], { seed: 14 });
  const dV = T.randn([3, 3], { seed: 15 });

  function gradWith(options: Parameters<typeof svd>[1]): { g: T.Tensor; U: T.Tensor; S: T.Tensor; V: T.Tensor } {
    const x = variable(A);
    const [U, S, V] = svd(x, { ...options, gauge: 'off' });
    backward([U, S, V], [dU, dS, dV]);
    return { g: x.grad!, U: U.value, S: S.value, V: V.value };
  }

  test('broadening: 1e-12 equals an independent transcription of the seed rule', () => {
    const { g, U, S, V } = gradWith({ broadening: 1e-12 });
    expectClose(g, seedRule(U, S, V, dU, dS, dV, 1e-12), 1e-9);
  });

  test('tensorgradBroadening: 1e-12 equals an independent transcription of tensorgrad, and differs from the seed', () => {
    const { g, U, S, V } = gradWith({ tensorgradBroadening: 1e-12 });
    expectClose(g, tensorgradRule(U, S, V, dU, dS, dV, 1e-12), 1e-9);
    expect(relErr(g, seedRule(U, S, V, dU, dS, dV, 1e-12))).toBeGreaterThan(1e-2);
    expect(relErr(g, gradWith({}).g)).toBeGreaterThan(1e-2);
  });

  test('the default (partial fractions) is the unbroadened derivative and differs measurably', () => {
    const { g, U, S, V } = gradWith({});
    // ε → 0 limit of the seed's own formula: the textbook rule, which the default must match.
    expectClose(g, seedRule(U, S, V, dU, dS, dV, 1e-40), 1e-6);
    expect(relErr(g, seedRule(U, S, V, dU, dS, dV, 1e-12))).toBeGreaterThan(1e-2);
  });
});

describe('tensorgradBroadening: tensorgrad’s variant, not the seed’s (issue #11, item 5)', () => {
  // A = diag(2e-3, 1e-3), L = ⟨[[0,1],[0,0]], U·Vᵀ⟩: the exact gradient has off-diagonal entries
  // ±2/(s₁+s₂) = ±333.33…; the seed's squared-gap Lorentzian gives ±300 at ε = 1e-12 (x = 3e-6,
  // x² = 9e-12), tensorgrad's (ε on the plain gap 1e-3, ε/x² = 1e-6) keeps 333.33 to 1e-6.
  const A = T.tensor([
    [2e-3, 0],
    [0, 1e-3],
  ]);
  const G = T.tensor([
    [0, 1],
    [0, 0],
  ]);
  function offDiagonal(options: Parameters<typeof svd>[1]): [number, number] {
    const x = variable(A);
    const [U, , V] = svd(x, { ...options, gauge: 'off' });
    backward(sum(mul(G, matmul(U, adjoint(V)))));
    const g = x.grad!.toArray() as number[][];
    return [g[0]![1]!, g[1]![0]!];
  }
  test('the default is exact: ±1000/3', () => {
    const [a, b] = offDiagonal({});
    expect(a).toBeCloseTo(1000 / 3, 9);
    expect(b).toBeCloseTo(-1000 / 3, 9);
  });
  test("broadening (the seed's rule) gives ±300", () => {
    const [a, b] = offDiagonal({ broadening: 1e-12 });
    expect(a).toBeCloseTo(300, 6);
    expect(b).toBeCloseTo(-300, 6);
  });
  test('tensorgradBroadening keeps 1/(sᵢ+sⱼ) exact: ±333.33 (relative bias ε/gap² = 1e-6)', () => {
    const [a, b] = offDiagonal({ tensorgradBroadening: 1e-12 });
    expect(Math.abs(a - 1000 / 3) / (1000 / 3)).toBeLessThan(2e-6);
    expect(Math.abs(b + 1000 / 3) / (1000 / 3)).toBeLessThan(2e-6);
  });
});
