import { checkTensor, checkTensorList } from './checkTensor.js';
import { isComplex } from './dtype.js';
import { IndexError, ShapeError, ValueError, fmtShape } from './errors.js';
import { Tensor } from './Tensor.js';
import { broadcastShapes, contiguousStrides, normalizeAxis, sizeOf } from './shape.js';

/**
 * Views share the buffer of their input: no entries are copied. They are O(rank) to create.
 */

/** Reorders axes: `permute(t, [2, 0, 1])`. */
/**
 * Reorders axes as a view: axis i of the result is axis `axes[i]` of `t`.
 *
 * @example
 * permute(zeros([2, 3, 4]), [2, 0, 1]).shape; // [4, 2, 3]
 */
export function permute(t: Tensor, axes: readonly number[]): Tensor {
  checkTensor('permute', t);
  const nd = t.ndim;
  if (axes.length !== nd) {
    throw new ShapeError(
      'permute',
      `expected ${nd} axes for a tensor of shape ${fmtShape(t.shape)}, got ${axes.length}`,
    );
  }
  const seen = new Array<boolean>(nd).fill(false);
  const norm = axes.map((a) => normalizeAxis('permute', a, nd));
  for (const a of norm) {
    if (seen[a])
      throw new ValueError('permute', `axes must be a permutation of 0..${nd - 1}, got [${axes.join(', ')}]`);
    seen[a] = true;
  }
  return new Tensor(
    t.data,
    t.dtype,
    norm.map((a) => t.shape[a]!),
    norm.map((a) => t.strides[a]!),
    t.offset,
    t.conjugated,
  );
}

/**
 * Reverses all axes, or permutes them when `axes` is given (NumPy's transpose), as a view.
 *
 * @example
 * const At = transpose(A); // [m, n] → [n, m]
 */
export function transpose(t: Tensor, axes?: readonly number[]): Tensor {
  checkTensor('transpose', t);
  return permute(t, axes ?? [...t.shape.keys()].reverse());
}

/**
 * Swaps two axes, as a view.
 *
 * @example
 * swapAxes(zeros([2, 3, 4]), 0, -1).shape; // [4, 3, 2]
 */
export function swapAxes(t: Tensor, a: number, b: number): Tensor {
  checkTensor('swapAxes', t);
  const nd = t.ndim;
  const axes = [...Array(nd).keys()];
  const i = normalizeAxis('swapAxes', a, nd);
  const j = normalizeAxis('swapAxes', b, nd);
  axes[i] = j;
  axes[j] = i;
  return permute(t, axes);
}

/**
 * Transpose of the last two axes (batched matrix transpose, no conjugation), as a view.
 *
 * @example
 * matrixTranspose(zeros([5, 2, 3])).shape; // [5, 3, 2]
 */
export function matrixTranspose(t: Tensor): Tensor {
  checkTensor('matrixTranspose', t);
  if (t.ndim < 2) throw new ShapeError('matrixTranspose', `expected rank ≥ 2, got shape ${fmtShape(t.shape)}`);
  return swapAxes(t, -1, -2);
}

/**
 * Complex conjugate as a view (flips the lazy conjugation bit); identity for real dtypes.
 *
 * @example
 * const zc = conj(z); // no copy; zc.conjugated === !z.conjugated
 */
export function conj(t: Tensor): Tensor {
  checkTensor('conj', t);
  if (!isComplex(t.dtype)) return t;
  return new Tensor(t.data, t.dtype, t.shape, t.strides, t.offset, !t.conjugated);
}

/**
 * Conjugate transpose of the last two axes (Aᴴ), as a view.
 *
 * @example
 * const gram = matmul(adjoint(A), A); // AᴴA
 */
export function adjoint(t: Tensor): Tensor {
  checkTensor('adjoint', t);
  if (t.ndim < 2) throw new ShapeError('adjoint', `expected rank ≥ 2, got shape ${fmtShape(t.shape)}`);
  return conj(matrixTranspose(t));
}

/** Per-axis slice: an index (drops the axis), null (whole axis), or [start, stop, step]. */
export type SliceSpec = number | null | readonly [start?: number | null, stop?: number | null, step?: number | null];

/**
 * NumPy-style basic slicing as a view. Missing trailing specs take whole axes.
 *
 * @example
 * slice(A, [0, null, 2], 1)   // A[0::2, 1]
 * slice(A, null, [null, null, -1]) // A[:, ::-1]
 */
export function slice(t: Tensor, ...specs: SliceSpec[]): Tensor {
  checkTensor('slice', t);
  if (specs.length > t.ndim) {
    throw new IndexError('slice', `got ${specs.length} slice specs for a tensor of rank ${t.ndim}`);
  }
  const shape: number[] = [];
  const strides: number[] = [];
  let offset = t.offset;
  for (let ax = 0; ax < t.ndim; ax++) {
    const d = t.shape[ax]!;
    const st = t.strides[ax]!;
    const spec = specs[ax] ?? null;
    if (typeof spec === 'number') {
      if (!Number.isInteger(spec) || spec < -d || spec >= d) {
        throw new IndexError('slice', `index ${spec} is out of range for axis ${ax} of size ${d}`);
      }
      offset += (spec < 0 ? spec + d : spec) * st;
      continue;
    }
    const step = spec?.[2] ?? 1;
    if (!Number.isInteger(step) || step === 0) {
      throw new ValueError('slice', `step must be a non-zero integer, got ${step} on axis ${ax}`);
    }
    // Python's slice.indices semantics: clamp, then count.
    const clamp = (v: number | null | undefined, dflt: number, lo: number, hi: number): number => {
      if (v === null || v === undefined) return dflt;
      const x = v < 0 ? v + d : v;
      return Math.min(Math.max(x, lo), hi);
    };
    const start = step > 0 ? clamp(spec?.[0], 0, 0, d) : clamp(spec?.[0], d - 1, -1, d - 1);
    const stop = step > 0 ? clamp(spec?.[1], d, 0, d) : clamp(spec?.[1], -1, -1, d - 1);
    const len =
      step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
    if (len > 0) offset += start * st;
    shape.push(len);
    strides.push(st * step);
  }
  return new Tensor(t.data, t.dtype, shape, strides, offset, t.conjugated);
}

/** Computes view strides for `reshape` if possible without a copy (NumPy's _attempt_nocopy_reshape). */
function reshapeStrides(
  oldShape: readonly number[],
  oldStrides: readonly number[],
  newShape: readonly number[],
): number[] | null {
  const oldDims: number[] = [];
  const oldSt: number[] = [];
  for (let i = 0; i < oldShape.length; i++) {
    if (oldShape[i] !== 1) {
      oldDims.push(oldShape[i]!);
      oldSt.push(oldStrides[i]!);
    }
  }
  const newStrides = new Array<number>(newShape.length).fill(0);
  let oi = 0;
  let oj = 1;
  let ni = 0;
  let nj = 1;
  while (ni < newShape.length && oi < oldDims.length) {
    let np = newShape[ni]!;
    let op = oldDims[oi]!;
    while (np !== op) {
      if (np < op) np *= newShape[nj++]!;
      else op *= oldDims[oj++]!;
    }
    for (let k = oi; k < oj - 1; k++) if (oldSt[k] !== oldDims[k + 1]! * oldSt[k + 1]!) return null;
    newStrides[nj - 1] = oldSt[oj - 1]!;
    for (let k = nj - 1; k > ni; k--) newStrides[k - 1] = newStrides[k]! * newShape[k]!;
    ni = nj++;
    oi = oj++;
  }
  const last = ni > 0 ? newStrides[ni - 1]! : 1;
  for (let k = ni; k < newShape.length; k++) newStrides[k] = last;
  return newStrides;
}

/**
 * A tensor with the same entries in row-major order and a new shape; one entry may be -1.
 * A view when the strides allow it, otherwise a copy.
 *
 * @example
 * reshape(arange(6), [2, -1]).shape; // [2, 3]
 */
export function reshape(t: Tensor, shape: readonly number[]): Tensor {
  checkTensor('reshape', t);
  const size = t.size;
  const neg = shape.filter((d) => d === -1).length;
  if (neg > 1) throw new ShapeError('reshape', `at most one dimension may be -1, got ${fmtShape(shape)}`);
  let target = [...shape];
  if (neg === 1) {
    const known = sizeOf(shape.filter((d) => d !== -1));
    if (known === 0 || size % known !== 0) {
      throw new ShapeError('reshape', `cannot reshape ${fmtShape(t.shape)} (size ${size}) into ${fmtShape(shape)}`);
    }
    target = shape.map((d) => (d === -1 ? size / known : d));
  }
  for (const d of target) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError('reshape', `invalid target shape ${fmtShape(shape)}`);
  }
  if (sizeOf(target) !== size) {
    throw new ShapeError(
      'reshape',
      `cannot reshape ${fmtShape(t.shape)} (size ${size}) into ${fmtShape(target)} (size ${sizeOf(target)})`,
    );
  }
  if (size === 0) return new Tensor(t.data, t.dtype, target, contiguousStrides(target), t.offset, t.conjugated);
  const strides = reshapeStrides(t.shape, t.strides, target);
  if (strides) return new Tensor(t.data, t.dtype, target, strides, t.offset, t.conjugated);
  const c = t.contiguous();
  return new Tensor(c.data, c.dtype, target);
}

/**
 * Flattens to rank 1 (row-major order).
 *
 * @example
 * flatten(zeros([2, 3])).shape; // [6]
 */
export function flatten(t: Tensor): Tensor {
  checkTensor('flatten', t);
  return reshape(t, [t.size]);
}

/**
 * Broadcasts to `shape` (NumPy's broadcast_to) as a view with zero strides.
 *
 * @example
 * broadcastTo(tensor([1, 2, 3]), [2, 3]).toArray(); // [[1, 2, 3], [1, 2, 3]]
 */
export function broadcastTo(t: Tensor, shape: readonly number[]): Tensor {
  checkTensor('broadcastTo', t);
  const nd = shape.length;
  if (nd < t.ndim) {
    throw new ShapeError('broadcastTo', `cannot broadcast shape ${fmtShape(t.shape)} to lower rank ${fmtShape(shape)}`);
  }
  const strides = new Array<number>(nd).fill(0);
  for (let i = 0; i < nd; i++) {
    const j = i - (nd - t.ndim);
    const target = shape[i]!;
    if (j < 0) continue;
    const d = t.shape[j]!;
    if (d === target) strides[i] = t.strides[j]!;
    else if (d === 1) strides[i] = 0;
    else
      throw new ShapeError(
        'broadcastTo',
        `cannot broadcast shape ${fmtShape(t.shape)} to ${fmtShape(shape)} (axis ${i}: ${d} vs ${target})`,
      );
  }
  return new Tensor(t.data, t.dtype, shape, strides, t.offset, t.conjugated);
}

/**
 * PyTorch's expand: like broadcastTo, where -1 keeps a dimension.
 *
 * @example
 * expand(zeros([1, 3]), [4, -1]).shape; // [4, 3]
 */
export function expand(t: Tensor, shape: readonly number[]): Tensor {
  checkTensor('expand', t);
  const nd = shape.length;
  const resolved = shape.map((d, i) => (d === -1 ? (t.shape[i - (nd - t.ndim)] ?? 1) : d));
  return broadcastTo(t, resolved);
}

/**
 * Broadcasts several tensors to their common shape (views).
 *
 * @example
 * const [a, b] = broadcastTensors(zeros([3, 1]), zeros([4])); // both [3, 4]
 */
export function broadcastTensors(...ts: Tensor[]): Tensor[] {
  checkTensorList('broadcastTensors', ts, 'tensors');
  let shape: number[] = [];
  for (const t of ts) shape = broadcastShapes('broadcastTensors', shape, t.shape);
  return ts.map((t) => broadcastTo(t, shape));
}

/**
 * Inserts an axis of length 1 at `axis`.
 *
 * @example
 * unsqueeze(zeros([3]), -1).shape; // [3, 1]
 */
export function unsqueeze(t: Tensor, axis: number): Tensor {
  checkTensor('unsqueeze', t);
  const ax = normalizeAxis('unsqueeze', axis, t.ndim + 1);
  const shape = [...t.shape];
  const strides = [...t.strides];
  shape.splice(ax, 0, 1);
  strides.splice(ax, 0, ax < t.ndim ? t.strides[ax]! * t.shape[ax]! : 1);
  return new Tensor(t.data, t.dtype, shape, strides, t.offset, t.conjugated);
}

/**
 * Removes length-1 axes (all of them, or the ones named).
 *
 * @example
 * squeeze(zeros([1, 3, 1])).shape; // [3]
 */
export function squeeze(t: Tensor, axes?: readonly number[]): Tensor {
  checkTensor('squeeze', t);
  const drop = new Set(
    axes === undefined
      ? [...t.shape.keys()].filter((i) => t.shape[i] === 1)
      : axes.map((a) => normalizeAxis('squeeze', a, t.ndim)),
  );
  for (const a of drop) {
    if (t.shape[a] !== 1) throw new ShapeError('squeeze', `axis ${a} has length ${t.shape[a]}, expected 1`);
  }
  const keep = [...t.shape.keys()].filter((i) => !drop.has(i));
  return new Tensor(
    t.data,
    t.dtype,
    keep.map((i) => t.shape[i]!),
    keep.map((i) => t.strides[i]!),
    t.offset,
    t.conjugated,
  );
}

/**
 * The `offset`-th diagonal of the matrices formed by axes `axis1`, `axis2` (default the last
 * two), as a view: the diagonal becomes the last axis, like NumPy's diagonal.
 *
 * @example
 * diagonal(tensor([[1, 2], [3, 4]])).toArray(); // [1, 4]
 */
export function diagonal(t: Tensor, offset = 0, axis1 = -2, axis2 = -1): Tensor {
  checkTensor('diagonal', t);
  const nd = t.ndim;
  if (nd < 2) throw new ShapeError('diagonal', `expected rank ≥ 2, got shape ${fmtShape(t.shape)}`);
  const a1 = normalizeAxis('diagonal', axis1, nd);
  const a2 = normalizeAxis('diagonal', axis2, nd);
  if (a1 === a2) throw new ValueError('diagonal', `axis1 and axis2 must differ, both are ${a1}`);
  const d1 = t.shape[a1]!;
  const d2 = t.shape[a2]!;
  const len = Math.max(0, offset >= 0 ? Math.min(d1, d2 - offset) : Math.min(d1 + offset, d2));
  let off = t.offset;
  if (len > 0) off += offset >= 0 ? offset * t.strides[a2]! : -offset * t.strides[a1]!;
  const shape: number[] = [];
  const strides: number[] = [];
  for (let i = 0; i < nd; i++) {
    if (i === a1 || i === a2) continue;
    shape.push(t.shape[i]!);
    strides.push(t.strides[i]!);
  }
  shape.push(len);
  strides.push(t.strides[a1]! + t.strides[a2]!);
  return new Tensor(t.data, t.dtype, shape, strides, off, t.conjugated);
}

/**
 * A contiguous copy-or-self (see Tensor.contiguous): materialises strides, broadcasts and a
 * pending conjugation into a fresh row-major buffer.
 *
 * @example
 * const At = contiguous(transpose(A)); // At.isContiguous === true
 */
export function contiguous(t: Tensor): Tensor {
  checkTensor('contiguous', t);
  return t.contiguous();
}
