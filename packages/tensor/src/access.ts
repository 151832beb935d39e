import { type Buffer, type DType, allocate, isComplex, itemWidth } from './dtype.js';
import { Tensor } from './Tensor.js';
import { sameShape } from './shape.js';
import { broadcastTo } from './views.js';

/**
 * Internal: strided element access shared by the elementwise, reduction, comparison and structure
 * kernels. Not exported from the package index.
 *
 * An `Operand` is a tensor seen through a target shape (after broadcasting). Element `i` of the
 * row-major traversal lives at buffer element `offs[i]` — or at `start + i` when `offs` is null,
 * which is the contiguous fast path (no offset table is built at all). Complex reals sit at
 * `2·o` and `2·o + 1`; `imSign` is -1 when a lazy conjugation is pending, so readers never
 * have to materialise `conj` / `adjoint` views.
 */
export interface Operand {
  readonly data: Buffer;
  readonly offs: Int32Array | null;
  readonly start: number;
  readonly complex: boolean;
  readonly imSign: 1 | -1;
}

/** Views `t` through `shape` (which must be a valid broadcast target of t.shape). */
export function operand(t: Tensor, shape: readonly number[]): Operand {
  const complex = isComplex(t.dtype);
  const imSign = t.conjugated ? -1 : 1;
  if (sameShape(t.shape, shape) && t.isContiguous) {
    return { data: t.data, offs: null, start: t.offset, complex, imSign };
  }
  const v = sameShape(t.shape, shape) ? t : broadcastTo(t, shape);
  return { data: v.data, offs: v.offsets(), start: 0, complex, imSign };
}

/** Buffer element offset of the i-th entry. */
export function at(p: Operand, i: number): number {
  return p.offs === null ? p.start + i : p.offs[i]!;
}

/** Real part of the i-th entry. */
export function re(p: Operand, i: number): number {
  const o = p.offs === null ? p.start + i : p.offs[i]!;
  return p.complex ? p.data[2 * o]! : p.data[o]!;
}

/** Imaginary part of the i-th entry (0 for a real operand; conjugation applied). */
export function im(p: Operand, i: number): number {
  if (!p.complex) return 0;
  const o = p.offs === null ? p.start + i : p.offs[i]!;
  // `+ 0` maps a conjugated +0 to +0 rather than -0, exactly as Tensor.toTypedArray does, so a
  // kernel reading a conj/adjoint view gives bit-identical results to one reading its copy.
  return p.imSign === 1 ? p.data[2 * o + 1]! : -p.data[2 * o + 1]! + 0;
}

/** A fresh contiguous tensor of `dtype` and `shape` with its buffer, for kernels to fill. */
export function empty(dtype: DType, shape: readonly number[]): Tensor {
  let n = 1;
  for (const d of shape) n *= d;
  return new Tensor(allocate(dtype, n), dtype, shape);
}

/**
 * Writes `src` (broadcast to dst's shape, converted to dst's dtype) into the entries of the view
 * `dst`. Only for views of buffers the caller has just allocated: public ops never write into
 * their inputs. Writing complex into real keeps the real part (callers check dtypes first).
 */
export function assignInto(dst: Tensor, src: Tensor): void {
  const n = dst.size;
  if (n === 0) return;
  const d = operand(dst, dst.shape);
  const s = operand(src, dst.shape);
  const out = dst.data;
  if (itemWidth(dst.dtype) === 1) {
    for (let i = 0; i < n; i++) out[at(d, i)] = re(s, i);
    return;
  }
  // A destination view that is itself conjugated stores the conjugate of what it should read.
  const sign = dst.conjugated ? -1 : 1;
  for (let i = 0; i < n; i++) {
    const o = 2 * at(d, i);
    out[o] = re(s, i);
    out[o + 1] = sign * im(s, i);
  }
}
