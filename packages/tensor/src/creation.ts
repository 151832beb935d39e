import { isTapeVar, isTensor } from './brand.js';
import { checkTensor } from './checkTensor.js';
import { describeValue } from './describeValue.js';
import { type DType, allocate, isComplex, isDType, itemWidth } from './dtype.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from './errors.js';
import { sizeOf, validateShape } from './shape.js';
import { type NestedArray, Tensor } from './Tensor.js';
import { type NumericTypedArray, fillFromNested, inferShape, numericTypedArray, typedArrayKind } from './tensorData.js';

export interface CreationOptions {
  dtype?: DType;
}

export interface TensorOptions extends CreationOptions {
  /** Required when `data` is a flat typed array or flat number array of rank > 1. */
  shape?: readonly number[];
}

function checkDType(op: string, dtype: unknown): DType {
  if (!isDType(dtype)) {
    throw new DTypeError(
      op,
      `dtype must be one of float64, float32, complex128, complex64, got ${describeValue(dtype)}`,
    );
  }
  return dtype;
}

/**
 * Creates a tensor from nested arrays, a flat number array, a single number, or a numeric typed
 * array (copied). Complex data is given as nested [re, im] pairs or as an interleaved typed
 * array. A Float32Array gives float32, any other typed array float64 unless `dtype` says
 * otherwise; integer typed arrays (Int32Array, Uint8Array, …) are converted exactly. Anything
 * else (a string, a Tensor, a tape Var, a typed array inside nested arrays) throws a
 * `ValueError` saying what it got.
 *
 * @example
 * const A = tensor([[1, 2], [3, 4]]);                 // float64 2×2
 * const z = tensor([[1, 0], [0, -1]], { dtype: 'complex128' }); // [re, im] pairs
 * const B = tensor(new Float64Array(6), { shape: [2, 3] });
 * const C = tensor(new Int32Array([1, 2, 3, 4]), { shape: [2, 2] }); // float64 [[1, 2], [3, 4]]
 */
export function tensor(data: NestedArray | readonly number[] | NumericTypedArray, options: TensorOptions = {}): Tensor {
  const op = 'tensor';
  const typed = numericTypedArray(op, data);
  const dtype = checkDType(op, options.dtype ?? (typedArrayKind(typed) === 'Float32Array' ? 'float32' : 'float64'));
  const complex = isComplex(dtype);
  if (typed !== undefined) {
    const w = itemWidth(dtype);
    const shape = validateShape(op, options.shape ?? [typed.length / w]);
    if (sizeOf(shape) * w !== typed.length) {
      throw new ShapeError(
        op,
        `typed array of length ${typed.length} does not fill shape ${fmtShape(shape)} of ${dtype}`,
      );
    }
    const buf = allocate(dtype, sizeOf(shape));
    buf.set(typed);
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
  if (!Array.isArray(data)) throw notTensorData(op, data);
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

function notTensorData(op: string, data: unknown): ValueError {
  const accepted = 'nested arrays of numbers, a number, or a numeric typed array';
  let hint = '';
  if (isTensor(data))
    hint = '; a Tensor needs no conversion (ops never write into their inputs), and contiguous() copies one';
  else if (isTapeVar(data)) hint = "; pass the Var's `.value`";
  return new ValueError(op, `data must be ${accepted}, got ${describeValue(data)}${hint}`);
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
  checkTensor('zerosLike', t);
  return zeros(t.shape, { dtype: t.dtype });
}

/**
 * Ones with the dtype and shape of `t`, as a fresh contiguous tensor (see `zerosLike`).
 *
 * @example
 * const seed = onesLike(loss);
 */
export function onesLike(t: Tensor): Tensor {
  checkTensor('onesLike', t);
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
  if (step === 0 || !Number.isFinite(step))
    throw new ValueError('arange', `step must be finite and non-zero, got ${step}`);
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
  if (!Number.isInteger(num) || num < 0)
    throw new ValueError('linspace', `num must be a non-negative integer, got ${num}`);
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
  checkTensor('diag', v);
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
