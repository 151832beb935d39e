/**
 * The other rules on complex128 input, by gradcheck (central differences of the real and imaginary
 * part of every input entry, against every real/imaginary output coordinate):
 * - eigh / eigvalsh with the Hermitian cotangent (differentiated through hermitianPart, README
 *   "Conventions"), cholesky (lower and upper), qr (tall, square, wide; raw Q and R — diag(R) real
 *   positive makes them smooth), solve (vector and matrix right-hand side), inv,
 * - det (complex: its phase included) at an invertible and at an exactly singular matrix (the
 *   adjugate path, with the complex phases det(U), det(V)), slogdet with both outputs: log|det A|
 *   and the complex sign e^{i·arg det A}.
 */
import { absValues, formatReport, gradcheck, projector } from '@svd/gradcheck';
import { cholesky, det, eigh, eigvalsh, hermitianPart, inv, qr, slogdet, solve } from '@svd/ops-svd';
import { type Var, adjoint, conj, grad, matmul, mul, real, slice, sum } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { captureGaugeWarnings, expectClose, maxAbs } from './helpers.js';

const C = 'complex128' as const;

function expectGradcheck(f: (...a: Var[]) => Var | Var[], inputs: T.Tensor[], atol = 1e-7): void {
  const r = gradcheck(f, inputs);
  if (!r.ok) throw new Error(formatReport(r, null));
  for (const i of r.inputs) expect(i.maxAbsError).toBeLessThan(atol);
}

const hermitian = (n: number, seed: number) => {
  const B = T.randn([n, n], { dtype: C, seed });
  return T.scale(T.add(B, T.adjoint(B)), 0.5);
};
const hpd = (n: number, seed: number) => {
  const B = T.randn([n, n], { dtype: C, seed });
  return T.add(T.matmul(B, T.adjoint(B)), T.scale(T.eye(n, n, { dtype: C }), n));
};
const isHermitian = (X: T.Tensor) => maxAbs(T.sub(X, T.adjoint(X))) <= 1e-14 * Math.max(1, maxAbs(X));

describe('eigh (Hermitian input)', () => {
  const A = hermitian(4, 1001);
  const M = T.randn([4, 4], { dtype: C, seed: 1002 });
  const eighH = (x: Var) => eigh(hermitianPart(x), { gauge: 'throw' });

  test('W, the projector onto the two lowest eigenvectors, and |V|: gradcheck', () => {
    expectGradcheck(projector((x: Var) => eighH(x), [1]), [A]);
    expectGradcheck(absValues((x: Var) => eighH(x), [1]), [A]);
    expectGradcheck((x: Var) => {
      const B = slice(eighH(x)[1], null, [0, 2]);
      return [eigvalsh(hermitianPart(x)), matmul(B, adjoint(B))];
    }, [A]);
  });

  test('the cotangent is Hermitian, for a loss of W and for a phase-free loss of V', () => {
    const gW = grad((x: Var) => sum(mul(eigvalsh(x), T.tensor([1, -2, 0.5, 3]))))(A).value;
    expect(gW.dtype).toBe(C);
    expect(isHermitian(gW)).toBe(true);
    const L = (x: Var) => {
      const v = slice(eigh(x, { gauge: 'throw' })[1], null, [3, 4]);
      return real(sum(matmul(adjoint(v), matmul(M, v))));
    };
    const { result: gV, warnings } = captureGaugeWarnings(() => grad(L)(A).value);
    expect(warnings).toEqual([]);
    expect(isHermitian(gV)).toBe(true);
    // uplo 'U' reads the other triangle of the same Hermitian matrix: the same gradient.
    const Lu = (x: Var) => {
      const v = slice(eigh(x, { gauge: 'throw', uplo: 'U' })[1], null, [3, 4]);
      return real(sum(matmul(adjoint(v), matmul(M, v))));
    };
    expectClose(grad(Lu)(A).value, gV, 1e-12);
  });
});

describe('cholesky (Hermitian positive definite input)', () => {
  const A = hpd(4, 1011);
  test('lower and upper: gradcheck of the raw factor through hermitianPart', () => {
    expectGradcheck((x: Var) => cholesky(hermitianPart(x)), [A]);
    expectGradcheck((x: Var) => cholesky(hermitianPart(x), { upper: true }), [A]);
  });
  test('the cotangent is Hermitian; ½·log det A = Σ log Lᵢᵢ has gradient ½A⁻¹', () => {
    const f = (x: Var) => sum(real(T.isComplex ? T.log ? logDiag(cholesky(x)) : logDiag(cholesky(x)) : logDiag(cholesky(x))));
    const g = grad(f)(A).value;
    expect(isHermitian(g)).toBe(true);
    expectClose(g, T.scale(T.inv ? T.inv(A) : A, 0.5), 1e-12);
  });
});
