/**
 * What one matrix of a batch computes, per decomposition: the kernel calls of svd, eigh, qr,
 * cholesky and eig on one row-major matrix, and the sizes of their per-matrix outputs. The
 * serial batch loop and the batch parts that run on pool workers (`batchRange.ts`, bundled into
 * `workerModule.generated.ts`) both call `matrixResults`, so a matrix gets the same bits
 * whichever thread computes it.
 *
 * A task is plain data (it is structured-cloned to the workers).
 */
import { complexCholesky } from '../kernels/complex/complexCholesky.js';
import {
  complexHouseholderQR,
  extractComplexR,
  formComplexQ,
  normalizeQRSigns,
} from '../kernels/complex/complexHouseholderQR.js';
import { complexSvdKernel } from '../kernels/complex/complexSvdKernel.js';
import { hermitianEigen } from '../kernels/complex/hermitianEigen.js';
import { choleskyFactor } from '../kernels/choleskyFactor.js';
import { clearNegativeZeros } from '../kernels/negativeZero.js';
import { generalEigen } from '../kernels/eig/generalEigen.js';
import { extractR, formQ, householderQR } from '../kernels/householderQR.js';
import { pairedSvdApplies, svdKernelPairInto } from '../kernels/svd/pairedSvdKernel.js';
import type { SvdJob, SvdTarget } from '../kernels/svd/svdKernel.js';
import { svdKernel } from '../kernels/svd/svdKernel.js';
import { symmetricEigen } from '../kernels/symmetricEigen.js';

/** One decomposition applied to every matrix of a batch (its options included). */
export type BatchTask =
  /** svd / svdvals: outputs [U, S, V], or [S] for job 'none'. */
  | { readonly kind: 'svd'; readonly job: SvdJob }
  /** eigh / eigvalsh: outputs [W, V], or [W] without vectors. */
  | { readonly kind: 'eigh'; readonly op: string; readonly uplo: 'L' | 'U'; readonly vectors: boolean }
  /** qr: outputs [R, Q], or [R] for mode 'r'. */
  | { readonly kind: 'qr'; readonly mode: 'reduced' | 'complete' | 'r' }
  /** cholesky: output [L] (or [U] = [Lᴴ] with upper). */
  | { readonly kind: 'cholesky'; readonly upper: boolean }
  /** eig / eigvals: outputs [W, V] (complex), or [W] without vectors. */
  | { readonly kind: 'eig'; readonly op: string; readonly vectors: boolean };

/** The matrices' shape: rows × cols, `width` 1 (real) or 2 (interleaved complex). */
export interface MatrixGeometry {
  readonly rows: number;
  readonly cols: number;
  readonly width: 1 | 2;
}

/** The number of reals each output holds per matrix, in the task's output order. */
export function outputSizes(task: BatchTask, g: MatrixGeometry): number[] {
  const { rows: m, cols: n, width: w } = g;
  const k = Math.min(m, n);
  switch (task.kind) {
    case 'svd':
      if (task.job === 'none') return [k];
      return task.job === 'full' ? [m * m * w, k, n * n * w] : [m * k * w, k, n * k * w];
    case 'eigh':
      return task.vectors ? [n, n * n * w] : [n];
    case 'qr': {
      const complete = task.mode === 'complete';
      const r = (complete ? m : k) * n * w;
      return task.mode === 'r' ? [r] : [r, m * (complete ? m : k) * w];
    }
    case 'cholesky':
      return [n * n * w];
    case 'eig':
      return task.vectors ? [2 * n, 2 * n * n] : [2 * n];
  }
}

/**
 * The outputs of one matrix `a` (row-major, not modified), each at least as long as its
 * `outputSizes` entry. Throws what the kernel throws (LinAlgError, ConvergenceError).
 */
export function matrixResults(task: BatchTask, g: MatrixGeometry, a: Float64Array): Float64Array[] {
  const { rows: m, cols: n, width: w } = g;
  switch (task.kind) {
    case 'svd': {
      const r = w === 2 ? complexSvdKernel(a, m, n, task.job) : svdKernel(a, m, n, task.job);
      return task.job === 'none' ? [r.s] : [r.u!, r.s, r.v!];
    }
    case 'eigh': {
      const r =
        w === 2
          ? hermitianEigen(a, n, task.uplo, task.vectors, task.op)
          : symmetricEigen(a, n, task.uplo, task.vectors, task.op);
      return task.vectors ? [r.w, r.v!] : [r.w];
    }
    case 'qr':
      return qrResults(task.mode, m, n, w, a);
    case 'cholesky': {
      const uplo = task.upper ? 'U' : 'L';
      if (w === 2) {
        const l = complexCholesky(a, n, uplo);
        return [task.upper ? adjointSquare(l, n) : l];
      }
      const l = choleskyFactor(a, n, uplo);
      return [task.upper ? transposeSquare(l, n) : l];
    }
    case 'eig': {
      const r = generalEigen(a, n, w, task.vectors, task.op);
      return task.vectors ? [r.w, r.v!] : [r.w];
    }
  }
}

/**
 * Matrix `k` of a batch computed straight into its slots of `outputs` (slot k of output i at
 * k·sizes[i]). The SVD writes there itself through an SvdTarget (no per-matrix result arrays, no
 * copy) and clears any −0 of the matrix's slots (a batch's threads share that pass); the other
 * decompositions copy their kernel's results.
 */
export function matrixResultsInto(
  task: BatchTask,
  g: MatrixGeometry,
  a: Float64Array,
  outputs: readonly Float64Array[],
  sizes: readonly number[],
  k: number,
): void {
  if (task.kind === 'svd') {
    const target = svdTarget(task.job, outputs, sizes, k);
    if (g.width === 2) complexSvdKernel(a, g.rows, g.cols, task.job, { target });
    else svdKernel(a, g.rows, g.cols, task.job, { target });
    clearMatrixNegativeZeros(outputs, sizes, k);
    return;
  }
  const results = matrixResults(task, g, a);
  for (let i = 0; i < outputs.length; i++) outputs[i]!.set(results[i]!.subarray(0, sizes[i]!), k * sizes[i]!);
}

/**
 * −0 cleared from matrix k's slots by the thread that wrote them (svd.ts passes `clean` to
 * outputTensor, so no serial pass over the whole outputs follows the parallel part).
 */
function clearMatrixNegativeZeros(outputs: readonly Float64Array[], sizes: readonly number[], k: number): void {
  for (let i = 0; i < outputs.length; i++) {
    clearNegativeZeros(outputs[i]!.subarray(k * sizes[i]!, (k + 1) * sizes[i]!));
  }
}

/** Where matrix k's SVD goes in the stacked outputs ([U, S, V], or [S] for job 'none'). */
function svdTarget(job: SvdJob, outputs: readonly Float64Array[], sizes: readonly number[], k: number): SvdTarget {
  if (job === 'none') return { s: outputs[0]!, sAt: k * sizes[0]!, u: null, uAt: 0, v: null, vAt: 0 };
  return {
    s: outputs[1]!,
    sAt: k * sizes[1]!,
    u: outputs[0]!,
    uAt: k * sizes[0]!,
    v: outputs[2]!,
    vAt: k * sizes[2]!,
  };
}

/** The first failing matrix of a range and what it threw. */
export interface MatrixFailure {
  readonly k: number;
  readonly err: unknown;
}

/**
 * Matrices [k0, k1) of the batch `input` (count matrices of rows·cols·width reals, back to
 * back) computed into their slots of `outputs`, in order, up to the first that fails: its index
 * and error are returned (null when all succeed); the matrices before it are written.
 *
 * Small real SVDs go two at a time through `svdKernelPairInto` (their bidiagonal QRs
 * interleaved: same bits as one at a time, about a fifth less time); everything else one at a
 * time through `matrixResultsInto`.
 */
export function matricesInto(
  task: BatchTask,
  g: MatrixGeometry,
  input: Float64Array,
  outputs: readonly Float64Array[],
  sizes: readonly number[],
  k0: number,
  k1: number,
): MatrixFailure | null {
  const size = g.rows * g.cols * g.width;
  let k = k0;
  if (task.kind === 'svd' && g.width === 1 && pairedSvdApplies(g.rows, g.cols, task.job)) {
    for (; k + 1 < k1; k += 2) {
      let second: unknown;
      try {
        second = svdKernelPairInto(
          input.subarray(k * size, (k + 1) * size),
          input.subarray((k + 1) * size, (k + 2) * size),
          g.rows,
          g.cols,
          task.job,
          svdTarget(task.job, outputs, sizes, k),
          svdTarget(task.job, outputs, sizes, k + 1),
        );
      } catch (err) {
        return { k, err };
      }
      clearMatrixNegativeZeros(outputs, sizes, k);
      if (second !== undefined) return { k: k + 1, err: second };
      clearMatrixNegativeZeros(outputs, sizes, k + 1);
    }
  }
  for (; k < k1; k++) {
    try {
      matrixResultsInto(task, g, input.subarray(k * size, (k + 1) * size), outputs, sizes, k);
    } catch (err) {
      return { k, err };
    }
  }
  return null;
}

/** Householder QR (dgeqrf/zgeqrf, diag(R) ≥ 0): [R] or [R, Q]. */
function qrResults(
  mode: 'reduced' | 'complete' | 'r',
  m: number,
  n: number,
  w: 1 | 2,
  a: Float64Array,
): Float64Array[] {
  const k = Math.min(m, n);
  const qCols = mode === 'complete' ? m : k;
  const rRows = mode === 'complete' ? m : k;
  if (w === 2) {
    const f = complexHouseholderQR(a, m, n);
    const r = extractComplexR(f.qr, m, n, rRows);
    const q = mode === 'r' ? null : formComplexQ(f.qr, f.tau, m, n, qCols);
    normalizeQRSigns(r, n, k, q, m, qCols);
    return q === null ? [r] : [r, q];
  }
  const f = householderQR(a, m, n);
  const r = extractR(f.qr, m, n, rRows);
  return mode === 'r' ? [r] : [r, formQ(f.qr, f.tau, m, n, qCols)];
}

function adjointSquare(a: Float64Array, n: number): Float64Array {
  const t = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      t[2 * (j * n + i)] = a[2 * (i * n + j)]!;
      t[2 * (j * n + i) + 1] = -a[2 * (i * n + j) + 1]!;
    }
  }
  return t;
}

function transposeSquare(a: Float64Array, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = a[i * n + j]!;
  return t;
}
