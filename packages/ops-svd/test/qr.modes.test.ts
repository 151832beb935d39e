/**
 * Issue #11 item 9: ops-svd's qr supports every mode linalg's does ('reduced', 'complete', 'r'),
 * with rules checked by finite differences. Complete mode for a tall input is differentiated for
 * losses invariant under rotations of the extra columns Q₂ (they are a basis of the complement).
 */
import { gradcheck, gradgradcheck, jvpcheck } from '@svd/gradcheck';
import * as L from '@svd/linalg';
import { qr } from '@svd/ops-svd';
import { type Var, abs, add, square, adjoint, backward, matmul, mul, real, slice, sum, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { maxAbsDiff } from './helpers.js';

const tall = T.randn([5, 3], { seed: 21 });
const wide = T.randn([3, 5], { seed: 22 });
const squareA = T.randn([4, 4], { seed: 23 });

describe('forward shapes and values equal linalg for every mode', () => {
  for (const [name, A] of [
    ['tall', tall],
    ['wide', wide],
    ['square', squareA],
  ] as const) {
    for (const mode of ['reduced', 'complete', 'r'] as const) {
      it(`${name}, ${mode}`, () => {
        const ref = L.qr(A, { mode });
        const got = qr(variable(A), { mode }) as Var[];
        expect(got).toHaveLength(ref.length);
        got.forEach((g, i) => {
          expect(g.shape).toEqual(ref[i]!.shape);
          expect(maxAbsDiff(g.value, ref[i]!)).toBe(0);
        });
        const plain = qr(A, { mode });
        expect(plain).toHaveLength(ref.length);
      });
    }
  }
});

describe("mode 'r'", () => {
  it('returns [R] only, and its gradient is that of the reduced R', () => {
    for (const A of [tall, wide, squareA]) {
      const G = T.randn(L.qr(A, { mode: 'r' })[0]!.shape, { seed: 24 });
      const f = (a: Var) => sum(mul(G, qr(a, { mode: 'r' })[0]));
      expect(gradcheck(f, [A]).ok).toBe(true);
      const x = variable(A);
      backward(f(x));
      const y = variable(A);
      backward(sum(mul(G, qr(y)[1])));
      expect(maxAbsDiff(x.grad!, y.grad!)).toBe(0);
    }
  });
});

describe("mode 'complete' for a tall input", () => {
  const H = T.randn([5, 5], { seed: 25 });
  const K = T.randn([5, 3], { seed: 26 });
  // Reads Q₂ only through its projector, Q₁ and R directly (they are unique).
  const invariant = (a: Var) => {
    const [Q, R] = qr(a, { mode: 'complete' });
    const Q1 = slice(Q, null, [0, 3]);
    const Q2 = slice(Q, null, [3, 5]);
    return add(add(sum(mul(H, matmul(Q2, adjoint(Q2)))), sum(mul(K, Q1))), sum(mul(K, R)));
  };
  it('gradcheck and gradgradcheck of a loss invariant under rotations of Q₂', () => {
    expect(gradcheck(invariant, [tall]).ok).toBe(true);
    expect(gradgradcheck(invariant, [tall]).ok).toBe(true);
  });
  it('the projector Q₂Q₂ᴴ = I − Q₁Q₁ᴴ gets the same gradient through either factor', () => {
    const x = variable(tall);
    const [Q] = qr(x, { mode: 'complete' });
    const Q2 = slice(Q, null, [3, 5]);
    backward(sum(mul(H, matmul(Q2, adjoint(Q2)))));
    const y = variable(tall);
    const [Q1] = qr(y);
    backward(mul(sum(mul(H, matmul(Q1, adjoint(Q1)))), -1));
    expect(maxAbsDiff(x.grad!, y.grad!)).toBeLessThan(1e-13);
  });
  it('jvp of the invariant loss matches finite differences and the pullback', () => {
    const r = jvpcheck(invariant, [tall]);
    expect(r.ok).toBe(true);
    expect(r.adjoint.ok).toBe(true);
  });
  it('complex128 input passes gradcheck too', () => {
    const Ac = T.complex(T.randn([4, 2], { seed: 27 }), T.randn([4, 2], { seed: 28 }));
    const Hc = T.randn([4, 4], { seed: 29 });
    const f = (a: Var) => {
      const [Q, R] = qr(a, { mode: 'complete' });
      const Q2 = slice(Q, null, [2, 4]);
      return add(sum(real(mul(Hc, matmul(Q2, adjoint(Q2))))), sum(square(abs(R))));
    };
    expect(gradcheck(f, [Ac]).ok).toBe(true);
  });
});
