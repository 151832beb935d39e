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
 * - The root is kept in a bracket [sglb, sgub] that shrinks with every sign of f; a model step
 *   that leaves it, or points the wrong way, is replaced by bisection or a Newton step.
 * - Convergence is |f| ≤ eps·(a running bound on the rounding error of f), phrased so a NaN
 *   never satisfies it; after MAX_ITER steps (or a non-finite f) a ConvergenceError is thrown.
 *
 * Outputs go straight into the caller's buffers: delta[j] = dⱼ − σ and sum[j] = dⱼ + σ.
 */

import { ConvergenceError } from '../../errors.js';
import { EPS } from '../machineConstants.js';
import { threePoleRoot } from './secularThreePole.js';

/** dlasd4's MAXIT. */
const MAX_ITER = 400;
const SQRT_EPS = Math.sqrt(EPS);

/** Scratch for the three-pole model (allocated once; the solver is not re-entrant). */
const dd3 = new Float64Array(3);
const zz3 = new Float64Array(3);

/**
 * Root i (0-based) of the secular equation with n poles d[0..n) and weights z[0..n) (‖z‖ = 1),
 * ρ > 0. Writes dⱼ − σ to delta[deltaOff + j] and dⱼ + σ to sum[sumOff + j]; returns σ.
 * For n = 1 both outputs are 1 (the vector is trivially e₀).
 */
export function secularRoot(
  n: number,
  i: number,
  d: Float64Array,
  z: Float64Array,
  rho: number,
  delta: Float64Array,
  deltaOff: number,
  sum: Float64Array,
  sumOff: number,
): number {
  if (n === 1) {
    delta[deltaOff] = 1;
    sum[sumOff] = 1;
    return Math.sqrt(d[0]! * d[0]! + rho * z[0]! * z[0]!);
  }
  if (n === 2) return twoPoleSecularRoot(i, d, z, rho, delta, deltaOff, sum, sumOff);
  if (i === n - 1) return largestRoot(n, d, z, rho, delta, deltaOff, sum, sumOff);
  return interiorRoot(n, i, d, z, rho, delta, deltaOff, sum, sumOff);
}

function notConverged(n: number, i: number, iter: number): never {
  throw new ConvergenceError(
    'svd',
    `divide-and-conquer secular equation did not converge (root ${i} of ${n} after ${iter} iterations)`,
    iter,
  );
}

/**
 * The largest root, σ > d_{n−1}: origin at d_{n−1}. There is no pole on the right, so the
 * model is built from the last two poles (ψ covers 0..n−2, φ the last pole).
 */
function largestRoot(
  n: number,
  d: Float64Array,
  z: Float64Array,
  rho: number,
  delta: Float64Array,
  dOff: number,
  work: Float64Array,
  wOff: number,
): number {
  const rhoinv = 1 / rho;
  const last = n - 1;
  const dn = d[last]!;
  const ii = n - 2;

  // Initial guess from the model frozen at the midpoint of [d_n², d_n² + ρ].
  const half = rho / 2;
  const t1 = half / (dn + Math.sqrt(dn * dn + half));
  for (let j = 0; j < n; j++) {
    work[wOff + j] = d[j]! + dn + t1;
    delta[dOff + j] = d[j]! - dn - t1;
  }
  let psi = 0;
  for (let j = 0; j < n - 2; j++) psi += (z[j]! * z[j]!) / (delta[dOff + j]! * work[wOff + j]!);
  let c = rhoinv + psi;
  const w0 =
    c +
    (z[ii]! * z[ii]!) / (delta[dOff + ii]! * work[wOff + ii]!) +
    (z[last]! * z[last]!) / (delta[dOff + last]! * work[wOff + last]!);

  const zn1sq = z[n - 2]! * z[n - 2]!;
  const znsq = z[last]! * z[last]!;
  const delsq = (dn - d[n - 2]!) * (dn + d[n - 2]!);
  let tau: number;
  const quadraticGuess = (): number => {
    const a = -c * delsq + zn1sq + znsq;
    const b = znsq * delsq;
    const tau2 = a < 0 ? (2 * b) / (Math.sqrt(a * a + 4 * b * c) - a) : (a + Math.sqrt(a * a + 4 * b * c)) / (2 * c);
    return tau2 / (dn + Math.sqrt(dn * dn + tau2));
  };
  if (w0 <= 0) {
    // σ² ≥ d_n² + ρ/2: the root is in the right half of the bracket.
    const t = Math.sqrt(dn * dn + rho);
    const bound = zn1sq / ((d[n - 2]! + t) * (dn - d[n - 2]! + rho / (dn + t))) + znsq / rho;
    // σ² = d_n² + ρ is an upper bound; converted to an offset from d_n.
    tau = c <= bound ? rho / (dn + Math.sqrt(dn * dn + rho)) : quadraticGuess();
  } else {
    tau = quadraticGuess();
  }

  let sigma = dn + tau;
  for (let j = 0; j < n; j++) {
    delta[dOff + j] = d[j]! - dn - tau;
    work[wOff + j] = d[j]! + dn + tau;
  }

  let dpsi = 0;
  let phi = 0;
  let dphi = 0;
  let erretm = 0;
  let w = 0;
  const evaluate = (): void => {
    // Local accumulators: the closure's captured variables live in a heap context, too slow
    // for the O(n) inner loop.
    let ps = 0;
    let dps = 0;
    let err = 0;
    for (let j = 0; j <= ii; j++) {
      const zj = z[j]!;
      const t = zj / (delta[dOff + j]! * work[wOff + j]!);
      ps += zj * t;
      dps += t * t;
      err += ps;
    }
    psi = ps;
    dpsi = dps;
    erretm = Math.abs(err);
    const t = z[last]! / (delta[dOff + last]! * work[wOff + last]!);
    phi = z[last]! * t;
    dphi = t * t;
    erretm = 8 * (-phi - psi) + erretm - phi + rhoinv;
    w = rhoinv + phi + psi;
  };
  evaluate();

  for (let iter = 1; iter <= MAX_ITER; iter++) {
    if (Math.abs(w) <= EPS * erretm) return sigma;
    if (!Number.isFinite(w)) break;
    const dtnsq1 = work[wOff + n - 2]! * delta[dOff + n - 2]!;
    const dtnsq = work[wOff + last]! * delta[dOff + last]!;
    c = w - dtnsq1 * dpsi - dtnsq * dphi;
    const a = (dtnsq + dtnsq1) * w - dtnsq * dtnsq1 * (dpsi + dphi);
    const b = dtnsq * dtnsq1 * w;
    let eta: number;
    if (iter === 1 && c < 0) c = Math.abs(c);
    if (c === 0) eta = iter === 1 ? rho - sigma * sigma : -w / (dpsi + dphi);
    else if (a >= 0) eta = (a + Math.sqrt(Math.abs(a * a - 4 * b * c))) / (2 * c);
    else eta = (2 * b) / (a - Math.sqrt(Math.abs(a * a - 4 * b * c)));
    // η must have the sign opposite to f; if rounding says otherwise, take a Newton step.
    if (w * eta > 0 || Number.isNaN(eta)) eta = -w / (dpsi + dphi);
    const temp = eta - dtnsq;
    if (iter === 1) {
      if (temp > rho) eta = rho + dtnsq;
    } else if (temp <= 0) {
      eta /= 2;
    }
    // η is a step in σ²; convert it to a step in σ without cancellation.
    eta /= sigma + Math.sqrt(eta + sigma * sigma);
    tau += eta;
    sigma += eta;
    for (let j = 0; j < n; j++) {
      delta[dOff + j] = delta[dOff + j]! - eta;
      work[wOff + j] = work[wOff + j]! + eta;
    }
    evaluate();
  }
  return notConverged(n, n - 1, MAX_ITER);
}

/**
 * Root i < n − 1, inside (dᵢ, dᵢ₊₁). The origin is the nearer pole (decided by the sign of f at
 * the midpoint of the squared interval), so that τ is small and accurate.
 */
function interiorRoot(
  n: number,
  i: number,
  d: Float64Array,
  z: Float64Array,
  rho: number,
  delta: Float64Array,
  dOff: number,
  work: Float64Array,
  wOff: number,
): number {
  const rhoinv = 1 / rho;
  const ip1 = i + 1;
  const di = d[i]!;
  const dip1 = d[ip1]!;
  const delsq = (dip1 - di) * (dip1 + di);
  const delsq2 = delsq / 2;
  const sq2 = Math.sqrt((di * di + dip1 * dip1) / 2);
  const mid = delsq2 / (di + sq2);
  for (let j = 0; j < n; j++) {
    work[wOff + j] = d[j]! + di + mid;
    delta[dOff + j] = d[j]! - di - mid;
  }
  let psi = 0;
  for (let j = 0; j < i; j++) psi += (z[j]! * z[j]!) / (work[wOff + j]! * delta[dOff + j]!);
  let phi = 0;
  for (let j = n - 1; j >= i + 2; j--) phi += (z[j]! * z[j]!) / (work[wOff + j]! * delta[dOff + j]!);
  let c = rhoinv + psi + phi;
  let w =
    c +
    (z[i]! * z[i]!) / (work[wOff + i]! * delta[dOff + i]!) +
    (z[ip1]! * z[ip1]!) / (work[wOff + ip1]! * delta[dOff + ip1]!);

  let geomavg = false;
  const orgati = w > 0;
  let ii: number;
  let sglb: number;
  let sgub: number;
  let tau: number;
  if (orgati) {
    // dᵢ² < σ² < (dᵢ² + dᵢ₊₁²)/2: origin at dᵢ.
    ii = i;
    sglb = 0;
    sgub = mid;
    const a = c * delsq + z[i]! * z[i]! + z[ip1]! * z[ip1]!;
    const b = z[i]! * z[i]! * delsq;
    const tau2 =
      a > 0 ? (2 * b) / (a + Math.sqrt(Math.abs(a * a - 4 * b * c))) : (a - Math.sqrt(Math.abs(a * a - 4 * b * c))) / (2 * c);
    tau = tau2 / (di + Math.sqrt(di * di + tau2));
    // A tiny pole with a tiny weight: the root can be many orders of magnitude above dᵢ, and
    // bisection in τ would take ~50 steps per decade. Start at 10·dᵢ and bisect geometrically.
    if (di <= SQRT_EPS * dip1 && Math.abs(z[i]!) <= SQRT_EPS && di > 0) {
      tau = Math.min(10 * di, sgub);
      geomavg = true;
    }
  } else {
    // (dᵢ² + dᵢ₊₁²)/2 ≤ σ² < dᵢ₊₁²: origin at dᵢ₊₁.
    ii = ip1;
    sglb = -delsq2 / (dip1 + sq2);
    sgub = 0;
    const a = c * delsq - z[i]! * z[i]! - z[ip1]! * z[ip1]!;
    const b = z[ip1]! * z[ip1]! * delsq;
    const tau2 =
      a < 0 ? (2 * b) / (a - Math.sqrt(Math.abs(a * a + 4 * b * c))) : -(a + Math.sqrt(Math.abs(a * a + 4 * b * c))) / (2 * c);
    tau = tau2 / (dip1 + Math.sqrt(Math.abs(dip1 * dip1 + tau2)));
  }

  const dOrigin = d[ii]!;
  let sigma = dOrigin + tau;
  for (let j = 0; j < n; j++) {
    work[wOff + j] = d[j]! + dOrigin + tau;
    delta[dOff + j] = d[j]! - dOrigin - tau;
  }
  const iim1 = ii - 1;
  const iip1 = ii + 1;

  let dpsi = 0;
  let dphi = 0;
  let dw = 0;
  let erretm = 0;
  // Evaluates f split as ψ + φ + (term of the origin pole); returns f without that term.
  const evaluate = (): number => {
    // Local accumulators: the closure's captured variables live in a heap context, too slow
    // for the O(n) inner loops.
    let ps = 0;
    let dps = 0;
    let err = 0;
    for (let j = 0; j <= iim1; j++) {
      const zj = z[j]!;
      const t = zj / (work[wOff + j]! * delta[dOff + j]!);
      ps += zj * t;
      dps += t * t;
      err += ps;
    }
    err = Math.abs(err);
    let ph = 0;
    let dph = 0;
    for (let j = n - 1; j >= iip1; j--) {
      const zj = z[j]!;
      const t = zj / (work[wOff + j]! * delta[dOff + j]!);
      ph += zj * t;
      dph += t * t;
      err += ph;
    }
    psi = ps;
    dpsi = dps;
    phi = ph;
    dphi = dph;
    erretm = err;
    const partial = rhoinv + phi + psi;
    const t = z[ii]! / (work[wOff + ii]! * delta[dOff + ii]!);
    dw = dpsi + dphi + t * t;
    const own = z[ii]! * t;
    w = partial + own;
    erretm = 8 * (phi - psi) + erretm + 2 * rhoinv + 3 * Math.abs(own);
    return partial;
  };
  const partial0 = evaluate();
  // Three-pole interpolation pays off when f without the origin term already has the sign the
  // origin term would produce far away (the root hugs the other pole of the interval).
  let swtch3 = orgati ? partial0 < 0 : partial0 > 0;
  if (ii === 0 || ii === n - 1) swtch3 = false;

  let swtch = false;
  let prew = w;

  // Step of the two-pole model (poles dᵢ, dᵢ₊₁, the rest frozen as a constant).
  const twoPoleStep = (): number => {
    const dtipsq = work[wOff + ip1]! * delta[dOff + ip1]!;
    const dtisq = work[wOff + i]! * delta[dOff + i]!;
    let dpsiL = dpsi;
    let dphiL = dphi;
    if (!swtch) {
      c = orgati ? w - dtipsq * dw + delsq * (z[i]! / dtisq) ** 2 : w - dtisq * dw - delsq * (z[ip1]! / dtipsq) ** 2;
    } else {
      const t = z[ii]! / (work[wOff + ii]! * delta[dOff + ii]!);
      if (orgati) dpsiL += t * t;
      else dphiL += t * t;
      c = w - dtisq * dpsiL - dtipsq * dphiL;
    }
    let a = (dtipsq + dtisq) * w - dtipsq * dtisq * dw;
    const b = dtipsq * dtisq * w;
    if (c === 0) {
      if (a === 0) {
        if (!swtch) a = orgati ? z[i]! * z[i]! + dtipsq * dtipsq * (dpsi + dphi) : z[ip1]! * z[ip1]! + dtisq * dtisq * (dpsi + dphi);
        else a = dtisq * dtisq * dpsiL + dtipsq * dtipsq * dphiL;
      }
      return b / a;
    }
    if (a <= 0) return (a - Math.sqrt(Math.abs(a * a - 4 * b * c))) / (2 * c);
    return (2 * b) / (a + Math.sqrt(Math.abs(a * a - 4 * b * c)));
  };

  // Step of the three-pole model (secularThreePole.ts); NaN when that solver fails.
  const threePoleStep = (firstStep: boolean): number => {
    const dtiim = work[wOff + iim1]! * delta[dOff + iim1]!;
    const dtiip = work[wOff + iip1]! * delta[dOff + iip1]!;
    const temp = rhoinv + psi + phi;
    if (swtch) {
      c = temp - dtiim * dpsi - dtiip * dphi;
      zz3[0] = dtiim * dtiim * dpsi;
      zz3[2] = dtiip * dtiip * dphi;
    } else if (orgati) {
      const t1 = (z[iim1]! / dtiim) ** 2;
      c = temp - dtiip * (dpsi + dphi) - (d[iim1]! - d[iip1]!) * (d[iim1]! + d[iip1]!) * t1;
      zz3[0] = z[iim1]! * z[iim1]!;
      zz3[2] = dpsi < t1 ? dtiip * dtiip * dphi : dtiip * dtiip * (dpsi - t1 + dphi);
    } else {
      const t1 = (z[iip1]! / dtiip) ** 2;
      c = temp - dtiim * (dpsi + dphi) - (d[iip1]! - d[iim1]!) * (d[iim1]! + d[iip1]!) * t1;
      zz3[0] = dphi < t1 ? dtiim * dtiim * dpsi : dtiim * dtiim * (dpsi + (dphi - t1));
      zz3[2] = z[iip1]! * z[iip1]!;
    }
    zz3[1] = z[ii]! * z[ii]!;
    dd3[0] = dtiim;
    dd3[1] = delta[dOff + ii]! * work[wOff + ii]!;
    dd3[2] = dtiip;
    return threePoleRoot(firstStep, orgati, c, dd3, zz3, w);
  };

  for (let iter = 1; iter <= MAX_ITER; iter++) {
    if (Math.abs(w) <= EPS * erretm) return sigma;
    if (!Number.isFinite(w)) break;
    if (w <= 0) sglb = Math.max(sglb, tau);
    else sgub = Math.min(sgub, tau);

    let eta: number;
    if (swtch3) {
      eta = threePoleStep(iter === 1);
      // dlasd4: if the three-pole solver fails, fall back to two poles for good.
      if (Number.isNaN(eta)) {
        swtch3 = false;
        eta = twoPoleStep();
      }
    } else {
      eta = twoPoleStep();
    }
    // η must oppose the sign of f; otherwise (rounding) take a Newton step.
    if (!(w * eta < 0)) eta = -w / dw;
    eta /= sigma + Math.sqrt(sigma * sigma + eta);
    const next = tau + eta;
    if (!(next <= sgub && next >= sglb)) {
      // Outside the bracket: bisect (geometrically when the root may be decades above dᵢ).
      eta = w < 0 ? (sgub - tau) / 2 : (sglb - tau) / 2;
      if (geomavg) {
        if (w < 0) {
          if (tau > 0) eta = Math.sqrt(sgub * tau) - tau;
        } else if (sglb > 0) {
          eta = Math.sqrt(sglb * tau) - tau;
        }
      }
    }
    prew = w;
    tau += eta;
    sigma += eta;
    for (let j = 0; j < n; j++) {
      work[wOff + j] = work[wOff + j]! + eta;
      delta[dOff + j] = delta[dOff + j]! - eta;
    }
    evaluate();
    if (iter === 1) {
      // After the first step: switch the two-pole model to the "both sides lumped" variant when
      // f barely moved (dlasd4's SWTCH).
      swtch = orgati ? -w > Math.abs(prew) / 10 : w > Math.abs(prew) / 10;
    } else if (w * prew > 0 && Math.abs(w) > Math.abs(prew) / 10) {
      swtch = !swtch;
    }
  }
  return notConverged(n, i, MAX_ITER);
}

/** n = 2 (dlasd5): the root of a quadratic, computed in the cancellation-free form. */
function twoPoleSecularRoot(
  i: number,
  d: Float64Array,
  z: Float64Array,
  rho: number,
  delta: Float64Array,
  dOff: number,
  work: Float64Array,
  wOff: number,
): number {
  const d0 = d[0]!;
  const d1 = d[1]!;
  const z0sq = z[0]! * z[0]!;
  const z1sq = z[1]! * z[1]!;
  const del = d1 - d0;
  const delsq = del * (d1 + d0);
  if (i === 0) {
    const w = 1 + (4 * rho * (z1sq / (d0 + 3 * d1) - z0sq / (3 * d0 + d1))) / del;
    if (w > 0) {
      // Origin at d₀.
      const b = delsq + rho * (z0sq + z1sq);
      const c = rho * z0sq * delsq;
      let tau = (2 * c) / (b + Math.sqrt(Math.abs(b * b - 4 * c)));
      tau /= d0 + Math.sqrt(d0 * d0 + tau);
      delta[dOff] = -tau;
      delta[dOff + 1] = del - tau;
      work[wOff] = 2 * d0 + tau;
      work[wOff + 1] = d0 + tau + d1;
      return d0 + tau;
    }
    // Origin at d₁.
    const b = -delsq + rho * (z0sq + z1sq);
    const c = rho * z1sq * delsq;
    let tau = b > 0 ? (-2 * c) / (b + Math.sqrt(b * b + 4 * c)) : (b - Math.sqrt(b * b + 4 * c)) / 2;
    tau /= d1 + Math.sqrt(Math.abs(d1 * d1 + tau));
    delta[dOff] = -(del + tau);
    delta[dOff + 1] = -tau;
    work[wOff] = d0 + tau + d1;
    work[wOff + 1] = 2 * d1 + tau;
    return d1 + tau;
  }
  const b = -delsq + rho * (z0sq + z1sq);
  const c = rho * z1sq * delsq;
  let tau = b > 0 ? (b + Math.sqrt(b * b + 4 * c)) / 2 : (2 * c) / (-b + Math.sqrt(b * b + 4 * c));
  tau /= d1 + Math.sqrt(d1 * d1 + tau);
  delta[dOff] = -(del + tau);
  delta[dOff + 1] = -tau;
  work[wOff] = d0 + tau + d1;
  work[wOff + 1] = 2 * d1 + tau;
  return d1 + tau;
}
