/**
 * The pieces of secularEquation.ts's interior root finder (dlasd4 for 0 ≤ i < n − 1): the
 * evaluation of f split as ψ + φ + the origin pole's term, and the steps of the two-pole and
 * three-pole rational models. Module-level functions exchanging their numbers through the
 * `evaluation` array rather than closures over the finder's locals (those would live in a heap
 * context, and a build with esbuild's keepNames wraps every closure in a naming call per root).
 */
import { threePoleRoot } from './secularThreePole.js';
import {
  type PoleDistances,
  partials,
  quadraticRootMinus,
  setAccumulatePoles,
  shiftAccumulatePoles,
} from './secularTerms.js';

/** Scratch for the three-pole model (allocated once; the solver is not re-entrant). */
const threeGaps = new Float64Array(3);
const threeWeights = new Float64Array(3);

/** Evaluation of f at the current σ (interiorRoot): filled by evaluateInterior. */
export const EV_PSI = 0;
export const EV_DPSI = 1;
export const EV_PHI = 2;
export const EV_DPHI = 3;
export const EV_DF = 4;
export const EV_F = 5;
export const EV_ERROR = 6;
export const EV_PARTIAL = 7;
export const evaluation = new Float64Array(8);

/**
 * f at σ = origin + τ split as ψ + φ + (term of the origin pole), into `evaluation`, after the
 * distances are set (eta NaN: set them from d, origin and τ) or moved by eta.
 */
export function evaluateInterior(
  n: number,
  originIdx: number,
  invRho: number,
  d: Float64Array,
  z: Float64Array,
  out: PoleDistances,
  origin: number,
  tau: number,
  eta: number,
): void {
  const { diff, diffOffset: dOff, sum, sumOffset: sOff } = out;
  const set = Number.isNaN(eta);
  if (set) setAccumulatePoles(0, originIdx, 1, 0, d, origin, tau, z, out);
  else shiftAccumulatePoles(0, originIdx, 1, 0, eta, z, out);
  const psi = partials[0]!;
  const dpsi = partials[1]!;
  if (set) setAccumulatePoles(n - 1, originIdx, -1, Math.abs(partials[2]!), d, origin, tau, z, out);
  else shiftAccumulatePoles(n - 1, originIdx, -1, Math.abs(partials[2]!), eta, z, out);
  const phi = partials[0]!;
  const dphi = partials[1]!;
  if (set) {
    sum[sOff + originIdx] = d[originIdx]! + origin + tau;
    diff[dOff + originIdx] = d[originIdx]! - origin - tau;
  } else {
    sum[sOff + originIdx] = sum[sOff + originIdx]! + eta;
    diff[dOff + originIdx] = diff[dOff + originIdx]! - eta;
  }
  const partial = invRho + phi + psi;
  const t = z[originIdx]! / (sum[sOff + originIdx]! * diff[dOff + originIdx]!);
  const own = z[originIdx]! * t;
  evaluation[EV_PSI] = psi;
  evaluation[EV_DPSI] = dpsi;
  evaluation[EV_PHI] = phi;
  evaluation[EV_DPHI] = dphi;
  evaluation[EV_DF] = dpsi + dphi + t * t;
  evaluation[EV_F] = partial + own;
  evaluation[EV_ERROR] = 8 * (phi - psi) + partials[2]! + 2 * invRho + 3 * Math.abs(own);
  evaluation[EV_PARTIAL] = partial;
}

/** (pⱼ + σ)(pⱼ − σ): the gap to pole j at the current σ. */
function gapAt(j: number, out: PoleDistances): number {
  return out.sum[out.sumOffset + j]! * out.diff[out.diffOffset + j]!;
}

/** Step of the two-pole model (poles dᵢ, dᵢ₊₁, the rest frozen as a constant), from `evaluation`. */
export function twoPoleStep(
  lumpBothSides: boolean,
  originAtLeft: boolean,
  originIdx: number,
  i: number,
  poleGapSq: number,
  z: Float64Array,
  out: PoleDistances,
): number {
  const ip1 = i + 1;
  const f = evaluation[EV_F]!;
  const df = evaluation[EV_DF]!;
  const dpsi = evaluation[EV_DPSI]!;
  const dphi = evaluation[EV_DPHI]!;
  const gapRight = gapAt(ip1, out);
  const gapLeft = gapAt(i, out);
  let dpsiL = dpsi;
  let dphiL = dphi;
  let c: number;
  if (!lumpBothSides) {
    c = originAtLeft
      ? f - gapRight * df + poleGapSq * (z[i]! / gapLeft) ** 2
      : f - gapLeft * df - poleGapSq * (z[ip1]! / gapRight) ** 2;
  } else {
    const t = z[originIdx]! / gapAt(originIdx, out);
    if (originAtLeft) dpsiL += t * t;
    else dphiL += t * t;
    c = f - gapLeft * dpsiL - gapRight * dphiL;
  }
  let a = (gapRight + gapLeft) * f - gapRight * gapLeft * df;
  const b = gapRight * gapLeft * f;
  if (c === 0) {
    if (a === 0) {
      if (!lumpBothSides) {
        a = originAtLeft
          ? z[i]! * z[i]! + gapRight * gapRight * (dpsi + dphi)
          : z[ip1]! * z[ip1]! + gapLeft * gapLeft * (dpsi + dphi);
      } else {
        a = gapLeft * gapLeft * dpsiL + gapRight * gapRight * dphiL;
      }
    }
    return b / a;
  }
  return quadraticRootMinus(a, b, c);
}

/** Step of the three-pole model (secularThreePole.ts) from `evaluation`; NaN when that solver fails. */
export function threePoleStep(
  firstStep: boolean,
  lumpBothSides: boolean,
  originAtLeft: boolean,
  originIdx: number,
  invRho: number,
  d: Float64Array,
  z: Float64Array,
  out: PoleDistances,
): number {
  const beforeOrigin = originIdx - 1;
  const afterOrigin = originIdx + 1;
  const psi = evaluation[EV_PSI]!;
  const dpsi = evaluation[EV_DPSI]!;
  const phi = evaluation[EV_PHI]!;
  const dphi = evaluation[EV_DPHI]!;
  const gapBefore = gapAt(beforeOrigin, out);
  const gapAfter = gapAt(afterOrigin, out);
  const dBefore = d[beforeOrigin]!;
  const dAfter = d[afterOrigin]!;
  const temp = invRho + psi + phi;
  let c: number;
  if (lumpBothSides) {
    c = temp - gapBefore * dpsi - gapAfter * dphi;
    threeWeights[0] = gapBefore * gapBefore * dpsi;
    threeWeights[2] = gapAfter * gapAfter * dphi;
  } else if (originAtLeft) {
    const t1 = (z[beforeOrigin]! / gapBefore) ** 2;
    c = temp - gapAfter * (dpsi + dphi) - (dBefore - dAfter) * (dBefore + dAfter) * t1;
    threeWeights[0] = z[beforeOrigin]! * z[beforeOrigin]!;
    threeWeights[2] = dpsi < t1 ? gapAfter * gapAfter * dphi : gapAfter * gapAfter * (dpsi - t1 + dphi);
  } else {
    const t1 = (z[afterOrigin]! / gapAfter) ** 2;
    c = temp - gapBefore * (dpsi + dphi) - (dAfter - dBefore) * (dBefore + dAfter) * t1;
    threeWeights[0] = dphi < t1 ? gapBefore * gapBefore * dpsi : gapBefore * gapBefore * (dpsi + (dphi - t1));
    threeWeights[2] = z[afterOrigin]! * z[afterOrigin]!;
  }
  threeWeights[1] = z[originIdx]! * z[originIdx]!;
  threeGaps[0] = gapBefore;
  threeGaps[1] = out.diff[out.diffOffset + originIdx]! * out.sum[out.sumOffset + originIdx]!;
  threeGaps[2] = gapAfter;
  return threePoleRoot(firstStep, originAtLeft, c, threeGaps, threeWeights, evaluation[EV_F]!);
}
