/**
 * The per-root work of a divide-and-conquer merge of the symmetric tridiagonal eigensolver
 * (tridiagonalMerge.ts), in parts that the caller and the pool workers run (`workerEntry.ts`,
 * task `secular`): the secular roots (root i fills row i of pⱼ − σᵢ and pⱼ + σᵢ), Gu and
 * Eisenstat's ẑ (entry j reads column j of those) and the unit secular vectors (row i). Each
 * output is computed by one call of the same code whatever the part boundaries, so the bits do
 * not depend on the thread count.
 */
import { safeNorm2 } from './safeNorm2.js';
import { secularRootRange } from './secularRootRange.js';

export { SecularRootError } from './secularRootRange.js';

/** One phase of the secular work of a merge over k kept poles (all arrays shared when threaded). */
export interface SecularPhaseJob {
  readonly phase: 'roots' | 'zHat' | 'vectors';
  readonly k: number;
  readonly rho: number;
  /** k each: the shifted poles pⱼ, the normalised z, the roots σᵢ, ẑ. */
  readonly poles: Float64Array;
  readonly zs: Float64Array;
  readonly sigma: Float64Array;
  readonly zHat: Float64Array;
  /** grouped position → secular index (k), for the vectors' column order. */
  readonly grouped: Int32Array;
  /** k×k: row i = pⱼ − σᵢ (then the unit secular vector of root i), and pⱼ + σᵢ. */
  readonly diff: Float64Array;
  readonly sum: Float64Array;
  /** Part p covers outputs bounds[p] … bounds[p+1]. */
  readonly bounds: readonly number[];
}

/** Runs part `part` of a phase; throws ConvergenceError (with the root) when a root fails. */
export function runSecularPart(job: SecularPhaseJob, part: number): void {
  const lo = job.bounds[part]!;
  const hi = job.bounds[part + 1]!;
  if (job.phase === 'roots') rootsRange(job, lo, hi);
  else if (job.phase === 'zHat') zHatRange(job, lo, hi);
  else vectorsRange(job, lo, hi);
}

function rootsRange(job: SecularPhaseJob, lo: number, hi: number): void {
  const { k, poles, zs, rho, diff, sum, sigma } = job;
  secularRootRange({ n: k, d: poles, z: zs, rho }, lo, hi, sigma, diff, 0, k, sum, k);
}

/**
 * ẑ (Gu & Eisenstat), signs from z. gap(i, j) = dⱼ − λᵢ = (pⱼ − σᵢ)(pⱼ + σᵢ). Entry j is the
 * product over i, taken row by row of diff and sum (contiguous) for the part's j at once: the
 * factors of each entry are multiplied in the same order as one entry at a time (i = k − 1
 * first, then i ascending).
 */
function zHatRange(job: SecularPhaseJob, lo: number, hi: number): void {
  const { k, poles, zs, diff, sum, zHat } = job;
  const w = new Float64Array(hi - lo);
  const last = (k - 1) * k;
  for (let j = lo; j < hi; j++) w[j - lo] = diff[last + j]! * sum[last + j]!;
  for (let i = 0; i < k - 1; i++) {
    const r = i * k;
    const pi = poles[i]!;
    const pNext = poles[i + 1]!;
    for (let j = lo; j < hi; j++) {
      const pj = poles[j]!;
      const g = diff[r + j]! * sum[r + j]!;
      // i < j: the pole below, i ≥ j: the pole above
      w[j - lo] = i < j ? w[j - lo]! * (g / (pj - pi) / (pj + pi)) : w[j - lo]! * (g / (pj - pNext) / (pj + pNext));
    }
  }
  for (let j = lo; j < hi; j++) {
    const mag = Math.sqrt(Math.abs(w[j - lo]!));
    zHat[j] = zs[j]! >= 0 ? mag : -mag;
  }
}

/** Row i of diff ← the unit secular vector of root i, columns in grouped order. */
function vectorsRange(job: SecularPhaseJob, lo: number, hi: number): void {
  const { k, diff, sum, zHat, grouped } = job;
  const col = new Float64Array(k);
  for (let i = lo; i < hi; i++) {
    const r = i * k;
    for (let j = 0; j < k; j++) col[j] = zHat[j]! / (diff[r + j]! * sum[r + j]!);
    const norm = safeNorm2(col, 0, k, 1);
    for (let g = 0; g < k; g++) diff[r + g] = col[grouped[g]!]! / norm;
  }
}
