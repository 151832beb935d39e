import type { Tensor } from '@svd/tensor';
import { Stack, complexOutputTensor, forEachMatrix, matrixAt, outputTensor } from './batch.js';
import { type ReadRegion, checkBoolean, checkFinite, checkOptions } from './checkInput.js';
import { LinAlgError } from './errors.js';
import { complexTriangularSolve } from './kernels/complex/complexTriangularSolve.js';
import { triangularSolve } from './kernels/triangularSolve.js';
import { readSolveOperands } from './rhs.js';

export interface SolveTriangularOptions {
  /** A is lower triangular (default false: upper, as in SciPy). Only that triangle is read. */
  lower?: boolean;
  /** Assume ones on the diagonal; the diagonal is then not read. Default false. */
  unitDiagonal?: boolean;
  /**
   * Solve Aᵀ·X = B instead of A·X = B. Default false. For complex A this is the PLAIN transpose
   * (SciPy's trans='T'); for Aᴴ·X = B pass `conj(A)` with `transpose: true`.
   */
  transpose?: boolean;
}

/**
 * Solves op(A)·X = B for triangular A (op = identity or transpose), by substitution (BLAS
 * dtrsm). Only the triangle named by `lower` is read (without its diagonal when
 * `unitDiagonal`), so the other triangle may hold anything. B is a vector [n] or a stack of
 * matrices [..., n, k], broadcast as in `solve`.
 *
 * @throws LinAlgError for an exactly zero diagonal entry ("solveTriangular: the matrix is
 *   singular (A[1,1] is exactly zero)"), or NaN/±Inf in the read triangle or in B.
 *
 * @example
 * solveTriangular(tensor([[2, 1], [0, 1]]), tensor([4, 1])).toArray();                  // [1.5, 1] (upper by default)
 * solveTriangular(tensor([[2, 0], [1, 1]]), tensor([2, 3]), { lower: true }).toArray(); // [1, 2]
 */
export function solveTriangular(A: Tensor, B: Tensor, options: SolveTriangularOptions = {}): Tensor {
  const op = 'solveTriangular';
  const opts = checkOptions(op, options, ['lower', 'unitDiagonal', 'transpose']);
  const lower = checkBoolean(op, 'lower', opts.lower, false);
  const unitDiagonal = checkBoolean(op, 'unitDiagonal', opts.unitDiagonal, false);
  const transpose = checkBoolean(op, 'transpose', opts.transpose, false);
  const { a, b, outShape, dtype } = readSolveOperands(op, A, B);
  const n = a.rows;
  const nrhs = b.cols;
  const region: ReadRegion = lower ? (unitDiagonal ? 'strictLower' : 'lower') : unitDiagonal ? 'strictUpper' : 'upper';
  const w = a.width;
  checkFinite(op, a.data, a.count, n, n, region, 'the coefficient matrix', w);
  checkFinite(op, b.data, b.count, n, nrhs, 'all', 'the right-hand side', w);
  const X = new Stack(a.count, n * nrhs * w);
  forEachMatrix(a, (t, k) => {
    if (!unitDiagonal) {
      for (let i = 0; i < n; i++) {
        const p = (i * n + i) * w;
        if (t[p] === 0 && (w === 1 || t[p + 1] === 0)) {
          throw new LinAlgError(op, `the matrix is singular (A[${i},${i}] is exactly zero)`);
        }
      }
    }
    const opts = { lower, unitDiagonal, transpose };
    X.put(
      k,
      w === 2
        ? complexTriangularSolve(t, n, matrixAt(b, k), nrhs, opts)
        : triangularSolve(t, n, matrixAt(b, k), nrhs, opts),
    );
  });
  return (w === 2 ? complexOutputTensor : outputTensor)(X.data(), outShape, dtype);
}
