import type { Buffer } from './dtype.js';
import { describeValue } from './describeValue.js';
import { ShapeError, ValueError } from './errors.js';
import type { NestedArray } from './Tensor.js';

/*
 * Reading what `tensor()` accepts: nested arrays of numbers (complex entries as [re, im] pairs),
 * a single number, or a numeric typed array. Every refusal names where in `data` the problem
 * is (`data[1][0]`) and what was found there, so a typed array or a string is never called
 * "ragged".
 */

/** The typed arrays `tensor()` copies from (integers are converted to floating point exactly). */
export type NumericTypedArray =
  | Float64Array
  | Float32Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

const NUMERIC_TYPED_ARRAYS = new Set([
  'Float64Array',
  'Float32Array',
  'Float16Array',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
]);

/** The class name of a typed array or DataView (by its toStringTag, which holds across realms), else undefined. */
export function typedArrayKind(x: unknown): string | undefined {
  if (!ArrayBuffer.isView(x)) return undefined;
  const tag = (x as unknown as Record<symbol, unknown>)[Symbol.toStringTag];
  return typeof tag === 'string' ? tag : 'DataView';
}

/** `data` as a numeric typed array, or undefined if it is not a typed array; throws for BigInt arrays and DataViews. */
export function numericTypedArray(op: string, data: unknown): NumericTypedArray | undefined {
  const kind = typedArrayKind(data);
  if (kind === undefined) return undefined;
  if (!NUMERIC_TYPED_ARRAYS.has(kind)) {
    throw new ValueError(
      op,
      `data must be nested arrays of numbers, a number, or a numeric typed array (Float64Array, Float32Array, Int32Array, …), got ${describeValue(data)}`,
    );
  }
  return data as NumericTypedArray;
}

function path(at: readonly number[]): string {
  return `data${at.map((i) => `[${i}]`).join('')}`;
}

function plainArrayExpected(op: string, x: unknown, at: readonly number[]): ValueError {
  return new ValueError(
    op,
    `${path(at)} is ${describeValue(x)}; nested data must be plain arrays of numbers (a typed array is accepted only as the whole of data, with { shape })`,
  );
}

/** Infers the shape of nested arrays; complex entries are [re, im] pairs when `complex`. */
export function inferShape(op: string, data: NestedArray, complex: boolean): number[] {
  const shape: number[] = [];
  const at: number[] = [];
  let cur: unknown = data;
  while (Array.isArray(cur)) {
    if (complex && cur.length === 2 && typeof cur[0] === 'number' && typeof cur[1] === 'number') break;
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
    at.push(0);
  }
  if (typedArrayKind(cur) !== undefined) throw plainArrayExpected(op, cur, at);
  return shape;
}

/** Copies nested arrays of the inferred `shape` into `out`, refusing ragged data and non-numbers. */
export function fillFromNested(
  op: string,
  data: NestedArray,
  shape: readonly number[],
  out: Buffer,
  complex: boolean,
): void {
  let k = 0;
  const at: number[] = [];
  const leaf = (x: unknown): void => {
    if (typeof x === 'number') {
      out[k++] = x;
      if (complex) out[k++] = 0;
      return;
    }
    if (complex && Array.isArray(x) && x.length === 2 && typeof x[0] === 'number' && typeof x[1] === 'number') {
      out[k++] = x[0];
      out[k++] = x[1];
      return;
    }
    const expected = complex ? 'a number or an [re, im] pair' : 'a number';
    if (complex && Array.isArray(x) && x.length === 2) {
      const bad = typeof x[0] === 'number' ? 1 : 0;
      throw new ValueError(
        op,
        `${path([...at, bad])} is ${describeValue(x[bad])}, expected a number (the ${bad === 0 ? 'real' : 'imaginary'} part)`,
      );
    }
    if (Array.isArray(x)) {
      throw new ShapeError(
        op,
        `nested arrays are ragged: ${path(at)} is ${describeValue(x)}, expected ${expected} at depth ${at.length}`,
      );
    }
    if (typedArrayKind(x) !== undefined) throw plainArrayExpected(op, x, at);
    throw new ValueError(op, `${path(at)} is ${describeValue(x)}, expected ${expected}`);
  };
  const walk = (x: unknown, axis: number): void => {
    if (axis === shape.length) {
      leaf(x);
      return;
    }
    if (!Array.isArray(x)) {
      if (typedArrayKind(x) !== undefined) throw plainArrayExpected(op, x, at);
      throw new ShapeError(
        op,
        `nested arrays are ragged: ${path(at)} is ${describeValue(x)}, expected an array of length ${shape[axis]} at depth ${axis}`,
      );
    }
    if (x.length !== shape[axis]) {
      throw new ShapeError(
        op,
        `nested arrays are ragged: ${path(at)} has length ${x.length}, expected ${shape[axis]} at depth ${axis}`,
      );
    }
    for (let i = 0; i < x.length; i++) {
      at.push(i);
      walk(x[i], axis + 1);
      at.pop();
    }
  };
  walk(data, 0);
}
