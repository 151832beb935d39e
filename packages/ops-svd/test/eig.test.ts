/**
 * eig / eigvals rules: checkRule (pullback and jvp vs finite differences, and adjoint to each
 * other) through gauge-invariant views of V, gradcheck / gradgradcheck / jvpcheck of
 * gauge-invariant losses, real and complex input, the phase gauge check, degenerate and defective
 * spectra.
 */
import { absValues, checkRule, gradcheck, gradgradcheck, jvpcheck } from '@svd/gradcheck';
import { GaugeError, eig, eigh, eigvals, inv } from '@svd/ops-svd';
import { type Var, abs, add, grad, imag, matmul, mul, real, square, sum, unsqueeze, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { captureGaugeWarnings, expectClose, expectFinite } from './helpers.js';
import { asRule, expectAllChecksPass, specOf } from './helpers.js';

const C = 'complex128';
const realA = T.randn([4, 4], { seed: 1401 });
const complexA = T.complex(T.randn([4, 4], { seed: 1402 }), T.randn([4, 4], { seed: 1403 }));

/** V·diag(W²)·V⁻¹ (= A²): a gauge-invariant function of both outputs. */
const reassembled = (W: Var, V: Var) => [W, matmul(mul(V, unsqueeze(mul(W, W), -2)), inv(V))];

for (const [name, A] of [
  ['real', realA],
  ['complex', complexA],
] as const) {
  describe(`eig rule, ${name} input`, () => {
    const rule = asRule(specOf(eig(variable(A), { gauge: 'off' })[0]));

    test('checkRule with W and |V|', () => {
      expectAllChecksPass(checkRule(rule, [A], { outputTransform: absValues((...o: Var[]) => o, [1]) }));
    });

    test('checkRule with W and V·diag(W²)·V⁻¹', () => {
      expectAllChecksPass(checkRule(rule, [A], { outputTransform: reassembled }));
    });

    test('gradcheck: functions of W, of |V|², and of V·diag(f(W))·V⁻¹', () => {
      const M = T.randn([4, 4], { seed: 1410 });
      const losses = [
        (x: Var) => {
          const W = eigvals(x, { gauge: 'throw' });
          return sum(add(real(mul(W, T.tensor([1, -2, 0.5, 3]))), square(imag(W))));
        },
        (x: Var) => sum(mul(M, square(abs(eig(x, { gauge: 'throw' })[1])))),
        (x: Var) => {
          const [W, V] = eig(x, { gauge: 'throw' });
          return sum(mul(M, real(matmul(mul(V, unsqueeze(mul(W, W), -2)), inv(V)))));
        },
      ];
      for (const L of losses) {
        const r = gradcheck(L, [A]);
        expect(r.ok).toBe(true);
      }
    });

    test('gradgradcheck of a loss of W and |V|', () => {
      const L = (x: Var) => {
        const [W, V] = eig(x, { gauge: 'throw' });
        return add(sum(square(abs(W))), sum(mul(T.randn([4, 4], { seed: 1420 }), abs(V))));
      };
      expect(gradgradcheck(L, [A]).ok).toBe(true);
    });

    test('jvpcheck of W and |V|', () => {
      const f = (x: Var) => {
        const [W, V] = eig(x, { gauge: 'off' });
        return [W, abs(V)];
      };
      expect(jvpcheck(f, [A]).ok).toBe(true);
    });

    const dtypeNote = name === 'real' ? 'real: the real part, as PyTorch' : 'complex';
    test(`the gradient has the input's dtype (${dtypeNote})`, () => {
      const g = grad((x: Var) => sum(real(eigvals(x))))(A).value;
      expect(g.dtype).toBe(name === 'real' ? 'float64' : C);
      // d tr(A) = I
      expectClose(g, name === 'real' ? T.eye(4) : T.complex(T.eye(4), T.zeros([4, 4])), 1e-13);
    });
  });
}

describe('eig: gauge and degeneracy policy', () => {
  test('a loss on the phase of V is flagged: throw raises GaugeError, warn warns', () => {
    const L = (g: 'throw' | 'warn') => (x: Var) => sum(real(eig(x, { gauge: g })[1]));
    expect(() => grad(L('throw'))(complexA)).toThrow(GaugeError);
    const { warnings } = captureGaugeWarnings(() => grad(L('warn'))(complexA));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toMatch(/^eig: .*phases of the eigenvectors/);
    // |V|² is phase-free: no report.
    const { warnings: none } = captureGaugeWarnings(() => grad((x: Var) => sum(square(abs(eig(x)[1]))))(complexA));
    expect(none).toEqual([]);
  });

  test('repeated eigenvalue with a full eigenbasis: eigvals gradient is finite, d tr = I', () => {
    const P = T.randn([3, 3], { seed: 1430 });
    const A = T.matmul(T.mul(P, T.tensor([1, 1, 3])), inv(P));
    const { result: g, warnings } = captureGaugeWarnings(() => grad((x: Var) => sum(real(eigvals(x))))(A).value);
    expectFinite(g);
    expect(warnings).toEqual([]);
    expectClose(g, T.eye(3), 1e-10);
    // A loss on one vector of the degenerate eigenspace is flagged.
    const L = (x: Var) => sum(mul(T.randn([3, 3], { seed: 1431 }), abs(eig(x, { gauge: 'throw' })[1])));
    expect(() => grad(L)(A)).toThrow(GaugeError);
  });

  test('Jordan block (defective): the derivative raises or warns, never a silent NaN', () => {
    const J = T.tensor([
      [2, 1, 0],
      [0, 2, 1],
      [0, 0, 2],
    ]);
    const L = (g: 'throw' | 'warn') => (x: Var) => sum(real(eigvals(x, { gauge: g })));
    expect(() => grad(L('throw'))(J)).toThrow(/defective/);
    let g: T.Tensor | null = null;
    let thrown: unknown = null;
    const { warnings } = captureGaugeWarnings(() => {
      try {
        g = grad(L('warn'))(J).value;
      } catch (e) {
        thrown = e;
      }
    });
    expect(warnings.some((w) => /defective/.test(w))).toBe(true);
    // Either a finite (huge) value after the warning, or an error — never NaN.
    if (thrown === null) expectFinite(g!);
    else expect(thrown).toBeInstanceOf(Error);
  });

  test('symmetric input: the eig and eigh gradients of Σλ² agree (both 2A)', () => {
    const X = T.randn([4, 4], { seed: 1440 });
    const S = T.scale(T.add(X, T.adjoint(X)), 0.5);
    const gEig = grad((x: Var) => sum(real(square(eigvals(x)))))(S).value;
    const gEigh = grad((x: Var) => sum(square(eigh(x)[0])))(S).value;
    expectClose(gEig, T.scale(S, 2), 1e-10);
    expectClose(gEigh, gEig, 1e-10);
  });

  test('plain tensors pass straight through to @svd/linalg', () => {
    const [W, V] = eig(realA);
    expect(W.dtype).toBe(C);
    expect(V.shape).toEqual([4, 4]);
    expect(eigvals(realA).toTypedArray()).toEqual(W.toTypedArray());
  });
});
