import type { Tensor } from '@svd/tensor';
import { Stack, forEachMatrix, outputTensor, readMatrixBatch } from './batch.js';
import { checkChoice, checkFinite } from './checkInput.js';
import { complexSvdKernel } from './kernels/complex/complexSvdKernel.js';
import { complexAbs } from './kernels/complex/complexScalar.js';
import { safeNorm2 } from './kernels/safeNorm2.js';
import { svdKernel } from './kernels/svd/svdKernel.js';

/**
 * Matrix norm orders (NumPy's `ord` for 2-D input):
 * 'fro' Frobenius (default) · 'nuc' nuclear (sum of singular values) · 1 / -1 max / min column
 * sum of |a| · Infinity / -Infinity max / min row sum · 2 / -2 largest / smallest singular value.
 */
export type MatrixNormOrd =
  | 'fro'
  | 'nuc'
  | 1
  | -1
  | 2
  | -2
  | typeof Number.POSITIVE_INFINITY
  | typeof Number.NEGATIVE_INFINITY;

export const MATRIX_NORM_ORDS: readonly MatrixNormOrd[] = [
  'fro',
  'nuc',
  1,
  -1,
  2,
  -2,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
];

/**
 * The matrix norm of each matrix on the last two axes; returns a tensor of the batch shape
 * (0-d for a single matrix). Frobenius uses an overflow-safe sum of squares (Blue's dnrm2);
 * 2, -2 and 'nuc' use the singular values. Every norm of an empty matrix is 0.
 *
 * Complex input: |aᵢⱼ| is the modulus; the result is real (float64, or float32 for complex64).
 *
 * @throws ValueError for an unknown `ord`; ShapeError for rank < 2; LinAlgError on NaN/±Inf.
 *
 * @example
 * norm(tensor([[3, 4], [0, 0]])).item();            // 5 (Frobenius)
 * norm(tensor([[1, -2], [3, 4]]), Infinity).item(); // 7 (max row sum)
 */
export function norm(A: Tensor, ord: MatrixNormOrd = 'fro'): Tensor {
  const op = 'norm';
  const o = checkChoice<MatrixNormOrd>(op, 'ord', ord, MATRIX_NORM_ORDS, 'fro');
  const b = readMatrixBatch(op, A);
  const { rows: m, cols: n, count, batchShape } = b;
  checkFinite(op, b.data, count, m, n, 'all', 'the input', b.width);
  const N = new Stack(count, 1);
  forEachMatrix(b, (a, k) => N.putScalar(k, matrixNorm(a, m, n, o, b.width)));
  return outputTensor(N.data(), batchShape, b.dtype);
}

/** The norm of one row-major m×n matrix (finite entries; width 2 = interleaved complex). */
export function matrixNorm(a: Float64Array, m: number, n: number, ord: MatrixNormOrd, width: 1 | 2 = 1): number {
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
