/**
 * Root of a three-pole rational model inside the secular-equation solver (after LAPACK dlaed6,
 * Gragg–Thornton–Warner cubically convergent scheme).
 *
 * The solver in secularEquation.ts approximates the secular function near the wanted root by
 *
 *   g(τ) = ρ + z₀/(d₀ − τ) + z₁/(d₁ − τ) + z₂/(d₂ − τ)
 *
 * (the two poles next to the root plus the nearest one beyond, the rest lumped into ρ) and takes
 * the root of that model as its next step. With three poles the model follows the true function
 * much better when the root sits close to a neighbouring pole, which is where a two-pole model
 * converges slowly.
 *
 * Returns the root τ, or NaN when MAX_ITER steps did not converge (the caller then falls back to
 * the two-pole model, exactly as dlasd4 does). Every test is phrased so that NaN fails it.
 */

import { EPS } from '../machineConstants.js';
import { quadraticRootMinus } from './secularTerms.js';

const MAX_ITER = 40;
// 2^-340 and 2^-680: safe-minimum^(1/3) and ^(2/3). Scaling by their inverses keeps 1/(d − τ)³
// from overflowing when τ is within a few ulps of a pole.
const SMALL1 = 2 ** -340;
const SMALL2 = 2 ** -680;

/**
 * @param firstStep true on the solver's first step: a cheap quadratic initial guess is used.
 * @param rightOfMiddle true when the root lies between poles d₁ and d₂ (origin at the left pole
 *   of the interval, dlasd4's ORGATI), false for the interval (d₀, d₁).
 * @param rho the constant term; d and z the three shifted poles and weights; finit = g(0).
 */
export function threePoleRoot(
  firstStep: boolean,
  rightOfMiddle: boolean,
  rho: number,
  d: Float64Array,
  z: Float64Array,
  finit: number,
): number {
  let lbd = rightOfMiddle ? d[1]! : d[0]!;
  let ubd = rightOfMiddle ? d[2]! : d[1]!;
  if (finit < 0) lbd = 0;
  else ubd = 0;

  let tau = 0;
  if (firstStep) {
    // Initial guess: root of the quadratic obtained by freezing the far pole at the midpoint.
    let a: number;
    let b: number;
    let c: number;
    if (rightOfMiddle) {
      const t = (d[2]! - d[1]!) / 2;
      c = rho + z[0]! / (d[0]! - d[1]! - t);
      a = c * (d[1]! + d[2]!) + z[1]! + z[2]!;
      b = c * d[1]! * d[2]! + z[1]! * d[2]! + z[2]! * d[1]!;
    } else {
      const t = (d[0]! - d[1]!) / 2;
      c = rho + z[2]! / (d[2]! - d[1]! - t);
      a = c * (d[0]! + d[1]!) + z[0]! + z[1]!;
      b = c * d[0]! * d[1]! + z[0]! * d[1]! + z[1]! * d[0]!;
    }
    const scale = Math.max(Math.abs(a), Math.abs(b), Math.abs(c));
    a /= scale;
    b /= scale;
    c /= scale;
    if (c === 0) tau = b / a;
    else tau = quadraticRootMinus(a, b, c);
    if (!(tau >= lbd && tau <= ubd)) tau = (lbd + ubd) / 2;
    if (d[0] === tau || d[1] === tau || d[2] === tau) {
      tau = 0;
    } else {
      const t =
        finit +
        (tau * z[0]!) / (d[0]! * (d[0]! - tau)) +
        (tau * z[1]!) / (d[1]! * (d[1]! - tau)) +
        (tau * z[2]!) / (d[2]! * (d[2]! - tau));
      if (t <= 0) lbd = tau;
      else ubd = tau;
      if (Math.abs(finit) <= Math.abs(t)) tau = 0;
    }
  }

  // Scale up when τ is so close to a pole that 1/(d − τ)³ could overflow.
  const gap = rightOfMiddle
    ? Math.min(Math.abs(d[1]! - tau), Math.abs(d[2]! - tau))
    : Math.min(Math.abs(d[0]! - tau), Math.abs(d[1]! - tau));
  let sclfac = 1;
  let sclinv = 1;
  if (gap <= SMALL1) {
    if (gap <= SMALL2) {
      sclfac = 1 / SMALL2;
      sclinv = SMALL2;
    } else {
      sclfac = 1 / SMALL1;
      sclinv = SMALL1;
    }
  }
  const ds0 = d[0]! * sclfac;
  const ds1 = d[1]! * sclfac;
  const ds2 = d[2]! * sclfac;
  const zs0 = z[0]! * sclfac;
  const zs1 = z[1]! * sclfac;
  const zs2 = z[2]! * sclfac;
  tau *= sclfac;
  lbd *= sclfac;
  ubd *= sclfac;

  let fc = 0;
  let df = 0;
  let ddf = 0;
  for (let i = 0; i < 3; i++) {
    const di = i === 0 ? ds0 : i === 1 ? ds1 : ds2;
    const zi = i === 0 ? zs0 : i === 1 ? zs1 : zs2;
    const t = 1 / (di - tau);
    const t1 = zi * t;
    const t2 = t1 * t;
    fc += t1 / di;
    df += t2;
    ddf += t2 * t;
  }
  let f = finit + tau * fc;
  if (Math.abs(f) <= 0) return tau * sclinv;
  if (f <= 0) lbd = tau;
  else ubd = tau;

  for (let iter = 1; iter < MAX_ITER; iter++) {
    const t1 = rightOfMiddle ? ds1 - tau : ds0 - tau;
    const t2 = rightOfMiddle ? ds2 - tau : ds1 - tau;
    let a = (t1 + t2) * f - t1 * t2 * df;
    let b = t1 * t2 * f;
    let c = f - (t1 + t2) * df + t1 * t2 * ddf;
    const scale = Math.max(Math.abs(a), Math.abs(b), Math.abs(c));
    a /= scale;
    b /= scale;
    c /= scale;
    let eta: number;
    if (c === 0) eta = b / a;
    else if (a <= 0) eta = (a - Math.sqrt(Math.abs(a * a - 4 * b * c))) / (2 * c);
    else eta = (2 * b) / (a + Math.sqrt(Math.abs(a * a - 4 * b * c)));
    // A step in the wrong direction (rounding) is replaced by a Newton step.
    if (!(f * eta < 0)) eta = -f / df;
    tau += eta;
    // Stay inside the bracket; a NaN τ also lands here and is replaced by the midpoint.
    if (!(tau >= lbd && tau <= ubd)) tau = (lbd + ubd) / 2;

    fc = 0;
    df = 0;
    ddf = 0;
    let erretm = 0;
    for (let i = 0; i < 3; i++) {
      const di = i === 0 ? ds0 : i === 1 ? ds1 : ds2;
      const zi = i === 0 ? zs0 : i === 1 ? zs1 : zs2;
      const t = 1 / (di - tau);
      const u1 = zi * t;
      const u2 = u1 * t;
      const u4 = u1 / di;
      fc += u4;
      erretm += Math.abs(u4);
      df += u2;
      ddf += u2 * t;
    }
    f = finit + tau * fc;
    erretm = 8 * (Math.abs(finit) + Math.abs(tau) * erretm) + Math.abs(tau) * df;
    if (Math.abs(f) <= EPS * erretm) return tau * sclinv;
    if (f <= 0) lbd = tau;
    else ubd = tau;
  }
  return Number.NaN;
}
