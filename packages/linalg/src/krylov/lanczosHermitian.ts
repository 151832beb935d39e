import { Rng } from '@svd/tensor';
import { ConvergenceError, LinAlgError } from '../errors.js';
import { hermitianEigen } from '../kernels/complex/hermitianEigen.js';
import { EPS } from '../kernels/machineConstants.js';
import { symmetricEigen } from '../kernels/symmetricEigen.js';
import { KrylovBasis, divide, randomOrthogonalVector, randomVector, vectorNorm } from './krylovBasis.js';
import type { BlockOperator } from './linearOperator.js';

/*
 * k extreme eigenpairs of a Hermitian A by the Lanczos process with thick restarts: Wu and Simon,
 * "Thick-restart Lanczos method for large symmetric eigenvalue problems", SIAM J. Matrix Anal.
 * Appl. 22 (2000) 602–616 (equivalent to ARPACK's implicitly restarted Lanczos with exact
 * shifts, Sorensen 1992 / Lehoucq–Sorensen 1996), with full DGKS reorthogonalisation.
 *
 * After j steps A·V_j = V_j·T_j + β·r·e_jᵀ with V orthonormal. T's column j holds the
 * Gram–Schmidt coefficients of A·v_j against all of V, so T is tridiagonal between restarts and
 * gains an arrow (the couplings β·Y[last, i] of the kept Ritz vectors) after one, without a
 * special case; eigh reads its upper triangle. With T = Y·Θ·Yᴴ the residual of the Ritz pair
 * (θᵢ, V·yᵢ) is β·|Y[last, i]|, the convergence test. The restart keeps the wanted end of the
 * Ritz spectrum and continues with v = r.
 */

/** Which end of a Hermitian spectrum `eigsh` computes: algebraically largest, smallest, or largest |λ|. */
export type EigshWhich = 'largest' | 'smallest' | 'largestMagnitude';

export interface LanczosEigenSettings {
  readonly op: string;
  readonly k: number;
  readonly ncv: number;
  readonly tol: number;
  readonly maxRestarts: number;
  readonly seed: number;
  readonly which: EigshWhich;
  /** Unit roundoff of the operator's results (2⁻⁵³, or 2⁻²⁴ for float32 / complex64 operators). */
  readonly operatorEps: number;
}

export interface TruncatedEigen {
  /** k eigenvalues, ascending. */
  w: Float64Array;
  /** Eigenvectors as the columns of a row-major n×k matrix (interleaved when complex). */
  v: Float64Array;
  restarts: number;
}

/** Requires 1 ≤ k < ncv < n. */
export function lanczosEigen(A: BlockOperator, s: LanczosEigenSettings): TruncatedEigen {
  const { n, width: w } = A;
  const { k, ncv, tol, maxRestarts, op, which } = s;
  const rng = new Rng(s.seed);
  const V = new KrylovBasis(n, ncv + 1, w);
  const T = new Float64Array(ncv * ncv * w);
  let anorm = 0;
  const v0 = randomVector(rng, n, w);
  divide(v0, vectorNorm(v0));
  V.push(v0);
  let filled = 0;
  // Rounding moves vⱼ₋₁ᴴ·A·vⱼ away from the stored βⱼ₋₁ by O(ε·‖A‖); a non-Hermitian operator by O(‖A‖).
  const symmetryTolerance = Math.sqrt(s.operatorEps) * 16;

  for (let restart = 0; ; restart++) {
    let beta = 0;
    let r: Float64Array = new Float64Array(0);
    for (let j = filled; j < ncv; j++) {
      r = A.apply(V.row(j), 1);
      anorm = Math.max(anorm, vectorNorm(r));
      const h = V.orthogonalize(r, j + 1);
      if (j > filled) checkHermitian(op, T, h, j, ncv, w, symmetryTolerance * anorm);
      for (let i = 0; i <= j; i++) {
        T[(i * ncv + j) * w] = h[i * w]!;
        if (w === 2) T[(i * ncv + j) * w + 1] = i === j ? 0 : h[i * w + 1]!;
      }
      beta = vectorNorm(r);
      if (!(beta > 8 * EPS * anorm)) {
        // An invariant subspace: continue the basis with a fresh direction, coupling zero.
        beta = 0;
        r = randomOrthogonalVector(rng, V, j + 1) ?? r;
      } else divide(r, beta);
      if (j + 1 < ncv) {
        V.push(r);
        // Column j + 1 recomputes this coupling as v_jᴴ·A·v_{j+1}; stored now for completeness.
        T[(j * ncv + j + 1) * w] = beta;
      }
    }
    filled = ncv;

    const small = w === 2 ? hermitianEigen(T, ncv, 'U', true, op) : symmetricEigen(T, ncv, 'U', true, op);
    const theta = small.w;
    const Y = small.v!;
    for (let i = 0; i < ncv; i++) anorm = Math.max(anorm, Math.abs(theta[i]!));
    const order = wantedOrder(theta, which);
    let converged = 0;
    while (converged < k && lastRow(Y, ncv, order[converged]!, w) * beta <= tol * anorm) converged++;
    if (converged === k) {
      const chosen = order.slice(0, k).sort((a, b) => theta[a]! - theta[b]! || a - b);
      V.count = ncv;
      V.combine(selectColumns(Y, ncv, chosen, w), k, k);
      return { w: Float64Array.from(chosen, (i) => theta[i]!), v: V.columns(k), restarts: restart };
    }
    if (restart >= maxRestarts) {
      throw new ConvergenceError(
        op,
        `${converged} of ${k} eigenpairs converged to tol ${tol} after ${restart} restarts (maxRestarts); ` +
          'raise maxRestarts or ncv, or loosen tol',
        restart,
      );
    }
    const kept = Math.min(ncv - 1, k + Math.floor((ncv - k) / 2));
    const keep = order.slice(0, kept);
    V.count = ncv;
    V.combine(selectColumns(Y, ncv, keep, w), kept, kept);
    V.push(r);
    T.fill(0);
    for (let i = 0; i < kept; i++) T[(i * ncv + i) * w] = theta[keep[i]!]!;
    filled = kept;
  }
}

/** Indices of the Ritz values, most wanted first (stable: ties keep eigh's ascending order). */
function wantedOrder(theta: Float64Array, which: EigshWhich): number[] {
  const idx = Array.from(theta, (_, i) => i);
  if (which === 'smallest') return idx;
  if (which === 'largest') return idx.reverse();
  return idx.sort((a, b) => Math.abs(theta[b]!) - Math.abs(theta[a]!) || a - b);
}

/** |Y[last, i]|. */
function lastRow(Y: Float64Array, ncv: number, i: number, w: 1 | 2): number {
  const p = ((ncv - 1) * ncv + i) * w;
  return w === 2 ? Math.hypot(Y[p]!, Y[p + 1]!) : Math.abs(Y[p]!);
}

/** The columns `cols` of the row-major ncv×ncv Y, as a row-major ncv×cols.length matrix. */
function selectColumns(Y: Float64Array, ncv: number, cols: readonly number[], w: 1 | 2): Float64Array {
  const c = cols.length;
  const out = new Float64Array(ncv * c * w);
  for (let i = 0; i < ncv; i++) {
    for (let j = 0; j < c; j++) {
      const src = (i * ncv + cols[j]!) * w;
      out[(i * c + j) * w] = Y[src]!;
      if (w === 2) out[(i * c + j) * w + 1] = Y[src + 1]!;
    }
  }
  return out;
}

/**
 * Lanczos on a Hermitian A gives v_{j−1}ᴴ·A·v_j = β_{j−1} (the norm stored when v_j was made), real.
 * A clear mismatch means the operator is not Hermitian, and the result would be meaningless.
 */
function checkHermitian(
  op: string,
  T: Float64Array,
  h: Float64Array,
  j: number,
  ncv: number,
  w: 1 | 2,
  tol: number,
): void {
  const beta = T[((j - 1) * ncv + j) * w]!;
  if (beta === 0) return;
  const re = h[(j - 1) * w]! - beta;
  const im = w === 2 ? h[(j - 1) * w + 1]! : 0;
  const gap = Math.hypot(re, im);
  if (!(gap <= tol)) {
    throw new LinAlgError(
      op,
      `the operator is not Hermitian: v${j - 1}ᴴ·A·v${j} differs from conj(v${j}ᴴ·A·v${j - 1}) by ${gap.toExponential(2)} ` +
        `(allowed ${tol.toExponential(2)}, about √ε·‖A‖); eigsh needs A = Aᴴ`,
    );
  }
}
