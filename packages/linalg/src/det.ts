import type { Tensor } from '@svd/tensor';
import { Stack, forEachMatrix, outputTensor, readMatrixBatch } from './batch.js';
import { checkFinite } from './checkInput.js';
import { luFactor } from './kernels/luFactor.js';

/**
 * The determinant of each square matrix on the last two axes, from LU with partial pivoting:
 * det = ±Π U[i,i]. Returns a tensor of the batch shape (0-d for a single matrix; read it with
 * `.item()`). det of a 0×0 matrix is 1; an exactly singular matrix gives 0. The product can
 * overflow or underflow for large n — use `slogdet` then.
 */
export function det(A: Tensor): Tensor {
  const op = 'det';
  const b = readMatrixBatch(op, A, { square: true });
  const { rows: n, count, batchShape } = b;
  checkFinite(op, b.data, count, n, n);
  const D = new Stack(count, 1);
  forEachMatrix(b, (a, k) => {
    const f = luFactor(a, n);
    let d: number = f.sign;
    if (f.zeroPivot !== 0) d = 0;
    else for (let i = 0; i < n; i++) d *= f.lu[i * n + i]!;
    D.putScalar(k, d);
  });
  return outputTensor(D.data(), batchShape, b.dtype);
}

/**
 * Sign and log-magnitude of the determinant, `[sign, logabsdet]` with det = sign·exp(logabsdet),
 * without the overflow of `det`. Both have the batch shape. A singular matrix gives
 * [0, -Infinity]; a 0×0 matrix gives [1, 0].
 */
export function slogdet(A: Tensor): [sign: Tensor, logabsdet: Tensor] {
  const op = 'slogdet';
  const b = readMatrixBatch(op, A, { square: true });
  const { rows: n, count, batchShape } = b;
  checkFinite(op, b.data, count, n, n);
  const S = new Stack(count, 1);
  const L = new Stack(count, 1);
  forEachMatrix(b, (a, k) => {
    const f = luFactor(a, n);
    let sign: number = f.sign;
    let logabs = 0;
    if (f.zeroPivot !== 0) {
      sign = 0;
      logabs = Number.NEGATIVE_INFINITY;
    } else {
      for (let i = 0; i < n; i++) {
        const u = f.lu[i * n + i]!;
        if (u < 0) sign = -sign;
        logabs += Math.log(Math.abs(u));
      }
    }
    S.putScalar(k, sign);
    L.putScalar(k, logabs);
  });
  return [outputTensor(S.data(), batchShape, b.dtype), outputTensor(L.data(), batchShape, b.dtype)];
}
