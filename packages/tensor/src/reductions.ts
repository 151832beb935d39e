import { checkTensor } from './checkTensor.js';
import { describeValue } from './describeValue.js';
import { empty } from './access.js';
import { hypot } from './complexMath.js';
import { type Buffer, type DType, isComplex, realDType } from './dtype.js';
import { DTypeError, ValueError, fmtShape } from './errors.js';
import { normalizeAxes, normalizeAxis, sizeOf } from './shape.js';
import type { Tensor } from './Tensor.js';
import { permute } from './views.js';

/**
 * Reductions over any set of axes with NumPy semantics (negative axes, all axes by default,
 * `keepdims`). Every reduction is planned the same way: permute the kept axes to the front and
 * the reduced ones to the back, so the view's row-major offsets come in consecutive blocks of
 * `inner` entries, one block per output entry. A full reduction returns a rank-0 tensor.
 */

export interface ReduceOptions {
  /** Axes to reduce (negative counts from the end); all axes when omitted. */
  axes?: number | readonly number[];
  /** Keep reduced axes as length-1 axes (so the result broadcasts against the input). */
  keepdims?: boolean;
}

interface Plan {
  offs: Int32Array;
  outer: number;
  inner: number;
  outShape: number[];
  w: 1 | 2;
  imSign: 1 | -1;
  data: Buffer;
}

function plan(op: string, t: Tensor, opts: ReduceOptions): Plan {
  const axes = normalizeAxes(op, opts.axes, t.ndim);
  const red = new Set(axes);
  const kept = [...t.shape.keys()].filter((i) => !red.has(i));
  const v = permute(t, [...kept, ...axes]);
  const outShape = opts.keepdims ? t.shape.map((d, i) => (red.has(i) ? 1 : d)) : kept.map((i) => t.shape[i]!);
  return {
    offs: v.offsets(),
    outer: sizeOf(kept.map((i) => t.shape[i]!)),
    inner: sizeOf(axes.map((i) => t.shape[i]!)),
    outShape,
    w: isComplex(t.dtype) ? 2 : 1,
    imSign: t.conjugated ? -1 : 1,
    data: t.data,
  };
}

/**
 * Pairwise (cascade) summation of one part (0 = re, 1 = im) of offs[lo..hi): error grows like
 * O(log n)·ε instead of O(n)·ε for the naive loop, at the same cost (NumPy does the same).
 */
function pairwise(data: Buffer, offs: Int32Array, lo: number, hi: number, w: number, part: number): number {
  if (hi - lo <= 16) {
    let s = 0;
    for (let i = lo; i < hi; i++) s += data[w * offs[i]! + part]!;
    return s;
  }
  const mid = lo + ((hi - lo) >> 1);
  return pairwise(data, offs, lo, mid, w, part) + pairwise(data, offs, mid, hi, w, part);
}

function sumLike(op: string, t: Tensor, opts: ReduceOptions, divide: boolean): Tensor {
  const p = plan(op, t, opts);
  const out = empty(t.dtype, p.outShape);
  const o = out.data;
  const div = divide ? p.inner : 1; // mean of nothing is 0/0 = NaN, as in NumPy
  for (let j = 0; j < p.outer; j++) {
    const lo = j * p.inner;
    const hi = lo + p.inner;
    if (p.w === 1) o[j] = pairwise(p.data, p.offs, lo, hi, 1, 0) / div;
    else {
      o[2 * j] = pairwise(p.data, p.offs, lo, hi, 2, 0) / div;
      o[2 * j + 1] = (p.imSign * pairwise(p.data, p.offs, lo, hi, 2, 1)) / div + 0;
    }
  }
  return out;
}

/**
 * Sum over `axes` (all by default); an empty sum is 0. Complex sums both parts.
 * @example sum(tensor([[1, 2], [3, 4]]), { axes: 0 }) // [4, 6]
 */
export function sum(t: Tensor, opts: ReduceOptions = {}): Tensor {
  checkTensor('sum', t);
  return sumLike('sum', t, opts, false);
}

/**
 * Arithmetic mean over `axes`; the mean of zero entries is NaN (as NumPy, without the warning).
 * @example mean(tensor([[1, 2], [3, 4]]), { axes: -1, keepdims: true }) // [[1.5], [3.5]]
 */
export function mean(t: Tensor, opts: ReduceOptions = {}): Tensor {
  checkTensor('mean', t);
  return sumLike('mean', t, opts, true);
}

/**
 * Product over `axes`; an empty product is 1. Complex products multiply as complex numbers.
 * @example prod(tensor([1, 2, 3, 4])) // rank-0 24
 */
export function prod(t: Tensor, opts: ReduceOptions = {}): Tensor {
  checkTensor('prod', t);
  const p = plan('prod', t, opts);
  const out = empty(t.dtype, p.outShape);
  const o = out.data;
  const d = p.data;
  for (let j = 0; j < p.outer; j++) {
    let r = 1;
    let s = 0;
    for (let i = j * p.inner, e = i + p.inner; i < e; i++) {
      const q = p.offs[i]!;
      if (p.w === 1) r *= d[q]!;
      else {
        const x = d[2 * q]!;
        const y = p.imSign * d[2 * q + 1]!;
        const nr = r * x - s * y;
        s = r * y + s * x;
        r = nr;
      }
    }
    if (p.w === 1) o[j] = r;
    else {
      o[2 * j] = r;
      o[2 * j + 1] = s;
    }
  }
  return out;
}

function extremum(op: string, t: Tensor, opts: ReduceOptions, isMax: boolean): Tensor {
  if (isComplex(t.dtype))
    throw new DTypeError(op, `complex input is not ordered, got ${t.dtype}; reduce abs(t) or real(t)`);
  const p = plan(op, t, opts);
  // Reducing zero entries into a non-empty result has no answer (max has no identity); an
  // empty result (e.g. max over axis 1 of a 0×3 tensor) is fine, as in NumPy.
  if (p.inner === 0 && p.outer > 0) {
    throw new ValueError(op, `zero-size reduction of a tensor of shape ${fmtShape(t.shape)} has no identity`);
  }
  const out = empty(t.dtype, p.outShape);
  const o = out.data;
  const d = p.data;
  for (let j = 0; j < p.outer; j++) {
    let m = isMax ? -Infinity : Infinity;
    for (let i = j * p.inner, e = i + p.inner; i < e; i++) {
      const x = d[p.offs[i]!]!;
      if (Number.isNaN(x)) {
        m = x;
        break; // NaN propagates, as NumPy's max/min
      }
      if (isMax ? x > m : x < m) m = x;
    }
    o[j] = m;
  }
  return out;
}

/**
 * Maximum over `axes`; NaN propagates; empty → ValueError; complex → DTypeError.
 * @example max(tensor([[1, 5], [3, 2]]), { axes: 1 }) // [5, 3]
 */
export function max(t: Tensor, opts: ReduceOptions = {}): Tensor {
  checkTensor('max', t);
  return extremum('max', t, opts, true);
}

/**
 * Minimum over `axes`; NaN propagates; empty → ValueError; complex → DTypeError.
 * @example min(tensor([[1, 5], [3, 2]])) // rank-0 1
 */
export function min(t: Tensor, opts: ReduceOptions = {}): Tensor {
  checkTensor('min', t);
  return extremum('min', t, opts, false);
}

/** Options of argmax/argmin: one axis, or the flattened tensor when omitted. */
export interface ArgOptions {
  axis?: number;
  keepdims?: boolean;
}

function argExtremum(op: string, t: Tensor, opts: ArgOptions, isMax: boolean): Tensor {
  if (isComplex(t.dtype)) throw new DTypeError(op, `complex input is not ordered, got ${t.dtype}`);
  const flat = opts.axis === undefined;
  const axes = flat ? undefined : normalizeAxis(op, opts.axis as number, t.ndim);
  const p = plan(op, t, { axes: axes ?? [...t.shape.keys()], keepdims: opts.keepdims ?? false });
  if (p.inner === 0 && p.outer > 0)
    throw new ValueError(op, `attempt to get ${op} of an empty sequence (shape ${fmtShape(t.shape)})`);
  const out = empty('float64', p.outShape);
  const d = p.data;
  for (let j = 0; j < p.outer; j++) {
    let best = 0;
    let m = d[p.offs[j * p.inner]!]!;
    for (let k = 0; k < p.inner && !Number.isNaN(m); k++) {
      const x = d[p.offs[j * p.inner + k]!]!;
      if (Number.isNaN(x) || (isMax ? x > m : x < m)) {
        m = x;
        best = k; // the first NaN wins, as in NumPy
      }
    }
    out.data[j] = best;
  }
  return out;
}

/**
 * Index of the maximum along `axis` (of the flattened tensor if omitted), as float64; the first
 * occurrence wins and a NaN counts as the maximum.
 * @example argmax(tensor([[1, 5], [7, 2]]), { axis: 1 }) // [1, 0]
 */
export function argmax(t: Tensor, opts: ArgOptions = {}): Tensor {
  checkTensor('argmax', t);
  return argExtremum('argmax', t, opts, true);
}

/**
 * Index of the minimum along `axis` (flattened if omitted), as float64.
 * @example argmin(tensor([3, 1, 2])) // rank-0 1
 */
export function argmin(t: Tensor, opts: ArgOptions = {}): Tensor {
  checkTensor('argmin', t);
  return argExtremum('argmin', t, opts, false);
}

/** Options of `norm`. */
export interface NormOptions extends ReduceOptions {
  /**
   * 'fro' (default): √Σ|x|² over `axes` (all by default), i.e. the 2-norm of the flattened
   * entries. A number p: the vector p-norm along ONE axis (1, 2, Infinity, -Infinity, 0 = count
   * of nonzeros, any p > 0). Matrix 2-norm and nuclear norm need an SVD: see @svd/linalg.
   */
  ord?: 'fro' | number;
}

/**
 * Scaled sum of squares (LAPACK dnrm2 / dlassq): keeps `scale` = the largest |x| seen and
 * `ssq` = Σ(|x|/scale)², so entries of 1e200 do not overflow and 1e-200 do not underflow.
 * Infinities and NaN are tracked separately: ∞ wins unless a NaN is present.
 */
function nrm2(d: Buffer, offs: Int32Array, lo: number, hi: number, w: number, imSign: number): number {
  let scale = 0;
  let ssq = 1;
  let inf = false;
  let nan = false;
  for (let i = lo; i < hi; i++) {
    for (let part = 0; part < w; part++) {
      const x = Math.abs(d[w * offs[i]! + part]! * (part === 1 ? imSign : 1));
      if (x === 0) continue;
      if (Number.isNaN(x)) nan = true;
      else if (x === Infinity) inf = true;
      else if (scale < x) {
        ssq = 1 + ssq * (scale / x) * (scale / x);
        scale = x;
      } else ssq += (x / scale) * (x / scale);
    }
  }
  if (nan) return Number.NaN;
  if (inf) return Infinity;
  return scale * Math.sqrt(ssq);
}

function absAt(d: Buffer, o: number, w: number): number {
  return w === 1 ? Math.abs(d[o]!) : hypot(d[2 * o]!, d[2 * o + 1]!);
}

/** General p-norm, scaled by the largest entry so |x|^p neither overflows nor underflows. */
function pnorm(d: Buffer, offs: Int32Array, lo: number, hi: number, w: number, p: number): number {
  if (p === 0) {
    let c = 0;
    for (let i = lo; i < hi; i++) if (absAt(d, offs[i]!, w) !== 0) c++;
    return c;
  }
  let m = p === -Infinity ? Infinity : 0;
  let nan = false;
  for (let i = lo; i < hi; i++) {
    const a = absAt(d, offs[i]!, w);
    if (Number.isNaN(a)) nan = true;
    else m = p === -Infinity ? Math.min(m, a) : Math.max(m, a);
  }
  if (nan) return Number.NaN;
  if (p === Infinity || p === -Infinity || m === 0 || m === Infinity) return m;
  let s = 0;
  for (let i = lo; i < hi; i++) s += (absAt(d, offs[i]!, w) / m) ** p;
  return m * s ** (1 / p);
}

/**
 * Vector norms and the Frobenius norm, overflow- and underflow-safe. The result has the real
 * dtype of `t`.
 * @example norm(tensor([3, 4])) // rank-0 5
 * @example norm(tensor([[1, -2], [3, 0]]), { ord: 1, axes: 1 }) // [3, 3]
 */
export function norm(t: Tensor, opts: NormOptions = {}): Tensor {
  checkTensor('norm', t);
  const ord = opts.ord ?? 'fro';
  let axes = opts.axes;
  if (ord !== 'fro') {
    if (typeof ord !== 'number' || Number.isNaN(ord) || (ord < 0 && ord !== -Infinity)) {
      throw new ValueError(
        'norm',
        `ord must be 'fro', 0, a positive number, Infinity or -Infinity, got ${describeValue(ord)}`,
      );
    }
    if (axes === undefined) {
      if (t.ndim > 1) {
        throw new ValueError(
          'norm',
          `ord ${ord} needs a single axis for a tensor of shape ${fmtShape(t.shape)} (matrix norms other than 'fro' are in @svd/linalg)`,
        );
      }
      axes = t.ndim === 1 ? [0] : [];
    } else if (typeof axes !== 'number' && axes.length !== 1) {
      throw new ValueError('norm', `ord ${ord} is a vector norm and needs exactly one axis, got [${axes.join(', ')}]`);
    }
  }
  const p = plan('norm', t, { axes: axes ?? [...t.shape.keys()], keepdims: opts.keepdims ?? false });
  const dtype: DType = realDType(t.dtype);
  const out = empty(dtype, p.outShape);
  for (let j = 0; j < p.outer; j++) {
    const lo = j * p.inner;
    const hi = lo + p.inner;
    let v: number;
    if (ord === 'fro' || ord === 2) v = nrm2(p.data, p.offs, lo, hi, p.w, p.imSign);
    else if (ord === 1) {
      v = 0;
      for (let i = lo; i < hi; i++) v += absAt(p.data, p.offs[i]!, p.w);
    } else v = pnorm(p.data, p.offs, lo, hi, p.w, ord);
    out.data[j] = v;
  }
  return out;
}
