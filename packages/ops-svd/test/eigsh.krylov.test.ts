/**
 * eigsh's reverse rule against the dense rule of eigh followed by keeping the k wanted columns
 * (all n pairs take part, the discarded ones with zero cotangents), against finite differences,
 * on an operator with a tracked diagonal, and to second order.
 */
import { gradcheck } from '@svd/gradcheck';
import { type DifferentiableOperator, eigh, eigsh, hermitianPart } from '@svd/ops-svd';
import {
  type Var,
  abs,
  add,
  adjoint,
  concat,
  constant,
  diagEmbed,
  diagonal,
  exp,
  grad,
  hvp,
  matmul,
  mul,
  slice,
  square,
  sum,
  unsqueeze,
} from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { captureGaugeWarnings, relErr, thrown } from './helpers.js';

type Which = 'largest' | 'smallest' | 'largestMagnitude';

/** The dense reference: eigh, then the k wanted columns in ascending order (as eigsh returns them). */
function denseTruncated(a: Var, k: number, which: Which): [Var, Var] {
  const [W, V] = eigh(a);
  const w = W.value.toTypedArray(false);
  const n = w.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  const score = (i: number) => (which === 'largest' ? w[i]! : which === 'smallest' ? -w[i]! : Math.abs(w[i]!));
  const kept = idx
    .sort((a, b) => score(b) - score(a))
    .slice(0, k)
    .sort((a, b) => a - b);
  return [
    concat(kept.map((i) => slice(W, [i, i + 1]))),
    concat(
      kept.map((i) => slice(V, null, [i, i + 1])),
      -1,
    ),
  ];
}

/** A Hermitian n×n matrix with a prescribed spectrum. */
function hermitianWith(w: number[], seed: number, dtype: T.DType): T.Tensor {
  const n = w.length;
  let Q = T.randomOrthogonal(n, { seed });
  if (T.isComplex(dtype)) {
    const [Qc] = T.isTensor(Q) ? [T.complex(Q, T.zeros([n, n]))] : [Q];
    const phase = T.complex(T.cos(T.randn([1, n], { seed: seed + 1 })), T.sin(T.randn([1, n], { seed: seed + 1 })));
    Q = T.mul(Qc!, phase);
  }
  return T.matmul(T.mul(Q, T.tensor(w, { dtype: T.realDType(dtype) })), T.adjoint(Q));
}

describe.each([
  ['float64', 'largest'],
  ['float64', 'smallest'],
  ['float64', 'largestMagnitude'],
  ['complex128', 'largest'],
  ['complex128', 'largestMagnitude'],
] as const)('eigsh (%s, which = %s), n = 12, k = 3', (dtype, which) => {
  const spectrum = [5, -4.5, 3.2, -2.9, 2, 1.5, -1.1, 0.8, 0.5, -0.3, 0.2, 0.1];
  const A = hermitianWith(spectrum, 3, dtype);
  const M = T.randn([12, 12], { seed: 4, dtype });
  const loss = (d: (a: Var) => [Var, Var]) => (a: Var) => {
    const [W, V] = d(hermitianPart(a));
    return add(sum(exp(mul(W, 0.2))), sum(square(abs(diagonal(matmul(adjoint(V), matmul(M, V)))))));
  };
  const viaEigsh = loss((a) => eigsh(a, 3, { which, gauge: 'throw' }));
  const viaDense = loss((a) => denseTruncated(a, 3, which));

  test('the eigenvalues are the wanted ones, ascending', () => {
    const [W] = eigsh(A, 3, { which });
    const [Wd] = denseTruncated(constant(A), 3, which);
    expect(relErr(W, Wd.value)).toBeLessThan(1e-12);
  });

  test('the gradient equals the dense truncated rule to 1e-8', () => {
    expect(relErr(grad(viaEigsh)(A).value, grad(viaDense)(A).value)).toBeLessThan(1e-8);
  });

  test('gradcheck against finite differences', () => {
    expect(gradcheck(viaEigsh, [A], { fast: true }).ok).toBe(true);
  });

  test('hvp equals the dense truncated rule to 1e-8', () => {
    const dir = T.randn([12, 12], { seed: 5, dtype });
    const h = hvp(viaEigsh, [A], [dir])[0]!.value;
    expect(relErr(h, hvp(viaDense, [A], [dir])[0]!.value)).toBeLessThan(1e-8);
  });
});

describe('eigsh on a Hermitian operator L·Lᴴ + diag(d), d tracked, n = 80, k = 4', () => {
  const n = 80;
  const Lf = T.randn([n, 3], { seed: 7 });
  // d spread over [0, 10): the cut between the 4th and 5th eigenvalue stays well above the
  // solver's tolerance, so finite differences of the Krylov result are not noise-dominated.
  const d0 = T.mul(T.rand([n], { seed: 8 }), 10);
  const M = T.randn([n, n], { seed: 9 });
  const op = (d: Var): DifferentiableOperator => ({
    shape: [n, n],
    dtype: 'float64',
    apply: (x) => add(matmul(Lf, matmul(T.adjoint(Lf), x)), mul(unsqueeze(d, -1), x)),
  });
  const loss = (W: Var, V: Var) => add(sum(square(W)), sum(square(diagonal(matmul(adjoint(V), matmul(M, V))))));
  const viaOp = (d: Var) => loss(...eigsh(op(d), 4, { method: 'krylov' }));
  const viaDense = (d: Var) =>
    loss(...denseTruncated(add(constant(T.matmul(Lf, T.adjoint(Lf))), diagEmbed(d)), 4, 'largest'));
  test('the gradient to d equals the dense truncated rule to 1e-8', () => {
    expect(relErr(grad(viaOp)(d0).value, grad(viaDense)(d0).value)).toBeLessThan(1e-8);
  });
  test('the gradient to d matches finite differences to 1e-6', () => {
    expect(gradcheck(viaOp, [d0], { fast: true, atol: 1e-6, rtol: 1e-6 }).ok).toBe(true);
  });
});

describe('eigsh: a degenerate block cut by k, and bad input', () => {
  // Spectrum 5, 4, 3, 3, 3, 1, …: k = 3 (largest) cuts the triple eigenvalue 3.
  const A = hermitianWith([5, 4, 3, 3, 3, 1, 0.5, -0.2, -1, -2], 17, 'float64');
  const loss = (a: Var) => sum(exp(eigsh(hermitianPart(a), 3)[0]));
  test('is reported once through the gauge policy, with the dense truncated gradient', () => {
    const { result: g, warnings } = captureGaugeWarnings(() => grad(loss)(A).value);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/eigsh: .*degenerate block cut by k = 3/);
    const ref = grad((a: Var) => sum(exp(denseTruncated(hermitianPart(a), 3, 'largest')[0])))(A).value;
    expect(relErr(g, ref)).toBeLessThan(1e-8);
  });
  test.each([
    [
      'a non-square matrix',
      () => eigsh(T.zeros([3, 4]), 1),
      /eigsh: A must be square \(Hermitian\), got shape \[3, 4\]/,
    ],
    ['k too large', () => eigsh(T.eye(3), 4), /eigsh: k must be an integer in \[0, 3\]/],
    ['a bad which', () => eigsh(T.eye(3), 1, { which: 'middle' } as never), /eigsh: option which must be one of/],
    [
      'a non-square operator',
      () => eigsh({ shape: [3, 4], dtype: 'float64', apply: (x: Var) => x }, 1),
      /eigsh: the operator's shape must be \[n, n\]/,
    ],
  ])('%s is a ValueError/ShapeError naming eigsh', (_, f, message) => {
    const err = thrown(f);
    expect(err).toBeInstanceOf(T.SvdError);
    expect(String((err as Error).message)).toMatch(message);
  });
});
