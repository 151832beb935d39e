import { type Tensor, ValueError, contiguous, describeValue, isTensor, permute, reshape } from '@svd/tensor';
import { Stack, forEachMatrix, fromTensor, outputTensor } from './batch.js';
import { checkFinite, checkMatrix } from './checkInput.js';
import { complexSvdKernel } from './kernels/complex/complexSvdKernel.js';
import { complexAbs } from './kernels/complex/complexScalar.js';
import { safeNorm2 } from './kernels/safeNorm2.js';
import { svdKernel } from './kernels/svd/svdKernel.js';
import { type MatrixNormOptions, type MatrixNormOrd, resolveMatrixNormArgs } from './normDispatch.js';

/**
 * Matrix norm of the matrices on `axes` (default the last two), batched over the other axes,
 * as torch.linalg.matrix_norm / numpy.linalg.norm with two axes. Returns a tensor of the batch
 * shape (0-d for one matrix; size-1 axes in place of the two with `keepdims`). 'fro' is Blue's
 * overflow-safe sum of squares (dnrm2); 2, -2 and 'nuc' use the singular values; ±1 and ±Infinity
 * the absolute column / row sums. Every norm of an empty matrix is 0.
 *
 * Complex input: |aᵢⱼ| is the modulus; the result is real (float64, or float32 for complex64).
 *
 * @throws ValueError for an unknown `ord` or option; ShapeError for rank < 2; IndexError for a bad
 * axis; LinAlgError on NaN/±Inf.
 *
 * @example
 * matrixNorm(tensor([[3, 4], [0, 0]])).item();                   // 5 (Frobenius)
 * matrixNorm(tensor([[1, -2], [3, 4]]), { ord: Infinity }).item(); // 7 (max row sum)
 * matrixNorm(randn([5, 3, 4]), { ord: 'nuc' }).shape;              // [5]
 */
export function matrixNorm(A: Tensor, options: MatrixNormOptions = {}): Tensor {
  const op = 'matrixNorm';
  if (!isTensor(A)) throw new ValueError(op, `the input must be a Tensor, got ${describeValue(A)}`);
  checkMatrix(op, A);
  const { ord, axes, keepdims } = resolveMatrixNormArgs(op, A.ndim, options);
  return matrixNormAlong(op, A, ord, axes, keepdims);
}

/**
 * `matrixNorm` with validated arguments (`axes` resolved and distinct); errors name `op`.
 *
 * @example
 * kernels.matrixNormAlong('norm', eye(3), 'nuc', [0, 1], false).item(); // 3
 */
export function matrixNormAlong(
  op: string,
  A: Tensor,
  ord: MatrixNormOrd,
  axes: readonly [number, number],
  keepdims: boolean,
): Tensor {
  const nd = A.ndim;
  const [r, c] = axes;
  const batch = [...Array(nd).keys()].filter((a) => a !== r && a !== c);
  const moved = r === nd - 2 && c === nd - 1 ? A : contiguous(permute(A, [...batch, r, c]));
  const b = fromTensor(op, moved);
  const { rows: m, cols: n, count } = b;
  checkFinite(op, b.data, count, m, n, 'all', 'the input', b.width);
  const N = new Stack(count, 1);
  forEachMatrix(b, (a, k) => N.putScalar(k, matrixNormOf(a, m, n, ord, b.width)));
  const result = outputTensor(N.data(), b.batchShape, b.dtype);
  if (!keepdims) return result;
  return reshape(
    result,
    A.shape.map((d, a) => (a === r || a === c ? 1 : d)),
  );
}

/** The norm of one row-major m×n matrix (finite entries; width 2 = interleaved complex). */
export function matrixNormOf(a: Float64Array, m: number, n: number, ord: MatrixNormOrd, width: 1 | 2 = 1): number {
  if (m === 0 || n === 0) return 0;
  const abs = width === 1 ? (p: number) => Math.abs(a[p]!) : (p: number) => complexAbs(a[2 * p]!, a[2 * p + 1]!);
  switch (ord) {
    case 'fro':
      // Σ|aᵢⱼ|² = Σ (re² + im²): the norm of all the interleaved reals.
      return safeNorm2(a, 0, m * n * width, 1);
    case 1:
    case -1: {
      const sums = new Float64Array(n);
      for (let i = 0; i < m; i++) {
        const row = i * n;
        for (let j = 0; j < n; j++) sums[j] = sums[j]! + abs(row + j);
      }
      let best = sums[0]!;
      for (let j = 1; j < n; j++) best = ord === 1 ? Math.max(best, sums[j]!) : Math.min(best, sums[j]!);
      return best;
    }
    case Number.POSITIVE_INFINITY:
    case Number.NEGATIVE_INFINITY: {
      let best = ord === Number.POSITIVE_INFINITY ? 0 : Number.POSITIVE_INFINITY;
      for (let i = 0; i < m; i++) {
        const row = i * n;
        let s = 0;
        for (let j = 0; j < n; j++) s += abs(row + j);
        best = ord === Number.POSITIVE_INFINITY ? Math.max(best, s) : Math.min(best, s);
      }
      return best;
    }
    default: {
      const s = (width === 2 ? complexSvdKernel : svdKernel)(a, m, n, 'none').s;
      if (ord === 2) return s[0]!;
      if (ord === -2) return s[s.length - 1]!;
      let sum = 0;
      for (let i = s.length - 1; i >= 0; i--) sum += s[i]!; // small to large
      return sum;
    }
  }
}
