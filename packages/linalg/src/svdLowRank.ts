import { Rng, type Tensor, kernels as tensorKernels } from '@svd/tensor';
import { complexOutputTensor, outputTensor } from './batch.js';
import { checkOptions } from './checkInput.js';
import { complexHouseholderQR, formComplexQ } from './kernels/complex/complexHouseholderQR.js';
import { complexSvdKernel } from './kernels/complex/complexSvdKernel.js';
import { formQ, householderQR } from './kernels/householderQR.js';
import { svdKernel } from './kernels/svd/svdKernel.js';
import { randomVector } from './krylov/krylovBasis.js';
import { DEFAULT_SEED, checkIntegerOption, checkRank, checkSeed } from './krylov/krylovOptions.js';
import { type BlockOperator, type LinearOperator, toBlockOperator } from './krylov/linearOperator.js';
import { fixPhases } from './krylov/phaseConvention.js';

const { gemm, complexGemm, rowMajor } = tensorKernels;

/** Options of `svdLowRank`; every one may be omitted. */
export interface SvdLowRankOptions {
  /** Extra random directions beyond k (the sketch has l = min(k + oversample, m, n) columns). Default 10. */
  oversample?: number;
  /** Power (subspace) iterations, each re-orthonormalised by QR. Default 2. */
  powerIters?: number;
  /** Seed of the random test matrix; the same seed gives the same bits. */
  seed?: number;
}

/**
 * An APPROXIMATE rank-k SVD by the randomized range finder with power iterations (Halko,
 * Martinsson & Tropp, "Finding structure with randomness", SIAM Review 53 (2011), Algorithms 4.4
 * and 5.1; the algorithm of PyTorch's `torch.svd_lowrank`): Y = A·Ω for a Gaussian n×l Ω,
 * `powerIters` rounds of Q ← orth(A·orth(Aᴴ·Q)), then the exact SVD of the small Qᴴ·A.
 * Returns `[U, S, V]` like `svds` (U m×k, S descending, V n×k, A ≈ U·diag(S)·Vᴴ).
 *
 * It is exact only when rank(A) ≤ l; otherwise the error is random and bounded in expectation by
 * HMT's Theorem 10.6 — roughly σ_{k+1}·(1 + c)^{1/(2q+1)} for q power iterations — so singular
 * values of a slowly decaying spectrum are underestimated. Use `svds` for converged triplets.
 * Cost: (2q + 2) block applications of A or Aᴴ on l vectors and a few QRs of m×l / n×l blocks.
 * Deterministic for a given seed. Phase convention as `svds`.
 *
 * @throws as `svds` for bad A, k or options (oversample and powerIters: integers ≥ 0).
 *
 * @example
 * const A = matmul(randn([2000, 8], { seed: 1 }), randn([8, 1500], { seed: 2 })); // rank 8
 * const [U, S, V] = svdLowRank(A, 8); // exact up to rounding: rank(A) ≤ k + oversample
 * const [, S5] = svdLowRank(A, 5, { oversample: 5, powerIters: 3, seed: 7 });
 */
export function svdLowRank(
  A: Tensor | LinearOperator,
  k: number,
  options: SvdLowRankOptions = {},
): [U: Tensor, S: Tensor, V: Tensor] {
  const op = 'svdLowRank';
  const opts = checkOptions(op, options, ['oversample', 'powerIters', 'seed']);
  const B = toBlockOperator(op, A);
  const { m, n, width: w } = B;
  const minDim = Math.min(m, n);
  checkRank(op, k, minDim, 'at most min(m, n)');
  const oversample = checkIntegerOption(op, 'oversample', opts.oversample, 0, Number.MAX_SAFE_INTEGER, 10);
  const powerIters = checkIntegerOption(op, 'powerIters', opts.powerIters, 0, Number.MAX_SAFE_INTEGER, 2);
  const seed = checkSeed(op, opts.seed, DEFAULT_SEED);
  const l = Math.min(k + oversample, minDim);
  const u = new Float64Array(m * k * w);
  const s = new Float64Array(k);
  const v = new Float64Array(n * k * w);
  if (k > 0) randomizedSvd(B, k, l, powerIters, new Rng(seed), u, s, v);
  fixPhases(v, n, k, w, u, m);
  const vectors = w === 2 ? complexOutputTensor : outputTensor;
  return [vectors(u, [m, k], B.dtype), outputTensor(s, [k], B.dtype), vectors(v, [n, k], B.dtype)];
}

function randomizedSvd(
  A: BlockOperator,
  k: number,
  l: number,
  powerIters: number,
  rng: Rng,
  u: Float64Array,
  s: Float64Array,
  v: Float64Array,
): void {
  const { m, n, width: w } = A;
  let Q = orthonormalColumns(A.apply(randomVector(rng, n * l, w), l), m, l, w);
  for (let i = 0; i < powerIters; i++) {
    const Z = orthonormalColumns(A.adjoint(Q, l), n, l, w);
    Q = orthonormalColumns(A.apply(Z, l), m, l, w);
  }
  // Bᴴ = Aᴴ·Q (n×l) = Ub·S·Vbᴴ, so Qᴴ·A = Vb·S·Ubᴴ and A ≈ (Q·Vb)·S·Ubᴴ.
  const Bh = A.adjoint(Q, l);
  const small = w === 2 ? complexSvdKernel(Bh, n, l, 'thin') : svdKernel(Bh, n, l, 'thin');
  s.set(small.s.subarray(0, k));
  const Ub = small.u!;
  for (let i = 0; i < n; i++) v.set(Ub.subarray(i * l * w, (i * l + k) * w), i * k * w);
  const Vb = rowMajor(small.v!, l);
  if (w === 2) complexGemm(m, k, l, [1, 0], rowMajor(Q, l), Vb, [0, 0], rowMajor(u, k));
  else gemm(m, k, l, 1, rowMajor(Q, l), Vb, 0, rowMajor(u, k));
}

/** The thin Q of the Householder QR of a row-major rows×cols block (rows ≥ cols). */
function orthonormalColumns(y: Float64Array, rows: number, cols: number, w: 1 | 2): Float64Array {
  if (w === 2) {
    const { qr, tau } = complexHouseholderQR(y, rows, cols);
    return formComplexQ(qr, tau, rows, cols, cols);
  }
  const { qr, tau } = householderQR(y, rows, cols);
  return formQ(qr, tau, rows, cols, cols);
}
