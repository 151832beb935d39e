import type { Tensor } from '@svd/tensor';
import { Stack, complexOutputTensor, forEachMatrix, outputTensor, readMatrixBatch } from './batch.js';
import { checkFinite } from './checkInput.js';
import { complexLU } from './kernels/complex/complexLU.js';
import { luFactor } from './kernels/luFactor.js';

/**
 * LU factorisation with partial (row) pivoting of each square matrix on the last two axes,
 * returned like SciPy's `scipy.linalg.lu`: `[P, L, U]` with **A = P·L·U**, P a permutation
 * matrix, L unit lower triangular (|L[i,j]| ≤ 1), U upper triangular.
 *
 * Complex input gives complex P, L and U (P real-valued); pivots by |re| + |im| as LAPACK's
 * zgetrf does.
 *
 * A singular matrix is not an error here (U then has a zero on its diagonal); `solve` and `inv`
 * are the ones that refuse it. Non-square input throws ShapeError.
 *
 * @example
 * const [P, L, U] = lu(tensor([[1, 2], [3, 4]]));
 * // P = [[0, 1], [1, 0]], L = [[1, 0], [0.333…, 1]], U = [[3, 4], [0, 0.666…]]; A = P·L·U
 */
export function lu(A: Tensor): [P: Tensor, L: Tensor, U: Tensor] {
  const op = 'lu';
  const b = readMatrixBatch(op, A, { square: true });
  const { rows: n, count, batchShape } = b;
  checkFinite(op, b.data, count, n, n, 'all', 'the input', b.width);
  const w = b.width;
  const P = new Stack(count, n * n * w);
  const L = new Stack(count, n * n * w);
  const U = new Stack(count, n * n * w);
  forEachMatrix(b, (a, k) => {
    const f = w === 2 ? complexLU(a, n) : luFactor(a, n);
    const p = new Float64Array(n * n * w);
    const l = new Float64Array(n * n * w);
    const u = new Float64Array(n * n * w);
    for (let i = 0; i < n; i++) {
      // Row i of P·A is row perm[i] of A, so A = Pᵀ·L·U: our P has P[perm[i], i] = 1.
      p[(f.perm[i]! * n + i) * w] = 1;
      for (let j = 0; j < n; j++) {
        const dst = j < i ? l : u;
        for (let c = 0; c < w; c++) dst[(i * n + j) * w + c] = f.lu[(i * n + j) * w + c]!;
      }
      l[(i * n + i) * w] = 1;
    }
    P.put(k, p);
    L.put(k, l);
    U.put(k, u);
  });
  const shape = [...batchShape, n, n];
  const out = w === 2 ? complexOutputTensor : outputTensor;
  return [out(P.data(), shape, b.dtype), out(L.data(), shape, b.dtype), out(U.data(), shape, b.dtype)];
}
