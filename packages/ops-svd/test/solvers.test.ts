/**
 * solve, inv, solveTriangular, det (also at singular matrices), slogdet, pinv (constant rank) and
 * norm ('nuc', 2, 'fro'), against finite differences and closed forms.
 */
import { gradcheck } from '@svd/gradcheck';
import { det, inv, matrixNorm, norm, pinv, slogdet, solve, solveTriangular, svd } from '@svd/ops-svd';
import { type Var, backward, grad, matmul, mul, sum, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { expectClose, expectFinite, maxAbsDiff } from './helpers.js';

/** A well-conditioned random n×n matrix. */
const wellConditioned = (n: number, seed: number) => T.add(T.randn([n, n], { seed }), T.scale(T.eye(n), 3));

describe('solve and inv', () => {
  const A = wellConditioned(4, 601);

  test('solve(A, B) with B a matrix: gradcheck in A and B', () => {
    const B = T.randn([4, 2], { seed: 602 });
    expect(maxAbsDiff(T.matmul(A, solve(A, B)), B)).toBeLessThan(1e-13);
    const r = gradcheck((a: Var, b: Var) => solve(a, b), [A, B]);
    expect(r.ok).toBe(true);
    expect(r.inputs).toHaveLength(2);
  });

  test('solve(A, b) with b a vector, and a plain-tensor right-hand side', () => {
    const b = T.randn([4], { seed: 603 });
    expect(solve(variable(A), b).shape).toEqual([4]);
    expect(gradcheck((a: Var, v: Var) => solve(a, v), [A, b]).ok).toBe(true);
  });

  test('batched solve [2, 3, 3] · [2, 3, 2]', () => {
    const Ab = T.add(T.randn([2, 3, 3], { seed: 604 }), T.scale(T.eye(3), 3));
    expect(gradcheck((a: Var, b: Var) => solve(a, b), [Ab, T.randn([2, 3, 2], { seed: 605 })]).ok).toBe(true);
  });

  test('inv: gradcheck, and Ā = −A⁻ᴴ·Ḡ·A⁻ᴴ', () => {
    expect(gradcheck((a: Var) => inv(a), [A]).ok).toBe(true);
    const G = T.randn([4, 4], { seed: 606 });
    const Ai = T.adjoint(inv(A));
    expectClose(grad((a: Var) => sum(mul(G, inv(a))))(A).value, T.neg(T.matmul(T.matmul(Ai, G), Ai)), 1e-12);
  });
});

describe('solveTriangular', () => {
  const base = wellConditioned(4, 611);
  const B = T.randn([4, 3], { seed: 612 });
  const G = T.randn([4, 3], { seed: 613 });
  const options = [
    { lower: true },
    { lower: false },
    { lower: true, unitDiagonal: true },
    { lower: false, unitDiagonal: true },
    { lower: true, transpose: true },
    { lower: false, transpose: true },
    { lower: false, unitDiagonal: true, transpose: true },
  ];
  for (const o of options) {
    test(`${JSON.stringify(o)}: forward equals linalg's, gradcheck in A and B, cotangent confined to the triangle read`, () => {
      const X = solveTriangular(variable(base), B, o);
      expect(maxAbsDiff(X.value, solveTriangular(base, B, o))).toBeLessThan(1e-14);
      // The forward reads only one triangle, so central differences of the raw function already
      // give zero outside it: gradcheck on the full A checks the confinement too.
      expect(gradcheck((a: Var, b: Var) => solveTriangular(a, b, o), [base, B]).ok).toBe(true);
      const a = variable(base);
      backward(sum(mul(G, solveTriangular(a, B, o))));
      const g = a.grad!;
      const unit = o.unitDiagonal ?? false;
      const outside = o.lower ? T.triu(g, unit ? 0 : 1) : T.tril(g, unit ? 0 : -1);
      expect(maxAbsDiff(outside, T.zeros([4, 4]))).toBe(0);
      expect(maxAbsDiff(o.lower ? T.tril(g, unit ? -1 : 0) : T.triu(g, unit ? 1 : 0), T.zeros([4, 4]))).toBeGreaterThan(
        1e-3,
      );
    });
  }

  test('vector right-hand side', () => {
    expect(
      gradcheck((a: Var, b: Var) => solveTriangular(a, b, { lower: true }), [base, T.randn([4], { seed: 614 })]).ok,
    ).toBe(true);
  });
});

/** adj(A) by cofactors (independent of the code under test); small n only. */
function adjugate(A: T.Tensor): T.Tensor {
  const n = A.shape[0]!;
  const a = T.contiguous(A).toTypedArray();
  const minorDet = (skipRow: number, skipCol: number): number => {
    const rows = [...Array(n).keys()].filter((r) => r !== skipRow);
    const cols = [...Array(n).keys()].filter((c) => c !== skipCol);
    const sub = T.tensor(Float64Array.from(rows.flatMap((r) => cols.map((c) => a[r * n + c]!))), {
      shape: [n - 1, n - 1],
    });
    return det(sub).item();
  };
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j * n + i] = (-1) ** (i + j) * minorDet(i, j); // adj = Cᵀ
  return T.tensor(out, { shape: [n, n] });
}

describe('det', () => {
  test('invertible: gradcheck, and Ā = det(A)·A⁻ᴴ', () => {
    const A = wellConditioned(4, 621);
    expect(gradcheck((a: Var) => det(a), [A]).ok).toBe(true);
    expectClose(grad((a: Var) => det(a))(A).value, T.scale(T.adjoint(inv(A)), det(A).item()), 1e-12);
  });

  test('batched [2, 3, 3]', () => {
    expect(gradcheck((a: Var) => det(a), [T.randn([2, 3, 3], { seed: 622 })]).ok).toBe(true);
  });

  // det(A) is exactly 0 in floating point for the last two (the SVD-adjugate path); the first two
  // are numerically singular (|det| ~ 1e-16, the det·A⁻ᴴ path). Both must give adj(A)ᵀ.
  const singular: [string, T.Tensor][] = [
    [
      'rank 2 of 3',
      T.tensor([
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ]),
    ],
    ['rank 3 of 4 (random)', T.matmul(T.randn([4, 3], { seed: 623 }), T.randn([3, 4], { seed: 624 }))],
    [
      'a zero row',
      T.tensor([
        [1, 2, 0],
        [0, 0, 0],
        [3, -1, 2],
      ]),
    ],
    [
      'rank 1 of 3 (adjugate 0)',
      T.tensor([
        [1, 2, 3],
        [2, 4, 6],
        [-1, -2, -3],
      ]),
    ],
  ];
  for (const [name, A] of singular) {
    test(`singular, ${name}: the gradient is adj(A)ᵀ and matches finite differences`, () => {
      const g = grad((a: Var) => det(a))(A).value;
      expectFinite(g);
      const adjT = T.adjoint(adjugate(A));
      expect(maxAbsDiff(g, adjT)).toBeLessThan(1e-10 * Math.max(1, T.max(T.abs(adjT)).item()));
      // det is a polynomial: central differences are exact up to rounding.
      expect(gradcheck((a: Var) => det(a), [A]).ok).toBe(true);
    });
  }

  test('singular inside a batch: a clear error (documented limitation)', () => {
    const Ab = T.stack([
      T.eye(3),
      T.tensor([
        [1, 2, 0],
        [0, 0, 0],
        [3, -1, 2],
      ]),
    ]);
    expect(() => grad((a: Var) => sum(det(a)))(Ab)).toThrow(/singular matrix is implemented for a single matrix/);
  });
});

describe('slogdet', () => {
  for (const [name, A] of [
    ['positive det', wellConditioned(4, 631)],
    ['negative det', T.mul(wellConditioned(4, 632), T.tensor([-1, 1, 1, 1]))],
  ] as const) {
    test(`${name}: sign ±1, log|det| gradient A⁻ᴴ, gradcheck of both outputs`, () => {
      const [s, l] = slogdet(A);
      expect(Math.abs(s.item())).toBe(1);
      expect(s.item() * Math.exp(l.item())).toBeCloseTo(det(A).item(), 8);
      expectClose(grad((a: Var) => slogdet(a)[1])(A).value, T.adjoint(inv(A)), 1e-12);
      expect(gradcheck((a: Var) => slogdet(a), [A]).ok).toBe(true);
    });
  }

  test('the sign gets no cotangent: a loss of the sign alone has zero gradient', () => {
    const g = grad((a: Var) => sum(slogdet(a)[0]))(wellConditioned(3, 633)).value;
    expect(maxAbsDiff(g, T.zeros([3, 3]))).toBe(0);
  });
});

describe('pinv', () => {
  for (const [m, n] of [
    [5, 3],
    [3, 5],
    [4, 4],
  ] as const) {
    test(`full rank ${m}×${n}: gradcheck`, () => {
      const A = T.randn([m, n], { seed: 640 + m * 10 + n });
      const P = pinv(A);
      expect(maxAbsDiff(T.matmul(T.matmul(A, P), A), A)).toBeLessThan(1e-12);
      expect(gradcheck((a: Var) => pinv(a), [A]).ok).toBe(true);
    });
  }

  for (const [m, n] of [
    [5, 4],
    [4, 5],
  ] as const) {
    test(`rank-deficient ${m}×${n} of rank 2: FD at constant rank through A = B·C`, () => {
      // Perturbing the factors keeps the rank at 2: the constant-rank (Golub–Pereyra) derivative
      // is the derivative of this function.
      const Bf = T.randn([m, 2], { seed: 650 + m });
      const Cf = T.randn([2, n], { seed: 660 + n });
      const r = gradcheck((b: Var, c: Var) => pinv(matmul(b, c)), [Bf, Cf]);
      expect(r.ok).toBe(true);
    });
  }
});

describe('norm', () => {
  const A = T.randn([4, 3], { seed: 671 });

  test("'nuc': gradcheck, gradient U·Vᴴ", () => {
    expect(gradcheck((a: Var) => norm(a, { ord: 'nuc' }), [A]).ok).toBe(true);
    const [U, , V] = svd(A);
    expectClose(grad((a: Var) => norm(a, { ord: 'nuc' }))(A).value, T.matmul(U, T.adjoint(V)), 1e-13);
  });

  test('2: gradcheck, gradient u₁v₁ᴴ', () => {
    expect(gradcheck((a: Var) => norm(a, { ord: 2 }), [A]).ok).toBe(true);
    const [U, , V] = svd(A);
    const u1 = T.slice(U, null, [0, 1]);
    const v1 = T.slice(V, null, [0, 1]);
    expectClose(grad((a: Var) => norm(a, { ord: 2 }))(A).value, T.matmul(u1, T.adjoint(v1)), 1e-13);
  });

  test("'fro': gradcheck, gradient A/‖A‖", () => {
    expect(gradcheck((a: Var) => norm(a, { ord: 'fro' }), [A]).ok).toBe(true);
    expectClose(
      grad((a: Var) => norm(a, { ord: 'fro' }))(A).value,
      T.scale(A, 1 / norm(A, { ord: 'fro' }).item()),
      1e-14,
    );
  });

  test('values agree with linalg, batched too; a bad ord is a ValueError', () => {
    const Ab = T.randn([2, 3, 4], { seed: 672 });
    for (const ord of ['nuc', 2, 'fro'] as const) {
      expect(maxAbsDiff(matrixNorm(variable(Ab), { ord }).value, matrixNorm(Ab, { ord }))).toBeLessThan(1e-13);
      expect(gradcheck((a: Var) => matrixNorm(a, { ord }), [Ab]).ok).toBe(true);
    }
    expect(() => norm(variable(A), { ord: 3 })).toThrow(T.ValueError);
  });
});
