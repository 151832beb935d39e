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
import { type Var, adjoint, conj, diagonal, grad, log, matmul, mul, real, slice, sum } from '@svd/tape';
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
    expectGradcheck(
      projector((x: Var) => eighH(x), [1]),
      [A],
    );
    expectGradcheck(
      absValues((x: Var) => eighH(x), [1]),
      [A],
    );
    expectGradcheck(
      (x: Var) => {
        const B = slice(eighH(x)[1], null, [0, 2]);
        return [eigvalsh(hermitianPart(x)), matmul(B, adjoint(B))];
      },
      [A],
    );
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
  test('the cotangent is Hermitian; ½·log det A = Σ log Lᵢᵢ has gradient ½A⁻¹ (A⁻ᴴ = A⁻¹ here)', () => {
    const g = grad((x: Var) => sum(log(real(diagonal(cholesky(x))))))(A).value;
    expect(g.dtype).toBe(C);
    expect(isHermitian(g)).toBe(true);
    expectClose(g, T.scale(inv(A), 0.5), 1e-12);
  });
});

describe('qr (raw Q and R: diag(R) real positive fixes the phases smoothly)', () => {
  test.each([
    ['tall 5×3', [5, 3]],
    ['square 4×4', [4, 4]],
    ['wide 3×5', [3, 5]],
  ] as const)('%s: gradcheck of [Q, R]', (_name, shape) => {
    expectGradcheck((x: Var) => qr(x), [T.randn([...shape], { dtype: C, seed: 1021 })]);
  });
});

describe('solve and inv', () => {
  const A = T.add(T.randn([4, 4], { dtype: C, seed: 1031 }), T.scale(T.eye(4, 4, { dtype: C }), 2));
  test('solve(A, b) with a vector and a matrix right-hand side: gradcheck in A and B', () => {
    expectGradcheck((a: Var, b: Var) => solve(a, b), [A, T.randn([4], { dtype: C, seed: 1032 })]);
    expectGradcheck((a: Var, b: Var) => solve(a, b), [A, T.randn([4, 2], { dtype: C, seed: 1033 })]);
  });
  test('inv: gradcheck, and Ā = −A⁻ᴴ·X̄·A⁻ᴴ', () => {
    expectGradcheck((a: Var) => inv(a), [A]);
    const G = T.randn([4, 4], { dtype: C, seed: 1034 });
    const g = grad((a: Var) => sum(real(mul(conj(G), inv(a)))))(A).value;
    const Aih = T.adjoint(inv(A));
    expectClose(g, T.neg(T.matmul(T.matmul(Aih, G), Aih)), 1e-12);
  });
});

describe('det and slogdet (complex: the phase included)', () => {
  const A = T.randn([4, 4], { dtype: C, seed: 1041 });

  test('det: gradcheck of the complex value (both parts), and Ā = ḡ·conj(det A)·A⁻ᴴ', () => {
    expectGradcheck((a: Var) => det(a), [A]);
    // L = Re det A: its cotangent on det is 1, so Ā = conj(det A)·A⁻ᴴ = adj(A)ᴴ.
    const g = grad((a: Var) => real(det(a)))(A).value;
    expectClose(g, T.mul(T.adjoint(inv(A)), T.conj(det(A))), 1e-12);
  });

  test('regression (src/det.ts): det of diag(1+i, 1) — Re det has gradient diag(1, 1−i) = conj(det)·A⁻ᴴ, not det·A⁻ᴴ', () => {
    const B = T.tensor(Float64Array.of(1, 1, 0, 0, 0, 0, 1, 0), { dtype: C, shape: [2, 2] });
    const g = grad((a: Var) => real(det(a)))(B).value;
    expectClose(g, T.tensor(Float64Array.of(1, 0, 0, 0, 0, 0, 1, -1), { dtype: C, shape: [2, 2] }), 1e-15);
  });

  test('det at an exactly singular complex matrix (two equal rows): the adjugate path matches FD', () => {
    const rows = T.randn([3, 3], { dtype: C, seed: 1042 });
    const S = T.concat([T.slice(rows, [0, 2], null), T.slice(rows, [0, 1], null)], 0); // row 2 = row 0
    expect(T.abs(det(S)).item()).toBe(0);
    expectGradcheck((a: Var) => det(a), [S]);
    // Rank n − 2: the adjugate vanishes, so does the gradient.
    const Z = T.concat([T.slice(rows, [0, 1], null), T.slice(rows, [0, 1], null), T.slice(rows, [0, 1], null)], 0);
    expect(maxAbs(grad((a: Var) => real(det(a)))(Z).value)).toBeLessThan(1e-14);
  });

  test('slogdet: both outputs [sign, log|det|] by gradcheck (sign = e^{i·arg det} is complex and smooth)', () => {
    const [sign] = slogdet(A);
    expect(sign.dtype).toBe(C);
    expect(Math.abs(T.abs(sign).item() - 1)).toBeLessThan(1e-14);
    expectGradcheck((a: Var) => slogdet(a), [A]);
    expectGradcheck((a: Var) => slogdet(a)[0], [A]);
    expectGradcheck((a: Var) => slogdet(a)[1], [A]);
  });

  test('slogdet closed forms: log|det| → A⁻ᴴ; Im(conj(s₀)·sign) → i·A⁻ᴴ (d sign = i·Im tr(A⁻¹dA)·sign)', () => {
    const Aih = T.adjoint(inv(A));
    expectClose(grad((a: Var) => slogdet(a)[1])(A).value, Aih, 1e-12);
    // L = Re(conj(c)·sign) with c = i·sign₀: dL = Re(conj(c)·i·Im tr(A⁻¹dA)·sign₀) = Im tr(A⁻¹dA) = Re tr((i·A⁻ᴴ)ᴴ dA).
    const s0 = slogdet(A)[0];
    const c = T.mul(s0, T.tensor([0, 1], { dtype: C, shape: [] }));
    const g = grad((a: Var) => real(mul(conj(c), slogdet(a)[0])))(A).value;
    expectClose(g, T.mul(Aih, T.tensor([0, 1], { dtype: C, shape: [] })), 1e-12);
  });
});
