/**
 * The secular equation with two poles (after LAPACK dlasd5): its roots are those of a
 * quadratic, computed in closed form without cancellation — the origin is the nearer pole, and
 * the distances dⱼ ∓ σ are formed from τ and the pole gap rather than by subtracting σ.
 */
import type { PoleDistances, SecularEquation } from './secularTerms.js';

/** n = 2 (dlasd5): the root of a quadratic, computed in the cancellation-free form. */
export function twoPoleSecularRoot(i: number, eq: SecularEquation, out: PoleDistances): number {
  const { d, z, rho } = eq;
  const { diff, diffOffset: dOff, sum, sumOffset: sOff } = out;
  const d0 = d[0]!;
  const d1 = d[1]!;
  const z0sq = z[0]! * z[0]!;
  const z1sq = z[1]! * z[1]!;
  const del = d1 - d0;
  const poleGapSq = del * (d1 + d0);
  // σ = d₁ + τ (origin at d₁): the distances in the forms without cancellation.
  const fromRightPole = (tau: number): number => {
    diff[dOff] = -(del + tau);
    diff[dOff + 1] = -tau;
    sum[sOff] = d0 + tau + d1;
    sum[sOff + 1] = 2 * d1 + tau;
    return d1 + tau;
  };
  if (i === 0) {
    const f = 1 + (4 * rho * (z1sq / (d0 + 3 * d1) - z0sq / (3 * d0 + d1))) / del;
    if (f > 0) {
      // Origin at d₀.
      const b = poleGapSq + rho * (z0sq + z1sq);
      const c = rho * z0sq * poleGapSq;
      let tau = (2 * c) / (b + Math.sqrt(Math.abs(b * b - 4 * c)));
      tau /= d0 + Math.sqrt(d0 * d0 + tau);
      diff[dOff] = -tau;
      diff[dOff + 1] = del - tau;
      sum[sOff] = 2 * d0 + tau;
      sum[sOff + 1] = d0 + tau + d1;
      return d0 + tau;
    }
    // Origin at d₁.
    const b = -poleGapSq + rho * (z0sq + z1sq);
    const c = rho * z1sq * poleGapSq;
    const tau = b > 0 ? (-2 * c) / (b + Math.sqrt(b * b + 4 * c)) : (b - Math.sqrt(b * b + 4 * c)) / 2;
    return fromRightPole(tau / (d1 + Math.sqrt(Math.abs(d1 * d1 + tau))));
  }
  const b = -poleGapSq + rho * (z0sq + z1sq);
  const c = rho * z1sq * poleGapSq;
  const tau = b > 0 ? (b + Math.sqrt(b * b + 4 * c)) / 2 : (2 * c) / (-b + Math.sqrt(b * b + 4 * c));
  return fromRightPole(tau / (d1 + Math.sqrt(d1 * d1 + tau)));
}
