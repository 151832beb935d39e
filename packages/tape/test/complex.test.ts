import * as T from '@svd/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Var,
  abs,
  add,
  adjoint,
  backward,
  conj,
  cos,
  div,
  einsum,
  exp,
  grad,
  imag,
  log,
  matmul,
  mean,
  mul,
  norm,
  real,
  reciprocal,
  sign,
  sin,
  sqrt,
  square,
  sub,
  sum,
  tanh,
  variable,
} from '../src/index.js';
import { BROADCAST_CASES, RUNS, awayFromZero, broadcastPairArb, randn, seedArb, shapeArb } from './helpers/data.js';
import { type Loss, checkGradients, projected } from './helpers/finiteDifference.js';

/** The two real losses of the brief: a random projection Re Σ conj(W)·y, and Σ|y|². */
const losses: [string, (f: (...xs: Var[]) => Var, seed: number) => Loss][] = [
  ['Re Σ conj(W)·y', (f, seed) => projected(f, seed)],
  [
    'Σ |y|²',
    (f) =>
      (...xs) =>
        sum(square(abs(f(...xs)))),
  ],
];

const c128 = (s: readonly number[], seed: number) => randn(s, seed, 'complex128');
const c128Away = (s: readonly number[], seed: number) => awayFromZero(s, seed, 'complex128');
/** Complex values in the right half plane, away from the branch cut of log and sqrt. */
const rightHalf = (s: readonly number[], seed: number) => T.add(T.mul(randn(s, seed, 'complex128'), 0.5), 2);

describe('complex elementwise ops: gradients against finite differences', () => {
  const binary: [string, (a: Var, b: Var) => Var, typeof c128, typeof c128][] = [
    ['add', add, c128, c128],
    ['sub', sub, c128, c128],
    ['mul', mul, c128, c128],
    ['div', div, c128, c128Away],
  ];
  for (const [name, op, ma, mb] of binary) {
    for (const [lossName, loss] of losses) {
      it(`${name} with loss ${lossName} (broadcasting)`, () => {
        BROADCAST_CASES.forEach(([sa, sb], k) => {
          checkGradients(loss(op, k), [ma(sa, k), mb(sb, k + 50)]);
        });
        fc.assert(
          fc.property(broadcastPairArb(), seedArb, ([sa, sb], seed) =>
            checkGradients(loss(op, seed), [ma(sa, seed), mb(sb, seed + 1)]),
          ),
          RUNS,
        );
      });
    }
    it(`${name} of a real and a complex operand gives a real cotangent to the real one`, () => {
      checkGradients(projected(op, 3), [awayFromZero([2, 3], 1), mb([3], 2)]);
      checkGradients(projected(op, 4), [ma([2, 1], 3), awayFromZero([3], 4)]);
    });
  }

  const unary: [string, (x: Var) => Var, typeof c128][] = [
    ['exp', exp, c128],
    ['log', log, rightHalf],
    ['sqrt', sqrt, rightHalf],
    ['square', square, c128],
    ['reciprocal', reciprocal, c128Away],
    ['sin', sin, c128],
    ['cos', cos, c128],
    ['tanh', tanh, c128],
    ['sign (z/|z|)', sign, c128Away],
    ['abs (away from 0)', abs, c128Away],
    ['conj', conj, c128],
    ['real', real, c128],
    ['imag', imag, c128],
    ['sum', (x) => sum(x, { axes: -1 }), c128],
    ['mean', (x) => mean(x, { axes: 0, keepdims: true }), c128],
    ['norm (fro)', (x) => norm(x), c128Away],
    ['norm ord 2 along an axis', (x) => norm(x, { ord: 2, axes: -1 }), c128Away],
    ['norm ord 1 along an axis', (x) => norm(x, { ord: 1, axes: -1 }), c128Away],
    ['norm ord 3 along an axis', (x) => norm(x, { ord: 3, axes: -1 }), c128Away],
  ];
  for (const [name, op, make] of unary) {
    for (const [lossName, loss] of losses) {
      it(`${name} with loss ${lossName}`, () => {
        fc.assert(
          fc.property(
            shapeArb().filter((s) => s.length > 0),
            seedArb,
            (s, seed) => checkGradients(loss(op, seed), [make(s, seed)]),
          ),
          { numRuns: 12 },
        );
      });
    }
  }

  it('matmul, adjoint and einsum of complex matrices', () => {
    const A = c128([3, 2], 1);
    const B = c128([2, 4], 2);
    for (const [, loss] of losses) {
      checkGradients(loss(matmul, 3), [A, B]);
      checkGradients(
        loss((a, b) => matmul(adjoint(b), adjoint(a)), 4),
        [A, B],
      );
      checkGradients(
        loss((a) => matmul(adjoint(a), a), 5),
        [A],
      );
      checkGradients(
        loss((a, b) => einsum('ij,jk->ki', a, b), 6),
        [A, B],
      );
      checkGradients(
        loss((a, b) => matmul(a, b), 7),
        [c128([2, 3, 2], 8), c128([2], 9)],
      );
    }
    // A real matrix times a complex one.
    checkGradients(projected(matmul, 10), [randn([3, 2], 11), B]);
  });

  it('norm ord Infinity of complex entries (unique largest modulus)', () => {
    const z = T.tensor(
      [
        [0.3, 0.1],
        [-1.2, 0.5],
        [0.2, -0.4],
      ],
      { dtype: 'complex128' },
    );
    checkGradients((x) => norm(x, { ord: Number.POSITIVE_INFINITY }), [z]);
  });
});

describe('the conjugate-Wirtinger convention', () => {
  it('L = |z|² has cotangent 2z', () => {
    const z0 = randn([2, 3], 1, 'complex128');
    const z = variable(z0);
    backward(sum(square(abs(z))));
    expect(T.allclose(z.grad!, T.mul(z0, 2), { rtol: 1e-12, atol: 1e-14 })).toBe(true);
    // Also written as Re(conj(z)·z).
    const g = grad((x) => sum(real(mul(conj(x), x))))(z0);
    expect(T.allclose(g.value, T.mul(z0, 2), { rtol: 1e-12, atol: 1e-14 })).toBe(true);
  });

  it('L = Re(c·z) has cotangent conj(c)', () => {
    const c = randn([4], 2, 'complex128');
    const z0 = randn([4], 3, 'complex128');
    const g = grad((z) => sum(real(mul(c, z))))(z0);
    expect(T.allclose(g.value, T.conj(c).contiguous(), { rtol: 0, atol: 0 })).toBe(true);
  });

  it('L = Im z has cotangent i; L = Re z has cotangent 1', () => {
    const z0 = randn([3], 4, 'complex128');
    expect(grad((z) => sum(imag(z)))(z0).value.toArray()).toEqual([
      [0, 1],
      [0, 1],
      [0, 1],
    ]);
    expect(grad((z) => sum(real(z)))(z0).value.toArray()).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
    ]);
  });

  it('for a holomorphic f, the cotangent of Re(f(z)) is conj(f′(z)): exp', () => {
    const z0 = randn([3], 5, 'complex128');
    const g = grad((z) => sum(real(exp(z))))(z0);
    expect(T.allclose(g.value, T.conj(T.exp(z0)).contiguous(), { rtol: 1e-12 })).toBe(true);
  });

  it('a real variable that meets a complex value gets a real cotangent of its own dtype', () => {
    const x = variable(randn([3], 6));
    const c = randn([3], 7, 'complex128');
    backward(sum(real(mul(c, x))));
    expect(x.grad!.dtype).toBe('float64');
    expect(T.allclose(x.grad!, T.real(c).contiguous())).toBe(true);
  });

  it('complex64 inputs keep complex64 cotangents', () => {
    const z = variable(T.randn([3], { seed: 8, dtype: 'complex64' }));
    backward(sum(square(abs(z))));
    expect(z.grad!.dtype).toBe('complex64');
  });
});
