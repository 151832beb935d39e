import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError, adjoint, tensordot, transpose } from '../src/index.js';
import { intTensor, maxDiff, naiveEinsum } from './helpers.js';

describe('tensordot', () => {
  it('matches a naive loop for random axis pairings, zero sizes included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 3 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer(),
        fc.boolean(),
        (shapeA, freeB, nContract, seed, useCount) => {
          const nc = Math.min(nContract, shapeA.length);
          // b = some of a's axes (in a shuffled order) interleaved with its own free axes
          const contractedA = shapeA.map((_, i) => i).slice(shapeA.length - nc);
          const order = useCount ? contractedA : [...contractedA].reverse();
          const bLabels: string[] = [];
          const bShape: number[] = [];
          order.forEach((ax) => {
            bLabels.push(`a${ax}`);
            bShape.push(shapeA[ax]!);
          });
          freeB.forEach((d, i) => {
            bLabels.splice(i % (bLabels.length + 1), 0, `b${i}`);
            bShape.splice(i % (bShape.length + 1), 0, d);
          });
          const aLabels = shapeA.map((_, i) => `a${i}`);
          const a = intTensor(shapeA, 'float64', seed);
          const b = intTensor(bShape, 'complex128', seed + 1);
          const axesB = order.map((ax) => bLabels.indexOf(`a${ax}`));
          const contiguousFirst = axesB.every((x, i) => x === i);
          const got = useCount && contiguousFirst ? tensordot(a, b, nc) : tensordot(a, b, [order, axesB]);
          const out = [
            ...aLabels.filter((l) => !order.includes(Number(l.slice(1)))),
            ...bLabels.filter((l) => l.startsWith('b')),
          ];
          const ref = naiveEinsum([aLabels, bLabels], [a, b], out);
          expect(maxDiff(got, ref)).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('covers the usual forms', () => {
    const A = intTensor([2, 3, 4], 'float64', 1);
    const B = intTensor([3, 4, 5], 'float64', 2);
    const r = tensordot(A, B); // default: 2 axes
    expect(r.shape).toEqual([2, 5]);
    expect(
      maxDiff(
        r,
        naiveEinsum(
          [
            ['i', 'j', 'k'],
            ['j', 'k', 'l'],
          ],
          [A, B],
          ['i', 'l'],
        ),
      ),
    ).toBe(0);
    const o = tensordot(intTensor([2], 'float64', 3), intTensor([3], 'float64', 4), 0);
    expect(o.shape).toEqual([2, 3]);
    const s = tensordot(A, B, [1, 0]);
    expect(s.shape).toEqual([2, 4, 4, 5]);
    const t = tensordot(A, transpose(B), [
      [2, 1],
      [1, 2],
    ]);
    expect(
      maxDiff(
        t,
        naiveEinsum(
          [
            ['i', 'j', 'k'],
            ['j', 'k', 'l'],
          ],
          [A, B],
          ['i', 'l'],
        ),
      ),
    ).toBe(0);
    const Z = intTensor([3, 4], 'complex128', 5);
    const h = tensordot(adjoint(Z), Z, 1);
    expect(
      maxDiff(
        h,
        naiveEinsum(
          [
            ['i', 'j'],
            ['j', 'k'],
          ],
          [adjoint(Z), Z],
          ['i', 'k'],
        ),
      ),
    ).toBe(0);
    const neg = tensordot(A, B, [[-1], [-2]]);
    expect(neg.shape).toEqual([2, 3, 3, 5]);
  });

  it('reports mismatched axes', () => {
    const A = intTensor([2, 3], 'float64', 1);
    const B = intTensor([4, 5], 'float64', 2);
    expect(() => tensordot(A, B, 1)).toThrow(ShapeError);
    expect(() => tensordot(A, B, 1)).toThrow(
      'tensordot: contracted axes differ in size: a axis 1 has 3 (shape [2, 3]) but b axis 0 has 4 (shape [4, 5])',
    );
    expect(() => tensordot(A, B, 3)).toThrow('cannot contract 3 axes');
    expect(() => tensordot(A, B, [[0, 1], [0]])).toThrow(ValueError);
    expect(() =>
      tensordot(A, A, [
        [0, 0],
        [0, 1],
      ]),
    ).toThrow("repeated axis in a's axes");
    expect(() => tensordot(A, B, [[2], [0]])).toThrow('axis 2 is out of range');
  });
});
