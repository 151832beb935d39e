import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import { type Var, adjoint, constant, matmul, mul } from '@svd/tape';
import { checkChoiceOption, checkOptionKeys } from './checkArgs.js';
import type { GaugeMode } from './gaugePolicy.js';
import { type DifferentiableOperator, checkOperator, isOperator } from './krylovOperator.js';
import { qr } from './qr.js';
import { svd } from './svd.js';
import { checkMatrix } from './svds.js';

/** Options of `svdLowRank` (those of @svd/linalg's, plus the gauge policy of the inner `svd`). */
export interface SvdLowRankOptions {
  /** Extra random directions beyond k (the sketch has l = min(k + oversample, m, n) columns). Default 10. */
  oversample?: number;
  /** Power iterations, each re-orthonormalised by QR. Default 2. */
  powerIters?: number;
  /** Seed of the Gaussian test matrix Ω (the same draws as @svd/linalg's svdLowRank). */
  seed?: number;
  /** Gauge policy of the small SVD's rule. Default 'warn'. */
  gauge?: GaugeMode;
}

/** @svd/linalg's default seed for the Krylov and randomized solvers (its `DEFAULT_SEED`). */
const LINALG_DEFAULT_SEED = 20260;

function checkCount(name: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  throw new T.ValueError('svdLowRank', `option ${name} must be an integer ≥ 0, got ${T.describeValue(v)}`);
}

/** Ω (n×l) from the same draws as @svd/linalg: rng.normal() row-major, (re, im) interleaved. */
function gaussian(n: number, l: number, dtype: T.DType, seed: number): T.Tensor {
  const rng = new T.Rng(seed);
  const w = T.isComplex(dtype) ? 2 : 1;
  const re = new Float64Array(n * l);
  const im = new Float64Array(n * l);
  for (let i = 0; i < n * l; i++) {
    re[i] = rng.normal();
    if (w === 2) im[i] = rng.normal();
  }
  const real = T.tensor(re, { shape: [n, l] });
  return w === 2 ? T.complex(real, T.tensor(im, { shape: [n, l] })) : real;
}

/**
 * The phase convention of @svd/linalg's svds/svdLowRank: each column of V scaled by the unit scalar
 * that makes its largest-magnitude entry real and positive, U's column with it. The scalars are
 * computed on values and applied as constants: u·vᴴ — everything a gauge-invariant loss sees — is
 * unchanged by them.
 */
function fixPhases(U: Var, V: Var): [Var, Var] {
  const v = V.value;
  const [n, k] = [v.shape[0]!, v.shape[1]!];
  const cplx = T.isComplex(v.dtype);
  const data = v.contiguous().toTypedArray(false);
  const w = cplx ? 2 : 1;
  const re = new Float64Array(k).fill(1);
  const im = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let best = -1;
    let bestAbs = -1;
    for (let i = 0; i < n; i++) {
      const p = (i * k + j) * w;
      const a = cplx ? Math.hypot(data[p]!, data[p + 1]!) : Math.abs(data[p]!);
      if (a > bestAbs) {
        bestAbs = a;
        best = p;
      }
    }
    if (best < 0 || bestAbs === 0) continue;
    re[j] = data[best]! / bestAbs;
    if (cplx) im[j] = -data[best + 1]! / bestAbs;
  }
  const row = (x: Float64Array) => T.tensor(x, { shape: [1, k] });
  const c = cplx ? T.complex(row(re), row(im)) : row(re);
  return [mul(U, constant(c)), mul(V, constant(c))];
}

/**
 * An APPROXIMATE rank-k SVD by the randomized range finder (Halko, Martinsson & Tropp 2011; the
 * algorithm of `torch.svd_lowrank` and of @svd/linalg's `svdLowRank`, same draws of Ω for the same
 * seed): Q = orth(A·Ω), `powerIters` rounds of Q ← orth(A·orth(Aᴴ·Q)), then the SVD of the small
 * Aᴴ·Q. Returns `[U, S, V]` like `svds`.
 *
 * Its gradient is the gradient OF THE RANDOM ALGORITHM, as PyTorch's: the whole pipeline is written
 * with tape ops (this package's `qr` and `svd` rules and matmuls, Ω held fixed), so the derivative
 * is exact for the approximation actually computed — not the derivative of the true top-k
 * triplets, unless the approximation is exact (rank(A) = k + oversample). Use `svds` for that.
 * When rank(A) < min(k + oversample, m, n) the sketch A·Ω is rank-deficient and its QR — hence the
 * algorithm — has no derivative: the backward throws `LinAlgError` (from `qr`) rather than return
 * a meaningless number. The forward is fine there.
 * Works for a Tensor (plain result, @svd/linalg's forward), a Var, and a DifferentiableOperator
 * (the gradient reaches the Vars its `apply`/`applyAdjoint` capture). Second derivatives work
 * wherever `qr` and `svd`'s do (Var input).
 *
 * @example
 * const A = variable(matmul(randn([300, 6], { seed: 1 }), randn([6, 200], { seed: 2 }))); // rank 6
 * const [U, S, V] = svdLowRank(A, 4, { oversample: 2 }); // sketch of 6 columns = rank(A)
 * backward(sum(S)); // exact approximation: the same gradient as svds(A, 4)
 */
export function svdLowRank(A: T.Tensor, k: number, options?: SvdLowRankOptions): [T.Tensor, T.Tensor, T.Tensor];
export function svdLowRank(A: Var | DifferentiableOperator, k: number, options?: SvdLowRankOptions): [Var, Var, Var];
export function svdLowRank(
  A: T.Tensor | Var | DifferentiableOperator,
  k: number,
  options: SvdLowRankOptions = {},
): [T.Tensor, T.Tensor, T.Tensor] | [Var, Var, Var] {
  const op = 'svdLowRank';
  checkOptionKeys(op, options, ['oversample', 'powerIters', 'seed', 'gauge']);
  checkChoiceOption(op, 'gauge', options.gauge, ['off', 'warn', 'throw']);
  const { gauge, ...forward } = options;
  if (T.isTensor(A)) return L.svdLowRank(A, k, forward);
  let shape: readonly [number, number];
  let dtype: T.DType;
  let apply: (x: Var) => Var;
  let applyAdjoint: (x: Var) => Var;
  if (isOperator(A)) {
    checkOperator(op, A, false);
    shape = A.shape;
    dtype = A.dtype;
    apply = (x) => A.apply(x);
    applyAdjoint = (x) => (A.applyAdjoint ?? A.apply).call(A, x);
  } else {
    const t = checkMatrix(op, A);
    const a = A as Var;
    shape = [t.shape[0]!, t.shape[1]!];
    dtype = t.dtype;
    apply = (x) => matmul(a, x);
    applyAdjoint = (x) => matmul(adjoint(a), x);
  }
  const [m, n] = shape;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k > Math.min(m, n)) {
    throw new T.ValueError(
      op,
      `k must be an integer in [0, ${Math.min(m, n)}] for a ${m}×${n} input, got ${T.describeValue(k)}`,
    );
  }
  const oversample = checkCount('oversample', options.oversample, 10);
  const powerIters = checkCount('powerIters', options.powerIters, 2);
  const seed = options.seed ?? LINALG_DEFAULT_SEED;
  if (!Number.isSafeInteger(seed))
    throw new T.ValueError(op, `option seed must be a safe integer, got ${T.describeValue(seed)}`);
  const l = Math.min(k + oversample, m, n);
  const omega = constant(gaussian(n, l, dtype, seed));
  let Q = qr(apply(omega))[0];
  for (let i = 0; i < powerIters; i++) {
    const Z = qr(applyAdjoint(Q))[0];
    Q = qr(apply(Z))[0];
  }
  // Bᴴ = Aᴴ·Q = Ub·S·Vbᴴ, so A ≈ Q·Qᴴ·A = (Q·Vb)·S·Ubᴴ.
  const [Ub, S, Vb] = svd(applyAdjoint(Q), { rank: k, gauge: gauge ?? 'warn' });
  const [U, V] = fixPhases(matmul(Q, Vb), Ub);
  return [U, S, V];
}
