/**
 * Float64 SVD driver on raw row-major buffers, after LAPACK dgesvd:
 *
 *   1. copy (transposing a wide input so the work is always tall, M ≥ N),
 *   2. scale into the safe range by a power of two,
 *   3. for M ≥ 1.6·N, blocked Householder QR first and continue with the N×N R
 *      (tallSkinnySvd.ts; U = Q₁·U_R applied with the blocked reflectors),
 *   4. Householder bidiagonalisation (for the QR route below also explicit Qᵀ and Pᵀ, only the
 *      rows the job needs),
 *   5. bidiagonal SVD: for vectors and N ≥ DIVIDE_CONQUER_CROSSOVER by divide and conquer
 *      (dbdsdc, bidiagonalDivideConquer.ts) with Q and P applied blockwise to its vectors
 *      (blockedReflectors.ts, never formed), else by
 *      the bidiagonal QR (dbdsqr) rotating the rows of Uᵀ and Vᵀ (always for values only: the
 *      zero-shift QR keeps tiny singular values relatively accurate),
 *   6. signs into V, stable descending order, values scaled back, +0 for zeros.
 *
 * Steps 1, 2 and 6 are shared with the complex driver (svdDriver.ts); this file holds the real
 * steps 3–5.
 */

import { kernels } from '@svd/tensor';
import { bidiagonalDivideConquer } from './bidiagonalDivideConquer.js';
import { type ReflectorStorage, columnReflectors, rowReflectors } from './blockedReflectors.js';
import { applyBackTransforms } from './parallelBackTransform.js';
import { bidiagonalQR, type RotatedRows } from './bidiagonalQR.js';
import { formLeftFactorTransposed, formRightFactorTransposed } from './accumulateReflectors.js';
import { transpose } from './denseRowMajor.js';
import { BIDIAGONAL_BLOCKED_FROM, blockedBidiagonalize } from './blockedBidiagonalize.js';
import { householderBidiagonalize } from './householderBidiagonalize.js';
import { descendingOrder, makeNonNegative } from './singularValueOrder.js';
import { svdWasmArrays } from './svdWasm.js';
import { tallSkinnySvd } from './tallSkinnySvd.js';
import { type SvdJob, type SvdKernelResult, type SvdTarget, type TallSvd, runSvdDriver } from './svdDriver.js';

export type { SvdJob, SvdKernelResult, SvdTarget } from './svdDriver.js';

/** dgesvd's crossover (ILAENV(6) = 1.6·min(m, n)) for factoring out R first. */
export const QR_FIRST_RATIO = 1.6;

/**
 * From this min(m, n) on, vectors are computed by bidiagonal divide and conquer (dgesdd's
 * route) instead of the implicit QR. Measured on random square matrices (sustained loop, JIT warm,
 * GC included; thin job), D&C vs QR: 2.6 / 2.1 ms at n = 64, 6.4 / 6.4 at 96, 12.4 / 14.0 at 128,
 * 21 / 27 at 160, 34 / 46 at 192, 71 / 105 at 256. Parity is near 96; below it the QR's rotations
 * are cheaper than the merges' overhead, so the switch is placed just above parity.
 */
export const DIVIDE_CONQUER_CROSSOVER = 112;

/**
 * The same switch for the N×N R of the QR-first route (tallSkinnySvd.ts). Measured on the R of
 * 20N×N uniform matrices (CPU time, interleaved, thin job), D&C vs QR: 2.67 / 2.62 ms at N = 64,
 * 3.57 / 3.72 at 72, 4.35 / 5.23 at 80, 7.16 / 9.42 at 100 — parity near 64–72, lower than for
 * random square matrices (R of a tall matrix is well conditioned with clustered singular
 * values, where the implicit QR needs more sweeps and D&C deflates more).
 */
export const QR_ROUTE_DIVIDE_CONQUER_CROSSOVER = 72;

/** Internal tuning knobs of svdKernel (tests and benchmarks; not part of any public API). */
export interface SvdKernelOptions {
  /**
   * Smallest min(m, n) for which vectors come from divide and conquer (default
   * DIVIDE_CONQUER_CROSSOVER). 1 forces it everywhere, Infinity forces the bidiagonal QR.
   */
  divideConquerFrom?: number;
  /** Write the results into these buffers (a batched caller's outputs) instead of new arrays. */
  target?: SvdTarget;
}

/**
 * SVD of the row-major m×n matrix `a` (not modified): A = U·diag(s)·Vᵀ.
 * thin: uCols = vCols = min(m, n); full: uCols = m, vCols = n; none: no vectors.
 * Throws ConvergenceError if the bidiagonal QR hits its 6·n² step cap or a divide-and-conquer
 * secular equation its iteration cap. Entries must be finite (checked by the caller).
 *
 * @example
 * const { s, u, v } = kernels.svdKernel(Float64Array.of(3, 0, 4, 5), 2, 2, 'thin');
 * // s = [6.708…, 2.236…]; u and v row-major 2×2 (V, not Vᵀ)
 */
export function svdKernel(
  a: Float64Array,
  m: number,
  n: number,
  job: SvdJob,
  options: SvdKernelOptions = {},
): SvdKernelResult {
  const divideConquerFrom = options.divideConquerFrom ?? DIVIDE_CONQUER_CROSSOVER;
  const ofR = options.divideConquerFrom ?? QR_ROUTE_DIVIDE_CONQUER_CROSSOVER;
  return runSvdDriver(
    a,
    m,
    n,
    job,
    {
      width: 1,
      transpose,
      tallSvd: (work, M, N, j) =>
        M > N && M >= QR_FIRST_RATIO * N
          ? tallSkinnySvd(work, M, N, j, (r, jr) => tallSvd(r, N, N, jr, ofR))
          : tallSvd(work, M, N, j, divideConquerFrom),
    },
    options.target,
  );
}

/**
 * Singular values of the upper bidiagonal (d, e), descending; d and e are not modified.
 *
 * @example
 * kernels.bidiagonalSvdValues(Float64Array.of(3, 5), Float64Array.of(4)); // B = [[3, 4], [0, 5]]: [6.708…, 2.236…]
 */
export function bidiagonalSvdValues(d: Float64Array, e: Float64Array): Float64Array {
  const n = d.length;
  const dd = d.slice();
  const ee = new Float64Array(Math.max(n - 1, 0));
  ee.set(e.subarray(0, ee.length));
  bidiagonalQR(dd, ee, n, null, null);
  makeNonNegative(dd, n, null);
  const order = descendingOrder(dd, n);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) s[i] = dd[order[i]!]!;
  return s;
}

/** Steps 3–5 for a tall (M ≥ N ≥ 1) scaled work matrix, destroyed in the process. */
function tallSvd(a: Float64Array, M: number, N: number, job: SvdJob, divideConquerFrom: number): TallSvd {
  const vectors = job !== 'none';
  const uRows = job === 'full' ? M : N;

  if (M > N && M >= QR_FIRST_RATIO * N) {
    // QR first, then the SVD of the N×N R (tallSkinnySvd.ts).
    return tallSkinnySvd(a, M, N, job, (r, j) => tallSvd(r, N, N, j, divideConquerFrom));
  }

  // The wasm workspace (svdWasm.ts), where the SIMD kernels run: the work matrix when the
  // reduction is unblocked, Uᵀ and Vᵀ when the bidiagonal QR rotates them, and a scratch vector.
  const unblocked = N < BIDIAGONAL_BLOCKED_FROM;
  const rotated = vectors && N < divideConquerFrom;
  const bufs =
    unblocked || rotated
      ? svdWasmArrays([unblocked ? M * N : 0, rotated ? uRows * M : 0, rotated ? N * N : 0, M])
      : null;
  let work = a;
  if (bufs !== null && unblocked) {
    work = bufs[0]!;
    work.set(a.subarray(0, M * N));
  }
  const bd = unblocked ? householderBidiagonalize(work, M, N, bufs?.[3]) : blockedBidiagonalize(work, M, N);
  if (!vectors) {
    bidiagonalQR(bd.d, bd.e, N, null, null);
    return { d: bd.d, ut: null, vt: null };
  }
  if (!rotated) {
    return divideConquerFactors(
      bd.d,
      bd.e,
      N,
      M,
      uRows,
      columnReflectors(work, N, bd.tauQ, N),
      rowReflectors(work, N, bd.tauP),
    );
  }
  const ut: RotatedRows = {
    data: formLeftFactorTransposed(work, M, N, bd.tauQ, N, uRows, bufs?.[1], bufs?.[3]),
    rowLength: M,
  };
  const vt: RotatedRows = { data: formRightFactorTransposed(work, N, bd.tauP, bufs?.[2], bufs?.[3]), rowLength: N };
  bidiagonalQR(bd.d, bd.e, N, ut, vt);
  return { d: bd.d, ut, vt };
}

/**
 * Step 5 by divide and conquer: B = U_B·Σ·V_Bᵀ (bidiagonalDivideConquer.ts), then
 * Uᵀ = [U_Bᵀ 0; 0 I]·Qᵀ and Vᵀ = V_Bᵀ·Pᵀ by applying the stored reflectors blockwise
 * (blockedReflectors.ts), so Q and P are never formed. `left` holds the reflectors of Q
 * (coordinates 0..M−1), `right` those of P. Returns Σ (descending) and the factors.
 */
function divideConquerFactors(
  d: Float64Array,
  e: Float64Array,
  N: number,
  M: number,
  uRows: number,
  left: ReflectorStorage,
  right: ReflectorStorage,
): TallSvd {
  const dc = bidiagonalDivideConquer(d, e, N);
  const ut = embedRows(dc.ut, N, uRows, M);
  // side by side on the pool when threads are on (parallelBackTransform.ts)
  applyBackTransforms([
    { x: ut, rows: uRows, len: M, reflectors: left },
    { x: dc.vt, rows: N, len: N, reflectors: right },
  ]);
  return { d: dc.s, ut: { data: ut, rowLength: M }, vt: { data: dc.vt, rowLength: N } };
}

/** [X 0; 0 I] (rows×len) from the row-major N×N X: rows ≥ N are unit rows (a full factor). */
function embedRows(x: Float64Array, N: number, rows: number, len: number): Float64Array {
  // shared memory when threads are on: the reflector application's GEMMs update it in place
  const out = kernels.sharedWorkArray(rows * len);
  for (let r = 0; r < N; r++) out.set(x.subarray(r * N, r * N + N), r * len);
  for (let r = N; r < rows; r++) out[r * len + r] = 1;
  return out;
}
