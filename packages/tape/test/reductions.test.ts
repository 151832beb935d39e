import * as T from '@svd/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ReduceOptions, backward, max, mean, min, norm, prod, sum, variable } from '../src/index.js';
import { RUNS, distinct, positive, randn, seedArb } from './helpers/data.js';
import { checkGradients, projected } from './helpers/finiteDifference.js';

/** Reduction options valid for a tensor of rank `nd` (axes undefined, single, negative, several; keepdims or not). */
function optionsFor(nd: number): fc.Arbitrary<ReduceOptions> {
  const axes: fc.Arbitrary<number | number[] | undefined> =
    nd === 0
      ? fc.constant(undefined)
      : fc.oneof(
          fc.constant(undefined),
          fc.integer({ min: -nd, max: nd - 1 }),
          fc.subarray([...Array(nd).keys()], { minLength: 1 }),
        );
  return fc
    .record({ axes, keepdims: fc.boolean() })
    .map(({ axes: a, keepdims }) => (a === undefined ? { keepdims } : { axes: a, keepdims }));
}

const shapeAndOptions = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 3 })
  .chain((s) => fc.tuple(fc.constant(s), optionsFor(s.length)));

const FIXED: [number[], ReduceOptions][] = [
  [[2, 3, 4], {}],
  [[2, 3, 4], { axes: 0 }],
  [[2, 3, 4], { axes: -1, keepdims: true }],
  [[2, 3, 4], { axes: [0, 2] }],
  [[2, 3, 4], { axes: [2, 0], keepdims: true }],
  [[3], { axes: 0 }],
  [[], {}],
];

describe('reductions: gradients against finite differences', () => {
  it('sum over various axes and keepdims', () => {
    FIXED.forEach(([s, o], k) => {
      checkGradients(
        projected((x) => sum(x, o), k),
        [randn(s, k)],
      );
    });
    fc.assert(
      fc.property(shapeAndOptions, seedArb, ([s, o], seed) =>
        checkGradients(
          projected((x) => sum(x, o), seed),
          [randn(s, seed)],
        ),
      ),
      RUNS,
    );
  });

  it('mean over various axes and keepdims', () => {
    FIXED.forEach(([s, o], k) => {
      checkGradients(
        projected((x) => mean(x, o), k),
        [randn(s, k)],
      );
    });
    fc.assert(
      fc.property(shapeAndOptions, seedArb, ([s, o], seed) =>
        checkGradients(
          projected((x) => mean(x, o), seed),
          [randn(s, seed)],
        ),
      ),
      RUNS,
    );
  });

  it('prod over various axes and keepdims (nonzero entries, mixed signs)', () => {
    const make = (s: number[], seed: number) => T.mul(positive(s, seed), T.sign(randn(s, seed + 1)));
    FIXED.forEach(([s, o], k) => {
      checkGradients(
        projected((x) => prod(x, o), k),
        [make(s, k)],
      );
    });
    fc.assert(
      fc.property(shapeAndOptions, seedArb, ([s, o], seed) =>
        checkGradients(
          projected((x) => prod(x, o), seed),
          [make(s, seed)],
        ),
      ),
      RUNS,
    );
  });

  it('prod with exact zeros: the product of the other entries', () => {
    const x0 = T.tensor([
      [2, 0, 3],
      [0, 0, 5],
      [1, 4, -2],
    ]);
    // prod is multilinear, so central differences are exact up to rounding even at zeros.
    checkGradients(
      projected((x) => prod(x, { axes: 1 }), 3),
      [x0],
    );
    checkGradients((x) => prod(x), [T.tensor([2, 0, 3])]);
    const x = variable(T.tensor([2, 0, 3]));
    backward(prod(x));
    expect(Array.from(x.grad!.toTypedArray())).toEqual([0, 6, 0]);
  });

  for (const [name, op] of [
    ['max', max],
    ['min', min],
  ] as const) {
    it(`${name} over various axes and keepdims (away from ties)`, () => {
      FIXED.forEach(([s, o], k) => {
        checkGradients(
          projected((x) => op(x, o), k),
          [distinct(s, k)],
        );
      });
      fc.assert(
        fc.property(shapeAndOptions, seedArb, ([s, o], seed) =>
          checkGradients(
            projected((x) => op(x, o), seed),
            [distinct(s, seed)],
          ),
        ),
        RUNS,
      );
    });
  }

  it('max / min share the cotangent equally between tied entries', () => {
    const x = variable(T.tensor([1, 3, 3, 2]));
    backward(max(x));
    expect(Array.from(x.grad!.toTypedArray())).toEqual([0, 0.5, 0.5, 0]);
    const y = variable(
      T.tensor([
        [1, 1],
        [2, 0],
      ]),
    );
    backward(min(y, { axes: 1 }), T.tensor([1, 1]));
    expect(Array.from(y.grad!.toTypedArray())).toEqual([0.5, 0.5, 0, 1]);
  });
});

describe('norm: gradients against finite differences', () => {
  it("'fro' over all axes, some axes, keepdims", () => {
    const cases: [number[], Parameters<typeof norm>[1]][] = [
      [[3], {}],
      [[2, 3], {}],
      [[2, 3, 2], { axes: [0, 2] }],
      [[2, 3, 2], { axes: 1, keepdims: true }],
      [[2, 3], { ord: 'fro', axes: [0, 1] }],
    ];
    cases.forEach(([s, o], k) => {
      checkGradients(
        projected((x) => norm(x, o), k),
        [randn(s, k)],
      );
    });
    fc.assert(
      fc.property(shapeAndOptions, seedArb, ([s, o], seed) =>
        checkGradients(
          projected((x) => norm(x, o), seed),
          [randn(s, seed)],
        ),
      ),
      RUNS,
    );
  });

  it('vector p-norms along one axis: 1, 2, Infinity, -Infinity, 3', () => {
    for (const ord of [1, 2, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 3, 1.5]) {
      checkGradients(
        projected((x) => norm(x, { ord })),
        [distinct([4], 1)],
      );
      checkGradients(
        projected((x) => norm(x, { ord, axes: -1 }), 2),
        [distinct([2, 3], 2)],
      );
      checkGradients(
        projected((x) => norm(x, { ord, axes: 0, keepdims: true }), 3),
        [distinct([3, 2], 3)],
      );
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), seedArb, (n, m, seed) => {
          checkGradients(
            projected((x) => norm(x, { ord, axes: 1 }), seed),
            [distinct([m, n], seed)],
          );
        }),
        { numRuns: 8 },
      );
    }
  });

  it('the gradient at a zero vector is zero, not NaN', () => {
    for (const ord of ['fro', 2, 3] as const) {
      const x = variable(T.zeros([3]));
      backward(norm(x, { ord }));
      expect(Array.from(x.grad!.toTypedArray())).toEqual([0, 0, 0]);
    }
  });
});
