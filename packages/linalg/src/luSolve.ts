import { ShapeError, type Tensor, ValueError, broadcastTo, internal } from '@svd/tensor';

const { fmtShape } = internal;
import { Stack, complexOutputTensor, forEachMatrix, matrixAt, outputTensor } from './batch.js';
import { checkFinite } from './checkInput.js';
import { LinAlgError } from './errors.js';
import { complexTriangularSolve } from './kernels/complex/complexTriangularSolve.js';
import { triangularSolve } from './kernels/triangularSolve.js';
import { readPivots } from './luFactor.js';
import { readSolveOperands } from './rhs.js';

/**
 * Solves A·X = B from A's compact LU factorisation `[LU, pivots]` as returned by `luFactor`
 * (LAPACK getrs, `scipy.linalg.lu_solve`): the row interchanges (0-based pivots) are applied to
 * B, then L·Y = P·B and U·X = Y are solved by substitution. B is a vector [n] or a stack
 * [..., n, k] whose batch axes broadcast with LU's (as in `solve`); pivots has shape
 * [...LU batch, n].
 *
 * @throws LinAlgError when U has an exactly zero diagonal entry (A singular), or on NaN/±Inf;
 *   ShapeError for mismatched shapes; ValueError for pivots that no getrf could produce.
 *
 * @example
 * const A = tensor([[1, 2], [3, 4]]);
 * const [LU, piv] = luFactor(A);
 * luSolve(LU, piv, tensor([5, 11])).toArray(); // [1, 2]
 */
export function luSolve(LU: Tensor, pivots: Tensor, B: Tensor): Tensor {
  const op = 'luSolve';
  const { a, b, outShape, dtype } = readSolveOperands(op, LU, B);
  const n = a.rows;
  const nrhs = b.cols;
  const w = a.width;
  const luBatch = LU.shape.slice(0, -2);
  if (!pivots || typeof pivots !== 'object' || !('shape' in pivots))
    throw new ValueError(op, 'pivots must be a Tensor');
  if (
    pivots.ndim !== luBatch.length + 1 ||
    pivots.shape[pivots.ndim - 1] !== n ||
    !luBatch.every((d, i) => pivots.shape[i] === d)
  ) {
    throw new ShapeError(
      op,
      `expected pivots of shape ${fmtShape([...luBatch, n])} for LU of shape ${fmtShape(LU.shape)}, got ${fmtShape(pivots.shape)}`,
    );
  }
  const piv = broadcastTo(pivots, [...a.batchShape, n]).toTypedArray(false);
  checkFinite(op, a.data, a.count, n, n, 'all', 'the LU factor', w);
  checkFinite(op, b.data, b.count, n, nrhs, 'all', 'the right-hand side', w);
  const X = new Stack(a.count, n * nrhs * w);
  forEachMatrix(a, (lu, k) => {
    const ipiv = readPivots(op, piv, k * n, n, k);
    for (let i = 0; i < n; i++) {
      if (lu[(i * n + i) * w] === 0 && (w === 1 || lu[(i * n + i) * w + 1] === 0)) {
        throw new LinAlgError(op, `the matrix is singular (U[${i},${i}] is exactly zero)`);
      }
    }
    const rhs = matrixAt(b, k).slice();
    const row = nrhs * w;
    for (let i = 0; i < n; i++) {
      const p = ipiv[i]!;
      if (p === i) continue;
      const tmp = rhs.slice(i * row, (i + 1) * row);
      rhs.copyWithin(i * row, p * row, (p + 1) * row);
      rhs.set(tmp, p * row);
    }
    const solveT = w === 2 ? complexTriangularSolve : triangularSolve;
    const y = solveT(lu, n, rhs, nrhs, { lower: true, unitDiagonal: true, transpose: false });
    X.put(k, solveT(lu, n, y, nrhs, { lower: false, unitDiagonal: false, transpose: false }));
  });
  return (w === 2 ? complexOutputTensor : outputTensor)(X.data(), outShape, dtype);
}
