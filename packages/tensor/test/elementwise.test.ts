import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DTypeError,
  ShapeError,
  type Tensor,
  abs,
  add,
  addScalar,
  adjoint,
  angle,
  arange,
  conj,
  conjPhysical,
  cos,
  diagonal,
  div,
  equal,
  exp,
  expand,
  greater,
  greaterEqual,
  less,
  lessEqual,
  log,
  maximum,
  minimum,
  mul,
  neg,
  notEqual,
  permute,
  pow,
  reciprocal,
  reshape,
  scale,
  sign,
  sin,
  slice,
  sqrt,
  square,
  sub,
  tanh,
  tensor,
  where,
} from '../src/index.js';
import { broadcastPair, filled, naiveBroadcast, vals } from './helpers.js';

const c = (pairs: [number, number][]): Tensor => tensor(pairs, { dtype: 'complex128' });

describe('broadcasting binary ops against a naive reference', () => {
  const ops: [string, (a: Tensor, b: Tensor) => Tensor, (x: number, y: number) => number][] = [
    ['add', add, (x, y) => x + y],
    ['sub', sub, (x, y) => x - y],
    ['mul', mul, (x, y) => x * y],
    ['div', div, (x, y) => x / y],
    ['maximum', maximum, Math.max],
    ['less', less, (x, y) => (x < y ? 1 : 0)],
  ];
  for (const [name, op, f] of ops) {
    it(`${name} on random broadcastable shapes (including zero-size axes)`, () => {
      fc.assert(
        fc.property(broadcastPair, fc.integer({ min: 0, max: 9 }), ([sa, sb], seed) => {
          const a = filled(sa, seed);
          const b = filled(sb, seed + 1);
          const ref = naiveBroadcast({ shape: sa, values: vals(a) }, { shape: sb, values: vals(b) }, f);
          const got = op(a, b);
          expect(got.shape).toEqual(ref.shape);
          expect(vals(got)).toEqual(ref.values);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('complex mul on random broadcastable shapes matches the naive complex product', () => {
    fc.assert(
      fc.property(broadcastPair, ([sa, sb]) => {
        const a = filled(sa, 2, 'complex128');
        const b = filled(sb, 5, 'complex128');
        const va = vals(a);
        const vb = vals(b);
        const idx = (s: readonly number[]) => ({ shape: s, values: [...Array(s.reduce((p, d) => p * d, 1)).keys()] });
        // Broadcast element indices, then multiply the complex entries they point at.
        const ia = naiveBroadcast(idx(sa), idx(sb), (x) => x).values;
        const ib = naiveBroadcast(idx(sa), idx(sb), (_x, y) => y).values;
        const expected = ia.flatMap((i, k) => {
          const j = ib[k]!;
          const [p, q, r, s] = [va[2 * i]!, va[2 * i + 1]!, vb[2 * j]!, vb[2 * j + 1]!];
          return [p * r - q * s, p * s + q * r];
        });
        expect(vals(mul(a, b))).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('reports a broadcasting mismatch with both shapes and the axis', () => {
    expect(() => add(tensor([[1, 2, 3]]), tensor([1, 2]))).toThrow(ShapeError);
    expect(() => add(reshape(arange(6), [2, 3]), arange(4))).toThrow(
      'add: shapes [2, 3] and [4] cannot be broadcast together (axis -1: 3 vs 4)',
    );
  });
});

describe('views give the same results as contiguous copies', () => {
  const base = reshape(arange(24), [2, 3, 4]);
  const zbase = reshape(
    tensor(
      new Float64Array(48).map((_, i) => (i % 7) - 3),
      { dtype: 'complex128' },
    ),
    [2, 3, 4],
  );
  const views: [string, (t: Tensor) => Tensor][] = [
    ['permute', (t) => permute(t, [2, 0, 1])],
    ['negative-step slice', (t) => slice(t, [null, null, -1], [0, 3, 2], [null, null, -1])],
    ['reshape of a permuted view', (t) => reshape(permute(t, [1, 0, 2]), [6, 4])],
    ['diagonal', (t) => diagonal(t, 1)],
    ['adjoint', (t) => adjoint(t)],
    ['expand', (t) => expand(slice(t, null, [0, 1]), [2, 3, 4])],
  ];
  for (const [name, view] of views) {
    it(`${name}: unary and binary ops`, () => {
      for (const t of [base, zbase]) {
        const v = view(t);
        const copy = v.contiguous();
        expect(copy.isContiguous).toBe(true);
        expect(vals(neg(v))).toEqual(vals(neg(copy)));
        expect(vals(square(v))).toEqual(vals(square(copy)));
        expect(vals(abs(v))).toEqual(vals(abs(copy)));
        expect(vals(add(v, v))).toEqual(vals(add(copy, copy)));
        expect(vals(mul(v, copy))).toEqual(vals(mul(copy, copy)));
        expect(vals(sub(v, 1))).toEqual(vals(sub(copy, 1)));
      }
    });
  }
});

describe('complex arithmetic (hand-computed)', () => {
  const a = c([
    [1, 2],
    [3, -4],
  ]);
  const b = c([
    [3, 4],
    [0, 1],
  ]);
  it('add, sub, mul, div', () => {
    expect(vals(add(a, b))).toEqual([4, 6, 3, -3]);
    expect(vals(sub(a, b))).toEqual([-2, -2, 3, -5]);
    // (1+2i)(3+4i) = -5+10i; (3-4i)(i) = 4+3i
    expect(vals(mul(a, b))).toEqual([-5, 10, 4, 3]);
    // (1+2i)/(3+4i) = (11+2i)/25; (3-4i)/i = -4-3i
    const q = vals(div(a, b));
    expect(q[0]).toBeCloseTo(0.44, 15);
    expect(q[1]).toBeCloseTo(0.08, 15);
    expect(q.slice(2)).toEqual([-4, -3]);
  });

  it('Smith division does not overflow at 1e300', () => {
    const q = vals(div(c([[1e300, 1e300]]), c([[1e300, 1e300]])));
    expect(q).toEqual([1, 0]);
    // 1/(3e-300 + 4e-300i) = (3e-300 − 4e-300i)/2.5e-599: |z|² underflows to 0 in the naive formula.
    const r = vals(reciprocal(c([[3e-300, 4e-300]])));
    expect(r[0]! / 1.2e299).toBeCloseTo(1, 14);
    expect(r[1]! / -1.6e299).toBeCloseTo(1, 14);
  });

  it('mixes real and complex operands, numbers take the other dtype', () => {
    const r = mul(tensor([2, 3]), c([[0, 1]]));
    expect(r.dtype).toBe('complex128');
    expect(vals(r)).toEqual([0, 2, 0, 3]);
    expect(vals(add(a, 1))).toEqual([2, 2, 4, -4]);
    expect(add(tensor([1], { dtype: 'float32' }), 1).dtype).toBe('float32');
    expect(add(tensor([1], { dtype: 'float32' }), tensor([1], { dtype: 'complex64' })).dtype).toBe('complex64');
    expect(add(tensor([1], { dtype: 'float32' }), tensor([1])).dtype).toBe('float64');
  });

  it('reads through lazy conjugation', () => {
    expect(vals(mul(a, conj(a)))).toEqual([5, 0, 25, 0]);
    expect(vals(conjPhysical(a))).toEqual([1, -2, 3, 4]);
    expect(conjPhysical(conj(a)).conjugated).toBe(false);
    expect(vals(conjPhysical(conj(a)))).toEqual([1, 2, 3, -4]);
  });

  it('unary complex functions', () => {
    expect(vals(abs(c([[3, 4]])))).toEqual([5]);
    expect(abs(c([[3, 4]])).dtype).toBe('float64');
    expect(vals(abs(c([[3e200, 4e200]])))[0]! / 5e200).toBeCloseTo(1, 15); // the naive √(x²+y²) is Infinity
    expect(vals(square(c([[1, 2]])))).toEqual([-3, 4]);
    expect(vals(sqrt(c([[-4, 0]])))).toEqual([0, 2]);
    expect(vals(sqrt(c([[-4, -0]])))).toEqual([0, -2]); // -0 imaginary: the lower side of the cut
    expect(vals(sqrt(c([[3, 4]])))).toEqual([2, 1]);
    expect(vals(sqrt(c([[1e308, 1e308]])))[0]).toBeCloseTo(1.09868411346781e154, -140);
    const e = vals(exp(c([[0, Math.PI]])));
    expect(e[0]).toBe(-1);
    expect(e[1]).toBeCloseTo(0, 15);
    const l = vals(log(c([[-1, 0]])));
    expect(l).toEqual([0, Math.PI]);
    // log|1 + 1e-10 i| = ½·log1p(1e-20) = 5e-21; the naive log(hypot) rounds |z| to 1 and gives 0.
    expect(vals(log(c([[1, 1e-10]])))[0]! / 5e-21).toBeCloseTo(1, 14);
    expect(vals(reciprocal(c([[0, 2]])))).toEqual([0, -0.5]);
    expect(vals(neg(c([[1, -2]])))).toEqual([-1, 2]);
    expect(
      vals(
        angle(
          c([
            [0, 1],
            [-1, 0],
          ]),
        ),
      ),
    ).toEqual([Math.PI / 2, Math.PI]);
    expect(vals(angle(tensor([2, -2])))).toEqual([0, Math.PI]);
  });

  it('pow of a complex base by integers; other complex pows throw', () => {
    expect(vals(pow(c([[1, 1]]), 2))).toEqual([0, 2]);
    expect(vals(pow(c([[0, 1]]), tensor([4, -1])))).toEqual([1, 0, 0, -1]);
    expect(() => pow(c([[0, 1]]), 0.5)).toThrow('pow: a complex base needs integer exponents, got exponent 0.5');
    expect(() => pow(tensor([2]), c([[0, 1]]))).toThrow(DTypeError);
  });

  it('ordering ops reject complex; equal/notEqual compare both parts', () => {
    for (const op of [maximum, minimum, less, lessEqual, greater, greaterEqual]) {
      expect(() => op(a, b)).toThrow(DTypeError);
    }
    expect(() => maximum(a, b)).toThrow(
      'maximum: complex operands are not supported (got complex128 and complex128); compare real or imag parts',
    );
    const e = equal(
      a,
      c([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(e.dtype).toBe('float64');
    expect(vals(e)).toEqual([1, 0]);
    expect(
      vals(
        notEqual(
          a,
          c([
            [1, 2],
            [3, 4],
          ]),
        ),
      ),
    ).toEqual([0, 1]);
  });
});

describe('real elementwise', () => {
  it('unary functions', () => {
    const x = tensor([-2, -0.5, 0, 1, 4]);
    expect(vals(abs(x))).toEqual([2, 0.5, 0, 1, 4]);
    expect(vals(sign(x))).toEqual([-1, -1, 0, 1, 1]);
    expect(vals(square(x))).toEqual([4, 0.25, 0, 1, 16]);
    expect(vals(reciprocal(x))).toEqual([-0.5, -2, Infinity, 1, 0.25]);
    expect(vals(sqrt(tensor([4, -1]))).map(String)).toEqual(['2', 'NaN']);
    // fdlibm's e^1 (portableExp.ts): 1 ulp above the correctly rounded e, and the same bits in every engine.
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: deliberately not Math.E (one ulp above it)
    expect(vals(exp(tensor([0, 1])))).toEqual([1, 2.7182818284590455]);
    expect(vals(log(tensor([1, 0])))).toEqual([0, -Infinity]);
    expect(vals(tanh(tensor([0, 100])))).toEqual([0, 1]);
    expect(vals(cos(tensor([0])))).toEqual([1]);
  });

  it('maximum/minimum propagate NaN', () => {
    expect(vals(maximum(tensor([1, Number.NaN, 3]), 2)).map(String)).toEqual(['2', 'NaN', '3']);
    expect(vals(minimum(tensor([1, 5]), tensor([Number.NaN, 2]))).map(String)).toEqual(['NaN', '2']);
  });

  it('comparisons return 0/1 in the real promoted dtype', () => {
    const r = greaterEqual(tensor([1, 2, 3], { dtype: 'float32' }), 2);
    expect(r.dtype).toBe('float32');
    expect(vals(r)).toEqual([0, 1, 1]);
    expect(vals(lessEqual(tensor([1, 2, 3]), 2))).toEqual([1, 1, 0]);
    expect(vals(greater(2, tensor([1, 2, 3])))).toEqual([1, 0, 0]);
    expect(vals(notEqual(tensor([Number.NaN]), tensor([Number.NaN])))).toEqual([1]);
  });

  it('where broadcasts cond, a and b', () => {
    const r = where(tensor([[1], [0]]), tensor([1, 2, 3]), -1);
    expect(r.shape).toEqual([2, 3]);
    expect(vals(r)).toEqual([1, 2, 3, -1, -1, -1]);
    const z = where(tensor([1, 0]), c([[1, 1]]), tensor([5, 6]));
    expect(vals(z)).toEqual([1, 1, 6, 0]);
  });

  it('scale and addScalar (real and complex scalars)', () => {
    expect(vals(scale(tensor([1, 2]), 3))).toEqual([3, 6]);
    const s = scale(tensor([1, 2], { dtype: 'float32' }), [0, 1]);
    expect(s.dtype).toBe('complex64');
    expect(vals(s)).toEqual([0, 1, 0, 2]);
    expect(vals(addScalar(tensor([1, 2]), 0.5))).toEqual([1.5, 2.5]);
    expect(vals(addScalar(tensor([1]), [1, -1]))).toEqual([2, -1]);
  });

  it('never mutates inputs', () => {
    const x = tensor([1, 2, 3]);
    const before = vals(x);
    add(x, x);
    neg(x);
    sqrt(x);
    scale(x, 2);
    expect(vals(x)).toEqual(before);
  });
});

describe('complex sin, cos, tanh and sign against NumPy', () => {
  // numpy 2.4: z = [0.3+0.7j, -1.2+0.4j, 2.5-1.5j, 25+0.3j]; np.sin(z), np.cos(z), np.tanh(z), np.sign(z)
  const z = tensor(
    [
      [0.3, 0.7],
      [-1.2, 0.4],
      [2.5, -1.5],
      [25, 0.3],
    ],
    { dtype: 'complex128' },
  );
  const expected: Record<string, number[][]> = {
    sin: [
      [0.37092780393896435, 0.7247026904232853],
      [-1.0076017053127349, 0.14883929042397928],
      [1.4078516262453897, 1.7058586411644667],
      [-0.13835238178956033, 0.3018413711342979],
    ],
    cos: [
      [1.199108751098743, -0.22417681233754289],
      [0.3917349570861541, 0.3828372223001685],
      [-1.8846179444033462, 1.2743144408870997],
      [1.036142474553712, 0.040303793778016725],
    ],
    tanh: [
      [0.46970516596755807, 0.7270371862435201],
      [-0.8740856660425111, 0.11470991281060407],
      [1.0134287782038933, -0.0019273435237456358],
      [1.0, 2.1781081694292893e-22],
    ],
    sign: [
      [0.3939192985791677, 0.9191450300180579],
      [-0.9486832980505138, 0.31622776601683794],
      [0.8574929257125441, -0.5144957554275265],
      [0.999928007775067, 0.011999136093300803],
    ],
  };
  const fns = { sin, cos, tanh, sign } as const;
  for (const [name, f] of Object.entries(fns)) {
    it(name, () => {
      const got = f(z).toArray() as number[][];
      got.forEach(([re, im], i) => {
        const [er, ei] = expected[name]![i]!;
        expect(Math.abs(re! - er!)).toBeLessThanOrEqual(4e-16 * Math.max(1, Math.abs(er!)));
        expect(Math.abs(im! - ei!)).toBeLessThanOrEqual(4e-16 * Math.max(1, Math.abs(ei!)) + 1e-30);
      });
    });
  }
});
