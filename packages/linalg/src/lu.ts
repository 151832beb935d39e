import type { Tensor } from '@svd/tensor';
import { Stack, forEachMatrix, outputTensor, readMatrixBatch } from './batch.js';
import { checkFinite } from './checkInput.js';
import { luFactor } from './kernels/luFactor.js';

/**
 * LU factorisation with partial (row) pivoting of each square matrix on the last two axes,
 * returned like SciPy's `scipy.linalg.lu`: `[P, L, U]` with **A = P·L·U**, P a permutation
 * matrix, L unit lower triangular (|L[i,j]| ≤ 1), U upper triangular.
 *
 * A singular matrix is not an error here (U then has a zero on its diagonal); `solve` and `inv`
 * are the ones that refuse it. Non-square input throws ShapeError.
 */
export function lu(A: Tensor): [P: Tensor, L: Tensor, U: Tensor] {
  const op = 'lu';
  const b = readMatrixBatch(op, A, { square: true });
  const { rows: n, count, batchShape } = b;
  checkFinite(op, b.data, count, n, n);
  const P = new Stack(count, n * n);
  const L = new Stack(count, n * n);
  const U = new Stack(count, n * n);
  forEachMatrix(b, (a, k) => {
    const f = luFactor(a, n);
    const p = new Float64Array(n * n);
    const l = new Float64Array(n * n);
    const u = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      // Row i of P·A is row perm[i] of A, so A = Pᵀ·L·U: our P has P[perm[i], i] = 1.
      p[f.perm[i]! * n + i] = 1;
      for (let j = 0; j < n; j++) {
        const x = f.lu[i * n + j]!;
        if (j < i) l[i * n + j] = x;
        else u[i * n + j] = x;
      }
      l[i * n + i] = 1;
    }
    P.put(k, p);
    L.put(k, l);
    U.put(k, u);
  });
  const shape = [...batchShape, n, n];
  return [outputTensor(P.data(), shape, b.dtype), outputTensor(L.data(), shape, b.dtype), outputTensor(U.data(), shape, b.dtype)];
}
