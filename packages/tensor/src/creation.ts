import { type Buffer, type DType, allocate, isComplex, isDType, itemWidth } from './dtype.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from './errors.js';
import { type NestedArray, Tensor } from './Tensor.js';
import { sizeOf, validateShape } from './shape.js';

export interface CreationOptions {
  dtype?: DType;
}

export interface TensorOptions extends CreationOptions {
  /** Required when `data` is a flat typed array or flat number array of rank > 1. */
  shape?: readonly number[];
}

function checkDType(op: string, dtype: unknown): DType {
  if (!isDType(dtype)) {
    throw new DTypeError(op, `dtype must be one of float64, float32, complex128, complex64, got ${String(dtype)}`);
  }
  return dtype;
}

/** Infers the shape of nested arrays; complex entries are [re, im] pairs when `complex`. */
function inferShape(op: string, data: NestedArray, complex: boolean): number[] {
  const shape: number[] = [];
  let cur: NestedArray = data;
  while (Array.isArray(cur)) {
    if (complex && cur.length === 2 && typeof cur[0] === 'number' && typeof cur[1] === 'number') break;
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0] as NestedArray;
  }
  if (!complex && Array.isArray(cur) && cur.length > 0) {
    throw new ShapeError(op, 'nested arrays are ragged');
  }
  return shape;
}

function fillFromNested(op: string, data: NestedArray, shape: readonly number[], out: Buffer, complex: boolean): void {
  let k = 0;
  const walk = (x: NestedArray, axis: number): void => {
    if (axis === shape.length) {
      if (complex) {
        if (typeof x === 'number') {
          out[k++] = x;
          out[k++] = 0;
        } else if (Array.isArray(x) && x.length === 2 && typeof x[0] === 'number' && typeof x[1] === 'number') {
          out[k++] = x[0];
          out[k++] = x[1];
        } else {
          throw new ShapeError(op, 'complex entries must be numbers or [re, im] pairs');
        }
        return;
      }
      if (typeof x !== 'number') throw new ShapeError(op, `nested arrays are ragged: expected a number at depth ${axis}`);
      out[k++] = x;
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[axis]) {
      throw new ShapeError(
        op,
        `nested arrays are ragged: expected length ${shape[axis]} at depth ${axis}, got ${Array.isArray(x) ? x.length : typeof x}`,
      );
    }
    for (const y of x) walk(y, axis + 1);
  };
  walk(data, 0);
}

/**
 * Creates a tensor from nested arrays, a flat number array, or a typed array (copied).
 * Complex data is given as nested [re, im] pairs or as an interleaved typed array.
 *
 * @example
 * const A = tensor([[1, 2], [3, 4]]);                 // float64 2×2
 * const z = tensor([[1, 0], [0, -1]], { dtype: 'complex128' }); // [re, im] pairs
 * const B = tensor(new Float64Array(6), { shape: [2, 3] });
 */
export function tensor(data: NestedArray | readonly number[] | Buffer, options: TensorOptions = {}): Tensor {
  const op = 'tensor';
  const dtype = checkDType(op, options.dtype ?? (data instanceof Float32Array ? 'float32' : 'float64'));
  const complex = isComplex(dtype);
  if (data instanceof Float64Array || data instanceof Float32Array) {
    const w = itemWidth(dtype);
    const shape = validateShape(op, options.shape ?? [data.length / w]);
    if (sizeOf(shape) * w !== data.length) {
      throw new ShapeError(op, `typed array of length ${data.length} does not fill shape ${fmtShape(shape)} of ${dtype}`);
    }
    const buf = allocate(dtype, sizeOf(shape));
    buf.set(data);
    return new Tensor(buf, dtype, shape);
  }
  if (typeof data === 'number') {
    const buf = allocate(dtype, 1);
    buf[0] = data;
    const shape = options.shape ? validateShape(op, options.shape) : [];
    // One value fills only a size-1 shape; anything else would be a tensor whose buffer is too short.
    if (sizeOf(shape) !== 1) {
      throw new ShapeError(op, `a single number cannot be viewed as shape ${fmtShape(shape)} (use full())`);
    }
    return new Tensor(buf, dtype, shape);
  }
  const inferred = inferShape(op, data as NestedArray, complex);
  const buf = allocate(dtype, sizeOf(inferred));
  fillFromNested(op, data as NestedArray, inferred, buf, complex);
  if (options.shape) {
    const shape = validateShape(op, options.shape);
    if (sizeOf(shape) !== sizeOf(inferred)) {
      throw new ShapeError(op, `data of shape ${fmtShape(inferred)} cannot be viewed as ${fmtShape(shape)}`);
    }
    return new Tensor(buf, dtype, shape);
  }
  return new Tensor(buf, dtype, inferred);
}

/**
 * A rank-0 tensor holding `value`.
 *
 * @example
 * const s = scalar(2.5); // shape []
 */
export function scalar(value: number, options: CreationOptions = {}): Tensor {
  return full([], value, options);
}

/**
 * A tensor of zeros (float64 unless `dtype` is given).
 *
 * @example
 * const Z = zeros([3, 4], { dtype: 'complex128' });
 */
export function zeros(shape: readonly number[], options: CreationOptions = {}): Tensor {
  const dtype = checkDType('zeros', options.dtype ?? 'float64');
  const s = validateShape('zeros', shape);
  return new Tensor(allocate(dtype, sizeOf(s)), dtype, s);
}

/**
 * A tensor filled with `value` (the real part for complex dtypes; imaginary part 0).
 *
 * @example
 * const t = full([2, 2], 7);
 */
export function full(shape: readonly number[], value: number, options: CreationOptions = {}): Tensor {
  const dtype = checkDType('full', options.dtype ?? 'float64');
  const s = validateShape('full', shape);
  const buf = allocate(dtype, sizeOf(s));
  if (isComplex(dtype)) for (let i = 0; i < buf.length; i += 2) buf[i] = value;
  else buf.fill(value);
  return new Tensor(buf, dtype, s);
}

/**
 * A tensor of ones (float64 unless `dtype` is given).
 *
 * @example
 * const o = ones([3], { dtype: 'float32' });
 */
export function ones(shape: readonly number[], options: CreationOptions = {}): Tensor {
  return full(shape, 1, options);
}

/**
 * Zeros with the dtype and shape of `t`: always a fresh, contiguous plain tensor, whatever view
 * (transpose, adjoint, broadcast) `t` is.
 *
 * @example
 * const g = zerosLike(A); // same shape and dtype as A
 */
export function zerosLike(t: Tensor): Tensor {
  return zeros(t.shape, { dtype: t.dtype });
}

/**
 * Ones with the dtype and shape of `t`, as a fresh contiguous tensor (see `zerosLike`).
 *
 * @example
 * const seed = onesLike(loss);
 */
export function onesLike(t: Tensor): Tensor {
  return ones(t.shape, { dtype: t.dtype });
}

/**
 * The n×m identity (m defaults to n).
 *
 * @example
 * const I = eye(3);                 // 3×3
 * const E = eye(2, 4, { dtype: 'complex128' });
 */
export function eye(n: number, m: number = n, options: CreationOptions = {}): Tensor {
  const t = zeros([n, m], options);
  const w = itemWidth(t.dtype);
  for (let i = 0; i < Math.min(n, m); i++) t.data[(i * m + i) * w] = 1;
  return t;
}

/**
 * Evenly spaced values in [start, stop) with `step` (NumPy's arange); with one argument, the
 * range [0, start).
 *
 * @example
 * arange(4).toArray();        // [0, 1, 2, 3]
 * arange(1, 2, 0.25).toArray(); // [1, 1.25, 1.5, 1.75]
 */
export function arange(start: number, stop?: number, step = 1, options: CreationOptions = {}): Tensor {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (step === 0 || !Number.isFinite(step)) throw new ValueError('arange', `step must be finite and non-zero, got ${step}`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const t = zeros([n], options);
  const w = itemWidth(t.dtype);
  for (let i = 0; i < n; i++) t.data[i * w] = start + i * step;
  return t;
}

/**
 * `num` evenly spaced values from start to stop inclusive (NumPy's linspace).
 *
 * @example
 * linspace(0, 1, 5).toArray(); // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, stop: number, num: number, options: CreationOptions = {}): Tensor {
  if (!Number.isInteger(num) || num < 0) throw new ValueError('linspace', `num must be a non-negative integer, got ${num}`);
  const t = zeros([num], options);
  const w = itemWidth(t.dtype);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) t.data[i * w] = i === num - 1 && num > 1 ? stop : start + i * step;
  return t;
}

/**
 * NumPy's `diag`: a 1-D input gives the square matrix with it on the `k`-th diagonal; a 2-D
 * input gives a copy of its `k`-th diagonal.
 *
 * @example
 * const D = diag(tensor([1, 2, 3])); // 3×3 diagonal matrix
 * const d = diag(D);                 // [1, 2, 3]
 */
export function diag(v: Tensor, k = 0): Tensor {
  const w = itemWidth(v.dtype);
  if (v.ndim === 1) {
    const n = v.shape[0]!;
    const size = n + Math.abs(k);
    const out = zeros([size, size], { dtype: v.dtype });
    const src = v.toTypedArray(false);
    for (let i = 0; i < n; i++) {
      const r = k >= 0 ? i : i - k;
      const c = k >= 0 ? i + k : i;
      for (let q = 0; q < w; q++) out.data[(r * size + c) * w + q] = src[i * w + q]!;
    }
    return out;
  }
  if (v.ndim === 2) {
    const [m, n] = v.shape as [number, number];
    const len = Math.max(0, k >= 0 ? Math.min(m, n - k) : Math.min(m + k, n));
    const out = zeros([len], { dtype: v.dtype });
    for (let i = 0; i < len; i++) {
      const [re, im] = v.getComplex(k >= 0 ? i : i - k, k >= 0 ? i + k : i);
      out.data[i * w] = re;
      if (w === 2) out.data[i * w + 1] = im;
    }
    return out;
  }
  throw new ShapeError('diag', `expected a 1-D or 2-D tensor, got rank ${v.ndim} (shape ${fmtShape(v.shape)})`);
}
