/**
 * complex64 SVD gradients. gradcheck refuses single precision (finite differences in float32 are
 * meaningless), so the complex64 gradient is compared with the complex128 gradient at the same
 * (rounded) input, with a float32 tolerance: the rules run in the input's precision end to end
 * and return a complex64 cotangent. The last block checks that every rule keeps single precision
 * (float32 and complex64): regressions for two float64 constants in src that promoted the
 * cotangent (pairwiseReciprocal's output, the broadened rule's identity) and made the tape reject it.
 */
import { cholesky, det, eigh, hermitianPart, inv, norm, pinv, qr, slogdet, solve, svd } from '@svd/ops-svd';
import {
  type Var,
  add,
  adjoint,
  castTensor,
  conj,
  grad,
  jvp,
  matmul,
  mul,
  real,
  slice,
  square,
  sum,
  trace,
} from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { captureGaugeWarnings, expectFinite, relErr } from './helpers.js';

const up = (t: T.Tensor) => castTensor(t, T.isComplex(t.dtype) ? 'complex128' : 'float64');

/** Gradient of `loss` at A in complex64, and in complex128 at the same (rounded) point. */
function bothPrecisions(
  loss: (a: Var, single: boolean) => Var,
  A128: T.Tensor,
): { g64: T.Tensor; g128: T.Tensor; warnings: string[] } {
  const A64 = castTensor(A128, 'complex64');
  const { result: g64, warnings } = captureGaugeWarnings(() => grad((a: Var) => loss(a, true))(A64).value);
  const g128 = grad((a: Var) => loss(a, false))(up(A64)).value;
  return { g64, g128, warnings };
}

describe.each([
  ['tall 5×3', 5, 3],
  ['wide 3×5', 3, 5],
  ['square 4×4', 4, 4],
] as const)('complex64 svd gradient, %s', (_name, m, n) => {
  const k = Math.min(m, n);
  const A = T.randn([m, n], { dtype: 'complex128', seed: 1100 + 10 * m + n });
  const M = T.randn([n, m], { dtype: 'complex128', seed: 1101 });
  const W = T.randn([m, k], { seed: 1102 });

  test('Re tr(U·Vᴴ·M) + Σ W∘|U|² + Σ S² (the fixture loss): complex64 cotangent within float32 accuracy of complex128', () => {
    const loss = (a: Var, single: boolean) => {
      const Mx = single ? castTensor(M, 'complex64') : M;
      const Wx = single ? castTensor(W, 'float32') : W;
      const [U, S, V] = svd(a, { gauge: 'throw' });
      return add(
        add(real(trace(matmul(matmul(U, adjoint(V)), Mx))), sum(mul(Wx, real(mul(U, conj(U)))))),
        sum(square(S)),
      );
    };
    const { g64, g128, warnings } = bothPrecisions(loss, A);
    expect(g64.dtype).toBe('complex64');
    expect(warnings).toEqual([]);
    expectFinite(g64);
    const err = relErr(up(g64), g128);
    expect(err).toBeLessThan(1e-4);
    expect(err).toBeGreaterThan(0); // really computed in single precision
  });

  test('nuclear norm (gradient U·Vᴴ)', () => {
    const { g64, g128, warnings } = bothPrecisions((a) => norm(a, { ord: 'nuc' }), A);
    expect(g64.dtype).toBe('complex64');
    expect(warnings).toEqual([]);
    expect(relErr(up(g64), g128)).toBeLessThan(1e-5);
  });
});

test('complex64 eigh: Re v₀ᴴ·M·v₀ (a projector loss) within float32 accuracy of complex128', () => {
  const B = T.randn([4, 4], { dtype: 'complex128', seed: 1111 });
  const H = T.scale(T.add(B, T.adjoint(B)), 0.5);
  const M = T.randn([4, 4], { dtype: 'complex128', seed: 1112 });
  const loss = (a: Var, single: boolean) => {
    const v = slice(eigh(hermitianPart(a), { gauge: 'throw' })[1], null, [0, 1]);
    return real(sum(matmul(adjoint(v), matmul(single ? castTensor(M, 'complex64') : M, v))));
  };
  const { g64, g128, warnings } = bothPrecisions(loss, H);
  expect(g64.dtype).toBe('complex64');
  expect(warnings).toEqual([]);
  expect(relErr(up(g64), g128)).toBeLessThan(1e-4);
});

describe.each(['float32', 'complex64'] as const)('every rule keeps %s (the cotangent has the input dtype)', (dtype) => {
  const abs2 = (x: Var) => real(mul(x, conj(x)));
  const A = T.add(T.randn([4, 4], { dtype, seed: 1121 }), T.scale(T.eye(4, 4, { dtype }), 3));
  const H = T.add(T.matmul(A, T.adjoint(A)), T.eye(4, 4, { dtype }));
  const tall = T.randn([5, 3], { dtype, seed: 1122 });
  const cases: [string, (a: Var) => Var, T.Tensor][] = [
    [
      'svd (U, S and V)',
      (a) => {
        const [U, S, V] = svd(a, { gauge: 'throw' });
        return add(add(sum(abs2(U)), sum(S)), sum(abs2(V)));
      },
      A,
    ],
    ['svd full', (a) => sum(abs2(svd(a, { full: true, gauge: 'off' })[0])), tall],
    ['svd rank 2', (a) => sum(abs2(svd(a, { rank: 2 })[0])), A],
    ['svd broadening 1e-12', (a) => sum(abs2(svd(a, { broadening: 1e-12 })[0])), A],
    [
      'eigh',
      (a) => {
        const [W, V] = eigh(hermitianPart(a));
        return add(sum(W), sum(abs2(V)));
      },
      H,
    ],
    [
      'qr (wide)',
      (a) => {
        const [Q, R] = qr(a);
        return add(sum(abs2(Q)), sum(abs2(R)));
      },
      T.randn([3, 5], { dtype, seed: 1123 }),
    ],
    ['cholesky', (a) => sum(abs2(cholesky(hermitianPart(a)))), H],
    ['det', (a) => abs2(det(a)), A],
    [
      'slogdet',
      (a) => {
        const [sign, logabs] = slogdet(a);
        return add(logabs, abs2(sign));
      },
      A,
    ],
    ['inv', (a) => sum(abs2(inv(a))), A],
    ['solve', (a) => sum(abs2(solve(a, T.randn([4], { dtype, seed: 1124 })))), A],
    ['pinv', (a) => sum(abs2(pinv(a))), tall],
    ['norm nuc', (a) => norm(a, { ord: 'nuc' }), A],
  ];
  test.each(cases)('%s', (_name, f, X) => {
    const g = grad(f)(X).value;
    expect(g.dtype).toBe(dtype);
    expectFinite(g);
  });

  test('svd jvp tangents stay in single precision', () => {
    const [, tangents] = jvp((a: Var) => svd(a), [A], [T.randn([4, 4], { dtype, seed: 1125 })]);
    expect((tangents as Var[]).map((t) => t.dtype)).toEqual([dtype, T.realDType(dtype), dtype]);
  });
});
