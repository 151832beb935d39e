import { type Tensor, ValueError } from '@svd/tensor';
import { Stack, complexOutputTensor, forEachMatrix, outputTensor, readMatrixBatch } from './batch.js';
import { checkFinite } from './checkInput.js';
import { complexLU } from './kernels/complex/complexLU.js';
import { luFactor as luKernel } from './kernels/luFactor.js';
import { rectangularLU } from './kernels/rectangularLU.js';

/**
 * LU factorisation with partial pivoting in LAPACK's compact form (getrf), as
 * `scipy.linalg.lu_factor`: returns `[LU, pivots]` where LU holds U on and above the diagonal and
 * the multipliers of the unit lower triangular L below it, and **pivots are 0-based** (SciPy's
 * convention; LAPACK's and PyTorch's are 1-based): for i = 0, 1, …, n−1 in order, row i was
 * interchanged with row pivots[i] ≥ i. pivots is a float64 tensor [..., n] of integers.
 *
 * Any shape m×n, batched over leading axes: LU is m×n and pivots [..., k], k = min(m, n), as
 * `scipy.linalg.lu_factor` (`luSolve` needs square factors). A singular matrix is not an error
 * here (U then has an exact zero on its diagonal); `luSolve` refuses it. Complex input pivots by |re| + |im| as
 * zgetrf.
 *
 * @throws LinAlgError on NaN/±Inf; ShapeError for rank < 2.
 *
 * @example
 * const [LU, piv] = luFactor(tensor([[1, 2], [3, 4]]));
 * LU.toArray();  // [[3, 4], [0.333…, 0.666…]]
 * piv.toArray(); // [1, 1]: row 0 swapped with row 1, then row 1 stays
 */
export function luFactor(A: Tensor): [LU: Tensor, pivots: Tensor] {
  const op = 'luFactor';
  const b = readMatrixBatch(op, A);
  const { rows: m, cols: n, count, batchShape, width: w } = b;
  checkFinite(op, b.data, count, m, n, 'all', 'the input', w);
  const k = Math.min(m, n);
  const LU = new Stack(count, m * n * w);
  const piv = new Stack(count, k);
  forEachMatrix(b, (a, idx) => {
    if (m !== n) {
      const f = rectangularLU(a, m, n, w);
      LU.put(idx, f.lu);
      piv.put(idx, f.pivots);
      return;
    }
    const f = w === 2 ? complexLU(a, n) : luKernel(a, n);
    LU.put(idx, f.lu);
    piv.put(idx, interchanges(f.perm));
  });
  return [
    (w === 2 ? complexOutputTensor : outputTensor)(LU.data(), [...batchShape, m, n], b.dtype),
    outputTensor(piv.data(), [...batchShape, k], 'float64'),
  ];
}

/**
 * The sequence of row interchanges (getrf's ipiv, 0-based) that turns the identity order into
 * `perm` (row i of P·A is row perm[i] of A): swap i with the position perm[i] currently holds.
 */
export function interchanges(perm: Int32Array): Float64Array {
  const n = perm.length;
  const at = new Int32Array(n); // at[r] = current position of original row r
  const rowAt = new Int32Array(n); // rowAt[p] = original row currently at position p
  for (let i = 0; i < n; i++) {
    at[i] = i;
    rowAt[i] = i;
  }
  const piv = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = at[perm[i]!]!;
    piv[i] = p;
    const r = rowAt[i]!;
    rowAt[p] = r;
    at[r] = p;
    rowAt[i] = perm[i]!;
    at[perm[i]!] = i;
  }
  return piv;
}

/** Reads getrf-style 0-based pivots for one matrix of order n, checking pivots[i] ∈ [i, n). */
export function readPivots(op: string, data: ArrayLike<number>, offset: number, n: number, k: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = data[offset + i]!;
    if (!Number.isInteger(p) || p < i || p >= n) {
      throw new ValueError(
        op,
        `pivots[${i}] must be an integer in [${i}, ${n}) (0-based, as luFactor returns), got ${p} at batch element ${k}`,
      );
    }
    out[i] = p;
  }
  return out;
}
