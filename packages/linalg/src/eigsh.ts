import { type Tensor, epsOf, isTensor } from '@svd/tensor';
import { complexOutputTensor, outputTensor } from './batch.js';
import { checkChoice, checkOptions, checkTolerance } from './checkInput.js';
import type { Uplo } from './eigh.js';
import { hermitianEigen } from './kernels/complex/hermitianEigen.js';
import { EPS } from './kernels/machineConstants.js';
import { symmetricEigen } from './kernels/symmetricEigen.js';
import {
  DEFAULT_SEED,
  checkIntegerOption,
  checkRank,
  checkSeed,
  defaultKrylovDimension,
  preferDense,
} from './krylov/krylovOptions.js';
import { type TruncatedEigen, type EigshWhich, lanczosEigen } from './krylov/lanczosHermitian.js';
import {
  type BlockOperator,
  type LinearOperator,
  formDense,
  hermitianTensorOperator,
  toBlockOperator,
} from './krylov/linearOperator.js';
import { fixPhases } from './krylov/phaseConvention.js';
import type { KrylovMethod } from './svds.js';

export type { EigshWhich } from './krylov/lanczosHermitian.js';

/** Options of `eigsh`; every one may be omitted. */
export interface EigshOptions {
  /**
   * Which end of the spectrum: 'largest' (algebraically, default), 'smallest', or
   * 'largestMagnitude' (largest |λ|). The result is sorted ascending in every case.
   */
  which?: EigshWhich;
  /**
   * Relative tolerance: a pair has converged when ‖A·vᵢ − λᵢvᵢ‖ ≤ tol·‖A‖₂. Default 4·ε of the dtype
   * (2⁻⁵⁰ for float64 and complex128, 2⁻²¹ for float32 and complex64).
   */
  tol?: number;
  /** Cap on thick restarts; reaching it throws `ConvergenceError`. Default 500. */
  maxRestarts?: number;
  /** Krylov dimension, k < ncv ≤ n. Default max(2k + 1, 20), capped by n. */
  ncv?: number;
  /** Seed of the random starting vector; the same seed gives the same bits. */
  seed?: number;
  /** 'krylov', 'dense' (`eigh`, then the wanted k), or 'auto' (default; see `svds`). */
  method?: KrylovMethod;
  /** For a Tensor: which triangle is read, 'L' (default) or 'U', as in `eigh`. Not for operators. */
  uplo?: Uplo;
}

/**
 * k extreme eigenpairs of a Hermitian (real symmetric) matrix or never-formed linear operator:
 * `[W, V]` with W (k, real, ASCENDING — like `eigh` and SciPy's `eigsh`, whatever `which` is) and
 * V (n×k) the eigenvectors as columns, A·V ≈ V·diag(W).
 *
 * Algorithm: Lanczos with thick restarts (Wu & Simon, SIAM J. Matrix Anal. Appl. 2000) and full
 * DGKS reorthogonalisation, every projection a GEMM; the small projected problem is solved by
 * the dense `eigh`. A Tensor is read like `eigh` (only the `uplo` triangle); an operator must be
 * Hermitian (`applyAdjoint` is never called): a clearly non-Hermitian one is caught from the
 * Lanczos coefficients (vⱼ₋₁ᴴ·A·vⱼ must equal the real βⱼ₋₁ to about √ε·‖A‖) → `LinAlgError`.
 *
 * Conventions: each eigenvector's largest-magnitude entry is real and positive (eigh's rule);
 * inside a repeated eigenvalue only the subspace is defined. Deterministic (seeded start vector).
 * float32 / complex64: iterates in float64, output rounded once. Only the extreme end converges
 * fast: 'smallest' of a positive definite operator with clustered small eigenvalues can need many
 * restarts (no shift-invert is offered).
 *
 * @throws ValueError for a bad k (not in [0, n]) or option; ShapeError for a non-square input;
 *   DTypeError / ShapeError / LinAlgError for a wrong or non-finite operator result; LinAlgError
 *   for an operator found not to be Hermitian;
 *   ConvergenceError when maxRestarts is reached.
 *
 * @example
 * const B = randn([400, 400], { seed: 1 });
 * const A = add(B, matrixTranspose(B));
 * const [W, V] = eigsh(A, 4);                         // the 4 largest, ascending
 * const [Wm] = eigsh(A, 2, { which: 'largestMagnitude' });
 */
export function eigsh(A: Tensor | LinearOperator, k: number, options: EigshOptions = {}): [W: Tensor, V: Tensor] {
  const op = 'eigsh';
  const opts = checkOptions(op, options, ['which', 'tol', 'maxRestarts', 'ncv', 'seed', 'method', 'uplo']);
  const uplo = checkChoice<Uplo>(op, 'uplo', opts.uplo, ['L', 'U'], 'L');
  const B = isTensor(A) ? hermitianTensorOperator(op, A, uplo) : toBlockOperator(op, A, true);
  const n = B.n;
  checkRank(op, k, n, 'at most n');
  const which = checkChoice<EigshWhich>(
    op,
    'which',
    opts.which,
    ['largest', 'smallest', 'largestMagnitude'],
    'largest',
  );
  const tol = checkTolerance(op, 'tol', opts.tol) ?? 4 * epsOf(B.dtype);
  const maxRestarts = checkIntegerOption(op, 'maxRestarts', opts.maxRestarts, 0, Number.MAX_SAFE_INTEGER, 500);
  const ncv = checkIntegerOption(op, 'ncv', opts.ncv, Math.min(k + 1, n), n, defaultKrylovDimension(k, n));
  const seed = checkSeed(op, opts.seed, DEFAULT_SEED);
  const method = checkChoice<KrylovMethod>(op, 'method', opts.method, ['auto', 'krylov', 'dense'], 'auto');
  const krylov =
    k > 0 && ncv < n && (method === 'krylov' || (method === 'auto' && !preferDense(k, n, n, B.dense !== null)));
  const r = krylov
    ? lanczosEigen(B, { op, k, ncv, tol, maxRestarts, seed, which, operatorEps: B.dense ? EPS : epsOf(B.dtype) / 2 })
    : denseTruncatedEigen(B, k, which, op);
  fixPhases(r.v, n, k, B.width);
  return [outputTensor(r.w, [k], B.dtype), (B.width === 2 ? complexOutputTensor : outputTensor)(r.v, [n, k], B.dtype)];
}

/** The dense eigendecomposition, then the wanted k pairs in ascending order. */
function denseTruncatedEigen(A: BlockOperator, k: number, which: EigshWhich, op: string): TruncatedEigen {
  const { n, width: w } = A;
  const a = formDense(A);
  const r = w === 2 ? hermitianEigen(a, n, 'L', true, op) : symmetricEigen(a, n, 'L', true, op);
  const idx = Array.from(r.w, (_, i) => i);
  let chosen: number[];
  if (which === 'smallest') chosen = idx.slice(0, k);
  else if (which === 'largest') chosen = idx.slice(n - k);
  else {
    chosen = idx.sort((x, y) => Math.abs(r.w[y]!) - Math.abs(r.w[x]!) || x - y).slice(0, k);
    chosen.sort((x, y) => x - y);
  }
  const v = new Float64Array(n * k * w);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const src = (i * n + chosen[j]!) * w;
      v[(i * k + j) * w] = r.v![src]!;
      if (w === 2) v[(i * k + j) * w + 1] = r.v![src + 1]!;
    }
  }
  return { w: Float64Array.from(chosen, (i) => r.w[i]!), v, restarts: 0 };
}
