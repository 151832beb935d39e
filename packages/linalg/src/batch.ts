import { type DType, type RealDType, Tensor, realDType } from '@svd/tensor';
import { checkMatrix, checkRealDType, checkSquare } from './checkInput.js';
import { relabelLinAlgError } from './errors.js';
import { clearNegativeZeros } from './kernels/negativeZero.js';

/**
 * A stack of matrices read from the last two axes of a tensor, as one dense row-major float64
 * buffer. Kernels see matrix k as `matrixAt(batch, k)`, a subarray view.
 *
 * `data` may alias the input tensor's own buffer (float64, contiguous): never write into it.
 * float32 input is widened to float64 here (exactly), so every kernel runs in float64.
 */
export interface MatrixBatch {
  readonly op: string;
  /** The input's dtype; outputs use it (float32 in → float32 out). */
  readonly dtype: DType;
  readonly batchShape: readonly number[];
  /** Number of matrices: the product of batchShape (1 for a plain matrix, maybe 0). */
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** Validates (rank ≥ 2, real dtype, optionally square) and reads a tensor as a batch of matrices. */
export function readMatrixBatch(op: string, A: unknown, opts: { square?: boolean; what?: string } = {}): MatrixBatch {
  const t = checkMatrix(op, A, opts.what);
  checkRealDType(op, t);
  if (opts.square) checkSquare(op, t);
  return fromTensor(op, t);
}

/** The batch view of a tensor already validated (rank ≥ 2, real). */
export function fromTensor(op: string, t: Tensor): MatrixBatch {
  const nd = t.ndim;
  const batchShape = t.shape.slice(0, nd - 2);
  let count = 1;
  for (const d of batchShape) count *= d;
  const raw = t.toTypedArray(false);
  const data = raw instanceof Float64Array ? raw : Float64Array.from(raw);
  return { op, dtype: t.dtype, batchShape, count, rows: t.shape[nd - 2]!, cols: t.shape[nd - 1]!, data };
}

/** Matrix k of the batch (a view; do not write). */
export function matrixAt(b: MatrixBatch, k: number): Float64Array {
  const size = b.rows * b.cols;
  return b.data.subarray(k * size, (k + 1) * size);
}

/**
 * Runs `fn` on every matrix of the batch, in order. A LinAlgError thrown by a kernel is re-issued
 * under the public operation's name, and, for a batched input, with " at batch element k".
 */
export function forEachMatrix(b: MatrixBatch, fn: (a: Float64Array, k: number) => void): void {
  for (let k = 0; k < b.count; k++) {
    try {
      fn(matrixAt(b, k), k);
    } catch (err) {
      throw relabelLinAlgError(err, b.op, b.batchShape.length > 0 ? k : undefined);
    }
  }
}

/**
 * Collects one per-matrix result of `size` numbers for each of `count` batch elements. With a
 * single matrix the kernel's own buffer is adopted, so nothing is copied.
 */
export class Stack {
  private buf: Float64Array | null = null;
  constructor(
    readonly count: number,
    readonly size: number,
  ) {}

  put(k: number, x: Float64Array): void {
    if (this.count === 1 && x.length === this.size) {
      this.buf = x;
      return;
    }
    this.buf ??= new Float64Array(this.count * this.size);
    this.buf.set(x.subarray(0, this.size), k * this.size);
  }

  /** Writes one number (size must be 1). */
  putScalar(k: number, x: number): void {
    this.buf ??= new Float64Array(this.count * this.size);
    this.buf[k * this.size] = x;
  }

  data(): Float64Array {
    return this.buf ?? new Float64Array(this.count * this.size);
  }
}

/**
 * A result tensor of `shape` from float64 numbers, in the output dtype: float32 outputs are the
 * float64 results rounded once. −0 is replaced by +0 (rounding can create it from a tiny
 * negative), so no output of the package ever holds −0.
 */
export function outputTensor(data: Float64Array, shape: readonly number[], dtype: DType): Tensor {
  const real: RealDType = realDType(dtype);
  if (real === 'float32') {
    const out = Float32Array.from(data);
    for (let i = 0; i < out.length; i++) if (out[i] === 0) out[i] = 0;
    return new Tensor(out, 'float32', shape);
  }
  return new Tensor(clearNegativeZeros(data), 'float64', shape);
}
