/**
 * ad-rules §2.1, §4 case 3: the polar factor P = U·Vᴴ at fully degenerate spectra (every singular
 * value 1: the identity, a random orthogonal / unitary matrix) and at a generic complex matrix, on
 * float64 and complex128 input. Its cotangent is the closed form U[(M − Mᴴ)∘1/(sᵢ + sⱼ)]Vᴴ with
 * M = UᴴḠV: finite, not flagged, equal to finite differences (PyTorch/JAX's F-form gives 0/0
 * there). P = A(AᴴA)^(-1/2) is smooth at any invertible A, so central differences apply even though
 * U and V individually are arbitrary.
 */
import { formatReport, gradcheck } from '@svd/gradcheck';
import { svd } from '@svd/ops-svd';
import { type Var, adjoint, conj, grad, matmul, mul, real, slice, sum } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { captureGaugeWarnings, expectClose, expectFinite, maxAbsDiff } from './helpers.js';

/** U[(M−Mᴴ)∘1/(sᵢ+sⱼ)]Vᴴ, M = UᴴḠV: the polar factor's cotangent, on plain tensors (independent of src). */
function polarCotangent(A: T.Tensor, G: T.Tensor): T.Tensor {
  const [U, S, V] = svd(A);
  const M = T.matmul(T.matmul(T.adjoint(U), G), V);
  const sumS = T.add(T.unsqueeze(S, 0), T.unsqueeze(S, 1));
  return T.matmul(T.matmul(U, T.div(T.sub(M, T.adjoint(M)), sumS)), T.adjoint(V));
}

/** Re⟨G, U·Vᴴ⟩: its cotangent with respect to U·Vᴴ is G. */
const polarLoss = (G: T.Tensor) => (a: Var) => {
  const [U, , V] = svd(a, { gauge: 'throw' });
  return sum(real(mul(conj(G), matmul(U, adjoint(V)))));
};

// Each dtype keeps the inputs, seeds and tolerances of the former per-dtype files.
describe.each([
  {
    dtype: 'float64',
    G: T.randn([4, 4], { seed: 32 }),
    inputs: [
      ['A = I (4×4)', T.eye(4)],
      ['A = random orthogonal Q (4×4)', T.randomOrthogonal(4, { seed: 31 })],
    ],
    closeTol: 1e-13,
    fdTol: 1e-8,
  },
  {
    dtype: 'complex128',
    G: T.randn([4, 4], { dtype: 'complex128', seed: 601 }),
    inputs: [
      ['a random unitary matrix (s = 1, 1, 1, 1)', T.randomOrthogonal(4, { dtype: 'complex128', seed: 602 })],
      ['the identity', T.eye(4, 4, { dtype: 'complex128' })],
      ['a generic complex matrix (distinct s)', T.randn([4, 4], { dtype: 'complex128', seed: 603 })],
    ],
    closeTol: 1e-12,
    fdTol: 1e-7,
  },
] as const)('$dtype: the polar factor U·Vᴴ', ({ dtype, G, inputs, closeTol, fdTol }) => {
  const L = polarLoss(G);

  const cases = inputs as readonly (readonly [string, T.Tensor])[];
  test.each(cases)('at %s: finite, not flagged, equals the closed form and finite differences', (_name, A) => {
    const { result: g, warnings } = captureGaugeWarnings(() => grad(L)(A).value);
    expect(warnings).toEqual([]);
    expectFinite(g);
    expectClose(g, polarCotangent(A, G), closeTol);
    const r = gradcheck(L, [A]);
    expect(r.ok, r.ok ? '' : formatReport(r, null)).toBe(true);
    expect(r.inputs[0]!.maxAbsError).toBeLessThan(fdTol);
  });

  test('at the identity the cotangent is the anti-Hermitian part (G − Gᴴ)/2', () => {
    const g = grad(L)(T.eye(4, 4, { dtype })).value;
    expectClose(g, T.scale(T.sub(G, T.adjoint(G)), 0.5), 1e-12);
  });
});

test('the warp repro: A = [[0, −1], [1, 0]], L = (U·Vᵀ)₀₁ has gradient exactly 0', () => {
  // A is orthogonal, so P = U·Vᵀ = A and Ā = ½(Ḡ − P·Ḡᵀ·P) with Ḡ = e₀e₁ᵀ. P·e₁ = (−1, 0)ᵀ and
  // e₀ᵀ·P = (0, −1), so P·Ḡᵀ·P = e₀e₁ᵀ = Ḡ and Ā = 0: the (0,1) entry of the polar factor of a
  // rotation is stationary (it is −sin θ at θ = 90°, and symmetric perturbations only lower it).
  const A = T.tensor([
    [0, -1],
    [1, 0],
  ]);
  const L = (a: Var) => {
    const [U, , V] = svd(a, { gauge: 'throw' });
    return slice(matmul(U, adjoint(V)), 0, 1);
  };
  const g = grad(L)(A).value;
  expectFinite(g);
  expect(maxAbsDiff(g, T.zeros([2, 2]))).toBeLessThan(1e-15);
  expectClose(
    g,
    polarCotangent(
      A,
      T.tensor([
        [0, 1],
        [0, 0],
      ]),
    ),
    0,
  );
  // Central (symmetric ±h) differences of the loss agree: every partial derivative is 0.
  const r = gradcheck(L, [A], { atol: 1e-9 });
  expect(r.ok).toBe(true);
  expect(Math.abs(r.inputs[0]!.numeric)).toBeLessThan(1e-9);
});
