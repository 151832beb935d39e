import { type Tensor, epsOf } from '@svd/tensor';
import { complexOutputTensor, outputTensor } from './batch.js';
import { checkChoice, checkOptions, checkTolerance } from './checkInput.js';
import { complexSvdKernel } from './kernels/complex/complexSvdKernel.js';
import { svdKernel } from './kernels/svd/svdKernel.js';
import {
  DEFAULT_SEED,
  checkIntegerOption,
  checkRank,
  checkSeed,
  defaultKrylovDimension,
  preferDense,
} from './krylov/krylovOptions.js';
import { type TruncatedSvd, lanczosSvd } from './krylov/lanczosBidiagonalization.js';
import { type BlockOperator, type LinearOperator, formDense, toBlockOperator } from './krylov/linearOperator.js';
import { fixPhases } from './krylov/phaseConvention.js';

/** How `svds` / `eigsh` compute: by the Krylov iteration, by the dense decomposition, or chosen by size. */
export type KrylovMethod = 'auto' | 'krylov' | 'dense';

/** Options of `svds`; every one may be omitted. */
export interface SvdsOptions {
  /**
   * Relative tolerance: a triplet has converged when ‖Aᴴuᵢ − σᵢvᵢ‖ ≤ tol·‖A‖₂ (A·vᵢ = σᵢuᵢ holds
   * exactly in the Krylov space). Default 4·ε of the dtype (2⁻⁵⁰ for float64 and complex128,
   * 2⁻²¹ for float32 and complex64).
   */
  tol?: number;
  /** Cap on thick restarts; reaching it throws `ConvergenceError`. Default 500. */
  maxRestarts?: number;
  /** Krylov dimension (vectors kept per basis), k < ncv ≤ min(m, n). Default max(2k + 1, 20), capped. */
  ncv?: number;
  /** Seed of the random starting vector (@svd/tensor's `Rng`); the same seed gives the same bits. */
  seed?: number;
  /**
   * 'krylov', 'dense' (the full thin `svd`, truncated; forms the matrix of an operator from A·I),
   * or 'auto' (default): dense for min(m, n) < 100 or k > min(m, n)/16 (the measured crossover)
   * — for an operator only while m·n ≤ 4·10⁶ — and Krylov otherwise. Whatever the method, k = 0
   * returns empty factors and ncv = min(m, n) (the Krylov space would be the whole space) takes
   * the dense path.
   */
  method?: KrylovMethod;
}

/**
 * The k largest singular triplets of a matrix or a never-formed linear operator:
 * A ≈ U·diag(S)·Vᴴ restricted to the top k, with U m×k, S (real, descending) and V n×k — the same
 * layout as `svd` (V, not Vᴴ).
 *
 * Algorithm: Golub–Kahan–Lanczos bidiagonalisation with thick (Ritz-vector) restarts — the
 * augmented implicitly restarted Lanczos bidiagonalisation of Baglama & Reichel (SIAM J. Sci.
 * Comput. 2005, "IRLBA") — with full DGKS reorthogonalisation of both bases, every projection a
 * GEMM; the small projected problem is solved by the dense `svd`. Cost per restart: about ncv
 * applications of A and of Aᴴ, plus O((m + n)·ncv²). The matrix is used only through products.
 *
 * Conventions: each column of V is scaled by the unit scalar that makes its largest-magnitude
 * entry real and positive, and U's column with it (u·vᴴ unchanged); inside a repeated singular
 * value only the subspace is defined. Deterministic: the starting vector comes from `seed`, so a
 * run gives the same bits every time. float32 / complex64: the iteration runs in float64 (an
 * operator still receives and returns blocks of its own dtype) and the output is rounded once.
 *
 * @throws ValueError for a bad k (not an integer in [0, min(m, n)]) or option; ShapeError for a
 *   Tensor that is not 2-D or an operator with a bad shape or a result of the wrong shape;
 *   DTypeError for a result of the wrong dtype; LinAlgError for NaN/±Inf in A or in a result;
 *   ConvergenceError when maxRestarts is reached.
 *
 * @example
 * const A = randn([500, 300], { seed: 1 });
 * const [U, S, V] = svds(A, 5); // U 500×5, S [5] descending, V 300×5
 * // With an operator (never formed): see `LinearOperator`.
 * const [, S2] = svds(A, 5, { tol: 1e-10, seed: 7, ncv: 24 });
 */
export function svds(
  A: Tensor | LinearOperator,
  k: number,
  options: SvdsOptions = {},
): [U: Tensor, S: Tensor, V: Tensor] {
  const op = 'svds';
  const opts = checkOptions(op, options, ['tol', 'maxRestarts', 'ncv', 'seed', 'method']);
  const B = toBlockOperator(op, A);
  const minDim = Math.min(B.m, B.n);
  checkRank(op, k, minDim, 'at most min(m, n)');
  const tol = checkTolerance(op, 'tol', opts.tol) ?? 4 * epsOf(B.dtype);
  const maxRestarts = checkIntegerOption(op, 'maxRestarts', opts.maxRestarts, 0, Number.MAX_SAFE_INTEGER, 500);
  const ncv = checkIntegerOption(
    op,
    'ncv',
    opts.ncv,
    Math.min(k + 1, minDim),
    minDim,
    defaultKrylovDimension(k, minDim),
  );
  const seed = checkSeed(op, opts.seed, DEFAULT_SEED);
  const method = checkChoice<KrylovMethod>(op, 'method', opts.method, ['auto', 'krylov', 'dense'], 'auto');
  const krylov =
    k > 0 &&
    ncv < minDim &&
    (method === 'krylov' || (method === 'auto' && !preferDense(k, B.m, B.n, B.dense !== null)));
  const r = krylov ? lanczosSvd(B, { op, k, ncv, tol, maxRestarts, seed }) : denseTruncatedSvd(B, k);
  fixPhases(r.v, B.n, k, B.width, r.u, B.m);
  const vectors = B.width === 2 ? complexOutputTensor : outputTensor;
  return [vectors(r.u, [B.m, k], B.dtype), outputTensor(r.s, [k], B.dtype), vectors(r.v, [B.n, k], B.dtype)];
}

/** The dense thin SVD truncated to k triplets. */
export function denseTruncatedSvd(A: BlockOperator, k: number): TruncatedSvd {
  const { m, n, width: w } = A;
  const a = formDense(A);
  const r = w === 2 ? complexSvdKernel(a, m, n, 'thin') : svdKernel(a, m, n, 'thin');
  return {
    s: r.s.slice(0, k),
    u: leadingColumns(r.u!, m, r.uCols, k, w),
    v: leadingColumns(r.v!, n, r.vCols, k, w),
    restarts: 0,
  };
}

/** The first k columns of a row-major rows×cols matrix. */
export function leadingColumns(x: Float64Array, rows: number, cols: number, k: number, w: 1 | 2): Float64Array {
  const out = new Float64Array(rows * k * w);
  for (let i = 0; i < rows; i++) out.set(x.subarray(i * cols * w, (i * cols + k) * w), i * k * w);
  return out;
}
