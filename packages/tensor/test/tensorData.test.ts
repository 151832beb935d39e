/**
 * What `tensor()` accepts, and how it says what it got when it cannot: an Int32Array used to be
 * called "ragged", and tape's messages called a Float64Array "a object".
 */
import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, ValueError, describeValue, tensor } from '../src/index.js';

describe('tensor() from integer typed arrays', () => {
  it('converts them exactly to float64 (or the dtype asked for)', () => {
    const t = tensor(new Int32Array([1, -2, 2147483647, -2147483648]), { shape: [2, 2] });
    expect(t.dtype).toBe('float64');
    expect(t.toArray()).toEqual([
      [1, -2],
      [2147483647, -2147483648],
    ]);
    expect(tensor(new Uint32Array([4294967295])).toArray()).toEqual([4294967295]);
    expect(tensor(new Uint8Array([0, 255]), { dtype: 'float32' }).dtype).toBe('float32');
    expect(tensor(new Int16Array([3, 4]), { dtype: 'complex128' }).getComplex(0)).toEqual([3, 4]);
    expect(tensor(new Int32Array(4)).toArray()).toEqual([0, 0, 0, 0]);
  });

  it('copies, as for float arrays', () => {
    const src = new Int8Array([1, 2]);
    const t = tensor(src);
    src[0] = 9;
    expect(t.toArray()).toEqual([1, 2]);
  });

  it('refuses BigInt arrays and DataViews by name', () => {
    expect(() => tensor(new BigInt64Array(2) as never)).toThrow(ValueError);
    expect(() => tensor(new BigInt64Array(2) as never)).toThrow(
      'tensor: data must be nested arrays of numbers, a number, or a numeric typed array (Float64Array, Float32Array, Int32Array, …), got a BigInt64Array of length 2',
    );
    expect(() => tensor(new DataView(new ArrayBuffer(8)) as never)).toThrow('got a DataView');
  });
});

describe('tensor() says what it got', () => {
  it.each([
    [null, 'tensor: data must be nested arrays of numbers, a number, or a numeric typed array, got null'],
    ['abc', "tensor: data must be nested arrays of numbers, a number, or a numeric typed array, got 'abc'"],
    [{ a: 1 }, 'got an object with keys {a}'],
    [tensor([1]), 'got a Tensor of dtype float64 and shape [1]; a Tensor needs no conversion'],
  ])('%#: top-level data %s', (data, message) => {
    expect(() => tensor(data as never)).toThrow(ValueError);
    expect(() => tensor(data as never)).toThrow(message);
  });

  it('a typed array inside nested arrays is named as such, not "ragged"', () => {
    expect(() => tensor([new Float64Array(2), new Float64Array(2)] as never)).toThrow(ValueError);
    expect(() => tensor([new Float64Array(2), new Float64Array(2)] as never)).toThrow(
      'tensor: data[0] is a Float64Array of length 2; nested data must be plain arrays of numbers (a typed array is accepted only as the whole of data, with { shape })',
    );
    expect(() => tensor([[1, 2], new Int32Array(2)] as never)).toThrow('tensor: data[1] is an Int32Array of length 2');
  });

  it('a non-number entry is named with its place', () => {
    expect(() =>
      tensor([
        [1, 2],
        [3, '4'],
      ] as never),
    ).toThrow("tensor: data[1][1] is '4', expected a number");
    expect(() =>
      tensor([
        [1, 2],
        [3, null],
      ] as never),
    ).toThrow(ValueError);
    expect(() =>
      tensor(
        [
          [1, 0],
          [0, 'x'],
        ] as never,
        { dtype: 'complex128' },
      ),
    ).toThrow("tensor: data[1][1] is 'x', expected a number (the imaginary part)");
  });

  it('raggedness is still a ShapeError, with the place', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([1, [2]] as never)).toThrow(
      'tensor: nested arrays are ragged: data[1] is an array of length 1, expected a number at depth 1',
    );
    expect(() => tensor([[1], 2] as never)).toThrow(
      'tensor: nested arrays are ragged: data[1] is 2, expected an array of length 1 at depth 1',
    );
  });

  it('an unknown dtype is quoted', () => {
    expect(() => tensor([1], { dtype: 'int32' as never })).toThrow(DTypeError);
    expect(() => tensor([1], { dtype: 'int32' as never })).toThrow("got 'int32'");
  });
});

describe('describeValue', () => {
  it.each([
    [undefined, 'undefined'],
    [null, 'null'],
    [3, '3'],
    [-0, '-0'],
    [Number.NaN, 'NaN'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
    ['fro', "'fro'"],
    ['x'.repeat(50), `'${'x'.repeat(40)}…'`],
    [true, 'true'],
    [10n, '10n'],
    [Symbol('s'), 'Symbol(s)'],
    [[1, 2, 3], 'an array of length 3'],
    [new Float64Array(4), 'a Float64Array of length 4'],
    [new Int32Array(4), 'an Int32Array of length 4'],
    [new Uint8ClampedArray(1), 'a Uint8ClampedArray of length 1'],
    [new ArrayBuffer(8), 'an ArrayBuffer of 8 bytes'],
    [{}, 'an empty object'],
    [{ a: 1, b: 2, c: 3, d: 4, e: 5 }, 'an object with keys {a, b, c, d, …}'],
    [new Map(), 'a Map'],
    [function named() {}, 'a function (named)'],
    [tensor([[1, 0]], { dtype: 'complex64' }), 'a Tensor of dtype complex64 and shape [1]'],
    [{ [Symbol.for('@svd/tape.Var')]: 1, value: tensor([[1, 2]]) }, 'a tape Var of dtype float64 and shape [1, 2]'],
  ])('%#: %s', (x, text) => {
    expect(describeValue(x)).toBe(text);
  });
});
