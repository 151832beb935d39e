import { Rng } from '@svd/tensor';
import { ConvergenceError } from '../errors.js';
import { EPS } from '../kernels/machineConstants.js';
import { complexSvdKernel } from '../kernels/complex/complexSvdKernel.js';
import { svdKernel } from '../kernels/svd/svdKernel.js';
import { KrylovBasis, divide, randomOrthogonalVector, randomVector, vectorNorm } from './krylovBasis.js';
import type { BlockOperator } from './linearOperator.js';

/*
 * The k largest singular triplets of A by Golub–Kahan–Lanczos bidiagonalisation with thick
 * restarts: the augmented implicitly restarted Lanczos bidiagonalisation of Baglama and Reichel,
 * "Augmented implicitly restarted Lanczos bidiagonalization methods", SIAM J. Sci. Comput. 27
 * (2005) 19–42 (IRLBA), restarted with Ritz vectors. Golub and Kahan, SIAM J. Numer. Anal. 2
 * (1965) for the recurrence.
 *
 * After j steps A·P_j = Q_j·B_j and Aᴴ·Q_j = P_j·B_jᴴ + r·fᴴ, with P, Q orthonormal and B_j
 * upper triangular. Every entry of B is the Gram–Schmidt coefficient of A·p_j against Q (column
 * j), so B is bidiagonal between restarts and gains a dense column (the "arrow") right after one;
 * no special case is needed. Both bases are fully reorthogonalised (DGKS, twice). With
 * B = X·Σ·Yᴴ the Ritz triplets are (σᵢ, Q·xᵢ, P·yᵢ): A·P·yᵢ = σᵢ·Q·xᵢ exactly and the residual of
 * the other equation is ‖r‖·|X[last, i]| (Baglama–Reichel eq. 2.13), the convergence test.
 * The restart keeps the leading Ritz vectors and continues with p = r/‖r‖.
 */

export interface LanczosSvdSettings {
  readonly op: string;
  readonly k: number;
  readonly ncv: number;
  readonly tol: number;
  readonly maxRestarts: number;
  readonly seed: number;
}

export interface TruncatedSvd {
  /** k singular values, descending. */
  s: Float64Array;
  /** U, row-major m×k (interleaved when complex). */
  u: Float64Array;
  /** V, row-major n×k (interleaved when complex). */
  v: Float64Array;
  /** Restarts performed. */
  restarts: number;
}

/** Requires 1 ≤ k < ncv < min(m, n) (the bases need room for the residual direction). */
export function lanczosSvd(A: BlockOperator, s: LanczosSvdSettings): TruncatedSvd {
  const { m, n, width: w } = A;
  const { k, ncv, tol, maxRestarts, op } = s;
  const rng = new Rng(s.seed);
  const P = new KrylovBasis(n, ncv + 1, w);
  const Q = new KrylovBasis(m, ncv, w);
  const B = new Float64Array(ncv * ncv * w);
  let anorm = 0;
  // A breakdown (a coefficient this small) means the new direction is numerically in the span.
  const breakdown = () => 8 * EPS * anorm;

  const p0 = randomVector(rng, n, w);
  divide(p0, vectorNorm(p0));
  P.push(p0);

  for (let restart = 0; ; restart++) {
    let beta = 0;
    let r: Float64Array = new Float64Array(0);
    for (let j = Q.count; j < ncv; j++) {
      // Column j of B: A·p_j against Q.
      let q = A.apply(P.row(j), 1);
      anorm = Math.max(anorm, vectorNorm(q));
      const h = Q.orthogonalize(q);
      let alpha = vectorNorm(q);
      if (!(alpha > breakdown())) {
        alpha = 0;
        q = randomOrthogonalVector(rng, Q) ?? q;
      } else divide(q, alpha);
      for (let i = 0; i < j; i++) {
        B[(i * ncv + j) * w] = h[i * w]!;
        if (w === 2) B[(i * ncv + j) * w + 1] = h[i * w + 1]!;
      }
      B[(j * ncv + j) * w] = alpha;
      if (w === 2) B[(j * ncv + j) * w + 1] = 0;
      Q.push(q);
      // The residual Aᴴ·q_j − α·p_j, reorthogonalised against all of P.
      r = A.adjoint(q, 1);
      anorm = Math.max(anorm, vectorNorm(r));
      const pj = P.row(j);
      for (let i = 0; i < r.length; i++) r[i] = r[i]! - alpha * pj[i]!;
      P.orthogonalize(r, j + 1);
      beta = vectorNorm(r);
      if (!(beta > breakdown())) {
        beta = 0;
        r = randomOrthogonalVector(rng, P, j + 1) ?? r;
      } else divide(r, beta);
      if (j + 1 < ncv) P.push(r);
    }

    const small = w === 2 ? complexSvdKernel(B, ncv, ncv, 'thin') : svdKernel(B, ncv, ncv, 'thin');
    const X = small.u!;
    const Y = small.v!;
    const sigma = small.s;
    anorm = Math.max(anorm, sigma[0]!);
    let converged = 0;
    while (converged < k && residual(X, ncv, converged, w) * beta <= tol * anorm) converged++;
    if (converged === k) {
      Q.combine(X, ncv, k);
      P.count = ncv;
      P.combine(Y, ncv, k);
      return { s: sigma.slice(0, k), u: Q.columns(k), v: P.columns(k), restarts: restart };
    }
    if (restart >= maxRestarts) {
      throw new ConvergenceError(
        op,
        `${converged} of ${k} singular triplets converged to tol ${tol} after ${restart} restarts (maxRestarts); ` +
          'raise maxRestarts or ncv, or loosen tol',
        restart,
      );
    }
    // Thick restart: keep the leading Ritz vectors (as ARPACK, k plus half the spare room).
    const kept = Math.min(ncv - 1, k + Math.floor((ncv - k) / 2));
    Q.combine(X, ncv, kept);
    P.count = ncv;
    P.combine(Y, ncv, kept);
    P.push(r);
    B.fill(0);
    for (let i = 0; i < kept; i++) B[(i * ncv + i) * w] = sigma[i]!;
  }
}

/** |X[last, i]| for the row-major ncv×ncv X. */
function residual(X: Float64Array, ncv: number, i: number, w: 1 | 2): number {
  const p = ((ncv - 1) * ncv + i) * w;
  return w === 2 ? Math.hypot(X[p]!, X[p + 1]!) : Math.abs(X[p]!);
}
