import * as T from '@svd/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Var,
  abs,
  add,
  backward,
  cos,
  div,
  exp,
  log,
  maximum,
  minimum,
  mul,
  neg,
  pow,
  reciprocal,
  sin,
  sqrt,
  square,
  sub,
  tanh,
  variable,
  where,
} from '../src/index.js';
import { checkGradients, projected } from './helpers/finiteDifference.js';
import {
  BROADCAST_CASES,
  RUNS,
  type Shape,
  awayFromZero,
  broadcastPairArb,
  positive,
  randn,
  seedArb,
  shapeArb,
} from './helpers/data.js';

type Maker = (shape: readonly number[], seed: number) => T.Tensor;

interface BinaryCase {
  name: string;
  op: (a: Var, b: Var) => Var;
  a: Maker;
  b: Maker;
}

const anyReal: Maker = (s, seed) => randn(s, seed);

const binaryCases: BinaryCase[] = [
  { name: 'add', op: add, a: anyReal, b: anyReal },
  { name: 'sub', op: sub, a: anyReal, b: anyReal },
  { name: 'mul', op: mul, a: anyReal, b: anyReal },
  { name: 'div', op: div, a: anyReal, b: awayFromZero },
  { name: 'pow (tensor exponent)', op: pow, a: positive, b: anyReal },
];

/**
 * maximum / minimum away from ties: a on the integer grid, b on the grid shifted by 0.5, so every
 * broadcast pair differs by at least 0.5.
 */
const tieFree = (shapeA: Shape, shapeB: Shape, seed: number): [T.Tensor, T.Tensor] => {
  const grid = (t: T.Tensor) =>
    T.tensor(
      Array.from(t.toTypedArray()).map((v) => Math.round(3 * v)),
      { shape: t.shape },
    );
  return [grid(randn(shapeA, seed)), T.add(grid(randn(shapeB, seed + 1)), 0.5)];
};

function checkBinary(c: BinaryCase, shapeA: Shape, shapeB: Shape, seed: number): void {
  const xs = [c.a(shapeA, seed), c.b(shapeB, seed + 7)];
  checkGradients(projected(c.op, seed + 3), xs);
}

describe('binary elementwise ops: gradients against finite differences (with broadcasting)', () => {
  for (const c of binaryCases) {
    it(`${c.name} on hand-picked broadcasting pairs`, () => {
      BROADCAST_CASES.forEach(([sa, sb], k) => {
        checkBinary(c, sa, sb, 100 + k);
      });
    });
    it(`${c.name} on random broadcasting shapes`, () => {
      fc.assert(
        fc.property(broadcastPairArb(), seedArb, ([sa, sb], seed) => checkBinary(c, sa, sb, seed)),
        RUNS,
      );
    });
  }

  for (const [name, op] of [
    ['maximum', maximum],
    ['minimum', minimum],
  ] as const) {
    it(`${name} away from ties, on broadcasting shapes`, () => {
      const run = (sa: Shape, sb: Shape, seed: number) => {
        const xs = tieFree(sa, sb, seed);
        checkGradients(projected(op, seed), xs);
      };
      BROADCAST_CASES.forEach(([sa, sb], k) => {
        run(sa, sb, 200 + k);
      });
      fc.assert(
        fc.property(broadcastPairArb(), seedArb, ([sa, sb], seed) => run(sa, sb, seed)),
        RUNS,
      );
    });
  }

  it('maximum / minimum send the cotangent to the selected operand', () => {
    const a = variable(T.tensor([1, 5, 3]));
    const b = variable(T.tensor([4, 2, 3]));
    const g = (y: Var) => {
      a.grad = null;
      b.grad = null;
      backward(y, T.tensor([1, 1, 1]));
      return [Array.from(a.grad!.toTypedArray()), Array.from(b.grad!.toTypedArray())];
    };
    // Ties send the cotangent to `a` (documented).
    expect(g(maximum(a, b))).toEqual([
      [0, 1, 1],
      [1, 0, 0],
    ]);
    expect(g(minimum(a, b))).toEqual([
      [1, 0, 1],
      [0, 1, 0],
    ]);
  });

  it('pow with a number exponent (integer, fractional, negative)', () => {
    for (const p of [3, 2.5, -1.5, 0.5]) {
      fc.assert(
        fc.property(shapeArb(), seedArb, (s, seed) => {
          checkGradients(
            projected((x) => pow(x, p), seed),
            [positive(s, seed)],
          );
        }),
        { numRuns: 8 },
      );
    }
    // An integer exponent also works for negative bases.
    checkGradients(
      projected((x) => pow(x, 3)),
      [randn([2, 3], 5)],
    );
  });

  it('pow with a number base and a tracked exponent', () => {
    checkGradients(
      projected((y) => pow(2, y)),
      [randn([3, 2], 6)],
    );
  });

  it('mixes numbers and tensors as operands', () => {
    checkGradients(
      projected((x) => add(mul(2, x), sub(1, div(x, 3)))),
      [randn([2, 2], 9)],
    );
    checkGradients(
      projected((x) => div(1, x)),
      [awayFromZero([3], 9)],
    );
  });

  it('the same input used twice accumulates both contributions', () => {
    checkGradients(
      projected((x) => mul(x, x)),
      [randn([4], 10)],
    );
    checkGradients(
      projected((x, y) => mul(add(x, y), sub(x, y))),
      [randn([2, 1], 11), randn([3], 12)],
    );
  });
});

describe('unary elementwise ops: gradients against finite differences', () => {
  const unaryCases: [string, (x: Var) => Var, Maker][] = [
    ['neg', neg, anyReal],
    ['exp', exp, anyReal],
    ['log', log, positive],
    ['sqrt', sqrt, positive],
    ['square', square, anyReal],
    ['reciprocal', reciprocal, awayFromZero],
    ['sin', sin, anyReal],
    ['cos', cos, anyReal],
    ['tanh', tanh, anyReal],
    ['abs (away from 0)', abs, awayFromZero],
  ];
  for (const [name, op, make] of unaryCases) {
    it(name, () => {
      fc.assert(
        fc.property(shapeArb(), seedArb, (s, seed) => {
          checkGradients(projected(op, seed + 1), [make(s, seed)]);
        }),
        RUNS,
      );
    });
  }

  it('abs at 0 takes the zero subgradient', () => {
    const x = variable(T.tensor([0, -2, 3]));
    backward(abs(x), T.tensor([1, 1, 1]));
    expect(Array.from(x.grad!.toTypedArray())).toEqual([0, -1, 1]);
  });
});

describe('where', () => {
  it('routes the cotangent by the condition, with broadcasting of cond, a and b', () => {
    const cases: [Shape, Shape, Shape][] = [
      [
        [3, 4],
        [3, 4],
        [3, 4],
      ],
      [[3, 1], [1, 4], [4]],
      [[2, 3, 4], [4], []],
      [[], [2, 2], [2, 1]],
    ];
    cases.forEach(([sc, sa, sb], k) => {
      const cond = T.greater(randn(sc, 300 + k), 0);
      checkGradients(
        projected((a, b) => where(cond, a, b), k),
        [randn(sa, 310 + k), randn(sb, 320 + k)],
      );
    });
  });

  it('accepts numbers for either branch and a Var condition', () => {
    const cond = variable(T.tensor([1, 0, 1]), { requiresGrad: false });
    checkGradients(
      projected((a) => where(cond, a, 0)),
      [randn([3], 1)],
    );
    checkGradients(
      projected((b) => where(cond.value, 2, b)),
      [randn([3], 2)],
    );
  });

  it('random shapes', () => {
    fc.assert(
      fc.property(broadcastPairArb(), seedArb, ([sa, sb], seed) => {
        const cond = T.greater(randn(sa.length >= sb.length ? sa : sb, seed), 0);
        checkGradients(
          projected((a, b) => where(cond, a, b), seed),
          [randn(sa, seed + 1), randn(sb, seed + 2)],
        );
      }),
      RUNS,
    );
  });
});
