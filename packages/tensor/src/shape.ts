import { IndexError, ShapeError, fmtShape } from './errors.js';

/**
 * Number of elements of a shape (1 for a scalar shape []).
 *
 * @example
 * sizeOf([2, 3, 4]); // 24
 */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Row-major (C-order) strides, in elements.
 *
 * @example
 * contiguousStrides([2, 3, 4]); // [12, 4, 1]
 */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/**
 * Checks that every entry of a shape is a non-negative integer and returns a copy; throws a
 * ShapeError naming `op` otherwise. For functions that take a shape from their caller.
 *
 * @example
 * const s = validateShape('myOp', [2, 3]);
 */
export function validateShape(op: string, shape: readonly number[]): number[] {
  const out: number[] = [];
  for (const [i, d] of shape.entries()) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(op, `shape entry ${i} must be a non-negative integer, got ${d} in ${fmtShape(shape)}`);
    }
    out.push(d);
  }
  return out;
}

/**
 * Resolves a possibly negative axis against `ndim`, throwing an IndexError naming `op`.
 *
 * @example
 * normalizeAxis('myOp', -1, 3); // 2
 */
export function normalizeAxis(op: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new IndexError(
      op,
      `axis ${axis} is out of range for a tensor of rank ${ndim} (expected -${ndim} ≤ axis < ${ndim})`,
    );
  }
  return axis < 0 ? axis + ndim : axis;
}

/**
 * NumPy broadcasting of two shapes (align trailing axes; 1 stretches). Throws a ShapeError
 * naming `op` when they are incompatible.
 *
 * @example
 * broadcastShapes('add', [3, 1], [4]); // [3, 4]
 */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        op,
        `shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together (axis ${i - n}: ${da} vs ${db})`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Element offsets (into the buffer, in elements) of every entry of a strided view, in row-major
 * logical order. Kernels that cannot take the contiguous fast path iterate over this.
 *
 * @example
 * const offs = stridedOffsets(t.shape, t.strides, t.offset); // same as t.offsets()
 */
export function stridedOffsets(shape: readonly number[], strides: readonly number[], offset: number): Int32Array {
  const size = sizeOf(shape);
  const out = new Int32Array(size);
  const nd = shape.length;
  if (size === 0) return out;
  if (nd === 0) {
    out[0] = offset;
    return out;
  }
  const idx = new Array<number>(nd).fill(0);
  const last = nd - 1;
  const lastDim = shape[last]!;
  const lastStride = strides[last]!;
  let base = offset;
  let k = 0;
  for (;;) {
    for (let j = 0, o = base; j < lastDim; j++, o += lastStride) out[k++] = o;
    // odometer over the leading axes
    let ax = last - 1;
    while (ax >= 0) {
      idx[ax]!++;
      base += strides[ax]!;
      if (idx[ax]! < shape[ax]!) break;
      base -= strides[ax]! * shape[ax]!;
      idx[ax] = 0;
      ax--;
    }
    if (ax < 0) break;
  }
  return out;
}

/**
 * Resolves a reduction's `axes` argument (a number, a list, or undefined for all axes) to sorted,
 * distinct, non-negative axes. A repeated axis is an error, as in NumPy.
 *
 * @example
 * normalizeAxes('sum', [-1, 0], 3); // [0, 2]
 */
export function normalizeAxes(op: string, axes: number | readonly number[] | undefined, ndim: number): number[] {
  if (axes === undefined) return [...Array(ndim).keys()];
  const list = typeof axes === 'number' ? [axes] : axes;
  const out = list.map((a) => normalizeAxis(op, a, ndim));
  const sorted = [...out].sort((x, y) => x - y);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) {
      throw new IndexError(op, `axes must be distinct, got [${list.join(', ')}] (axis ${sorted[i]} repeated)`);
    }
  }
  return sorted;
}

/**
 * True when two shapes are equal entry by entry.
 *
 * @example
 * sameShape(A.shape, B.shape);
 */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
