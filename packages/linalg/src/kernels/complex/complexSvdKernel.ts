/**
 * Complex SVD driver on interleaved row-major buffers, after LAPACK zgesvd:
 *
 *   1. copy (conjugate-transposing a wide input so the work is always tall, M ≥ N),
 *   2. scale into the safe range by a power of two,
 *   3. for M ≥ 1.6·N, complex Householder QR first and continue with the N×N R,
 *   4. complex Householder bidiagonalisation to a REAL bidiagonal B (zlarfg's real β), blocked
 *      (zgebrd/zlabrd, complexBlockedBidiagonalize.ts) from 96 columns on,
 *   5. for vectors and N ≥ DIVIDE_CONQUER_CROSSOVER (zgesdd's route): the REAL bidiagonal divide
 *      and conquer (bidiagonalDivideConquer.ts) on B, then the complex reflectors applied
 *      blockwise to its real vectors (complexBlockedReflectors.ts), Q and P never formed; else
 *      (and always for values only, whose zero-shift QR keeps tiny values relatively accurate)
 *      the real bidiagonal QR (dbdsqr, bidiagonalQR.ts) on B, its real rotations applied to the
 *      complex singular vectors stored as interleaved rows (a real rotation acts on the real and
 *      imaginary parts alike, so a row of 2·M reals is rotated as is),
 *   6. signs into V, stable descending order, values scaled back, +0 for zeros.
 *
 * U = Q·U_B and V = P·V_B: the vectors are kept as the rows of Uᵀ and Vᵀ (transposed, not
 * conjugated) throughout. Steps 1, 2 and 6 are shared with the real driver (svdDriver.ts); this
 * file holds the complex steps 3–5.
 */

import { kernels } from '@svd/tensor';
import { bidiagonalDivideConquer } from '../svd/bidiagonalDivideConquer.js';
import { type RotatedRows, bidiagonalQR } from '../svd/bidiagonalQR.js';
import type { ReflectorStorage } from '../svd/blockedReflectors.js';
import { DIVIDE_CONQUER_CROSSOVER, type SvdKernelOptions } from '../svd/svdKernel.js';
import { type SvdJob, type SvdKernelResult, type TallSvd, runSvdDriver } from '../svd/svdDriver.js';
import { applyComplexReflectorsTransposedFromRight } from './complexBlockedReflectors.js';
import { complexBlockedBidiagonalize } from './complexBlockedBidiagonalize.js';
import {
  type ComplexBidiagonal,
  formComplexLeftFactorTransposed,
  formComplexRightFactorTransposed,
} from './complexBidiagonalize.js';
import { complexHouseholderQR, extractComplexR } from './complexHouseholderQR.js';

const { complexGemm, rowMajor } = kernels;

const QR_FIRST_RATIO = 1.6;

/**
 * SVD of the interleaved row-major m×n complex matrix `a` (not modified): A = U·diag(s)·Vᴴ.
 * s is real; u (m×uCols) and v (n×vCols) are interleaved complex. Entries must be finite.
 *
 * @example
 * const a = Float64Array.of(1, 1, 0, 2, 3, 0, 1, -1); // [[1+i, 2i], [3, 1-i]]
 * const { s, u, v } = kernels.complexSvdKernel(a, 2, 2, 'thin'); // s = [3.765…, 1.679…]; u, v interleaved
 */
export function complexSvdKernel(
  a: Float64Array,
  m: number,
  n: number,
  job: SvdJob,
  options: SvdKernelOptions = {},
): SvdKernelResult {
  const divideConquerFrom = options.divideConquerFrom ?? DIVIDE_CONQUER_CROSSOVER;
  return runSvdDriver(
    a,
    m,
    n,
    job,
    { width: 2, transpose: conjugateTranspose, tallSvd: (work, M, N, j) => tallSvd(work, M, N, j, divideConquerFrom) },
    options.target,
  );
}

/** Steps 3–5 for a tall (M ≥ N ≥ 1) scaled complex work matrix, destroyed in the process. */
function tallSvd(a: Float64Array, M: number, N: number, job: SvdJob, divideConquerFrom: number): TallSvd {
  const vectors = job !== 'none';
  const uRows = job === 'full' ? M : N;

  if (M > N && M >= QR_FIRST_RATIO * N) {
    const { qr, tau } = complexHouseholderQR(a, M, N);
    const r = extractComplexR(qr, M, N, N);
    const bd = complexBlockedBidiagonalize(r, N, N);
    if (!vectors) {
      bidiagonalQR(bd.d, bd.e, N, null, null);
      return { d: bd.d, ut: null, vt: null };
    }
    if (N >= divideConquerFrom) {
      // U = Q₁·diag(Q_R·U_B, I): first U_Bᵀ·Q_Rᵀ (N×N), then embedded and times Q₁ᵀ.
      const inner = divideConquerFactors(bd, r, N, N, N);
      const ut = embedComplexRows(inner.ut!.data, N, uRows, M, 2);
      applyComplexReflectorsTransposedFromRight(ut, uRows, M, leftReflectors(qr, N, tau));
      return { d: inner.d, ut: { data: ut, rowLength: 2 * M }, vt: inner.vt };
    }
    const utR: RotatedRows = { data: formComplexLeftFactorTransposed(r, N, N, bd.tauQ, N, N), rowLength: 2 * N };
    const vt: RotatedRows = { data: formComplexRightFactorTransposed(r, N, bd.tauP), rowLength: 2 * N };
    bidiagonalQR(bd.d, bd.e, N, utR, vt);
    // U = Q₁·diag(U_R, I): Uᵀ = [U_Rᵀ·Q₁ᵀ(first N rows); Q₁ᵀ(remaining rows)].
    const qt = formComplexLeftFactorTransposed(qr, M, N, tau, N, uRows);
    const ut = new Float64Array(2 * uRows * M);
    complexGemm(N, M, N, [1, 0], rowMajor(utR.data, N), rowMajor(qt, M), [0, 0], rowMajor(ut, M));
    if (uRows > N) ut.set(qt.subarray(2 * N * M, 2 * uRows * M), 2 * N * M);
    return { d: bd.d, ut: { data: ut, rowLength: 2 * M }, vt };
  }

  const bd = complexBlockedBidiagonalize(a, M, N);
  if (!vectors) {
    bidiagonalQR(bd.d, bd.e, N, null, null);
    return { d: bd.d, ut: null, vt: null };
  }
  if (N >= divideConquerFrom) return divideConquerFactors(bd, a, N, M, uRows);
  const ut: RotatedRows = { data: formComplexLeftFactorTransposed(a, M, N, bd.tauQ, N, uRows), rowLength: 2 * M };
  const vt: RotatedRows = { data: formComplexRightFactorTransposed(a, N, bd.tauP), rowLength: 2 * N };
  bidiagonalQR(bd.d, bd.e, N, ut, vt);
  return { d: bd.d, ut, vt };
}

/**
 * Step 5 by the REAL bidiagonal divide and conquer (the bidiagonal of complexBidiagonalize is
 * real): B = U_B·Σ·V_Bᵀ, then Uᵀ = [U_Bᵀ 0; 0 I]·Qᵀ and Vᵀ = V_Bᵀ·Pᵀ with the complex reflectors
 * applied blockwise (complexBlockedReflectors.ts), Q and P never formed (zgesdd's route).
 * `a` holds the reflectors of the M×N reduction (row length N).
 */
function divideConquerFactors(bd: ComplexBidiagonal, a: Float64Array, N: number, M: number, uRows: number): TallSvd {
  const dc = bidiagonalDivideConquer(bd.d, bd.e, N);
  const ut = embedComplexRows(dc.ut, N, uRows, M, 1);
  applyComplexReflectorsTransposedFromRight(ut, uRows, M, leftReflectors(a, N, bd.tauQ));
  const vt = embedComplexRows(dc.vt, N, N, N, 1);
  // N − 1 right reflectors: a 1×1 complex reflector is a phase, not the identity.
  const right: ReflectorStorage = {
    a,
    tau: bd.tauP,
    count: Math.max(N - 1, 0),
    tailStart: 2,
    diagStep: N + 1,
    tailStride: 1,
    leadShift: 1,
  };
  applyComplexReflectorsTransposedFromRight(vt, N, N, right);
  return { d: dc.s, ut: { data: ut, rowLength: 2 * M }, vt: { data: vt, rowLength: 2 * N } };
}

/** The N column reflectors below the diagonal of the interleaved row-major ?×N `a`. */
function leftReflectors(a: Float64Array, N: number, tau: Float64Array): ReflectorStorage {
  return { a, tau, count: N, tailStart: N, diagStep: N + 1, tailStride: N, leadShift: 0 };
}

/**
 * [X 0; 0 I] (rows×len, interleaved complex) from the N×N row-major X, which is real
 * (`w` = 1) or interleaved complex (`w` = 2); rows ≥ N are unit rows (a full factor).
 */
function embedComplexRows(x: Float64Array, N: number, rows: number, len: number, w: 1 | 2): Float64Array {
  const out = new Float64Array(2 * rows * len);
  for (let r = 0; r < N; r++) {
    if (w === 2) out.set(x.subarray(2 * r * N, 2 * (r + 1) * N), 2 * r * len);
    else for (let c = 0; c < N; c++) out[2 * (r * len + c)] = x[r * N + c]!;
  }
  for (let r = N; r < rows; r++) out[2 * (r * len + r)] = 1;
  return out;
}

/** Aᴴ of the interleaved r×c matrix (result c×r). */
export function conjugateTranspose(a: Float64Array, r: number, c: number): Float64Array {
  const t = new Float64Array(2 * r * c);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      t[2 * (j * r + i)] = a[2 * (i * c + j)]!;
      t[2 * (j * r + i) + 1] = -a[2 * (i * c + j) + 1]!;
    }
  }
  return t;
}
