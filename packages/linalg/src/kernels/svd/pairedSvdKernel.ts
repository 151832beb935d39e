/**
 * Two small real SVDs of one batch at once (svdKernel's route for min(m, n) < 96 and
 * max(m, n) < 1.6·min(m, n): unblocked Householder bidiagonalisation, explicit Qᵀ and Pᵀ on the
 * wasm workspace, bidiagonal QR). Each matrix goes through the same steps as in `svdKernel`, on
 * the same data and in the same order, so its results have the same bits; what changes:
 *
 * - the two bidiagonal QRs run their shifted chases interleaved (pairedBidiagonalQR.ts), which
 *   is where a small SVD spends most of its time waiting on square roots and divisions;
 * - both matrices' buffers come from one workspace request, and the scaled copy is made straight
 *   into the workspace (no per-matrix work array).
 */

import { BIDIAGONAL_BLOCKED_FROM } from './blockedBidiagonalize.js';
import { formLeftFactorTransposed, formRightFactorTransposed } from './accumulateReflectors.js';
import { BidiagonalQRRun, type RotatedRows } from './bidiagonalQR.js';
import { transpose } from './denseRowMajor.js';
import { householderBidiagonalize } from './householderBidiagonalize.js';
import { pairedBidiagonalQR } from './pairedBidiagonalQR.js';
import {
  type PreparedSvd,
  type SvdJob,
  type SvdTarget,
  checkSvdArguments,
  finishSvd,
  prepareSvd,
} from './svdDriver.js';
import { DIVIDE_CONQUER_CROSSOVER, QR_FIRST_RATIO } from './svdKernel.js';
import { svdWasmArrays } from './svdWasm.js';

const REAL = { width: 1 as const, transpose };

/**
 * Whether `svdKernelPairInto` serves m×n matrices with this job: the route above, with at least
 * two singular values (smaller matrices have no chase to overlap).
 */
export function pairedSvdApplies(m: number, n: number, job: SvdJob): boolean {
  const N = Math.min(m, n);
  const M = Math.max(m, n);
  if (N < 2 || N >= BIDIAGONAL_BLOCKED_FROM) return false;
  if (job !== 'none' && N >= DIVIDE_CONQUER_CROSSOVER) return false;
  return !(M > N && M >= QR_FIRST_RATIO * N);
}

/**
 * The SVDs of the row-major m×n matrices `a0` and `a1` (finite, not modified; pairedSvdApplies
 * must hold) written into `t0` and `t1`, with the bits of `svdKernel(a, m, n, job, { target })`.
 * A ConvergenceError of the first matrix is thrown (nothing of the second is written then); one
 * of the second is returned after the first's results are written (undefined when both succeed).
 *
 * @example
 * const err = svdKernelPairInto(a0, a1, 32, 32, 'thin', target0, target1);
 * if (err !== undefined) throw err; // the second matrix did not converge
 */
export function svdKernelPairInto(
  a0: Float64Array,
  a1: Float64Array,
  m: number,
  n: number,
  job: SvdJob,
  t0: SvdTarget,
  t1: SvdTarget,
): unknown {
  checkSvdArguments(a0, m, n, 1);
  checkSvdArguments(a1, m, n, 1);
  const M = Math.max(m, n);
  const N = Math.min(m, n);
  const vectors = job !== 'none';
  const uRows = job === 'full' ? M : N;
  // Per matrix: the work matrix, Uᵀ, Vᵀ and the reflector scratch (as svdKernel's tallSvd), and
  // the bidiagonal QR's four rotation coefficient arrays (in the workspace: the sweep kernels
  // read them in place).
  const c = vectors ? N : 0;
  const sizes = [M * N, vectors ? uRows * M : 0, vectors ? N * N : 0, M, c, c, c, c];
  const both = [...sizes, ...sizes];
  const bufs = svdWasmArrays(both) ?? both.map((s) => new Float64Array(s));
  const p0 = prepareSvd(a0, m, n, job, REAL, bufs[0]!);
  const p1 = prepareSvd(a1, m, n, job, REAL, bufs[8]!);
  const r0 = reducedRun(p0, uRows, bufs.slice(1, 8));
  const r1 = reducedRun(p1, uRows, bufs.slice(9, 16));
  const error = pairedBidiagonalQR(r0, r1);
  finishSvd(p0, { d: r0.d, ut: r0.ut, vt: r0.vt }, t0);
  if (error === undefined) finishSvd(p1, { d: r1.d, ut: r1.ut, vt: r1.vt }, t1);
  return error;
}

/**
 * svdKernel's tallSvd up to its bidiagonal QR: the bidiagonal of the prepared work matrix and,
 * for vectors, Qᵀ (uRows rows) and Pᵀ formed in `arrays` [Uᵀ, Vᵀ, scratch, then the run's four
 * coefficient arrays]; the QR's run, not yet started.
 */
function reducedRun(p: PreparedSvd, uRows: number, arrays: readonly Float64Array[]): BidiagonalQRRun {
  const [ut, vt, scratch] = arrays as [Float64Array, Float64Array, Float64Array];
  const { work, rows: M, cols: N } = p;
  const bd = householderBidiagonalize(work, M, N, scratch);
  if (p.job === 'none') return new BidiagonalQRRun(bd.d, bd.e, N, null, null);
  const u: RotatedRows = {
    data: formLeftFactorTransposed(work, M, N, bd.tauQ, N, uRows, ut, scratch),
    rowLength: M,
  };
  const v: RotatedRows = { data: formRightFactorTransposed(work, N, bd.tauP, vt, scratch), rowLength: N };
  return new BidiagonalQRRun(bd.d, bd.e, N, u, v, arrays.slice(3, 7));
}
