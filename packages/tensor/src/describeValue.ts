import { TENSOR_LAYOUT, isTapeVar, isTensor, tensorBrandOf } from './brand.js';
import { fmtShape } from './errors.js';

/*
 * The one way every @svd package describes a value it received and cannot use, so that a
 * message says what the caller actually passed ("an Int32Array of length 4", "a tape Var of
 * dtype float64 and shape [3]") instead of `typeof`'s "object".
 */

const MAX_TEXT = 40;

function article(word: string): 'a' | 'an' {
  return /^([aeio]|u(?!int))/i.test(word) ? 'an' : 'a'; // a Uint8Array, an Int32Array
}

function showNumber(x: number): string {
  if (Object.is(x, -0)) return '-0';
  return String(x);
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

function describeObject(x: object): string {
  if (ArrayBuffer.isView(x)) {
    const name = x.constructor?.name ?? 'ArrayBufferView';
    const length = (x as { length?: unknown }).length;
    return typeof length === 'number' ? `${article(name)} ${name} of length ${length}` : `${article(name)} ${name}`;
  }
  if (x instanceof ArrayBuffer) return `an ArrayBuffer of ${x.byteLength} bytes`;
  const proto: unknown = Object.getPrototypeOf(x);
  if (proto === null || proto === Object.prototype) {
    const keys = Object.keys(x);
    if (keys.length === 0) return 'an empty object';
    const shown = keys.slice(0, 4).join(', ');
    return `an object with keys {${shown}${keys.length > 4 ? ', …' : ''}}`;
  }
  const name = (x as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name.length > 0 ? `${article(name)} ${name}` : 'an object';
}

/**
 * A short phrase naming what `x` is, for "expected …, got …" messages: a primitive as its value
 * (`3`, `'fro'`, `undefined`), an object by its kind and, where it helps, its length, dtype or
 * shape. Recognises Tensors and tape Vars from any copy of the packages.
 *
 * @example
 * describeValue(new Int32Array(4));        // 'an Int32Array of length 4'
 * describeValue(tensor([[1, 2]]));         // 'a Tensor of dtype float64 and shape [1, 2]'
 * describeValue(variable(tensor([1, 2]))); // 'a tape Var of dtype float64 and shape [2]'
 * describeValue('max');                    // "'max'"
 * describeValue(undefined);                // 'undefined'
 */
export function describeValue(x: unknown): string {
  switch (typeof x) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return showNumber(x);
    case 'string':
      return `'${clip(x)}'`;
    case 'boolean':
      return String(x);
    case 'bigint':
      return `${x}n`;
    case 'symbol':
      return clip(x.toString());
    case 'function':
      return x.name ? `a function (${clip(x.name)})` : 'a function';
  }
  if (x === null) return 'null';
  if (isTensor(x)) return `a Tensor of dtype ${x.dtype} and shape ${fmtShape(x.shape)}`;
  const brand = tensorBrandOf(x);
  if (brand !== undefined) {
    return `a Tensor of another, incompatible copy of @svd/tensor (layout ${String(brand)}; this copy reads layout ${TENSOR_LAYOUT})`;
  }
  if (isTapeVar(x)) {
    const v = x.value;
    return isTensor(v) ? `a tape Var of dtype ${v.dtype} and shape ${fmtShape(v.shape)}` : 'a tape Var';
  }
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  return describeObject(x as object);
}
