import type { Tensor } from '@svd/tensor';
import { Stack, complexOutputTensor, forEachMatrix, outputTensor, readMatrixBatch } from './batch.js';
import { checkFinite } from './checkInput.js';
import { complexLU } from './kernels/complex/complexLU.js';
import { luFactor } from './kernels/luFactor.js';
import { rectangularLU } from './kernels/rectangularLU.js';

/**
 * LU factorisation with partial (row) pivoting of each matrix on the last two axes, any shape,
 * returned like SciPy's `scipy.linalg.lu` / `torch.linalg.lu`: `[P, L, U]` with **A = P·L·U**,
 * P an m×m permutation matrix, L m×k unit lower triangular (|L[i,j]| ≤ 1), U k×n upper
 * triangular (upper trapezoidal when wide), k = min(m, n).
 *
 * Complex input gives complex P, L and U (P real-valued); pivots by |re| + |im| as LAPACK's
 * zgetrf does.
 *
 * A singular matrix is not an error here (U then has a zero on its diagonal); `solve` and `inv`
 * are the ones that refuse it.
 *
 * @example
 * const [P, L, U] = lu(tensor([[1, 2], [3, 4]]));
 * // P = [[0, 1], [1, 0]], L = [[1, 0], [0.333…, 1]], U = [[3, 4], [0, 0.666…]]; A = P·L·U
 * lu(tensor([[1, 2, 3], [4, 5, 6]]))[2].shape; // [2, 3]: U is k×n, L is m×k
 */
export function lu(A: Tensor): [P: Tensor, L: Tensor, U: Tensor] {
  const op = 'lu';
  const b = readMatrixBatch(op, A);
  const { rows: m, cols: n, count, batchShape } = b;
  checkFinite(op, b.data, count, m, n, 'all', 'the input', b.width);
  const w = b.width;
  const k = Math.min(m, n);
  const P = new Stack(count, m * m * w);
  const L = new Stack(count, m * k * w);
  const U = new Stack(count, k * n * w);
  forEachMatrix(b, (a, idx) => {
    // Square input keeps the square kernels (and their bits); other shapes use the m×n loop.
    const f = m !== n ? rectangularLU(a, m, n, w) : w === 2 ? complexLU(a, n) : luFactor(a, n);
    const p = new Float64Array(m * m * w);
    const l = new Float64Array(m * k * w);
    const u = new Float64Array(k * n * w);
    // Row i of P·A is row perm[i] of A, so A = Pᵀ·L·U: our P has P[perm[i], i] = 1.
    for (let i = 0; i < m; i++) p[(f.perm[i]! * m + i) * w] = 1;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const src = (i * n + j) * w;
        if (j < i && j < k) for (let c = 0; c < w; c++) l[(i * k + j) * w + c] = f.lu[src + c]!;
        else if (j >= i && i < k) for (let c = 0; c < w; c++) u[(i * n + j) * w + c] = f.lu[src + c]!;
      }
      if (i < k) l[(i * k + i) * w] = 1;
    }
    P.put(idx, p);
    L.put(idx, l);
    U.put(idx, u);
  });
  const out = w === 2 ? complexOutputTensor : outputTensor;
  return [
    out(P.data(), [...batchShape, m, m], b.dtype),
    out(L.data(), [...batchShape, m, k], b.dtype),
    out(U.data(), [...batchShape, k, n], b.dtype),
  ];
}
