import { checkTensor } from './checkTensor.js';
import { allocate, complexDType, isComplex, promoteTypes } from './dtype.js';
import { ShapeError, fmtShape } from './errors.js';
import { complexGemm } from './kernels/complexGemm.js';
import { gemm } from './kernels/gemm.js';
import { type StridedOperand, rowMajor } from './kernels/gemmOperand.js';
import { broadcastShapes, sizeOf, stridedOffsets } from './shape.js';
import { Tensor } from './Tensor.js';
import { sharedOutputPays } from './threads/parallelGemm.js';
import { isShared } from './threads/sharedOperands.js';
import { sharedAllocate } from './threads/sharedWorkArray.js';
import { conj, reshape } from './views.js';
import { tensordot } from './tensordot.js';

/**
 * How one operand's matrices are read by the gemm kernels: entry (i, j) of a matrix is at
 * `base + i·ld + j` (trans = false) or `base + j·ld + i` (trans = true), where base is the
 * matrix's offset for its batch.
 */
interface MatrixOperand {
  t: Tensor;
  trans: boolean;
  ld: number;
  conj: boolean;
}

/**
 * Picks a kernel layout for the last two axes of `t` without copying when they are row-major
 * (unit column stride) or column-major (unit row stride, e.g. a transposed or adjoint view);
 * otherwise makes `t` contiguous. A real operand of a complex product is widened to complex.
 */
function prepare(t: Tensor, complexResult: boolean): MatrixOperand {
  if (complexResult && !isComplex(t.dtype)) t = toComplex(t);
  const nd = t.ndim;
  const r = t.shape[nd - 2]!;
  const c = t.shape[nd - 1]!;
  const s0 = t.strides[nd - 2]!;
  const s1 = t.strides[nd - 1]!;
  if (s1 === 1 || c === 1) return { t, trans: false, ld: s0, conj: t.conjugated };
  if (s0 === 1 || r === 1) return { t, trans: true, ld: s1, conj: t.conjugated };
  const d = t.contiguous();
  return { t: d, trans: false, ld: c, conj: false };
}

/** A complex copy of a real tensor (imaginary parts 0), same precision. */
function toComplex(t: Tensor): Tensor {
  const src = t.toTypedArray(false);
  const dtype = complexDType(t.dtype);
  const out = allocate(dtype, t.size);
  for (let i = 0; i < src.length; i++) out[2 * i] = src[i]!;
  return new Tensor(out, dtype, t.shape);
}

/**
 * Buffer offsets of each matrix of `t` (shape [...bt, r, c]) for every index of the broadcast
 * batch shape `batch`, in row-major batch order.
 */
function batchOffsets(t: Tensor, batch: readonly number[]): Int32Array {
  const nb = t.ndim - 2;
  const strides = new Array<number>(batch.length).fill(0);
  for (let i = 0; i < nb; i++) {
    const j = batch.length - nb + i;
    if (t.shape[i] !== 1) strides[j] = t.strides[i]!;
  }
  return stridedOffsets(batch, strides, t.offset);
}

/**
 * If the batch axes and the row axis of a non-transposed operand can be merged into one row
 * axis with a single stride, returns that stride (so one gemm covers every batch); else null.
 */
function foldedRowStride(x: MatrixOperand): number | null {
  if (x.trans) return null;
  const t = x.t;
  let stride: number | null = null;
  let size = 1;
  for (let i = t.ndim - 2; i >= 0; i--) {
    const d = t.shape[i]!;
    if (d === 1) continue;
    if (stride === null) stride = t.strides[i]!;
    else if (t.strides[i] !== stride * size) return null;
    size *= d;
  }
  return stride ?? x.ld;
}

/**
 * Matrix product with NumPy `matmul` semantics.
 *
 * - 2-D × 2-D: the matrix product (m×k)·(k×n) → m×n.
 * - 1-D operands are promoted: a vector on the left is a row (its axis is removed from the
 *   result), on the right a column; vector·vector gives a rank-0 tensor.
 * - Rank > 2: the leading axes are batch axes, broadcast together (NumPy rules).
 * - k = 0 gives zeros; mixed dtypes are promoted (`promoteTypes`).
 *
 * Transposed, adjoint and conjugated views are passed to the kernels as flags, without copies;
 * other strided views are copied once.
 *
 * A product that runs on the thread pool (`setThreads`) returns a result whose `data` is over a
 * SharedArrayBuffer (the workers write it in place); `toTypedArray()` copies it to ordinary memory.
 *
 * @example
 * matmul(A, B);                 // [2,3]·[3,4] → [2,4]
 * matmul(batchA, B);            // [10,2,3]·[3,4] → [10,2,4]
 * matmul(adjoint(Q), x);        // Qᴴx, no copy of Q
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensor('matmul', a, 'the first operand');
  checkTensor('matmul', b, 'the second operand');
  const op = 'matmul';
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(
      op,
      `operands must have rank ≥ 1, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)} (use a scalar multiply for rank 0)`,
    );
  }
  const aVec = a.ndim === 1;
  const bVec = b.ndim === 1;
  const A = aVec ? new Tensor(a.data, a.dtype, [1, a.shape[0]!], [0, a.strides[0]!], a.offset, a.conjugated) : a;
  const B = bVec ? new Tensor(b.data, b.dtype, [b.shape[0]!, 1], [b.strides[0]!, 0], b.offset, b.conjugated) : b;
  const m = A.shape[A.ndim - 2]!;
  const k = A.shape[A.ndim - 1]!;
  const kb = B.shape[B.ndim - 2]!;
  const n = B.shape[B.ndim - 1]!;
  if (k !== kb) {
    throw new ShapeError(
      op,
      `contraction sizes differ: a ${fmtShape(a.shape)} has ${k} along its last axis but b ${fmtShape(b.shape)} has ${kb} along its ${bVec ? 'only' : 'second-to-last'} axis`,
    );
  }
  const batch = broadcastShapes(op, A.shape.slice(0, -2), B.shape.slice(0, -2));
  const dtype = promoteTypes(a.dtype, b.dtype);
  const fullShape = [...batch, m, n];
  const outShape = [...batch];
  if (!aVec) outShape.push(m);
  if (!bVec) outShape.push(n);
  const size = sizeOf(fullShape);
  const nb = sizeOf(batch);
  if (nb === 0 || m === 0 || n === 0 || k === 0) return new Tensor(allocate(dtype, size), dtype, outShape);

  const complex = isComplex(dtype);
  const x = prepare(A, complex);
  const y = prepare(B, complex);
  // One gemm for every batch when B is shared across batches and A's batches stack into rows.
  const folded = nb > 1 && sizeOf(B.shape.slice(0, -2)) === 1 ? foldedRowStride(x) : null;
  const rows = nb === 1 || folded !== null ? nb * m : m;
  // A product that will run on the thread pool gets its result in shared memory: the workers
  // write their rows of it in place (no copy back through the caller; parallelGemm.ts).
  const out = sharedOutputPays(complex, rows, n, k, isShared(x.t.data), isShared(y.t.data))
    ? sharedAllocate(dtype, size)
    : allocate(dtype, size);
  const result = new Tensor(out, dtype, outShape);
  if (folded !== null || nb === 1) {
    runGemm(complex, x, y, rows, n, k, x.t.offset, folded ?? x.ld, y.t.offset, out, 0);
    return result;
  }
  const offA = batchOffsets(x.t, batch);
  const offB = batchOffsets(y.t, batch);
  for (let q = 0; q < nb; q++) runGemm(complex, x, y, m, n, k, offA[q]!, x.ld, offB[q]!, out, q * m * n);
  return result;
}

function runGemm(
  complex: boolean,
  x: MatrixOperand,
  y: MatrixOperand,
  m: number,
  n: number,
  k: number,
  aOff: number,
  lda: number,
  bOff: number,
  c: Float64Array | Float32Array,
  cOff: number,
): void {
  const a = stridedOperand(x, aOff, lda);
  const b = stridedOperand(y, bOff, y.ld);
  if (complex) complexGemm(m, n, k, ONE, a, b, ZERO, rowMajor(c, n, cOff));
  else gemm(m, n, k, 1, a, b, 0, rowMajor(c, n, cOff));
}

const ONE = [1, 0] as const;
const ZERO = [0, 0] as const;

/** The kernel operand for one matrix of `x` starting at buffer offset `offset`. */
function stridedOperand(x: MatrixOperand, offset: number, ld: number): StridedOperand {
  return x.trans
    ? { data: x.t.data, offset, rowStride: 1, colStride: ld, conj: x.conj }
    : { data: x.t.data, offset, rowStride: ld, colStride: 1, conj: x.conj };
}

/**
 * NumPy's `dot` (no conjugation): vector·vector → rank 0, matrix·vector, matrix·matrix; for
 * N-d operands the sum runs over the last axis of `a` and the second-to-last of `b` (the only
 * axis when `b` is 1-D); a rank-0 operand scales the other.
 *
 * @example
 * dot(u, v).item();   // Σ uᵢvᵢ
 */
export function dot(a: Tensor, b: Tensor): Tensor {
  checkTensor('dot', a, 'the first operand');
  checkTensor('dot', b, 'the second operand');
  if (a.ndim === 0 || b.ndim === 0) return tensordot(a, b, 0);
  const ka = a.shape[a.ndim - 1]!;
  const bAxis = b.ndim === 1 ? 0 : b.ndim - 2;
  const kb = b.shape[bAxis]!;
  if (ka !== kb) {
    throw new ShapeError(
      'dot',
      `shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)} are not aligned: ${ka} (a axis ${a.ndim - 1}) vs ${kb} (b axis ${bAxis})`,
    );
  }
  if (a.ndim <= 2 && b.ndim <= 2) return matmul(a, b);
  return tensordot(a, b, [[a.ndim - 1], [bAxis]]);
}

/**
 * NumPy's `vdot`: both operands are flattened and the first is conjugated, giving the rank-0
 * Σ conj(aᵢ)·bᵢ. The sizes must agree.
 *
 * @example
 * vdot(tensor([1, 2]), tensor([3, 4])).item(); // 11
 */
export function vdot(a: Tensor, b: Tensor): Tensor {
  checkTensor('vdot', a, 'the first operand');
  checkTensor('vdot', b, 'the second operand');
  if (a.size !== b.size) {
    throw new ShapeError(
      'vdot',
      `operands must have the same size, got ${a.size} (shape ${fmtShape(a.shape)}) and ${b.size} (shape ${fmtShape(b.shape)})`,
    );
  }
  return matmul(reshape(conj(a), [a.size]), reshape(b, [b.size]));
}
