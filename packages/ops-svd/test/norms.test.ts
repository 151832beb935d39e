/**
 * The norm family in ops-svd (issue #11 item 10, #14): vectorNorm, matrixNorm and norm with the
 * signature of @svd/linalg's (whose values are checked against NumPy in linalg's
 * norms.fixtures.test.ts), and their derivatives against finite differences (gradcheck,
 * gradgradcheck, checkRule) and closed forms: 0 at x = 0 for the 2-norm, ties of ±∞ split evenly,
 * U·Vᴴ for the nuclear norm, finite gradients at 1e±200.
 */
import { assertGradcheck, assertGradgradcheck, checkRule, gradcheck, gradgradcheck } from '@svd/gradcheck';
import * as L from '@svd/linalg';
import { type MatrixNormOrd, cond, matrixNorm, norm, vectorNorm } from '@svd/ops-svd';
import { type Var, backward, grad, hvp, sum, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { asRule, expectAllChecksPass, expectClose, maxAbsDiff, specOf, thrown } from './helpers.js';

const cx = (shape: number[], seed: number) =>
  T.complex(T.randn(shape, { seed }), T.randn(shape, { seed: seed + 1000 }));
const VECTOR_ORDS = [2, 1, 3, 0.5, 1.5, -1, -2, -0.5, Infinity, -Infinity];
const MATRIX_ORDS: MatrixNormOrd[] = ['fro', 'nuc', 1, -1, 2, -2, Infinity, -Infinity];

describe('vectorNorm (Var): values and gradients', () => {
  it('values equal @svd/linalg for every ord, axes and keepdims, real and complex; 0 has gradient 0', () => {
    for (const x of [T.randn([2, 3, 4], { seed: 1 }), cx([2, 3, 4], 2)]) {
      for (const ord of [...VECTOR_ORDS, 0]) {
        for (const axes of [null, -1, [0, 2]] as const) {
          for (const keepdims of [false, true]) {
            const o = { ord, axes, keepdims };
            expect(maxAbsDiff(vectorNorm(variable(x), o).value, L.vectorNorm(x, o))).toBe(0);
          }
        }
      }
    }
    expect(Array.from(grad((x: Var) => vectorNorm(x, { ord: 0 }))(T.tensor([1, 0, 2])).value.toTypedArray())).toEqual([
      0, 0, 0,
    ]);
  });

  it('gradcheck for every ord (real and complex, over one axis, with keepdims)', () => {
    for (const ord of VECTOR_ORDS) {
      for (const x of [T.randn([3, 4], { seed: 10 }), cx([3, 4], 11)]) {
        assertGradcheck((a: Var) => vectorNorm(a, { ord, axes: -1 }), [x]);
        assertGradcheck((a: Var) => vectorNorm(a, { ord, axes: 0, keepdims: true }), [x]);
      }
    }
  });

  it('gradgradcheck: second order through the tape-op pullback (p = 2, 3, 1.5, 0.5, −1, complex 2 and 3)', () => {
    for (const ord of [2, 3, 1.5, 0.5, -1])
      assertGradgradcheck((a: Var) => vectorNorm(a, { ord }), [T.randn([5], { seed: 20 })]);
    for (const ord of [2, 3]) assertGradgradcheck((a: Var) => vectorNorm(a, { ord, axes: 1 }), [cx([2, 3], 21)]);
  });

  it('checkRule: pullback, jvp and linearity of the rule against finite differences', () => {
    for (const ord of [2, 3, -2]) {
      const x = T.randn([3, 4], { seed: 30 + ord });
      expectAllChecksPass(checkRule(asRule(specOf(vectorNorm(variable(x), { ord, axes: 1 }))), [x]));
    }
  });

  it('closed forms: x/‖x‖ for p = 2; 0 at x = 0 (torch); sgn·(|x|/‖x‖)^(p−1)', () => {
    expectClose(grad((x: Var) => vectorNorm(x))(T.tensor([3, 4])).value, T.tensor([0.6, 0.8]), 1e-15);
    for (const ord of [2, 3, 1.5, 0.5, -1, 1, Infinity]) {
      const g = grad((x: Var) => vectorNorm(x, { ord }))(T.zeros([3])).value;
      expect(Array.from(g.toTypedArray()), `ord ${ord}`).toEqual([0, 0, 0]);
    }
    // p = 0.5 with a zero entry: the zero entry gets 0 (torch), the others sgn·(|x|/‖x‖)^(−1/2).
    const x = T.tensor([4, 0, -1]);
    const n = L.vectorNorm(x, { ord: 0.5 }).item(); // (2 + 1)² = 9
    expect(n).toBeCloseTo(9, 14);
    const g = grad((v: Var) => vectorNorm(v, { ord: 0.5 }))(x).value.toTypedArray();
    expect(g[0]).toBeCloseTo((4 / 9) ** -0.5, 14);
    expect(g[1]).toBe(0);
    expect(g[2]).toBeCloseTo(-((1 / 9) ** -0.5), 14);
    // the Hessian at x = 0 is finite (the pullback never evaluates 0^(negative))
    for (const ord of [2, 3, 1.5, 0.5]) {
      const h = hvp((v: Var) => vectorNorm(v, { ord }), [T.zeros([3])], [T.ones([3])])[0]!;
      expect(T.allFinite(h.value), `ord ${ord}`).toBe(true);
    }
  });

  it('±∞ ties split the cotangent evenly between the tied entries, with their signs (torch)', () => {
    const g = grad((x: Var) => vectorNorm(x, { ord: Infinity }))(T.tensor([3, -3, 1, 3])).value;
    expect(Array.from(g.toTypedArray())).toEqual([1 / 3, -1 / 3, 0, 1 / 3]);
    const h = grad((x: Var) => vectorNorm(x, { ord: -Infinity }))(T.tensor([-1, 2, 1])).value;
    expect(Array.from(h.toTypedArray())).toEqual([-0.5, 0, 0.5]);
  });

  it('1e±200: finite values and gradients (no overflow or underflow)', () => {
    for (const c of [2 ** 664, 2 ** -664]) {
      const x = T.scale(T.tensor([3, 4]), c);
      for (const ord of [2, 3, 0.5, -2]) {
        const g = grad((v: Var) => vectorNorm(v, { ord }))(x).value;
        const want = grad((v: Var) => vectorNorm(v, { ord }))(T.tensor([3, 4])).value; // scale-invariant
        expectClose(g, want, 1e-14);
      }
      expect(vectorNorm(variable(x)).value.item() / c).toBeCloseTo(5, 14);
    }
  });

  it('float32 and complex64: float32 results and gradients', () => {
    const x = T.tensor(Float32Array.of(3, -4, 12), { dtype: 'float32' });
    const v = variable(x);
    const n = vectorNorm(v);
    backward(n);
    expect(n.value.dtype).toBe('float32');
    expect(n.value.item()).toBe(13);
    expect(v.grad!.dtype).toBe('float32');
    expectClose(v.grad!, T.tensor(Float32Array.of(3 / 13, -4 / 13, 12 / 13), { dtype: 'float32' }), 1e-7);
    const z = T.tensor(Float32Array.of(3, 4, 0, 0), { dtype: 'complex64', shape: [2] });
    expect(vectorNorm(variable(z)).value.dtype).toBe('float32');
  });
});

describe('matrixNorm (Var): values and gradients', () => {
  it('values equal @svd/linalg, batched, on axes [0, 2] and [2, 0], with keepdims, real and complex', () => {
    for (const A of [T.randn([3, 2, 4], { seed: 40 }), cx([3, 2, 4], 41)]) {
      for (const ord of MATRIX_ORDS) {
        for (const axes of [undefined, [0, 2], [2, 0]] as const) {
          const o = { ord, axes, keepdims: axes !== undefined };
          expect(maxAbsDiff(matrixNorm(variable(A), o).value, L.matrixNorm(A, o))).toBeLessThan(1e-14);
        }
      }
    }
  });

  it('gradcheck for every ord (real and complex, batched), gradgradcheck for fro, nuc, 2, −2, 1, ∞', () => {
    for (const ord of MATRIX_ORDS) {
      for (const A of [T.randn([2, 3, 4], { seed: 50 }), cx([3, 3], 51)]) {
        assertGradcheck((a: Var) => matrixNorm(a, { ord }), [A]);
      }
      assertGradcheck(
        (a: Var) => matrixNorm(a, { ord, axes: [2, 0], keepdims: true }),
        [T.randn([3, 2, 4], { seed: 52 })],
      );
    }
    for (const ord of ['fro', 'nuc', 2, -2, 1, Infinity] as const) {
      assertGradgradcheck((a: Var) => matrixNorm(a, { ord }), [T.randn([3, 4], { seed: 53 })]);
    }
  });

  it('closed forms: A/‖A‖_F (0 at A = 0), U·Vᴴ for nuc, u₁v₁ᴴ for 2, ties of ∞ split evenly', () => {
    const A = T.randn([4, 3], { seed: 60 });
    expectClose(grad((a: Var) => matrixNorm(a))(A).value, T.scale(A, 1 / L.matrixNorm(A).item()), 1e-14);
    expect(Array.from(grad((a: Var) => matrixNorm(a))(T.zeros([2, 2])).value.toTypedArray())).toEqual([0, 0, 0, 0]);
    const [U, , V] = L.svd(A);
    expectClose(grad((a: Var) => matrixNorm(a, { ord: 'nuc' }))(A).value, T.matmul(U, T.adjoint(V)), 1e-13);
    // rows [1, −2] and [3, 0] tie at 3: each gets half of the cotangent, times sgn(aᵢⱼ)
    const g = grad((a: Var) => matrixNorm(a, { ord: Infinity }))(
      T.tensor([
        [1, -2],
        [3, 0],
      ]),
    ).value;
    expect(Array.from(g.toTypedArray())).toEqual([0.5, -0.5, 0.5, 0]);
  });

  it('an empty matrix has norm 0 and gradient 0 for every ord', () => {
    for (const ord of MATRIX_ORDS) {
      const g = grad((a: Var) => sum(matrixNorm(a, { ord })))(T.zeros([2, 0, 3])).value;
      expect(g.shape).toEqual([2, 0, 3]);
      expect(matrixNorm(variable(T.zeros([0, 3])), { ord }).value.item()).toBe(0);
    }
  });
});

describe('norm (Var): numpy.linalg.norm dispatch with gradients', () => {
  it('#11 item 10: norm(Var) without ord is the Frobenius norm, as norm(Tensor)', () => {
    const A = T.randn([3, 4], { seed: 70 });
    const v = norm(variable(A));
    expect(v.value.item()).toBe(L.norm(A).item());
    expect(norm(A).item()).toBe(L.norm(A).item());
    expectClose(grad((a: Var) => norm(a))(A).value, T.scale(A, 1 / L.norm(A).item()), 1e-14);
  });

  it('dispatches as linalg: flattened 2-norm, vector norm of 1-D, matrix norm of 2-D, one or two axes', () => {
    const x = T.randn([2, 3, 4], { seed: 71 });
    const M = T.randn([3, 4], { seed: 72 });
    const calls: Array<[T.Tensor, L.NormOptions]> = [
      [x, {}],
      [x, { keepdims: true }],
      [T.randn([5], { seed: 73 }), { ord: 1 }],
      [M, { ord: 1 }],
      [M, { ord: 'nuc' }],
      [M, { ord: 3, axes: 1 }],
      [x, { ord: -Infinity, axes: [2, 0] }],
      [x, { ord: 2, axes: [1, 2], keepdims: true }],
    ];
    for (const [t, o] of calls) {
      expect(maxAbsDiff(norm(variable(t), o).value, L.norm(t, o))).toBeLessThan(1e-14);
      expect(gradcheck((a: Var) => norm(a, o), [t]).ok).toBe(true);
    }
    expect(gradgradcheck((a: Var) => norm(a, { ord: 'nuc' }), [M]).ok).toBe(true);
  });

  it("NumPy's rejected combinations are typed errors naming norm and the argument", () => {
    const M = variable(T.randn([3, 4], { seed: 74 }));
    const cases: Array<[() => unknown, string]> = [
      [() => norm(variable(T.randn([3], { seed: 1 })), { ord: 'fro' }), "norm: option ord 'fro' is a matrix norm"],
      [() => norm(M, { ord: 3 }), 'norm: option ord of a matrix norm must be one of'],
      [() => norm(variable(T.randn([2, 2, 2], { seed: 2 })), { ord: 1 }), 'norm: improper number of dimensions'],
      [() => norm(M, { axes: [1, 1] }), 'norm: option axes must be distinct'],
      [() => norm(M, 'nuc' as never), 'norm(x, ord) became norm(x, { ord })'],
      [() => vectorNorm(M, { ord: Number.NaN }), 'vectorNorm: option ord'],
      [() => matrixNorm(variable(T.tensor([1, 2])), {}), 'matrixNorm: expected the input to have at least 2'],
      [
        () => matrixNorm(variable(T.tensor([[1, Number.NaN]])), { ord: 'nuc' }),
        'matrixNorm: the input contains non-finite',
      ],
    ];
    for (const [f, msg] of cases) {
      const err = thrown(f) as T.SvdError;
      expect(err).toBeInstanceOf(T.SvdError);
      expect(err.message).toContain(msg);
    }
  });

  it('cond keeps working through the matrix norms (gradcheck for every ord)', () => {
    const A = T.randn([3, 3], { seed: 75 });
    for (const ord of MATRIX_ORDS) {
      expect(cond(variable(A), ord).value.item()).toBeCloseTo(L.cond(A, ord).item(), 10);
      expect(gradcheck((a: Var) => cond(a, ord), [A]).ok).toBe(true);
    }
  });
});
