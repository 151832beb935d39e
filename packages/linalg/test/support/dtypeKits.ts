/**
 * One kit of reference arithmetic per dtype, so a fixture suite can run once per dtype
 * (`describe.each(KITS)`) with the real kit doing exactly the real computations and the complex
 * kit the complex ones. Data are row-major Float64Arrays, interleaved (re, im) for complex; entry
 * (i, j) of a matrix with n columns has its real part at `w·(i·n + j)` and (complex only) its
 * imaginary part right after.
 */
import type { Tensor } from '@svd/tensor';
import { cadjoint, cmul, cnorm1, corthRatio, corthResidual, csvdResidual } from './complexMatrix.js';
import { ULP, matmul, norm1, transpose } from './denseMatrix.js';
import { type CMat, type Mat, fromCMat, fromMat } from './fixtures.js';
import { orthRatio, orthResidual, svdResidual } from './lapackRatios.js';

export interface DTypeKit {
  readonly dtype: 'float64' | 'complex128';
  readonly complex: boolean;
  /** Numbers per entry: 1 (real) or 2 (complex). */
  readonly w: 1 | 2;
  /** A tensor of this dtype from a fixture matrix. */
  readonly fromFixture: (a: Mat | CMat) => Tensor;
  /** The tensor's entries (interleaved for complex). */
  readonly data: (t: Tensor) => Float64Array;
  /** ‖A‖₁ of an m×n matrix. */
  readonly norm1: (a: Float64Array, m: number, n: number) => number;
  /** ‖A − U·diag(s)·Vᴴ‖₁ (U m×uCols, V n×vCols). */
  readonly svdResidual: typeof svdResidual;
  /** ‖I − QᴴQ‖₁ for Q rows×cols. */
  readonly orthResidual: (q: Float64Array, rows: number, cols: number) => number;
  /** LAPACK's orthogonality ratio min(‖I − QᴴQ‖₁, rows)/(rows·ulp); ulp defaults to ULP (EIG tests). */
  readonly orthRatio: (q: Float64Array, rows: number, cols: number, ulp?: number) => number;
  /** A·B (A m×k, B k×n), or Aᴴ·B with adjA (A k×m). */
  readonly mul: (a: Float64Array, b: Float64Array, m: number, k: number, n: number, adjA?: boolean) => Float64Array;
  /** Aᴴ of an m×n matrix. */
  readonly adjoint: (a: Float64Array, m: number, n: number) => Float64Array;
}

export const REAL_KIT: DTypeKit = {
  dtype: 'float64',
  complex: false,
  w: 1,
  fromFixture: (a) => fromMat(a as Mat),
  data: (t) => Float64Array.from(t.toTypedArray()),
  norm1,
  svdResidual,
  orthResidual,
  orthRatio: (q, rows, cols, ulp = ULP) => orthRatio(q, rows, cols, ulp),
  mul: (a, b, m, k, n, adjA = false) => matmul(adjA ? transpose(a, k, m) : a, b, m, k, n),
  adjoint: transpose,
};

export const COMPLEX_KIT: DTypeKit = {
  dtype: 'complex128',
  complex: true,
  w: 2,
  fromFixture: (a) => fromCMat(a as CMat),
  data: (t) => Float64Array.from(t.toTypedArray()),
  norm1: cnorm1,
  svdResidual: csvdResidual,
  orthResidual: corthResidual,
  orthRatio: (q, rows, cols, ulp = ULP) => corthRatio(q, rows, cols, ulp),
  mul: (a, b, m, k, n, adjA = false) => cmul(a, b, m, k, n, adjA),
  adjoint: cadjoint,
};
