import type { Tensor } from '@svd/tensor';
import { Stack, complexOutputTensor, forEachMatrix, matrixAt, outputTensor } from './batch.js';
import { checkFinite } from './checkInput.js';
import { LinAlgError } from './errors.js';
import { complexLU } from './kernels/complex/complexLU.js';
import { complexTriangularSolve } from './kernels/complex/complexTriangularSolve.js';
import { luFactor } from './kernels/luFactor.js';
import { triangularSolve } from './kernels/triangularSolve.js';
import { readSolveOperands } from './rhs.js';

/**
 * Solves A·X = B for X, for each square A on the last two axes (LU with partial pivoting, as
 * LAPACK dgesv).
 *
 * B is either a vector (1-D, shape [n]; X then has shape [..., n]) or a stack of matrices
 * [..., n, k] whose leading axes broadcast against A's (NumPy 2 semantics; for a batch of
 * vectors pass B[..., n, 1]).
 *
 * Complex A and/or B (complex128, complex64) are supported; a real operand mixed with a complex
 * one is read as complex, and the result dtype follows NumPy's promotion.
 *
 * @throws LinAlgError when A is singular, naming the exactly-zero pivot:
 *   "solve: the matrix is singular (U[2,2] is exactly zero)"; LinAlgError on NaN/±Inf in A or
 *   B; ShapeError for non-square A or mismatched B.
 *
 * @example
 * solve(tensor([[3, 0], [4, 5]]), tensor([3, 9])).toArray(); // [1, 1]
 */
export function solve(A: Tensor, B: Tensor): Tensor {
  const op = 'solve';
  const { a, b, outShape, dtype } = readSolveOperands(op, A, B);
  const n = a.rows;
  const nrhs = b.cols;
  const w = a.width;
  checkFinite(op, a.data, a.count, n, n, 'all', 'the coefficient matrix', w);
  checkFinite(op, b.data, b.count, n, nrhs, 'all', 'the right-hand side', w);
  const X = new Stack(a.count, n * nrhs * w);
  forEachMatrix(a, (ak, k) => {
    X.put(k, (w === 2 ? complexLuSolve : luSolve)(op, ak, n, matrixAt(b, k), nrhs));
  });
  return (w === 2 ? complexOutputTensor : outputTensor)(X.data(), outShape, dtype);
}

/** X = A⁻¹·B for interleaved complex A and B (complex LU with partial pivoting). */
export function complexLuSolve(op: string, a: Float64Array, n: number, rhs: Float64Array, nrhs: number): Float64Array {
  const f = complexLU(a, n);
  if (f.zeroPivot !== 0) {
    const z = f.zeroPivot - 1;
    throw new LinAlgError(op, `the matrix is singular (U[${z},${z}] is exactly zero)`);
  }
  const pb = new Float64Array(2 * n * nrhs);
  for (let i = 0; i < n; i++) pb.set(rhs.subarray(2 * f.perm[i]! * nrhs, 2 * (f.perm[i]! + 1) * nrhs), 2 * i * nrhs);
  const y = complexTriangularSolve(f.lu, n, pb, nrhs, { lower: true, unitDiagonal: true, transpose: false });
  return complexTriangularSolve(f.lu, n, y, nrhs, { lower: false, unitDiagonal: false, transpose: false });
}

/** X = A⁻¹·B through LU with partial pivoting; throws LinAlgError for an exactly zero pivot. */
export function luSolve(op: string, a: Float64Array, n: number, rhs: Float64Array, nrhs: number): Float64Array {
  const f = luFactor(a, n);
  if (f.zeroPivot !== 0) {
    const z = f.zeroPivot - 1;
    throw new LinAlgError(op, `the matrix is singular (U[${z},${z}] is exactly zero)`);
  }
  const pb = new Float64Array(n * nrhs);
  for (let i = 0; i < n; i++) pb.set(rhs.subarray(f.perm[i]! * nrhs, (f.perm[i]! + 1) * nrhs), i * nrhs);
  const y = triangularSolve(f.lu, n, pb, nrhs, { lower: true, unitDiagonal: true, transpose: false });
  return triangularSolve(f.lu, n, y, nrhs, { lower: false, unitDiagonal: false, transpose: false });
}
