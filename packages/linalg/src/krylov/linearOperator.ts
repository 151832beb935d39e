import {
  DTypeError,
  type DType,
  ShapeError,
  type Tensor,
  Tensor as TensorClass,
  ValueError,
  describeValue,
  internal,
  isComplex,
  isDType,
  isSinglePrecision,
  isTensor,
  kernels as tensorKernels,
} from '@svd/tensor';
import { fromTensor } from '../batch.js';
import { checkFinite } from '../checkInput.js';
import { LinAlgError } from '../errors.js';

const { fmtShape } = internal;
const { gemm, complexGemm, rowMajor, transposed, conjugated, gemvWorkspace, rowProducts, addTransposedProduct } =
  tensorKernels;
type StridedOperand = ReturnType<typeof rowMajor>;

/**
 * A linear map A: 𝔽ⁿ → 𝔽ᵐ known only through its action on blocks of vectors, for the Krylov
 * solvers (`svds`, `eigsh`, `svdLowRank`). The matrix is never formed: `apply` may be a tensor
 * contraction, a sparse product, a low-rank-plus-diagonal formula, …
 *
 * - `apply(X)` receives an n×b tensor of the operator's dtype and returns A·X, m×b, same dtype.
 * - `applyAdjoint(Y)` receives m×b and returns Aᴴ·Y (conjugate transpose), n×b.
 *
 * Results are checked: a wrong shape is a `ShapeError`, a wrong dtype a `DTypeError`, NaN or ±Inf
 * a `LinAlgError`, each naming the solver and the method. The solvers call `apply` with b = 1
 * (Lanczos) or b = k + oversample (`svdLowRank`) and never keep references to the tensors they
 * pass.
 *
 * @example
 * // D + u·vᵀ on 𝔽¹⁰⁰⁰⁰, never formed.
 * const d = rand([10000, 1], { seed: 1 }), u = randn([10000, 1], { seed: 2 }), v = randn([10000, 1], { seed: 3 });
 * const op: LinearOperator = {
 *   shape: [10000, 10000],
 *   dtype: 'float64',
 *   apply: (x) => add(mul(d, x), matmul(u, matmul(matrixTranspose(v), x))),
 *   applyAdjoint: (y) => add(mul(d, y), matmul(v, matmul(matrixTranspose(u), y))),
 * };
 * const [U, S, V] = svds(op, 3);
 */
export interface LinearOperator {
  /** [m, n]: A maps vectors of length n to vectors of length m. */
  readonly shape: readonly [number, number];
  /** float32, float64, complex64 or complex128: the dtype of the blocks `apply` takes and returns. */
  readonly dtype: DType;
  /** A·X for an n×b block X (returns m×b). */
  apply(x: Tensor): Tensor;
  /** Aᴴ·Y for an m×b block Y (returns n×b); the conjugate transpose for complex operators. */
  applyAdjoint(y: Tensor): Tensor;
}

/**
 * The solvers' internal view of A: row-major float64 blocks (interleaved re, im when `width` is 2)
 * in and out. `apply(x, b)` maps an n×b block to m×b, `adjoint(y, b)` an m×b block to n×b.
 */
export interface BlockOperator {
  readonly m: number;
  readonly n: number;
  readonly width: 1 | 2;
  readonly dtype: DType;
  /** The dense matrix when A was a Tensor (row-major m×n), for the dense fall-back path. */
  readonly dense: Float64Array | null;
  apply(x: Float64Array, b: number): Float64Array;
  adjoint(y: Float64Array, b: number): Float64Array;
}

/** A dense m×n row-major buffer as a BlockOperator whose products are one GEMM each. */
export function denseOperator(a: Float64Array, m: number, n: number, width: 1 | 2, dtype: DType): BlockOperator {
  const A = rowMajor(a, n);
  const AH = width === 2 ? conjugated(transposed(A)) : transposed(A);
  const Aconj = width === 2 ? conjugated(A) : A;
  const product = (rows: number, inner: number, left: StridedOperand, right: StridedOperand, cols: number) => {
    const out = new Float64Array(rows * cols * width);
    if (width === 2) complexGemm(rows, cols, inner, [1, 0], left, right, [0, 0], rowMajor(out, cols));
    else gemm(rows, cols, inner, 1, left, right, 0, rowMajor(out, cols));
    return out;
  };
  const vector = width === 1 && m * n <= RESIDENT_MAX_DOUBLES ? residentMatrixVector(a, m, n) : null;
  return {
    m,
    n,
    width,
    dtype,
    dense: a,
    apply: (x, b) => (b === 1 && vector ? vector.apply(x) : product(m, n, A, rowMajor(x, b), b)),
    // One vector: (Aᴴy)ᵀ = yᵀ·conj(A) walks A by rows (contiguous) instead of down its columns.
    adjoint: (y, b) =>
      b === 1
        ? vector
          ? vector.adjoint(y)
          : product(1, m, rowMajor(y, m), Aconj, n)
        : product(n, m, AH, rowMajor(y, b), b),
  };
}

/**
 * Largest real matrix (in doubles, 128 MiB) that the Lanczos solvers copy once into a workspace
 * of its own for their one-vector products; larger ones use the GEMM on every product.
 */
const RESIDENT_MAX_DOUBLES = 16 * 1024 * 1024;

/**
 * A·x and Aᵀ·y for one vector with A copied once into a dedicated gemv workspace (WebAssembly
 * memory when SIMD is available). The Lanczos iterations apply A and Aᵀ to one vector at a
 * time; a GEMM would repack the whole matrix for every such product (about 4× the time of the
 * resident matrix–vector kernels at 2000², measured), so the copy pays after the first product.
 * The kernels' summation order is fixed, so the products are deterministic.
 */
function residentMatrixVector(a: Float64Array, m: number, n: number) {
  let w: Float64Array | null = null;
  const xOff = m * n;
  const yOff = xOff + Math.max(m, n);
  const ready = () => {
    if (w === null) {
      w = gemvWorkspace(m * n + m + n + Math.max(m, n), { dedicated: true });
      w.set(a);
    }
    return w;
  };
  return {
    apply(x: Float64Array): Float64Array {
      const d = ready();
      d.set(x.subarray(0, n), xOff);
      rowProducts(d, 0, n, m, n, xOff, yOff);
      return d.slice(yOff, yOff + m);
    },
    adjoint(y: Float64Array): Float64Array {
      const d = ready();
      d.set(y.subarray(0, m), xOff);
      d.fill(0, yOff, yOff + n);
      addTransposedProduct(d, 0, n, m, n, xOff, yOff);
      return d.slice(yOff, yOff + n);
    },
  };
}

/**
 * Validates A (a rank-2 Tensor or a LinearOperator) and returns its BlockOperator. A Tensor must
 * be finite; `square` requires m = n (eigsh).
 */
export function toBlockOperator(op: string, A: unknown, square = false): BlockOperator {
  if (isTensor(A)) {
    if (A.ndim !== 2) {
      throw new ShapeError(op, `expected the input to be a matrix (2 dimensions), got shape ${fmtShape(A.shape)}`);
    }
    const b = fromTensor(op, A);
    if (square && b.rows !== b.cols) {
      throw new ShapeError(op, `expected a square matrix, got shape ${fmtShape(A.shape)}`);
    }
    checkFinite(op, b.data, 1, b.rows, b.cols, 'all', 'the input', b.width);
    return denseOperator(b.data, b.rows, b.cols, b.width, b.dtype);
  }
  const lo = checkLinearOperator(op, A);
  const [m, n] = lo.shape;
  if (square && m !== n) throw new ShapeError(op, `expected a square operator, got shape [${m}, ${n}]`);
  const width = isComplex(lo.dtype) ? 2 : 1;
  const call = (method: 'apply' | 'applyAdjoint', rowsIn: number, rowsOut: number) => (x: Float64Array, b: number) => {
    const input = new TensorClass(isSinglePrecision(lo.dtype) ? Float32Array.from(x) : x.slice(), lo.dtype, [
      rowsIn,
      b,
    ]);
    const y: unknown = lo[method](input);
    return readResult(op, method, y, rowsOut, b, lo.dtype);
  };
  return { m, n, width, dtype: lo.dtype, dense: null, apply: call('apply', n, m), adjoint: call('applyAdjoint', m, n) };
}

function checkLinearOperator(op: string, A: unknown): LinearOperator {
  const looksLikeOperator =
    A !== null &&
    typeof A === 'object' &&
    !Array.isArray(A) &&
    ['shape', 'dtype', 'apply', 'applyAdjoint'].some((key) => key in A);
  if (!looksLikeOperator) {
    throw new ValueError(op, `the input must be a Tensor or a LinearOperator, got ${describeValue(A)}`);
  }
  const o = A as Partial<Record<keyof LinearOperator, unknown>>;
  const shape = o.shape;
  const okDim = (d: unknown) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0;
  if (!Array.isArray(shape) || shape.length !== 2 || !okDim(shape[0]) || !okDim(shape[1])) {
    throw new ShapeError(
      op,
      `the operator's shape must be [m, n] with non-negative integers, got ${describeValue(shape)}`,
    );
  }
  if (!isDType(o.dtype)) {
    throw new DTypeError(
      op,
      `the operator's dtype must be float32, float64, complex64 or complex128, got ${describeValue(o.dtype)}`,
    );
  }
  for (const method of ['apply', 'applyAdjoint'] as const) {
    if (typeof o[method] !== 'function') {
      throw new ValueError(op, `the operator's ${method} must be a function, got ${describeValue(o[method])}`);
    }
  }
  return A as LinearOperator;
}

/** The operator's result, checked (Tensor, rows×b, the operator's dtype, finite), as float64. */
function readResult(op: string, method: string, y: unknown, rows: number, b: number, dtype: DType): Float64Array {
  if (!isTensor(y)) {
    throw new ValueError(op, `the operator's ${method} must return a Tensor, got ${describeValue(y)}`);
  }
  if (y.ndim !== 2 || y.shape[0] !== rows || y.shape[1] !== b) {
    throw new ShapeError(
      op,
      `the operator's ${method} returned shape ${fmtShape(y.shape)}, expected ${fmtShape([rows, b])}`,
    );
  }
  if (y.dtype !== dtype) {
    throw new DTypeError(op, `the operator's ${method} returned dtype ${y.dtype}, expected ${dtype}`);
  }
  // A copy (the solvers normalise their vectors in place; the caller's tensor must not change).
  const raw = y.toTypedArray(true);
  const data = raw instanceof Float64Array ? raw : Float64Array.from(raw);
  try {
    checkFinite(op, data, 1, rows, b, 'all', `the result of the operator's ${method}`, isComplex(dtype) ? 2 : 1);
  } catch (e) {
    if (e instanceof LinAlgError) {
      throw new LinAlgError(op, `the result of the operator's ${method} contains non-finite values (NaN or ±Inf)`);
    }
    throw e;
  }
  return data;
}

/** The dense m×n matrix of an operator (A·I in column blocks), for the dense fall-back path. */
export function formDense(A: BlockOperator): Float64Array {
  if (A.dense) return A.dense;
  const { m, n, width } = A;
  const out = new Float64Array(m * n * width);
  const BLOCK = 256;
  for (let c0 = 0; c0 < n; c0 += BLOCK) {
    const b = Math.min(BLOCK, n - c0);
    const e = new Float64Array(n * b * width);
    for (let j = 0; j < b; j++) e[((c0 + j) * b + j) * width] = 1;
    const y = A.apply(e, b);
    for (let i = 0; i < m; i++) out.set(y.subarray(i * b * width, (i + 1) * b * width), (i * n + c0) * width);
  }
  return out;
}

/**
 * A Hermitian Tensor as a BlockOperator, read like `eigh`: only the `uplo` triangle (diagonal
 * included, imaginary parts of the diagonal ignored) is read and checked for NaN/±Inf; the
 * other triangle is rebuilt as its conjugate mirror.
 */
export function hermitianTensorOperator(op: string, A: Tensor, uplo: 'L' | 'U'): BlockOperator {
  if (A.ndim !== 2) {
    throw new ShapeError(op, `expected the input to be a matrix (2 dimensions), got shape ${fmtShape(A.shape)}`);
  }
  const b = fromTensor(op, A);
  const n = b.rows;
  if (b.cols !== n) throw new ShapeError(op, `expected a square matrix, got shape ${fmtShape(A.shape)}`);
  const w = b.width;
  checkFinite(op, b.data, 1, n, n, uplo === 'L' ? 'lower' : 'upper', 'the input', w, true);
  const a = new Float64Array(n * n * w);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const src = uplo === 'L' ? (i * n + j) * w : (j * n + i) * w;
      const re = b.data[src]!;
      // Stored (i, j) with i ≥ j in the lower triangle; for 'U' the element read is (j, i) = conj.
      const im = w === 2 && i !== j ? (uplo === 'L' ? b.data[src + 1]! : -b.data[src + 1]!) : 0;
      a[(i * n + j) * w] = re;
      a[(j * n + i) * w] = re;
      if (w === 2) {
        a[(i * n + j) * w + 1] = im;
        a[(j * n + i) * w + 1] = -im;
      }
    }
  }
  return denseOperator(a, n, n, w, b.dtype);
}
