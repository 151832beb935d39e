/**
 * Complex SVD, ad-rules §4 case 1: gradcheck (central differences on the real and imaginary parts
 * of every entry) of gauge-invariant losses on tall 5×3, wide 3×5 and square 4×4 complex128
 * inputs — Σ W∘|U|², Σ W∘|V|², Re tr(U·Vᴴ·M), u₁ᴴ·H·u₁ (H Hermitian), Re(conj(U₀₀)·V₀₀) — and the
 * committed PyTorch fixture (Re tr(U Vh M) + Σ W|U|² + Σ S²), value and gradient.
 */
import { gradcheck, formatReport } from '@svd/gradcheck';
import { svd } from '@svd/ops-svd';
import {
  type Var,
  add,
  adjoint,
  conj,
  grad,
  matmul,
  mul,
  real,
  slice,
  square,
  sum,
  trace,
  valueAndGrad,
} from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { type Mat, captureGaugeWarnings, expectClose, loadFixture } from './helpers.js';

const C = 'complex128' as const;

/** |X|² elementwise, smooth (no kink at 0, unlike abs). */
const abs2 = (x: Var) => real(mul(x, conj(x)));

/** A random Hermitian n×n complex matrix. */
function hermitian(n: number, seed: number): T.Tensor {
  const B = T.randn([n, n], { dtype: C, seed });
  return T.scale(T.add(B, T.adjoint(B)), 0.5);
}

function expectGradcheck(f: (a: Var) => Var, A: T.Tensor): void {
  const r = gradcheck(f, [A]);
  if (!r.ok) throw new Error(formatReport(r, null));
  expect(r.inputs[0]!.maxAbsError).toBeLessThan(1e-7);
}

const shapes: [string, number, number][] = [
  ['tall 5×3', 5, 3],
  ['wide 3×5', 3, 5],
  ['square 4×4', 4, 4],
];

describe.each(shapes)('complex128 %s: gauge-invariant losses match finite differences', (_name, m, n) => {
  const k = Math.min(m, n);
  const A = T.randn([m, n], { dtype: C, seed: 400 + 10 * m + n });
  const Wu = T.randn([m, k], { seed: 410 + m });
  const Wv = T.randn([n, k], { seed: 420 + n });
  const M = T.randn([n, m], { dtype: C, seed: 430 + m });
  const H = hermitian(m, 440 + m);
  const usv = (a: Var) => svd(a, { gauge: 'throw' });

  const losses: [string, (a: Var) => Var][] = [
    ['Σ W∘|U|²', (a) => sum(mul(Wu, abs2(usv(a)[0])))],
    ['Σ W∘|V|²', (a) => sum(mul(Wv, abs2(usv(a)[2])))],
    [
      'Re tr(U·Vᴴ·M)',
      (a) => {
        const [U, , V] = usv(a);
        return real(trace(matmul(matmul(U, adjoint(V)), M)));
      },
    ],
    [
      'u₁ᴴ·H·u₁ (H Hermitian)',
      (a) => {
        const u = slice(usv(a)[0], null, [0, 1]);
        return real(sum(matmul(adjoint(u), matmul(H, u))));
      },
    ],
    [
      'Re(conj(U₀₀)·V₀₀)',
      (a) => {
        const [U, , V] = usv(a);
        return real(mul(conj(slice(U, 0, 0)), slice(V, 0, 0)));
      },
    ],
  ];

  for (const [name, L] of losses) {
    test(name, () => {
      const { warnings } = captureGaugeWarnings(() => grad(L)(A));
      expect(warnings).toEqual([]);
      expectGradcheck(L, A);
    });
  }

  test('all five together, and with Σ sᵢ² added', () => {
    const total = (a: Var) => losses.map(([, L]) => L(a)).reduce((p, q) => add(p, q));
    expectGradcheck(total, A);
    const withS = (a: Var) => add(total(a), sum(square(usv(a)[1])));
    expectGradcheck(withS, A);
  });
});

describe('the seed’s broadened rule on complex input (its phase term is added for complex, src/svdPullback.ts)', () => {
  test('broadening 1e-30 equals the default rule on a gauge-invariant complex loss (5×3)', () => {
    const A = T.randn([5, 3], { dtype: C, seed: 451 });
    const M = T.randn([3, 5], { dtype: C, seed: 452 });
    const W = T.randn([5, 3], { seed: 453 });
    const L = (opts: Parameters<typeof svd>[1]) => (a: Var) => {
      const [U, S, V] = svd(a, { gauge: 'throw', ...opts });
      return add(add(real(trace(matmul(matmul(U, adjoint(V)), M))), sum(mul(W, abs2(U)))), sum(square(S)));
    };
    const g = grad(L({}))(A).value;
    expectClose(grad(L({ broadening: 1e-30 }))(A).value, g, 1e-10);
    expectGradcheck(L({ broadening: 1e-30 }), A);
  });
});

interface ComplexCase {
  id: string;
  m: number;
  n: number;
  a: Mat;
  M: Mat;
  W: Mat;
  loss: number;
  grad_torch: Mat;
}

/** A complex128 tensor from interleaved (re, im) fixture data. */
function fromCmat(a: Mat): T.Tensor {
  return T.tensor(Float64Array.from(a.data), { shape: a.shape, dtype: C });
}

const fixture = loadFixture<{ complex: ComplexCase[] }>('svd_ad_reference.json');

describe('complex fixture: PyTorch 1.13 gradient of Re tr(U Vh M) + Σ W|U|² + Σ S²', () => {
  test('fixture has the three complex cases', () => {
    expect(fixture.complex.map((c) => c.id)).toEqual(['complex-5x3', 'complex-3x5', 'complex-4x4']);
  });

  for (const c of fixture.complex) {
    test(`${c.id}: loss value and gradient match torch to 1e-10`, () => {
      const A = fromCmat(c.a);
      const M = fromCmat(c.M);
      const W = T.tensor(Float64Array.from(c.W.data), { shape: c.W.shape });
      const L = (a: Var) => {
        const [U, S, V] = svd(a, { gauge: 'throw' });
        return add(add(real(trace(matmul(matmul(U, adjoint(V)), M))), sum(mul(W, abs2(U)))), sum(square(S)));
      };
      const { result, warnings } = captureGaugeWarnings(() => valueAndGrad(L)(A));
      expect(warnings).toEqual([]);
      const [value, g] = [result[0].value.item(), result[1].value];
      expect(Math.abs(value - c.loss)).toBeLessThan(1e-10 * Math.abs(c.loss));
      expect(g.dtype).toBe(C);
      expectClose(g, fromCmat(c.grad_torch), 1e-10);
    });
  }
});
