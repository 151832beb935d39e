/**
 * Complex SVD driver on interleaved row-major buffers, after LAPACK zgesvd:
 *
 *   1. copy (conjugate-transposing a wide input so the work is always tall, M ≥ N),
 *   2. scale into the safe range by a power of two,
 *   3. for M ≥ 1.6·N, complex Householder QR first and continue with the N×N R,
 *   4. complex Householder bidiagonalisation to a REAL bidiagonal B (zlarfg's real β),
 *   5. the real bidiagonal QR (dbdsqr, bidiagonalQR.ts) on B; its real rotations are applied to
 *      the complex singular vectors stored as interleaved rows (a real rotation acts on the
 *      real and imaginary parts alike, so a row of 2·M reals is rotated as is),
 *   6. signs into V, stable descending order, values scaled back, +0 for zeros.
 *
 * U = Q·U_B and V = P·V_B: the vectors are kept as the rows of Uᵀ and Vᵀ (transposed, not
 * conjugated) throughout, exactly as in the real driver.
 */

import { kernels } from '@svd/tensor';
import { powerOfTwo } from '../machineConstants.js';
import { clearNegativeZeros } from '../negativeZero.js';
import { maxAbs, safeRangeExponent, scaleByPowerOfTwo } from '../powerOfTwoScaling.js';
import { type RotatedRows, bidiagonalQR } from '../svd/bidiagonalQR.js';
import type { SvdJob, SvdKernelResult } from '../svd/svdKernel.js';
import { descendingOrder, makeNonNegative } from '../svd/singularValueOrder.js';
import {
  complexBidiagonalize,
  formComplexLeftFactorTransposed,
  formComplexRightFactorTransposed,
} from './complexBidiagonalize.js';
import { complexHouseholderQR, extractComplexR } from './complexHouseholderQR.js';

const { complexGemm } = kernels;

const QR_FIRST_RATIO = 1.6;

/**
 * SVD of the interleaved row-major m×n complex matrix `a` (not modified): A = U·diag(s)·Vᴴ.
 * s is real; u (m×uCols) and v (n×vCols) are interleaved complex. Entries must be finite.
 *
 * @example
 * const a = Float64Array.of(1, 1, 0, 2, 3, 0, 1, -1); // [[1+i, 2i], [3, 1-i]]
 * const { s, u, v } = kernels.complexSvdKernel(a, 2, 2, 'thin'); // s = [3.765…, 1.679…]; u, v interleaved
 */
export function complexSvdKernel(a: Float64Array, m: number, n: number, job: SvdJob): SvdKernelResult {
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 0 || n < 0 || a.length < 2 * m * n) {
    throw new RangeError(`svd: buffer of length ${a.length} cannot hold a complex ${m}×${n} matrix`);
  }
  const k = Math.min(m, n);
  if (k === 0) return emptyResult(m, n, job);

  const transposed = m < n;
  const rows = transposed ? n : m;
  const cols = k;
  const work = transposed ? conjugateTranspose(a, m, n) : a.slice(0, 2 * m * n);
  const scaleExp = safeRangeExponent(maxAbs(work));
  scaleByPowerOfTwo(work, scaleExp);

  const core = tallSvd(work, rows, cols, job);
  makeNonNegative(core.d, cols, core.vt);
  const order = descendingOrder(core.d, cols);
  const s = new Float64Array(k);
  const unscale = powerOfTwo(-scaleExp);
  for (let c = 0; c < k; c++) {
    const x = core.d[order[c]!]! * unscale;
    s[c] = x === 0 ? 0 : x;
  }
  if (core.ut === null || core.vt === null) return { s, u: null, v: null, uCols: 0, vCols: 0 };

  const leftCols = job === 'full' ? rows : cols;
  const left = clearNegativeZeros(vectorsAsColumns(core.ut.data, rows, leftCols, order));
  const right = clearNegativeZeros(vectorsAsColumns(core.vt.data, cols, cols, order));
  if (!transposed) return { s, u: left, v: right, uCols: leftCols, vCols: cols };
  // A = (Aᴴ)ᴴ = (U' S V'ᴴ)ᴴ = V' S U'ᴴ: the factors swap roles.
  return { s, u: right, v: left, uCols: cols, vCols: leftCols };
}

interface TallSvd {
  d: Float64Array;
  ut: RotatedRows | null;
  vt: RotatedRows | null;
}

function tallSvd(a: Float64Array, M: number, N: number, job: SvdJob): TallSvd {
  const vectors = job !== 'none';
  const uRows = job === 'full' ? M : N;

  if (M > N && M >= QR_FIRST_RATIO * N) {
    const { qr, tau } = complexHouseholderQR(a, M, N);
    const r = extractComplexR(qr, M, N, N);
    const bd = complexBidiagonalize(r, N, N);
    if (!vectors) {
      bidiagonalQR(bd.d, bd.e, N, null, null);
      return { d: bd.d, ut: null, vt: null };
    }
    const utR: RotatedRows = { data: formComplexLeftFactorTransposed(r, N, N, bd.tauQ, N, N), rowLength: 2 * N };
    const vt: RotatedRows = { data: formComplexRightFactorTransposed(r, N, bd.tauP), rowLength: 2 * N };
    bidiagonalQR(bd.d, bd.e, N, utR, vt);
    // U = Q₁·diag(U_R, I): Uᵀ = [U_Rᵀ·Q₁ᵀ(first N rows); Q₁ᵀ(remaining rows)].
    const qt = formComplexLeftFactorTransposed(qr, M, N, tau, N, uRows);
    const ut = new Float64Array(2 * uRows * M);
    complexGemm(false, false, false, false, N, M, N, 1, 0, utR.data, 0, N, qt, 0, M, 0, 0, ut, 0, M);
    if (uRows > N) ut.set(qt.subarray(2 * N * M, 2 * uRows * M), 2 * N * M);
    return { d: bd.d, ut: { data: ut, rowLength: 2 * M }, vt };
  }

  const bd = complexBidiagonalize(a, M, N);
  if (!vectors) {
    bidiagonalQR(bd.d, bd.e, N, null, null);
    return { d: bd.d, ut: null, vt: null };
  }
  const ut: RotatedRows = { data: formComplexLeftFactorTransposed(a, M, N, bd.tauQ, N, uRows), rowLength: 2 * M };
  const vt: RotatedRows = { data: formComplexRightFactorTransposed(a, N, bd.tauP), rowLength: 2 * N };
  bidiagonalQR(bd.d, bd.e, N, ut, vt);
  return { d: bd.d, ut, vt };
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

/** Interleaved rows of `t` (row length `len` complex) laid out as the columns of len×count. */
function vectorsAsColumns(t: Float64Array, len: number, count: number, order: Int32Array): Float64Array {
  const out = new Float64Array(2 * len * count);
  const k = order.length;
  for (let c = 0; c < count; c++) {
    const src = 2 * (c < k ? order[c]! : c) * len;
    for (let i = 0; i < len; i++) {
      out[2 * (i * count + c)] = t[src + 2 * i]!;
      out[2 * (i * count + c) + 1] = t[src + 2 * i + 1]!;
    }
  }
  return out;
}

function complexIdentity(n: number): Float64Array {
  const e = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) e[2 * (i * n + i)] = 1;
  return e;
}

function emptyResult(m: number, n: number, job: SvdJob): SvdKernelResult {
  const s = new Float64Array(0);
  if (job === 'none') return { s, u: null, v: null, uCols: 0, vCols: 0 };
  if (job === 'thin') return { s, u: new Float64Array(0), v: new Float64Array(0), uCols: 0, vCols: 0 };
  return { s, u: complexIdentity(m), v: complexIdentity(n), uCols: m, vCols: n };
}
