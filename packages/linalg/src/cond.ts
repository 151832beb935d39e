import type { Tensor } from '@svd/tensor';
import { Stack, forEachMatrix, outputTensor, readMatrixBatch } from './batch.js';
import { checkChoice, checkFinite } from './checkInput.js';
import { LinAlgError } from './errors.js';
import { complexSvdKernel } from './kernels/complex/complexSvdKernel.js';
import { luFactor } from './kernels/luFactor.js';
import { svdKernel } from './kernels/svd/svdKernel.js';
import { triangularSolve } from './kernels/triangularSolve.js';
import { complexLuSolve } from './solve.js';
import { matrixNormOf } from './matrixNorm.js';
import { MATRIX_NORM_ORDS, type MatrixNormOrd } from './normDispatch.js';

/**
 * Condition number of each matrix on the last two axes, in the norm `ord` (default 2).
 *
 * ord 2 / -2 (any shape): S[0]/S[k−1] and its reciprocal, from the singular values.
 * Other ords (square only): norm(A, ord)·norm(A⁻¹, ord). A singular matrix has condition number
 * Infinity (as NumPy reports it). Empty matrices throw LinAlgError, as in NumPy. Complex input
 * gives a real result (float64, or float32 for complex64). The input is first scaled by an exact
 * power of two to max|aᵢⱼ| ≈ 1, so subnormal or huge input gives the unit-scale answer.
 *
 * @example
 * cond(tensor([[2, 0], [0, 1]])).item();    // 2 (S[0]/S[1])
 * cond(tensor([[2, 0], [0, 1]]), 1).item(); // 2 (‖A‖₁·‖A⁻¹‖₁)
 */
export function cond(A: Tensor, ord?: MatrixNormOrd): Tensor {
  const op = 'cond';
  const o = checkChoice<MatrixNormOrd>(op, 'ord', ord, MATRIX_NORM_ORDS, 2);
  const b = readMatrixBatch(op, A, { square: o !== 2 && o !== -2 });
  const { rows: m, cols: n, count, batchShape } = b;
  if ((m === 0 || n === 0) && count > 0) {
    throw new LinAlgError(op, `the condition number of an empty matrix is not defined (shape [${A.shape.join(', ')}])`);
  }
  checkFinite(op, b.data, count, m, n, 'all', 'the input', b.width);
  const C = new Stack(count, 1);
  forEachMatrix(b, (a, k) => {
    const x = scaledToUnit(a);
    C.putScalar(k, b.width === 2 ? complexCondOne(x, m, n, o) : condOne(x, m, n, o));
  });
  return outputTensor(C.data(), batchShape, b.dtype);
}

/**
 * A copy of the matrix times the power of two that brings max|aᵢⱼ| into [1, 2): the condition
 * number is invariant under scaling, and the scaling is exact, so subnormal or huge input gives
 * the same bits as unit-scale input instead of an overflowing ‖A⁻¹‖ (cond(A·2⁻¹⁰³⁰) was ∞).
 */
function scaledToUnit(a: Float64Array): Float64Array {
  let big = 0;
  for (let i = 0; i < a.length; i++) big = Math.max(big, Math.abs(a[i]!));
  if (!(big > 0) || !Number.isFinite(big)) return a;
  const e = Math.floor(Math.log2(big));
  if (e === 0) return a;
  const out = new Float64Array(a.length);
  // Two factors: 2^−e alone overflows for e ≤ −1024 (subnormal input).
  const half = Math.trunc(-e / 2);
  const f1 = 2 ** half;
  const f2 = 2 ** (-e - half);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! * f1 * f2;
  return out;
}

function condOne(a: Float64Array, m: number, n: number, ord: MatrixNormOrd): number {
  if (ord === 2 || ord === -2) {
    const s = svdKernel(a, m, n, 'none').s;
    const big = s[0]!;
    const small = s[s.length - 1]!;
    if (big === 0) return Number.POSITIVE_INFINITY; // NumPy turns this 0/0 into Infinity too
    if (small === 0) return ord === 2 ? Number.POSITIVE_INFINITY : 0;
    return ord === 2 ? big / small : small / big;
  }
  const f = luFactor(a, n);
  if (f.zeroPivot !== 0) return Number.POSITIVE_INFINITY;
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + f.perm[i]!] = 1; // P·I: row i of I is row perm[i]
  const y = triangularSolve(f.lu, n, eye, n, { lower: true, unitDiagonal: true, transpose: false });
  const ainv = triangularSolve(f.lu, n, y, n, { lower: false, unitDiagonal: false, transpose: false });
  for (let i = 0; i < ainv.length; i++) {
    if (!Number.isFinite(ainv[i]!)) return Number.POSITIVE_INFINITY;
  }
  return matrixNormOf(a, n, n, ord) * matrixNormOf(ainv, n, n, ord);
}

function complexCondOne(a: Float64Array, m: number, n: number, ord: MatrixNormOrd): number {
  if (ord === 2 || ord === -2) {
    const s = complexSvdKernel(a, m, n, 'none').s;
    const big = s[0]!;
    const small = s[s.length - 1]!;
    if (big === 0) return Number.POSITIVE_INFINITY;
    if (small === 0) return ord === 2 ? Number.POSITIVE_INFINITY : 0;
    return ord === 2 ? big / small : small / big;
  }
  const eye = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) eye[2 * (i * n + i)] = 1;
  let ainv: Float64Array;
  try {
    ainv = complexLuSolve('cond', a, n, eye, n);
  } catch (err) {
    if (err instanceof LinAlgError) return Number.POSITIVE_INFINITY; // exactly singular
    throw err;
  }
  for (let i = 0; i < ainv.length; i++) {
    if (!Number.isFinite(ainv[i]!)) return Number.POSITIVE_INFINITY;
  }
  return matrixNormOf(a, n, n, ord, 2) * matrixNormOf(ainv, n, n, ord, 2);
}
