import { type DType, type RealDType, Tensor, isComplex, realDType } from '@svd/tensor';
import { checkMatrix, checkSquare } from './checkInput.js';
import { relabelLinAlgError } from './errors.js';
import { clearNegativeZeros } from './kernels/negativeZero.js';

/**
 * A stack of matrices read from the last two axes of a tensor, as one dense row-major float64
 * buffer. Kernels see matrix k as `matrixAt(batch, k)`, a subarray view.
 *
 * `data` may alias the input tensor's own buffer (float64, contiguous): never write into it.
 * float32 input is widened to float64 here (exactly), so every kernel runs in float64.
 * Complex input (complex128, complex64) is read as interleaved (re, im) float64 pairs with any
 * lazy conjugation applied: `width` is 2 and matrix k spans 2·rows·cols reals.
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
  /** 1 for real data, 2 for interleaved complex. */
  readonly width: 1 | 2;
  readonly data: Float64Array;
}

/** Validates (rank ≥ 2, optionally square) and reads a tensor as a batch of matrices. */
export function readMatrixBatch(op: string, A: unknown, opts: { square?: boolean; what?: string } = {}): MatrixBatch {
  const t = checkMatrix(op, A, opts.what);
  if (opts.square) checkSquare(op, t);
  return fromTensor(op, t);
}

/**
 * The batch view of a tensor already validated (rank ≥ 2). `asComplex` reads a real tensor as
 * complex (zero imaginary parts), for mixed real/complex operands of the solvers.
 */
export function fromTensor(op: string, t: Tensor, asComplex = false): MatrixBatch {
  const nd = t.ndim;
  const batchShape = t.shape.slice(0, nd - 2);
  let count = 1;
  for (const d of batchShape) count *= d;
  const raw = t.toTypedArray(false);
  let data = raw instanceof Float64Array ? raw : Float64Array.from(raw);
  const complex = isComplex(t.dtype);
  if (asComplex && !complex) {
    const z = new Float64Array(2 * data.length);
    for (let i = 0; i < data.length; i++) z[2 * i] = data[i]!;
    data = z;
  }
  const width = complex || asComplex ? 2 : 1;
  return { op, dtype: t.dtype, batchShape, count, rows: t.shape[nd - 2]!, cols: t.shape[nd - 1]!, width, data };
}

/** Matrix k of the batch (a view; do not write). */
export function matrixAt(b: MatrixBatch, k: number): Float64Array {
  const size = b.rows * b.cols * b.width;
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
 * negative), so no output of the package ever holds −0. `clean`: the float64 data holds no −0
 * already (the SVD's batch loop clears each matrix's results as it writes them).
 */
export function outputTensor(data: Float64Array, shape: readonly number[], dtype: DType, clean = false): Tensor {
  const real: RealDType = realDType(dtype);
  if (real === 'float32') {
    const out = Float32Array.from(data);
    for (let i = 0; i < out.length; i++) if (out[i] === 0) out[i] = 0;
    return new Tensor(out, 'float32', shape);
  }
  return new Tensor(clean ? data : clearNegativeZeros(data), 'float64', shape);
}

/**
 * A complex result tensor (complex128, or complex64 rounded once) from interleaved float64
 * (re, im) pairs; `shape` counts complex elements. No −0 in either part (`clean`: as for
 * `outputTensor`).
 */
export function complexOutputTensor(data: Float64Array, shape: readonly number[], dtype: DType, clean = false): Tensor {
  if (realDType(dtype) === 'float32') {
    const out = Float32Array.from(data);
    for (let i = 0; i < out.length; i++) if (out[i] === 0) out[i] = 0;
    return new Tensor(out, 'complex64', shape);
  }
  return new Tensor(clean ? data : clearNegativeZeros(data), 'complex128', shape);
}
