import { type Buffer, type DType, allocate, isComplex, itemWidth } from './dtype.js';
import { Tensor } from './Tensor.js';
import { sameShape, stridedOffsets } from './shape.js';
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

/**
 * A row-major traversal of `shape` for real operands broadcast to it, cut into rows × cols
 * blocks for nested stride loops (no per-element offset table). Output entries
 * [q·rows·cols, (q+1)·rows·cols) form block q; in it, entry (r, j) of operand p sits at buffer
 * element `bases[p][q] + r·s0[p] + j·s1[p]`. Length-1 axes are dropped and adjacent axes merged
 * wherever every operand's strides allow, so contiguous operands give one flat run (rows = 1,
 * stride 1) and a broadcast operand stride 0. For real operands only (complex elements span
 * two reals). Empty shapes give zero blocks or an empty block.
 */
export interface Walk {
  readonly rows: number;
  readonly cols: number;
  readonly s0: readonly number[];
  readonly s1: readonly number[];
  readonly bases: readonly Int32Array[];
}

/** The block traversal of `shape` for `ts` (each broadcastable to `shape`). */
export function walk(shape: readonly number[], ts: readonly Tensor[]): Walk {
  const nd = shape.length;
  const m = ts.length;
  const dims: number[] = [];
  const st: number[][] = ts.map(() => []);
  for (let i = 0; i < nd; i++) {
    const d = shape[i]!;
    if (d === 1) continue;
    const last = dims.length - 1;
    let merge = last >= 0;
    const cur: number[] = [];
    for (let p = 0; p < m; p++) {
      const t = ts[p]!;
      const j = i - (nd - t.ndim);
      // A stretched (length-1) or missing axis has stride 0.
      const s = j < 0 || t.shape[j] !== d ? 0 : t.strides[j]!;
      cur.push(s);
      if (merge && st[p]![last] !== s * d) merge = false;
    }
    if (merge) {
      dims[last]! *= d;
      for (let p = 0; p < m; p++) st[p]![last] = cur[p]!;
    } else {
      dims.push(d);
      for (let p = 0; p < m; p++) st[p]!.push(cur[p]!);
    }
  }
  while (dims.length < 2) {
    dims.unshift(1);
    for (const s of st) s.unshift(0);
  }
  const r = dims.length;
  const outer = dims.slice(0, r - 2);
  return {
    rows: dims[r - 2]!,
    cols: dims[r - 1]!,
    s0: st.map((s) => s[r - 2]!),
    s1: st.map((s) => s[r - 1]!),
    bases: ts.map((t, p) => stridedOffsets(outer, st[p]!.slice(0, r - 2), t.offset)),
  };
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
