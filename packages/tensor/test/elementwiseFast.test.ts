import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contiguousStrides } from '../src/shape.js';
import {
  BINARY,
  type BinaryName,
  type Operandish,
  UNARY,
  type UnaryName,
  binaryOp,
  unaryOp,
  whereOp,
} from '../src/elementwiseCore.js';
import { type DType, Tensor, adjoint, sub, tensor } from '../src/index.js';

/**
 * The fast elementwise paths (flat, scalar and nested-stride loops, tiled blocks) against the
 * generic per-element path of elementwiseCore, bit for bit: same dtype and shape, and Object.is
 * on every stored real (so the positions of NaN and −0 match too). Operands are random views:
 * permuted axes, positive and negative steps, zero strides (expanded axes), an offset into the
 * buffer, lazy conjugation, broadcasting, all four dtypes, and plain numbers.
 */

const DTYPE_ARB = fc.constantFrom<DType>('float64', 'float32', 'complex128', 'complex64');
const VALUE = fc.oneof(
  { arbitrary: fc.constantFrom(0, -0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY), weight: 4 },
  fc.constantFrom(1, -1, 2, 0.5, 0.1, 1e-310, 3.4e38, 1e300),
  fc.double(),
  fc.integer({ min: -4, max: 4 }),
);

interface Layout {
  dtype: DType;
  perm: number[];
  steps: number[];
  zeroStride: boolean[];
  prefix: number;
  conj: boolean;
  values: number[];
}

function layoutArb(rank: number): fc.Arbitrary<Layout> {
  const strided = fc.record({
    dtype: DTYPE_ARB,
    perm: fc.shuffledSubarray([...Array(rank).keys()], { minLength: rank, maxLength: rank }),
    steps: fc.array(fc.constantFrom(1, 1, 2, -1, -2), { minLength: rank, maxLength: rank }),
    zeroStride: fc.array(fc.constantFrom(false, false, false, false, true), { minLength: rank, maxLength: rank }),
    prefix: fc.integer({ min: 0, max: 3 }),
    conj: fc.boolean(),
    values: fc.array(VALUE, { minLength: 1, maxLength: 12 }),
  });
  // Plain contiguous operands (perhaps at an offset) often, so the flat and scalar loops run too.
  const contiguous = strided.map((l) => ({
    ...l,
    perm: [...Array(rank).keys()],
    steps: new Array<number>(rank).fill(1),
    zeroStride: new Array<boolean>(rank).fill(false),
    conj: false,
  }));
  return fc.oneof(strided, contiguous);
}

/**
 * A view of `shape` on a fresh buffer: parent axis j holds result axis perm[j] (so perm ≠ id
 * gives a transposed view), steps ±1/±2, some axes with stride 0, `prefix` elements before.
 */
function makeView(shape: readonly number[], l: Layout): Tensor {
  const r = shape.length;
  const parent = l.perm.map((i) => {
    const d = shape[i]!;
    return d === 0 ? 1 : (d - 1) * Math.abs(l.steps[i]!) + 1;
  });
  const ps = contiguousStrides(parent);
  const strides = new Array<number>(r).fill(0);
  let offset = l.prefix;
  l.perm.forEach((i, j) => {
    const d = shape[i]!;
    const s = l.steps[i]!;
    if (l.zeroStride[i] && d > 0) return;
    strides[i] = ps[j]! * s;
    if (s < 0 && d > 0) offset += (d - 1) * -s * ps[j]!;
  });
  const n = l.prefix + parent.reduce((p, d) => p * d, 1);
  const w = l.dtype === 'complex128' || l.dtype === 'complex64' ? 2 : 1;
  const buf = l.dtype === 'float32' || l.dtype === 'complex64' ? new Float32Array(n * w) : new Float64Array(n * w);
  for (let i = 0; i < buf.length; i++) buf[i] = l.values[(i * 7 + 3) % l.values.length]!;
  return new Tensor(buf, l.dtype, shape, strides, offset, l.conj);
}

/** Operand: a view, or (with `number`) a plain number. */
type OperandSpec = { layout: Layout; number: number | null };

function operandArb(rank: number, allowNumber: boolean): fc.Arbitrary<OperandSpec> {
  return fc.record({
    layout: layoutArb(rank),
    number: allowNumber
      ? fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: VALUE, weight: 1 })
      : fc.constant(null),
  });
}

function build(shape: readonly number[], o: OperandSpec): Operandish {
  return o.number !== null ? o.number : makeView(shape, o.layout);
}

/** `k` mutually broadcastable shapes: size-1 axes, dropped leading axes, small or tiling-sized dims. */
function shapesArb(k: number, big: boolean): fc.Arbitrary<number[][]> {
  const dim = big ? fc.constantFrom(1, 2, 63, 64, 65, 100) : fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(0));
  const base = big
    ? fc.tuple(fc.integer({ min: 1, max: 3 }), dim, dim).map(([b, r, c]) => (b === 1 ? [r, c] : [b, r, c]))
    : fc.array(dim, { minLength: 0, maxLength: 4 });
  return base.chain((b) =>
    fc
      .array(
        fc.tuple(
          fc.array(fc.constantFrom('keep', 'keep', 'one'), { minLength: b.length, maxLength: b.length }),
          fc.integer({ min: 0, max: b.length }),
          fc.boolean(),
        ),
        { minLength: k, maxLength: k },
      )
      .map((specs) =>
        specs.map(([mask, drop, doDrop]) => {
          const s = b.map((d, i) => (mask[i] === 'one' ? 1 : d));
          return doDrop ? s.slice(drop) : s;
        }),
      ),
  );
}

function outcome(f: () => Tensor): Tensor | { error: string } {
  try {
    return f();
  } catch (e) {
    return { error: (e as Error).constructor.name };
  }
}

const show = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

function expectSameBits(fast: Tensor | { error: string }, generic: Tensor | { error: string }): void {
  if (!(fast instanceof Tensor) || !(generic instanceof Tensor)) {
    expect(fast instanceof Tensor ? 'tensor' : fast.error).toBe(generic instanceof Tensor ? 'tensor' : generic.error);
    return;
  }
  expect(fast.dtype).toBe(generic.dtype);
  expect(fast.shape).toEqual(generic.shape);
  const x = fast.toTypedArray();
  const y = generic.toTypedArray();
  expect(x.length).toBe(y.length);
  for (let i = 0; i < x.length; i++) {
    if (!Object.is(x[i], y[i])) expect.fail(`real ${i}: fast path ${show(x[i]!)}, generic path ${show(y[i]!)}`);
  }
}

const BINARY_NAMES = Object.keys(BINARY) as BinaryName[];
const UNARY_NAMES = Object.keys(UNARY) as UnaryName[];

function binaryCase(
  big: boolean,
): fc.Arbitrary<{ op: BinaryName; shapes: number[][]; a: OperandSpec; b: OperandSpec }> {
  return shapesArb(2, big).chain((shapes) =>
    fc.record({
      op: fc.constantFrom(...BINARY_NAMES),
      shapes: fc.constant(shapes),
      a: operandArb(shapes[0]!.length, !big),
      b: operandArb(shapes[1]!.length, true),
    }),
  );
}

describe('fast elementwise paths match the generic path bit for bit', () => {
  for (const big of [false, true]) {
    const size = big ? 'tiling-sized' : 'small';
    it(`binary ops on ${size} views`, () => {
      fc.assert(
        fc.property(binaryCase(big), ({ op, shapes, a, b }) => {
          const x = build(shapes[0]!, a);
          const y = build(shapes[1]!, b);
          expectSameBits(
            outcome(() => binaryOp(op, x, y)),
            outcome(() => binaryOp(op, x, y, true)),
          );
        }),
        { numRuns: big ? 150 : 4000 },
      );
    });

    it(`unary ops on ${size} views`, () => {
      const arb = shapesArb(1, big).chain((shapes) =>
        fc.record({
          op: fc.constantFrom(...UNARY_NAMES),
          shape: fc.constant(shapes[0]!),
          t: layoutArb(shapes[0]!.length),
        }),
      );
      fc.assert(
        fc.property(arb, ({ op, shape, t }) => {
          const x = makeView(shape, t);
          expectSameBits(
            outcome(() => unaryOp(op, x)),
            outcome(() => unaryOp(op, x, true)),
          );
        }),
        { numRuns: big ? 100 : 1500 },
      );
    });

    it(`where on ${size} views`, () => {
      const arb = shapesArb(3, big).chain((shapes) =>
        fc.record({
          shapes: fc.constant(shapes),
          c: layoutArb(shapes[0]!.length).chain((l) =>
            fc
              .array(fc.constantFrom(0, -0, 1, Number.NaN, 2), { minLength: 1, maxLength: 7 })
              .map((values) => ({ ...l, values })),
          ),
          a: operandArb(shapes[1]!.length, true),
          b: operandArb(shapes[2]!.length, true),
        }),
      );
      fc.assert(
        fc.property(arb, ({ shapes, c, a, b }) => {
          const cond = makeView(shapes[0]!, c);
          const x = build(shapes[1]!, a);
          const y = build(shapes[2]!, b);
          expectSameBits(
            outcome(() => whereOp(cond, x, y)),
            outcome(() => whereOp(cond, x, y, true)),
          );
        }),
        { numRuns: big ? 100 : 1500 },
      );
    });
  }

  describe('every pair of special values, in every loop kind', () => {
    const SPECIAL = [
      0,
      -0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      1,
      -1,
      0.1,
      1e-310,
      3.4e38,
      5e-324,
    ];
    const m = SPECIAL.length;
    /** R×C grid with entry (r, c) = f(r, c): contiguous, and as a transposed view of a C×R buffer. */
    const grids = (R: number, C: number, dtype: DType, f: (r: number, c: number) => number): Tensor[] => {
      const flatBuf = dtype === 'float32' ? new Float32Array(R * C) : new Float64Array(R * C);
      const tBuf = dtype === 'float32' ? new Float32Array(R * C + 1) : new Float64Array(R * C + 1);
      for (let r = 0; r < R; r++) {
        for (let c = 0; c < C; c++) {
          flatBuf[r * C + c] = f(r, c);
          tBuf[1 + c * R + r] = f(r, c);
        }
      }
      return [new Tensor(flatBuf, dtype, [R, C]), new Tensor(tBuf, dtype, [R, C], [1, R], 1)];
    };
    const sizes: [number, number][] = [
      [m, m],
      [70, 66],
    ];
    const dtypes: [DType, DType][] = [
      ['float64', 'float64'],
      ['float32', 'float32'],
      ['float32', 'float64'],
    ];
    it('binary ops', () => {
      for (const [R, C] of sizes) {
        for (const [da, db] of dtypes) {
          const xs = grids(R, C, da, (r) => SPECIAL[r % m]!);
          const ys = grids(R, C, db, (r, c) => SPECIAL[(r + c) % m]!);
          for (const op of BINARY_NAMES) {
            for (const x of xs) {
              for (const y of ys) expectSameBits(binaryOp(op, x, y), binaryOp(op, x, y, true));
              for (const v of SPECIAL) {
                const sv = tensor([[v]], { dtype: db });
                expectSameBits(binaryOp(op, x, v), binaryOp(op, x, v, true));
                expectSameBits(binaryOp(op, v, x), binaryOp(op, v, x, true));
                expectSameBits(binaryOp(op, x, sv), binaryOp(op, x, sv, true));
                expectSameBits(binaryOp(op, sv, x), binaryOp(op, sv, x, true));
              }
            }
          }
        }
      }
    });
    it('unary ops and where', () => {
      for (const [R, C] of sizes) {
        for (const [da, db] of dtypes) {
          const xs = grids(R, C, da, (r, c) => SPECIAL[(r + c) % m]!);
          const ys = grids(R, C, db, (r, c) => SPECIAL[(r + 2 * c) % m]!);
          const cs = grids(R, C, 'float64', (r, c) => [0, -0, 1, Number.NaN, -2][(r * 3 + c) % 5]!);
          for (const x of xs) {
            for (const op of UNARY_NAMES) expectSameBits(unaryOp(op, x), unaryOp(op, x, true));
            for (const c of cs) {
              for (const y of [...ys, -0, Number.NaN]) {
                expectSameBits(whereOp(c, x, y), whereOp(c, x, y, true));
                expectSameBits(whereOp(c, y, x), whereOp(c, y, x, true));
              }
            }
          }
        }
      }
    });
  });

  it('float32 results round like the generic path (mixed precisions, scalars)', () => {
    const a32 = tensor([0.1, 1e-45, 3.4e38, -0], { dtype: 'float32' });
    const b64 = tensor([0.2, 1e-46, 3.4e38, 0]);
    for (const op of BINARY_NAMES) {
      for (const [x, y] of [
        [a32, a32],
        [a32, b64],
        [a32, 0.1],
        [0.1, a32],
      ] as [Operandish, Operandish][]) {
        expectSameBits(binaryOp(op, x, y), binaryOp(op, x, y, true));
      }
    }
  });

  it('sub(A, adjoint(B)) on a tiled transposed block', () => {
    const n = 70;
    const A = tensor(
      Float64Array.from({ length: n * n }, (_, i) => Math.sin(i)),
      { shape: [n, n] },
    );
    const B = tensor(
      Float64Array.from({ length: n * n }, (_, i) => Math.cos(i)),
      { shape: [n, n] },
    );
    const C = sub(A, adjoint(B));
    expectSameBits(C, binaryOp('sub', A, adjoint(B), true));
    expect(C.get(3, 5)).toBe(A.get(3, 5) - B.get(5, 3));
  });
});
