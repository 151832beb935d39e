/**
 * The per-root work of a divide-and-conquer SVD merge (bidiagonalMerge.ts, dlasd3 steps 3–5), in
 * parts that the caller and the pool workers run (`parallelSecular.ts`, worker task `secular`):
 * the roots (root j fills column j of U with dᵢ − σⱼ and row j of poleSums with dᵢ + σⱼ), ẑ
 * (entry i reads row i of those), the arrow matrix's vectors of each root (column i of U, row i of
 * poleSums, column i of Q) and the normalised right vectors (row i of Q). Each output is computed
 * by one call of the same code whatever the part boundaries: the same bits for every thread count.
 */
import { safeNorm2 } from '../safeNorm2.js';
import { secularRootRange } from '../secularRootRange.js';

/** One phase of a merge over k kept poles (all arrays shared when threaded). */
export interface BidiagonalSecularJob {
  readonly merge: 'bidiagonal';
  readonly phase: 'roots' | 'zHat' | 'leftVectors' | 'rightVectors';
  readonly k: number;
  readonly rho: number;
  /** k each: poles dᵢ, z (ẑ after phase 'zHat'), the roots σⱼ. */
  readonly poles: Float64Array;
  readonly z: Float64Array;
  readonly sigma: Float64Array;
  /** U (column-major, element (i, j) at u[uOff + i + j·ldu]). */
  readonly u: Float64Array;
  readonly uOff: number;
  readonly ldu: number;
  /** k×k each (row-major): poleSums and arrowVectors (Q, which holds z's signs in [0, k) first). */
  readonly poleSums: Float64Array;
  readonly arrowVectors: Float64Array;
  readonly groupedToSecular: Int32Array;
  /** Part p covers outputs bounds[p] … bounds[p+1]. */
  readonly bounds: readonly number[];
}

/** Runs part `part` of a phase; throws SecularRootError when a root does not converge. */
export function runBidiagonalSecularPart(job: BidiagonalSecularJob, part: number): void {
  const lo = job.bounds[part]!;
  const hi = job.bounds[part + 1]!;
  const { k, poles, z, u, uOff, ldu, poleSums, arrowVectors, groupedToSecular } = job;
  const U = (r: number, c: number): number => uOff + r + c * ldu;
  if (job.phase === 'roots') {
    secularRootRange({ n: k, d: poles, z, rho: job.rho }, lo, hi, job.sigma, u, uOff, ldu, poleSums, k);
  } else if (job.phase === 'zHat') {
    // ẑ from the computed roots (products of ratios of accurate differences), signs from z.
    // Entry i multiplies factors over the roots j (j = k − 1 first, then ascending); taken root
    // by root for the part's i at once, so U's columns and poleSums' rows are read contiguously
    // — the same factors in the same order as one entry at a time.
    const zi = new Float64Array(hi - lo);
    for (let i = lo; i < hi; i++) zi[i - lo] = u[U(i, k - 1)]! * poleSums[(k - 1) * k + i]!;
    for (let j = 0; j < k - 1; j++) {
      const col = U(0, j);
      const row = j * k;
      const pj = poles[j]!;
      const pNext = poles[j + 1]!;
      for (let i = lo; i < hi; i++) {
        const di = poles[i]!;
        const g = u[col + i]! * poleSums[row + i]!;
        // j < i: the pole below, j ≥ i: the pole above
        zi[i - lo] =
          j < i ? zi[i - lo]! * (g / (di - pj) / (di + pj)) : zi[i - lo]! * (g / (di - pNext) / (di + pNext));
      }
    }
    for (let i = lo; i < hi; i++) {
      const mag = Math.sqrt(Math.abs(zi[i - lo]!));
      z[i] = arrowVectors[i]! >= 0 ? mag : -mag; // no phase-'zHat' part reads z
    }
  } else if (job.phase === 'leftVectors') {
    // Root i: right ∝ (ẑⱼ/((dⱼ−σᵢ)(dⱼ+σᵢ)))ⱼ into row i of poleSums, left ∝ (−1, dⱼ·ẑⱼ/(…))ⱼ
    // into column i of U, and the normalised left vector, rows in grouped order, into column i of Q.
    for (let i = lo; i < hi; i++) {
      const wi = i * k;
      poleSums[wi] = z[0]! / u[U(0, i)]! / poleSums[wi]!;
      u[U(0, i)] = -1;
      for (let j = 1; j < k; j++) {
        const v = z[j]! / u[U(j, i)]! / poleSums[wi + j]!;
        poleSums[wi + j] = v;
        u[U(j, i)] = poles[j]! * v;
      }
      const norm = safeNorm2(u, U(0, i), k, 1);
      arrowVectors[i * k] = u[U(0, i)]! / norm;
      for (let j = 1; j < k; j++) arrowVectors[j + i * k] = u[U(groupedToSecular[j]!, i)]! / norm;
    }
  } else {
    // Row i of Q (now row-major): the normalised right vector of root i, in grouped order.
    for (let i = lo; i < hi; i++) {
      const wi = i * k;
      const norm = safeNorm2(poleSums, wi, k, 1);
      arrowVectors[wi] = poleSums[wi]! / norm;
      for (let j = 1; j < k; j++) arrowVectors[wi + j] = poleSums[wi + groupedToSecular[j]!]! / norm;
    }
  }
}
