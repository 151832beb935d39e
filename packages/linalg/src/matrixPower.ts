import * as T from '@svd/tensor';
import { type Tensor, ValueError } from '@svd/tensor';
import { checkFinite } from './checkInput.js';
import { readMatrixBatch } from './batch.js';
import { roundTo, toDouble } from './doublePrecision.js';
import { relabelLinAlgError } from './errors.js';
import { inv } from './inv.js';

/**
 * Aᵏ for an integer k of each square matrix on the last two axes, by repeated squaring (binary
 * powering, as `numpy.linalg.matrix_power`): about 2·log₂|k| products. k = 0 gives the
 * identity; negative k powers the inverse, (A⁻¹)^|k|. float32 / complex64 are computed in double
 * precision and rounded once.
 *
 * @throws ValueError when k is not an integer; LinAlgError for k < 0 and singular A, or on
 *   NaN/±Inf; ShapeError for non-square input.
 *
 * @example
 * matrixPower(tensor([[1, 1], [1, 0]]), 10).toArray(); // [[89, 55], [55, 34]] (Fibonacci)
 * matrixPower(tensor([[2, 0], [0, 4]]), -1).toArray(); // [[0.5, 0], [0, 0.25]]
 */
export function matrixPower(A: Tensor, k: number): Tensor {
  const op = 'matrixPower';
  if (typeof k !== 'number' || !Number.isSafeInteger(k)) {
    throw new ValueError(op, `the exponent k must be a safe integer, got ${String(k)}`);
  }
  const b = readMatrixBatch(op, A, { square: true });
  checkFinite(op, b.data, b.count, b.rows, b.cols, 'all', 'the input', b.width);
  const n = b.rows;
  let base = toDouble(A);
  if (k < 0) {
    try {
      base = inv(base);
    } catch (err) {
      throw relabelLinAlgError(err, op, undefined);
    }
  }
  const eye = T.broadcastTo(T.eye(n, n, { dtype: base.dtype }), base.shape);
  return roundTo(binaryPower(base, Math.abs(k), eye), A.dtype);
}

/** xᵏ by squaring, the product accumulated from the low bits up (NumPy's order). */
function binaryPower(x: Tensor, k: number, identity: Tensor): Tensor {
  if (k === 0) return T.contiguous(identity);
  if (k === 1) return x;
  let result: Tensor | null = null;
  let z = x;
  let e = k;
  for (;;) {
    if (e % 2 === 1) result = result === null ? z : T.matmul(result, z);
    e = Math.floor(e / 2);
    if (e === 0) break;
    z = T.matmul(z, z);
  }
  return result!;
}
