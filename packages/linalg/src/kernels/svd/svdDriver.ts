/**
 * The steps the real (dgesvd) and the complex (zgesvd) SVD drivers share, written once for an
 * element width of 1 (float64) or 2 (interleaved complex):
 *
 *   1. copy, (conjugate-)transposing a wide input so the work is always tall, M ≥ N,
 *   2. scale into the safe range by a power of two,
 *   3–5. the flavour's own tall SVD (QR first, bidiagonalisation, bidiagonal SVD),
 *   6. signs into V, stable descending order, values scaled back, +0 for zeros, and the
 *      transposed vectors laid out as sorted columns (the factors swap roles for a wide input).
 *
 * U and V are kept transposed (one contiguous row per singular vector, not conjugated) through
 * steps 3–5 and laid out row-major m×uCols / n×vCols only at the end, where the sort permutation
 * is applied for free.
 */

import { powerOfTwo } from '../machineConstants.js';
import { clearNegativeZeros } from '../negativeZero.js';
import { maxAbs, safeRangeExponent, scaleByPowerOfTwo } from '../powerOfTwoScaling.js';
import type { RotatedRows } from './bidiagonalQR.js';
import { descendingOrder, makeNonNegative } from './singularValueOrder.js';

export type SvdJob = 'none' | 'thin' | 'full';

export interface SvdKernelResult {
  /** Singular values, descending, non-negative, length min(m, n). */
  s: Float64Array;
  /** Left vectors, row-major m×uCols (null for job 'none'); interleaved for complex input. */
  u: Float64Array | null;
  /** Right vectors V (not Vᵀ or Vᴴ), row-major n×vCols (null for job 'none'). */
  v: Float64Array | null;
  uCols: number;
  vCols: number;
}

/**
 * Where a batched caller wants one matrix's results: S at `s[sAt …]`, U (row-major m×uCols) at
 * `u[uAt …]`, V at `v[vAt …]` (u, v ignored for job 'none'). The kernel then writes there directly
 * instead of allocating its result arrays, and leaves any −0 in U and V for the caller to clear
 * once over the whole output (outputTensor does).
 */
export interface SvdTarget {
  s: Float64Array;
  sAt: number;
  u: Float64Array | null;
  uAt: number;
  v: Float64Array | null;
  vAt: number;
}

/** What steps 3–5 return for the tall M×N work matrix. */
export interface TallSvd {
  /** Signed, unsorted singular values. */
  d: Float64Array;
  /** Uᵀ: rows = left vectors (N rows for thin, M for full), row length M elements. */
  ut: RotatedRows | null;
  /** Vᵀ: rows = right vectors, N×N. */
  vt: RotatedRows | null;
  /**
   * Instead of `ut` (then null): U already laid out as sorted columns, given the sort order —
   * row-major M×N with column c = left vector order[c] (thin job). For a path that forms U by a
   * product anyway (tallSkinnySvd.ts), which can then write the final layout directly.
   */
  leftColumns?: (order: Int32Array) => Float64Array;
}

/** The real or the complex half of a driver. */
export interface SvdFlavour {
  /** Reals per element: 1 (float64) or 2 (interleaved complex). */
  readonly width: 1 | 2;
  /** Aᵀ (real) or Aᴴ (complex) of the r×c input, as a fresh buffer. */
  transpose(a: Float64Array, r: number, c: number): Float64Array;
  /** Steps 3–5 on the scaled tall work matrix (destroyed). */
  tallSvd(work: Float64Array, M: number, N: number, job: SvdJob): TallSvd;
}

/**
 * SVD of the row-major m×n matrix `a` (not modified) through the flavour's tall SVD. With a
 * `target` the results are written into it and the returned arrays are views of it.
 */
export function runSvdDriver(
  a: Float64Array,
  m: number,
  n: number,
  job: SvdJob,
  flavour: SvdFlavour,
  target?: SvdTarget,
): SvdKernelResult {
  const w = flavour.width;
  checkSvdArguments(a, m, n, w);
  if (Math.min(m, n) === 0) return placed(emptyResult(m, n, job, w), target, w, m, n);
  const prepared = prepareSvd(a, m, n, job, flavour);
  return finishSvd(prepared, flavour.tallSvd(prepared.work, prepared.rows, prepared.cols, job), target);
}

/** The RangeError of a buffer too short for an m×n matrix (or of a bad m, n). */
export function checkSvdArguments(a: Float64Array, m: number, n: number, w: 1 | 2): void {
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 0 || n < 0 || a.length < w * m * n) {
    const what = w === 2 ? 'complex ' : '';
    throw new RangeError(`svd: buffer of length ${a.length} cannot hold a ${what}${m}×${n} matrix`);
  }
}

/** Steps 1–2 done: the scaled tall work matrix (rows × cols, rows ≥ cols ≥ 1) and how to undo them. */
export interface PreparedSvd {
  readonly work: Float64Array;
  readonly rows: number;
  readonly cols: number;
  readonly transposed: boolean;
  readonly scaleExp: number;
  readonly job: SvdJob;
  readonly width: 1 | 2;
}

/**
 * Steps 1–2 for a non-empty m×n `a` (checked by the caller): the copy (transposed for a wide
 * input) scaled into the safe range. Written into `into` (≥ width·m·n long) when given, else into
 * a new buffer.
 */
export function prepareSvd(
  a: Float64Array,
  m: number,
  n: number,
  job: SvdJob,
  flavour: Pick<SvdFlavour, 'width' | 'transpose'>,
  into?: Float64Array,
): PreparedSvd {
  const w = flavour.width;
  const transposed = m < n;
  let work: Float64Array;
  if (into === undefined) work = transposed ? flavour.transpose(a, m, n) : a.slice(0, w * m * n);
  else {
    work = into;
    work.set(transposed ? flavour.transpose(a, m, n) : a.subarray(0, w * m * n));
  }
  const len = w * m * n;
  const scaleExp = safeRangeExponent(maxAbs(work.length === len ? work : work.subarray(0, len)));
  scaleByPowerOfTwo(work.length === len ? work : work.subarray(0, len), scaleExp);
  return { work, rows: transposed ? n : m, cols: Math.min(m, n), transposed, scaleExp, job, width: w };
}

/**
 * Step 6: signs into V, the descending order, the values scaled back and the vectors laid out
 * (into `target` when given).
 */
export function finishSvd(p: PreparedSvd, core: TallSvd, target?: SvdTarget): SvdKernelResult {
  const { rows, cols, transposed, job, width: w } = p;
  const k = cols;
  makeNonNegative(core.d, cols, core.vt);
  const order = descendingOrder(core.d, cols);
  const s = target === undefined ? new Float64Array(k) : target.s.subarray(target.sAt, target.sAt + k);
  const unscale = powerOfTwo(-p.scaleExp);
  for (let c = 0; c < k; c++) {
    const x = core.d[order[c]!]! * unscale;
    s[c] = x === 0 ? 0 : x;
  }
  if (core.vt === null || (core.ut === null && core.leftColumns === undefined)) {
    return { s, u: null, v: null, uCols: 0, vCols: 0 };
  }

  const leftCols = job === 'full' ? rows : cols;
  // A = (Aᴴ)ᴴ = (U' S V'ᴴ)ᴴ = V' S U'ᴴ (ᵀ for real input): for a wide input the factors swap roles.
  const leftOut = targetSlot(target, transposed ? 'v' : 'u', w * rows * leftCols);
  const rightOut = targetSlot(target, transposed ? 'u' : 'v', w * cols * cols);
  const left =
    core.ut === null
      ? copiedInto(core.leftColumns!(order), leftOut)
      : vectorsAsColumns(core.ut.data, rows, leftCols, order, w, leftOut);
  const right = vectorsAsColumns(core.vt.data, cols, cols, order, w, rightOut);
  if (target === undefined) {
    clearNegativeZeros(left);
    clearNegativeZeros(right);
  }
  if (!transposed) return { s, u: left, v: right, uCols: leftCols, vCols: cols };
  return { s, u: right, v: left, uCols: cols, vCols: leftCols };
}

/** The view of `target`'s U or V slot of `len` reals (undefined without a target). */
function targetSlot(target: SvdTarget | undefined, which: 'u' | 'v', len: number): Float64Array | undefined {
  if (target === undefined) return undefined;
  const buf = which === 'u' ? target.u : target.v;
  const at = which === 'u' ? target.uAt : target.vAt;
  if (buf === null) throw new RangeError(`svd: the target has no ${which.toUpperCase()} buffer`);
  return buf.subarray(at, at + len);
}

/** `laid` (a finished layout) copied into the target's slot when there is one. */
function copiedInto(laid: Float64Array, slot: Float64Array | undefined): Float64Array {
  if (slot === undefined) return laid;
  slot.set(laid);
  return slot;
}

/** An empty matrix's result, copied into the target when there is one. */
function placed(r: SvdKernelResult, target: SvdTarget | undefined, w: number, m: number, n: number): SvdKernelResult {
  if (target === undefined || r.u === null || r.v === null) return r;
  const u = targetSlot(target, 'u', w * m * r.uCols)!;
  const v = targetSlot(target, 'v', w * n * r.vCols)!;
  u.set(r.u);
  v.set(r.v);
  return { ...r, u, v };
}

/**
 * Lays transposed vectors out as columns: out (len×count, row-major, `w` reals per element) with
 * column c = row order[c] of `t` for c < order.length (sorted singular vectors) and row c beyond
 * (the completion of a full factor, which has no singular value to sort by). Written into `into`
 * (every entry) when given.
 */
function vectorsAsColumns(
  t: Float64Array,
  len: number,
  count: number,
  order: Int32Array,
  w: number,
  into?: Float64Array,
): Float64Array {
  const out = into ?? new Float64Array(w * len * count);
  const k = order.length;
  // Blocks of ROW_BLOCK output rows: the strided writes of one block stay in cache while every
  // column visits it (a whole column at a time would touch a new cache line per entry).
  for (let i0 = 0; i0 < len; i0 += ROW_BLOCK) {
    const i1 = Math.min(i0 + ROW_BLOCK, len);
    for (let c = 0; c < count; c++) {
      const src = w * (c < k ? order[c]! : c) * len;
      if (w === 1) {
        for (let i = i0; i < i1; i++) out[i * count + c] = t[src + i]!;
      } else {
        for (let i = i0; i < i1; i++) {
          out[2 * (i * count + c)] = t[src + 2 * i]!;
          out[2 * (i * count + c) + 1] = t[src + 2 * i + 1]!;
        }
      }
    }
  }
  return out;
}

const ROW_BLOCK = 32;

/** The n×n identity, `w` reals per element. */
function identity(n: number, w: number): Float64Array {
  const e = new Float64Array(w * n * n);
  for (let i = 0; i < n; i++) e[w * (i * n + i)] = 1;
  return e;
}

function emptyResult(m: number, n: number, job: SvdJob, w: number): SvdKernelResult {
  const s = new Float64Array(0);
  if (job === 'none') return { s, u: null, v: null, uCols: 0, vCols: 0 };
  if (job === 'thin') return { s, u: new Float64Array(0), v: new Float64Array(0), uCols: 0, vCols: 0 };
  // numpy/LAPACK convention: the full factors of an empty matrix are identities.
  return { s, u: identity(m, w), v: identity(n, w), uCols: m, vCols: n };
}
