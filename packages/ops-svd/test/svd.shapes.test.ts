/**
 * ad-rules §4 case 7: the shape sweep — empty (k = 0), 1×n, n×1, m = n ± 1, batched stacks — and
 * the transpose identity grad f(A) = (grad g(Aᴴ))ᴴ with U and V swapped.
 */
import { gradcheck, projector, uvAdjoint } from '@svd/gradcheck';
import { svd, svdvals } from '@svd/ops-svd';
import { type Var, abs, add, adjoint, backward, grad, matmul, mul, sum, trace, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { expectClose, maxAbsDiff } from './helpers.js';

const svdOf = (a: Var) => svd(a, { gauge: 'throw' });

describe('empty inputs (k = 0)', () => {
  for (const shape of [
    [0, 3],
    [3, 0],
    [0, 0],
    [2, 0, 3],
  ]) {
    test(`[${shape.join(', ')}]: forward shapes, and the gradient is an empty tensor of the input's shape`, () => {
      const m = shape[shape.length - 2]!;
      const n = shape[shape.length - 1]!;
      const batch = shape.slice(0, -2);
      const A = variable(T.zeros(shape));
      const [U, S, V] = svd(A);
      expect(U.shape).toEqual([...batch, m, 0]);
      expect(S.shape).toEqual([...batch, 0]);
      expect(V.shape).toEqual([...batch, n, 0]);
      backward([U, S, V], [T.zeros(U.shape), T.zeros(S.shape), T.zeros(V.shape)]);
      const g = A.grad!;
      expect(g).not.toBeNull();
      expect(g.shape).toEqual(shape);
      const g2 = grad((a: Var) => sum(svdvals(a)))(T.zeros(shape)).value;
      expect(g2.shape).toEqual(shape);
      expect(g2.size).toBe(0);
    });
  }
});

describe('vectors and near-square shapes', () => {
  const shapes: [number, number][] = [
    [1, 4],
    [4, 1],
    [1, 1],
    [4, 3],
    [3, 4],
    [5, 4],
    [4, 5],
  ];
  for (const [m, n] of shapes) {
    test(`${m}×${n}: U·Vᴴ, S and the projectors pass gradcheck`, () => {
      const A = T.randn([m, n], { seed: 7 * m + n });
      expect(gradcheck(uvAdjoint(svdOf), [A]).ok).toBe(true);
      expect(gradcheck(projector(svdOf), [A]).ok).toBe(true);
    });
  }

  test('1×n: the single singular value is ‖a‖ and its gradient a/‖a‖', () => {
    const a = T.randn([1, 5], { seed: 3 });
    const g = grad((x: Var) => sum(svdvals(x)))(a).value;
    expectClose(g, T.scale(a, 1 / T.norm(a).item()), 1e-14);
  });
});

describe('batched input [2, 3, 4]', () => {
  const A = T.randn([2, 3, 4], { seed: 61 });

  test('gradcheck of U·Vᴴ, S and of the projectors', () => {
    expect(gradcheck(uvAdjoint(svdOf), [A]).ok).toBe(true);
    expect(gradcheck(projector(svdOf), [A]).ok).toBe(true);
  });

  test('each batch element’s gradient equals that of the matrix alone', () => {
    const W = T.randn([2, 3, 4], { seed: 62 });
    const loss = (a: Var) => {
      const [U, S, V] = svdOf(a);
      return add(sum(mul(W, matmul(U, adjoint(V)))), sum(mul(S, S)));
    };
    const g = grad(loss)(A).value;
    for (const b of [0, 1]) {
      const Ab = T.slice(A, b);
      const Wb = T.slice(W, b);
      const gb = grad((a: Var) => {
        const [U, S, V] = svdOf(a);
        return add(sum(mul(Wb, matmul(U, adjoint(V)))), sum(mul(S, S)));
      })(Ab).value;
      expect(maxAbsDiff(T.slice(g, b), gb)).toBeLessThan(1e-13);
    }
  });
});

describe('transpose identity: grad f(A) = (grad g(Aᴴ))ᴴ with U ↔ V swapped', () => {
  // A gauge-invariant loss of (U, S, V) that treats U and V differently, so a swap matters.
  const makeLoss = (m: number, n: number) => {
    const M = T.randn([m, m], { seed: 71 });
    const N = T.randn([n, n], { seed: 72 });
    const k = Math.min(m, n);
    const P = T.randn([m, k], { seed: 73 });
    const w = T.randn([k], { seed: 74 });
    return (U: Var, S: Var, V: Var) =>
      add(
        add(trace(matmul(M, matmul(U, adjoint(U)))), trace(matmul(N, matmul(V, adjoint(V))))),
        add(sum(mul(P, abs(U))), sum(mul(w, S))),
      );
  };

  for (const [m, n] of [
    [5, 3],
    [3, 5],
    [4, 4],
  ] as const) {
    test(`${m}×${n}`, () => {
      const L = makeLoss(m, n);
      const A = T.randn([m, n], { seed: 75 });
      const f = (a: Var) => {
        const [U, S, V] = svdOf(a);
        return L(U, S, V);
      };
      // Aᴴ = V S Uᴴ, so svd(Aᴴ) = (V, S, U) up to signs: g reads U from the second factor.
      const g = (b: Var) => {
        const [U2, S2, V2] = svdOf(b);
        return L(V2, S2, U2);
      };
      const At = T.contiguous(T.adjoint(A));
      const gf = grad(f)(A).value;
      const gg = grad(g)(At).value;
      expect(Math.abs(T.sum(T.mul(gf, gf)).item())).toBeGreaterThan(1e-3);
      expect(maxAbsDiff(gf, T.adjoint(gg))).toBeLessThan(1e-12);
      expect(gradcheck(f, [A]).ok).toBe(true);
    });
  }
});
