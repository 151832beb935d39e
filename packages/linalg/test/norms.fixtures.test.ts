/**
 * norms.json (tools/fixtures/generate_norms.py): vectorNorm against numpy.linalg.vector_norm,
 * matrixNorm against numpy.linalg.matrix_norm / norm with two axes, norm against
 * numpy.linalg.norm (values and the argument combinations NumPy rejects), and the 2-norm /
 * Frobenius norm at 1e±200.
 */
import { type DType, IndexError, ShapeError, Tensor, ValueError } from '@svd/tensor';
import * as T from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { LinAlgError, type MatrixNormOrd, matrixNorm, norm, vectorNorm } from '../src/index.js';
import { loadFixture, thrown } from './support/index.js';

interface Enc {
  dtype: 'float64' | 'complex128';
  shape: number[];
  data: number[];
}
type Ord = number | string | null;
interface Case {
  x?: Enc;
  A?: Enc;
  ord: Ord;
  axes?: number | number[] | null;
  keepdims?: boolean;
  want: Enc | number;
  error?: string;
  matrix?: boolean;
}
const fx = loadFixture<{ vector: Case[]; matrix: Case[]; dispatch: Case[]; scale: Case[] }>('norms.json');
const dec = (e: Enc): Tensor => new Tensor(Float64Array.from(e.data), e.dtype as DType, e.shape);
const ordOf = (o: Ord): number | 'fro' | 'nuc' | undefined =>
  o === null ? undefined : o === 'Infinity' ? Infinity : o === '-Infinity' ? -Infinity : (o as number | 'fro' | 'nuc');

/** Entry-wise |got − want| ≤ tol·max(|want|, tiny); shape and real dtype checked. */
function expectNear(got: Tensor, want: Enc, tol: number, dtype = 'float64'): void {
  expect(got.shape).toEqual(want.shape);
  expect(got.dtype).toBe(dtype);
  const g = got.toTypedArray();
  want.data.forEach((w, i) => {
    expect(Math.abs(g[i]! - w)).toBeLessThanOrEqual(tol * Math.max(Math.abs(w), 1e-300));
  });
}

/** The same values rounded to single precision (float32 / complex64). */
const dec32 = (e: Enc): Tensor =>
  new Tensor(Float32Array.from(e.data), e.dtype === 'complex128' ? 'complex64' : 'float32', e.shape);

describe('vectorNorm against numpy.linalg.vector_norm', () => {
  it(`${fx.vector.length} cases: every ord (2, 1, 0, ±∞, 3, 0.5, 1.5, −1, −2, −0.5), axes, keepdims, real and complex`, () => {
    for (const c of fx.vector) {
      const x = dec(c.x!);
      const got = vectorNorm(x, { ord: ordOf(c.ord) as number, axes: c.axes, keepdims: c.keepdims });
      expectNear(got, c.want as Enc, 1e-14);
    }
  });
  it('float32 and complex64 input: a float32 result within single-precision rounding', () => {
    for (const c of fx.vector.filter((_, i) => i % 7 === 0)) {
      const x32 = dec32(c.x!);
      const got = vectorNorm(x32, { ord: ordOf(c.ord) as number, axes: c.axes, keepdims: c.keepdims });
      expectNear(got, c.want as Enc, 1e-5, 'float32');
    }
  });
});

describe('matrixNorm against numpy.linalg.matrix_norm', () => {
  it(`${fx.matrix.length} cases: every ord, batched, axes [0, 2] / [2, 0], keepdims, real and complex`, () => {
    for (const c of fx.matrix) {
      const A = dec(c.A!);
      const axes = c.axes === null ? undefined : (c.axes as [number, number]);
      const got = matrixNorm(A, { ord: ordOf(c.ord) as MatrixNormOrd, axes, keepdims: c.keepdims });
      expectNear(got, c.want as Enc, 1e-13);
    }
  });
});

describe('norm: numpy.linalg.norm dispatch', () => {
  it(`${fx.dispatch.length} calls: values where NumPy returns, a typed error where it raises`, () => {
    let errors = 0;
    for (const c of fx.dispatch) {
      const x = dec(c.x!);
      const call = () => norm(x, { ord: ordOf(c.ord), axes: c.axes ?? undefined, keepdims: c.keepdims });
      if (c.error !== undefined) {
        const err = thrown(call);
        expect(err instanceof ValueError || err instanceof ShapeError, `${c.error}: ${err}`).toBe(true);
        expect(err.message.startsWith('norm: ')).toBe(true);
        expect(err.message).toMatch(/ord|axes|dimensions/);
        errors++;
      } else expectNear(call(), c.want as Enc, 1e-13);
    }
    expect(errors).toBe(20);
  });
});

describe('safe scaling at 1e±200', () => {
  it(`${fx.scale.length} cases: no overflow or underflow for p = 2, 1, 3, 0.5, −2, ∞ and 'fro'`, () => {
    for (const c of fx.scale) {
      const got = c.matrix
        ? matrixNorm(dec(c.A!), { ord: 'fro' }).item()
        : vectorNorm(dec(c.x!), { ord: ordOf(c.ord) as number }).item();
      const want = c.want as number;
      expect(Number.isFinite(got) && got > 0).toBe(true);
      expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-14 * want);
    }
  });
});

describe('edge cases and errors', () => {
  it('empty reductions: 0 for p ≥ 0, Infinity for p < 0 (NumPy), ValueError for ±∞; empty matrices 0', () => {
    const e = T.zeros([2, 0]);
    expect(vectorNorm(e, { axes: 1 }).toArray()).toEqual([0, 0]);
    expect(vectorNorm(e, { ord: 0, axes: 1 }).toArray()).toEqual([0, 0]);
    expect(vectorNorm(e, { ord: -1, axes: 1 }).toArray()).toEqual([Infinity, Infinity]);
    expect(thrown(() => vectorNorm(e, { ord: Infinity, axes: 1 }))).toBeInstanceOf(ValueError);
    expect(vectorNorm(e, { ord: Infinity, axes: 0 }).shape).toEqual([0]);
    for (const ord of ['fro', 'nuc', 1, -1, 2, -2, Infinity, -Infinity] as const) {
      expect(matrixNorm(T.zeros([3, 0, 4]), { ord }).toArray()).toEqual([0, 0, 0]);
    }
  });
  it('0-d input: |x| for every p; keepdims keeps every axis', () => {
    expect(vectorNorm(T.tensor(-2.5)).item()).toBe(2.5);
    expect(vectorNorm(T.tensor(-2.5), { ord: -3 }).item()).toBe(2.5);
    expect(norm(T.tensor([[3, 4]]), { keepdims: true }).shape).toEqual([1, 1]);
    expect(vectorNorm(T.zeros([2, 3, 4]), { axes: [0, 2], keepdims: true }).shape).toEqual([1, 3, 1]);
  });
  it('bad arguments: typed errors naming the operation and the argument', () => {
    const A = T.tensor([
      [1, 2],
      [3, 4],
    ]);
    const cases: Array<[() => unknown, unknown, string]> = [
      [
        () => vectorNorm(A, { ord: Number.NaN }),
        ValueError,
        'vectorNorm: option ord of a vector norm must be a real number',
      ],
      [() => vectorNorm(A, { ord: 'fro' as unknown as number }), ValueError, 'vectorNorm: option ord'],
      [() => vectorNorm(A, { axes: 2 }), IndexError, 'vectorNorm: option axes: axis 2 is out of range'],
      [() => vectorNorm(A, { axes: [0, -2] }), ValueError, 'vectorNorm: option axes must be distinct'],
      [() => vectorNorm(A, { keepdims: 1 as unknown as boolean }), ValueError, 'vectorNorm: option keepdims'],
      [() => vectorNorm(A, { p: 1 } as never), ValueError, "vectorNorm: unknown option 'p'"],
      [() => matrixNorm(A, { ord: 3 as 2 }), ValueError, 'matrixNorm: option ord of a matrix norm must be one of'],
      [
        () => matrixNorm(A, { axes: [0] as unknown as [number, number] }),
        ValueError,
        'matrixNorm: option axes must be two',
      ],
      [() => matrixNorm(T.tensor([1, 2])), ShapeError, 'matrixNorm: expected the input to have at least 2 dimensions'],
      [() => norm(A, 'nuc' as never), ValueError, 'norm(x, ord) became norm(x, { ord })'],
      [() => norm([1, 2] as never), ValueError, 'norm: the input must be a Tensor'],
      [() => matrixNorm(T.tensor([[1, Number.NaN]])), LinAlgError, 'matrixNorm: the input contains non-finite'],
      [() => vectorNorm(T.tensor([1, Infinity])), LinAlgError, 'vectorNorm: the input contains non-finite'],
    ];
    for (const [f, cls, msg] of cases) {
      const err = thrown(f);
      expect(err).toBeInstanceOf(cls as typeof Error);
      expect(err.message).toContain(msg);
    }
  });
  it('deterministic: the same bits on every call', () => {
    const x = T.randn([64, 33], { seed: 3 });
    for (const ord of [2, 3, -1.5, 0.5]) {
      const a = vectorNorm(x, { ord, axes: 1 }).toTypedArray();
      const b = vectorNorm(x, { ord, axes: 1 }).toTypedArray();
      expect(Array.from(a)).toEqual(Array.from(b));
    }
  });
});
