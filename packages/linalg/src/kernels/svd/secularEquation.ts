/**
 * One root of the singular-value secular equation (after LAPACK dlasd4 / dlasd5, R.-C. Li's
 * rational-interpolation zero finder):
 *
 *   f(σ) = 1/ρ + Σⱼ zⱼ² / ((dⱼ − σ)(dⱼ + σ)) = 0,     0 ≤ d₀ < d₁ < … < d_{n−1},  ‖z‖ = 1,
 *
 * whose roots σ₀ < σ₁ < … interlace the poles: dᵢ < σᵢ < dᵢ₊₁ (σ_{n−1} < √(d²_{n−1} + ρ)).
 * They are the singular values of the merged matrix in the divide-and-conquer SVD.
 *
 * Why it is written the way it is:
 * - The unknown is never σ itself but its offset τ from the NEARER pole (the "origin"), and
 *   the differences dⱼ − σ and sums dⱼ + σ are kept as two arrays updated by the same step η.
 *   That way every dⱼ − σᵢ is available to full relative accuracy even when σᵢ is within a few
 *   ulps of dⱼ; the singular vectors are built from exactly these differences, so this is what
 *   keeps them accurate (and, with the ẑ recomputation in bidiagonalMerge.ts, orthogonal).
 * - f is split into ψ (poles left of the origin) and φ (poles right of it); each step takes
 *   the root of a rational model that matches ψ and φ and their derivatives with one (or, via
 *   secularThreePole.ts, two) pole(s) on each side, which converges quadratically or better
 *   where Newton's method on f would crawl.
 * - The root is kept in a bracket [tauLow, tauHigh] (dlasd4's SGLB, SGUB) that shrinks with
 *   every sign of f; a model step that leaves it, or points the wrong way, is replaced by
 *   bisection or a Newton step.
 * - Convergence is |f| ≤ eps·(a running bound on the rounding error of f, dlasd4's ERRETM),
 *   phrased so a NaN never satisfies it; after MAX_ITER steps (or a non-finite f) a
 *   ConvergenceError is thrown.
 *
 * Outputs go straight into the caller's buffers: diff[j] = dⱼ − σ and sum[j] = dⱼ + σ (dlasd4's
 * DELTA and WORK). Their product Δⱼ = (dⱼ − σ)(dⱼ + σ) = dⱼ² − σ² is the "gap" to pole j that
 * every term of f divides by; names below say gap for it.
 */

import { ConvergenceError } from '../../errors.js';
import { EPS } from '../machineConstants.js';
import {
  EV_DF,
  EV_ERROR,
  EV_F,
  EV_PARTIAL,
  evaluateInterior,
  evaluation,
  threePoleStep,
  twoPoleStep,
} from './secularInteriorSteps.js';
import { twoPoleSecularRoot } from './secularTwoPoleRoot.js';
import {
  type PoleDistances,
  type SecularEquation,
  partials,
  poleTermSumAt,
  quadraticRootMinus,
  quadraticRootPlus,
  setAccumulatePoles,
  shiftAccumulatePoles,
} from './secularTerms.js';

export type { PoleDistances, SecularEquation } from './secularTerms.js';

/** dlasd4's MAXIT. */
const MAX_ITER = 400;
const SQRT_EPS = Math.sqrt(EPS);

/*
 * The root finders below keep their state in plain locals and call module-level helpers: no
 * closures, whose captured variables would live in a heap context (and which a build with
 * esbuild's keepNames wraps in a naming call on every root). Each O(n) pass over the distances
 * moves σ and sums the terms at once (secularTerms.ts's fused loops), with the same arithmetic,
 * in the same order, as separate passes.
 */

/**
 * Root i (0-based) of the secular equation `eq`. Writes dⱼ − σ and dⱼ + σ for every pole j to
 * `out`; returns σ. For n = 1 both outputs are 1 (the vector is trivially e₀).
 */
export function secularRoot(eq: SecularEquation, i: number, out: PoleDistances): number {
  const { n, d, z, rho } = eq;
  if (n === 1) {
    out.diff[out.diffOffset] = 1;
    out.sum[out.sumOffset] = 1;
    return Math.sqrt(d[0]! * d[0]! + rho * z[0]! * z[0]!);
  }
  if (n === 2) return twoPoleSecularRoot(i, eq, out);
  if (i === n - 1) return largestRoot(eq, out);
  return interiorRoot(eq, i, out);
}

function notConverged(n: number, i: number, iter: number): never {
  throw new ConvergenceError(
    'svd',
    `divide-and-conquer secular equation did not converge (root ${i} of ${n} after ${iter} iterations)`,
    iter,
  );
}

/** The term zⱼ²/((dⱼ + origin + τ)(dⱼ − origin − τ)) of pole j, distances not stored. */
function poleTermAt(j: number, d: Float64Array, origin: number, tau: number, z: Float64Array): number {
  return (z[j]! * z[j]!) / ((d[j]! + origin + tau) * (d[j]! - origin - tau));
}

/**
 * The largest root, σ > d_{n−1}: origin at d_{n−1}. There is no pole on the right, so the
 * model is built from the last two poles (ψ covers 0..n−2, φ the last pole).
 */
function largestRoot(eq: SecularEquation, out: PoleDistances): number {
  const { n, d, z, rho } = eq;
  const invRho = 1 / rho;
  const last = n - 1;
  const prev = n - 2;
  const dLast = d[last]!;
  const { diff, diffOffset: dOff, sum, sumOffset: sOff } = out;

  // Initial guess from the model frozen at the midpoint of [d_n², d_n² + ρ].
  const half = rho / 2;
  const tauMid = half / (dLast + Math.sqrt(dLast * dLast + half));
  const c = invRho + poleTermSumAt(0, prev, 1, d, dLast, tauMid, z);
  const fMid = c + poleTermAt(prev, d, dLast, tauMid, z) + poleTermAt(last, d, dLast, tauMid, z);

  const zPrevSq = z[prev]! * z[prev]!;
  const zLastSq = z[last]! * z[last]!;
  const poleGapSq = (dLast - d[prev]!) * (dLast + d[prev]!);
  let tau: number;
  if (fMid <= 0) {
    // σ² ≥ d_n² + ρ/2: the root is in the right half of the bracket.
    const t = Math.sqrt(dLast * dLast + rho);
    const bound = zPrevSq / ((d[prev]! + t) * (dLast - d[prev]! + rho / (dLast + t))) + zLastSq / rho;
    // σ² = d_n² + ρ is an upper bound; converted to an offset from d_n.
    tau =
      c <= bound
        ? rho / (dLast + Math.sqrt(dLast * dLast + rho))
        : largestQuadraticGuess(c, poleGapSq, zPrevSq, zLastSq, dLast);
  } else {
    tau = largestQuadraticGuess(c, poleGapSq, zPrevSq, zLastSq, dLast);
  }

  let sigma = dLast + tau;
  setAccumulatePoles(0, last, 1, 0, d, dLast, tau, z, out);
  sum[sOff + last] = d[last]! + dLast + tau;
  diff[dOff + last] = d[last]! - dLast - tau;

  for (let iter = 1; iter <= MAX_ITER; iter++) {
    // f split as ψ (poles 0..n−2, from partials) + φ (the last pole)
    const psi = partials[0]!;
    const dpsi = partials[1]!;
    const t = z[last]! / (diff[dOff + last]! * sum[sOff + last]!);
    const phi = z[last]! * t;
    const dphi = t * t;
    const errorBound = 8 * (-phi - psi) + Math.abs(partials[2]!) - phi + invRho;
    const f = invRho + phi + psi;
    if (Math.abs(f) <= EPS * errorBound) return sigma;
    if (!Number.isFinite(f)) break;
    const gapPrev = sum[sOff + prev]! * diff[dOff + prev]!;
    const gapLast = sum[sOff + last]! * diff[dOff + last]!;
    let cc = f - gapPrev * dpsi - gapLast * dphi;
    const a = (gapLast + gapPrev) * f - gapLast * gapPrev * (dpsi + dphi);
    const b = gapLast * gapPrev * f;
    let eta: number;
    if (iter === 1 && cc < 0) cc = Math.abs(cc);
    if (cc === 0) eta = iter === 1 ? rho - sigma * sigma : -f / (dpsi + dphi);
    else eta = quadraticRootPlus(a, b, cc);
    // η must have the sign opposite to f; if rounding says otherwise, take a Newton step.
    if (f * eta > 0 || Number.isNaN(eta)) eta = -f / (dpsi + dphi);
    const temp = eta - gapLast;
    if (iter === 1) {
      if (temp > rho) eta = rho + gapLast;
    } else if (temp <= 0) {
      eta /= 2;
    }
    // η is a step in σ²; convert it to a step in σ without cancellation.
    eta /= sigma + Math.sqrt(eta + sigma * sigma);
    tau += eta;
    sigma += eta;
    shiftAccumulatePoles(0, last, 1, 0, eta, z, out);
    sum[sOff + last] = sum[sOff + last]! + eta;
    diff[dOff + last] = diff[dOff + last]! - eta;
  }
  return notConverged(n, n - 1, MAX_ITER);
}

/** largestRoot's starting offset from d_{n−1}: the root of the two-pole model with constant c. */
function largestQuadraticGuess(c: number, poleGapSq: number, zPrevSq: number, zLastSq: number, dLast: number): number {
  const a = -c * poleGapSq + zPrevSq + zLastSq;
  const b = zLastSq * poleGapSq;
  const tau2 = a < 0 ? (2 * b) / (Math.sqrt(a * a + 4 * b * c) - a) : (a + Math.sqrt(a * a + 4 * b * c)) / (2 * c);
  return tau2 / (dLast + Math.sqrt(dLast * dLast + tau2));
}

/**
 * Root i < n − 1, inside (dᵢ, dᵢ₊₁). The origin is the nearer pole (decided by the sign of f at
 * the midpoint of the squared interval), so that τ is small and accurate.
 */
function interiorRoot(eq: SecularEquation, i: number, out: PoleDistances): number {
  const { n, d, z, rho } = eq;
  const invRho = 1 / rho;
  const ip1 = i + 1;
  const di = d[i]!;
  const dip1 = d[ip1]!;
  const poleGapSq = (dip1 - di) * (dip1 + di);
  const halfGapSq = poleGapSq / 2;
  const rmsPole = Math.sqrt((di * di + dip1 * dip1) / 2);
  const tauMid = halfGapSq / (di + rmsPole);
  const c = invRho + poleTermSumAt(0, i, 1, d, di, tauMid, z) + poleTermSumAt(n - 1, i + 1, -1, d, di, tauMid, z);
  const fMid = c + poleTermAt(i, d, di, tauMid, z) + poleTermAt(ip1, d, di, tauMid, z);

  let bisectGeometrically = false; // dlasd4's GEOMAVG
  // dlasd4's ORGATI: the origin is the left pole dᵢ (else the right pole dᵢ₊₁).
  const originAtLeft = fMid > 0;
  let originIdx: number;
  let tauLow: number;
  let tauHigh: number;
  let tau: number;
  if (originAtLeft) {
    // dᵢ² < σ² < (dᵢ² + dᵢ₊₁²)/2: origin at dᵢ.
    originIdx = i;
    tauLow = 0;
    tauHigh = tauMid;
    const a = c * poleGapSq + z[i]! * z[i]! + z[ip1]! * z[ip1]!;
    const b = z[i]! * z[i]! * poleGapSq;
    const tau2 = quadraticRootMinus(a, b, c);
    tau = tau2 / (di + Math.sqrt(di * di + tau2));
    // A tiny pole with a tiny weight: the root can be many orders of magnitude above dᵢ, and
    // bisection in τ would take ~50 steps per decade. Start at 10·dᵢ and bisect geometrically.
    if (di <= SQRT_EPS * dip1 && Math.abs(z[i]!) <= SQRT_EPS && di > 0) {
      tau = Math.min(10 * di, tauHigh);
      bisectGeometrically = true;
    }
  } else {
    // (dᵢ² + dᵢ₊₁²)/2 ≤ σ² < dᵢ₊₁²: origin at dᵢ₊₁.
    originIdx = ip1;
    tauLow = -halfGapSq / (dip1 + rmsPole);
    tauHigh = 0;
    const a = c * poleGapSq - z[i]! * z[i]! - z[ip1]! * z[ip1]!;
    const b = z[ip1]! * z[ip1]! * poleGapSq;
    const tau2 =
      a < 0
        ? (2 * b) / (a - Math.sqrt(Math.abs(a * a + 4 * b * c)))
        : -(a + Math.sqrt(Math.abs(a * a + 4 * b * c))) / (2 * c);
    tau = tau2 / (dip1 + Math.sqrt(Math.abs(dip1 * dip1 + tau2)));
  }

  const dOrigin = d[originIdx]!;
  let sigma = dOrigin + tau;
  evaluateInterior(n, originIdx, invRho, d, z, out, dOrigin, tau, Number.NaN);
  let f = evaluation[EV_F]!;
  const partial0 = evaluation[EV_PARTIAL]!;
  // Three-pole interpolation (dlasd4's SWTCH3) pays off when f without the origin term already
  // has the sign the origin term would produce far away (the root hugs the other pole).
  let useThreePoles = originAtLeft ? partial0 < 0 : partial0 > 0;
  if (originIdx === 0 || originIdx === n - 1) useThreePoles = false;

  // dlasd4's SWTCH: the two-pole model lumps the poles on both sides into its constant.
  let lumpBothSides = false;
  let prevF = f;

  for (let iter = 1; iter <= MAX_ITER; iter++) {
    if (Math.abs(f) <= EPS * evaluation[EV_ERROR]!) return sigma;
    if (!Number.isFinite(f)) break;
    if (f <= 0) tauLow = Math.max(tauLow, tau);
    else tauHigh = Math.min(tauHigh, tau);

    let eta: number;
    if (useThreePoles) {
      eta = threePoleStep(iter === 1, lumpBothSides, originAtLeft, originIdx, invRho, d, z, out);
      // dlasd4: if the three-pole solver fails, fall back to two poles for good.
      if (Number.isNaN(eta)) {
        useThreePoles = false;
        eta = twoPoleStep(lumpBothSides, originAtLeft, originIdx, i, poleGapSq, z, out);
      }
    } else {
      eta = twoPoleStep(lumpBothSides, originAtLeft, originIdx, i, poleGapSq, z, out);
    }
    // η must oppose the sign of f; otherwise (rounding) take a Newton step.
    if (!(f * eta < 0)) eta = -f / evaluation[EV_DF]!;
    eta /= sigma + Math.sqrt(sigma * sigma + eta);
    const next = tau + eta;
    if (!(next <= tauHigh && next >= tauLow)) {
      // Outside the bracket: bisect (geometrically when the root may be decades above dᵢ).
      eta = f < 0 ? (tauHigh - tau) / 2 : (tauLow - tau) / 2;
      if (bisectGeometrically) {
        if (f < 0) {
          if (tau > 0) eta = Math.sqrt(tauHigh * tau) - tau;
        } else if (tauLow > 0) {
          eta = Math.sqrt(tauLow * tau) - tau;
        }
      }
    }
    prevF = f;
    tau += eta;
    sigma += eta;
    evaluateInterior(n, originIdx, invRho, d, z, out, dOrigin, tau, eta);
    f = evaluation[EV_F]!;
    if (iter === 1) {
      // After the first step: lump both sides when f barely moved.
      lumpBothSides = originAtLeft ? -f > Math.abs(prevF) / 10 : f > Math.abs(prevF) / 10;
    } else if (f * prevF > 0 && Math.abs(f) > Math.abs(prevF) / 10) {
      lumpBothSides = !lumpBothSides;
    }
  }
  return notConverged(n, i, MAX_ITER);
}
