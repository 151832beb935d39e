/**
 * Singular values (and optionally vectors) of an upper bidiagonal matrix by implicit QR, after
 * LAPACK dbdsqr (Demmel & Kahan 1990, "Accurate singular values of bidiagonal matrices").
 *
 * On return d holds the singular values, still SIGNED and UNSORTED (see singularValueOrder.ts);
 * e is destroyed. The rotations that act on B from the left are applied to the rows of `ut`
 * (so ut holds Uᵀ: each left vector is a row) and those from the right to the rows of `vt`.
 *
 * Key choices, all from dbdsqr:
 * - Convergence tests are RELATIVE (|e_i| ≤ tol·μ with μ a running estimate of the smallest
 *   singular value of the block), so tiny singular values keep full relative accuracy.
 * - When the shift would wipe out the smallest singular value (tol·σ_min/σ_max tiny), a
 *   zero-shift QR sweep is used instead: it has no cancellation at all.
 * - The chase direction follows the grading of the block: bulges travel from the larger end
 *   diagonal to the smaller one.
 * - At most 6·n² inner steps; every test is phrased so that NaN fails it, so a NaN can never
 *   look converged, and the cap turns a non-converging input into a ConvergenceError instead
 *   of an endless loop.
 *
 * The iteration is a resumable object (BidiagonalQRRun) that stops before each shifted forward
 * chase, by far the most common step (≈ 99% of the steps on random matrices): a batch can then
 * run the chases of two matrices in one loop (pairedBidiagonalQR.ts), whose dependency chains
 * (two square roots and two divisions per step) overlap. Each matrix's operations are the same,
 * so are its bits.
 */

import { ConvergenceError } from '../../errors.js';
import { GivensRotation, RT_MAX, RT_MIN } from '../givensRotation.js';
import { EPS, SAFE_MIN } from '../machineConstants.js';
import { shiftedBackward, zeroShiftBackward, zeroShiftForward } from './bidiagonalChases.js';
import { applyRotationsForward, rotateRows } from './rotationSequence.js';
import { svdWasmAddress } from './svdWasm.js';
import { twoByTwoSingularValues, twoByTwoSvd, type SingularPair, type TwoByTwoSvd } from './twoByTwoSvd.js';

const MAX_ITER_FACTOR = 6;
// dbdsqr: TOLMUL = max(10, min(100, eps^(-1/8))), so tol ≈ 98.7·eps ≈ 1.1e-14.
export const TOL = Math.max(10, Math.min(100, EPS ** -0.125)) * EPS;
/**
 * What a convergence test returns when it found a negligible entry (the block splits). Never a
 * σ_min estimate (those are ≥ 0 or NaN: a NaN estimate goes on to a counted step, so the step
 * cap still ends a NaN input).
 */
export const SPLIT = -1;

/** Rows of a row-major matrix that the rotations act on (row i ↔ index i of d). */
export interface RotatedRows {
  data: Float64Array;
  rowLength: number;
}

/**
 * The bidiagonal QR of (d, e) to convergence, rotating the rows of `ut` and `vt` (either may be
 * null).
 */
export function bidiagonalQR(
  d: Float64Array,
  e: Float64Array,
  n: number,
  ut: RotatedRows | null,
  vt: RotatedRows | null,
): void {
  if (n <= 1) return;
  const run = new BidiagonalQRRun(d, e, n, ut, vt);
  while (run.next()) {
    run.chase(run.lo, run.firstF(), e[run.lo]!);
    run.finishChase();
  }
}

/**
 * The state of one bidiagonal QR between its shifted forward chases. `next()` runs the iteration
 * up to the next such chase (every other step — deflation, 2×2 blocks, zero-shift and backward
 * chases — runs inside it); the caller then runs the chase of block lo..hi with `shift`, by
 * `chase` or paired with another run's, and calls `finishChase`.
 */
export class BidiagonalQRRun {
  /** Reusable rotation of the chase (also used by a paired chase). */
  readonly rot = new GivensRotation();
  /** The pending chase's block lo..hi and shift (valid after `next()` returned true). */
  lo = 0;
  hi: number;
  shift = 0;
  /** Sweep rotations (right: cR, sR; left: cL, sL), applied to the vectors after the chase. */
  readonly cR: Float64Array;
  readonly sR: Float64Array;
  readonly cL: Float64Array;
  readonly sL: Float64Array;
  readonly vectors: boolean;
  private readonly pair: SingularPair = { min: 0, max: 0 };
  private readonly svd2: TwoByTwoSvd = { min: 0, max: 0, sinR: 0, cosR: 0, sinL: 0, cosL: 0 };
  /** Absolute negligibility threshold (tol times a lower bound on σ_min of the whole matrix). */
  readonly thresh: number;
  private readonly maxIter: number;
  private iter = 0;
  private oldLo = -1;
  private oldHi = -1;
  /** The chase direction of the block found by `locate` (bulges travel towards the smaller end). */
  forward = true;

  /** Byte addresses in the SVD's wasm memory of Uᵀ, Vᵀ and the four coefficient arrays (−1: not there). */
  private readonly utAt: number;
  private readonly vtAt: number;
  private readonly cRAt: number;
  private readonly sRAt: number;
  private readonly cLAt: number;
  private readonly sLAt: number;

  /**
   * `coefficients` (four arrays of ≥ n, any contents): where to record the sweep rotations
   * (cR, sR, cL, sL); views of the SVD's wasm memory spare the sweep kernels a copy. They, ut
   * and vt must stay live views until the run ends (no svdWasmArrays call meanwhile).
   */
  constructor(
    readonly d: Float64Array,
    readonly e: Float64Array,
    readonly n: number,
    readonly ut: RotatedRows | null,
    readonly vt: RotatedRows | null,
    coefficients?: readonly Float64Array[],
  ) {
    this.vectors = ut !== null || vt !== null;
    // Sweep rotations are recorded here, then applied to the vectors in one pass per factor.
    const len = this.vectors ? n : 0;
    this.cR = coefficients?.[0] ?? new Float64Array(len);
    this.sR = coefficients?.[1] ?? new Float64Array(len);
    this.cL = coefficients?.[2] ?? new Float64Array(len);
    this.sL = coefficients?.[3] ?? new Float64Array(len);
    this.utAt = ut === null ? -1 : svdWasmAddress(ut.data);
    this.vtAt = vt === null ? -1 : svdWasmAddress(vt.data);
    this.cRAt = coefficients === undefined ? -1 : svdWasmAddress(this.cR);
    this.sRAt = coefficients === undefined ? -1 : svdWasmAddress(this.sR);
    this.cLAt = coefficients === undefined ? -1 : svdWasmAddress(this.cL);
    this.sLAt = coefficients === undefined ? -1 : svdWasmAddress(this.sL);
    // hi: last index of the not yet converged part; lo..hi is the active unreduced block.
    this.hi = n - 1;
    this.maxIter = MAX_ITER_FACTOR * n * n;
    if (n <= 1) {
      this.hi = 0;
      this.thresh = 0;
      return;
    }
    // Threshold for absolute negligibility: tol times a lower bound on σ_min of the whole matrix
    // (the μ recurrence of Demmel–Kahan), floored so denormals cannot stall the iteration.
    let sigmaMinBound = Math.abs(d[0]!); // dbdsqr's SMINOA
    if (sigmaMinBound !== 0) {
      let mu = sigmaMinBound;
      for (let i = 1; i < n; i++) {
        mu = Math.abs(d[i]!) * (mu / (mu + Math.abs(e[i - 1]!)));
        if (mu < sigmaMinBound) sigmaMinBound = mu;
        if (sigmaMinBound === 0) break;
      }
    }
    sigmaMinBound /= Math.sqrt(n);
    this.thresh = Math.max(TOL * sigmaMinBound, MAX_ITER_FACTOR * (n * (n * SAFE_MIN)));
  }

  /**
   * Iterates until a shifted forward chase is due (true: lo, hi, shift set and its steps counted)
   * or every value has converged (false). Throws ConvergenceError at the step cap.
   */
  next(): boolean {
    for (;;) {
      if (!this.locate()) return false;
      const smin = this.test();
      if (smin !== SPLIT && this.shiftAndRun(smin)) return true;
    }
  }

  /** The convergence test of the located block: σ_min's estimate, or SPLIT. */
  test(): number {
    return this.forward ? this.testForward(this.lo, Math.abs(this.d[this.lo]!), -1) : this.testBackward();
  }

  /** Largest |d|, |e| of the block found by `locate` (dbdsqr's SMAX). */
  private smax = 0;

  /**
   * The iteration up to the convergence test of the next block: deflates negligible entries,
   * solves 2×2 blocks, and leaves block lo..hi (at least 3×3, its last entry not negligible)
   * with its chase direction in `forward`; false when everything has converged. Throws
   * ConvergenceError at the step cap.
   */
  locate(): boolean {
    const { d, e, n, ut, vt, thresh } = this;
    mainLoop: while (this.hi > 0) {
      const hi = this.hi;
      if (this.iter >= this.maxIter) {
        let unconverged = 0;
        for (let i = 0; i < n - 1; i++) if (e[i] !== 0) unconverged++;
        throw new ConvergenceError(
          'svd',
          `bidiagonal QR did not converge after ${this.iter} inner steps (${unconverged} of ${n - 1} superdiagonal entries not negligible, cap 6·n² = ${this.maxIter})`,
          this.iter,
        );
      }

      // Find the bottom unreduced block; negligible e_i split the matrix.
      let smax = Math.abs(d[hi]!);
      let lo = 0;
      for (let l = hi - 1; l >= 0; l--) {
        const abss = Math.abs(d[l]!);
        const abse = Math.abs(e[l]!);
        if (abse <= thresh) {
          e[l] = 0;
          if (l === hi - 1) {
            this.hi--;
            continue mainLoop;
          }
          lo = l + 1;
          break;
        }
        if (abss > smax) smax = abss;
        if (abse > smax) smax = abse;
      }

      if (lo === hi - 1) {
        // 2×2 block: solved directly, exactly as dbdsqr does.
        const svd2 = this.svd2;
        twoByTwoSvd(d[hi - 1]!, e[hi - 1]!, d[hi]!, svd2);
        d[hi - 1] = svd2.max;
        e[hi - 1] = 0;
        d[hi] = svd2.min;
        if (vt !== null) {
          const L = vt.rowLength;
          rotateRows(vt.data, (hi - 1) * L, hi * L, L, svd2.cosR, svd2.sinR);
        }
        if (ut !== null) {
          const L = ut.rowLength;
          rotateRows(ut.data, (hi - 1) * L, hi * L, L, svd2.cosL, svd2.sinL);
        }
        this.hi -= 2;
        continue;
      }

      // New block: chase from the larger end towards the smaller one.
      if (lo > this.oldHi || hi < this.oldLo) this.forward = Math.abs(d[lo]!) >= Math.abs(d[hi]!);

      // The convergence test of the end the chase heads for; the rest in testForward/Backward.
      if (this.forward) {
        if (Math.abs(e[hi - 1]!) <= TOL * Math.abs(d[hi]!)) {
          e[hi - 1] = 0;
          continue;
        }
      } else if (Math.abs(e[lo]!) <= TOL * Math.abs(d[lo]!)) {
        e[lo] = 0;
        continue;
      }
      this.lo = lo;
      this.smax = smax;
      return true;
    }
    return false;
  }

  /**
   * The relative convergence test of block lo..hi for a forward chase (the μ recurrence from the
   * top), entering at index `from` with μ = `mu` and the running minimum `smin` (−1: none yet;
   * a paired test hands over here). Returns the estimate of σ_min of the block, or SPLIT after
   * setting a negligible e to zero (the block splits: locate again).
   */
  testForward(from: number, mu: number, smin: number): number {
    const { d, e, hi } = this;
    if (smin < 0) smin = mu;
    for (let l = from; l < hi; l++) {
      if (Math.abs(e[l]!) <= TOL * mu) {
        e[l] = 0;
        return SPLIT;
      }
      mu = Math.abs(d[l + 1]!) * (mu / (mu + Math.abs(e[l]!)));
      if (mu < smin) smin = mu;
    }
    return smin;
  }

  /** testForward's twin for a backward chase (the recurrence from the bottom). */
  private testBackward(): number {
    const { d, e, lo, hi } = this;
    let mu = Math.abs(d[hi]!);
    let smin = mu;
    for (let l = hi - 1; l >= lo; l--) {
      if (Math.abs(e[l]!) <= TOL * mu) {
        e[l] = 0;
        return SPLIT;
      }
      mu = Math.abs(d[l]!) * (mu / (mu + Math.abs(e[l]!)));
      if (mu < smin) smin = mu;
    }
    return smin;
  }

  /**
   * After a passed convergence test (σ_min estimate `smin`): the shift, and the chase. A shifted
   * forward chase is left pending (true); any other runs here (false).
   */
  shiftAndRun(smin: number): boolean {
    const { d, e, n, lo, hi, forward } = this;
    this.oldLo = lo;
    this.oldHi = hi;

    // Shift: zero if shifting could ruin the relative accuracy of σ_min, else the smaller
    // singular value of the trailing (or leading) 2×2 block.
    let shift = 0;
    if (!(n * TOL * (smin / this.smax) <= Math.max(EPS, 0.01 * TOL))) {
      let sll: number;
      const pair = this.pair;
      if (forward) {
        sll = Math.abs(d[lo]!);
        twoByTwoSingularValues(d[hi - 1]!, e[hi - 1]!, d[hi]!, pair);
      } else {
        sll = Math.abs(d[hi]!);
        twoByTwoSingularValues(d[lo]!, e[lo]!, d[lo + 1]!, pair);
      }
      shift = pair.min;
      if (sll > 0) {
        const q = shift / sll;
        if (q * q < EPS) shift = 0;
      }
    }
    this.iter += hi - lo;

    if (shift === 0) {
      if (forward) zeroShiftForward(this, lo, hi);
      else zeroShiftBackward(this, lo, hi);
      return false;
    }
    if (forward) {
      this.shift = shift;
      return true;
    }
    shiftedBackward(this, lo, hi, shift);
    return false;
  }

  /** The pending chase's first f (its g is e[lo]). */
  firstF(): number {
    const dlo = this.d[this.lo]!;
    const shift = this.shift;
    return (Math.abs(dlo) - shift) * ((dlo < 0 ? -1 : 1) + shift / dlo);
  }

  /**
   * Steps `from`..hi−1 of the pending shifted forward chase, entering step `from` with (f, g);
   * a paired chase hands over here when the shorter of its two chases has ended.
   */
  chase(from: number, f: number, g: number): void {
    const { d, e, rot, hi, lo, cR, sR, cL, sL, vectors } = this;
    for (let i = from; i < hi; i++) {
      // Each rotation is GivensRotation.compute with its fast path written out in locals (the
      // same expressions, so the same bits); zero and scaled cases go through the object.
      let cosR: number;
      let sinR: number;
      let r: number;
      let f1 = Math.abs(f);
      let g1 = Math.abs(g);
      if (f1 > RT_MIN && f1 < RT_MAX && g1 > RT_MIN && g1 < RT_MAX) {
        const h = Math.sqrt(f * f + g * g);
        cosR = f1 / h;
        r = f < 0 ? -h : h;
        sinR = g / r;
      } else {
        rot.compute(f, g);
        cosR = rot.c;
        sinR = rot.s;
        r = rot.r;
      }
      if (i > lo) e[i - 1] = r;
      const di = d[i]!;
      const ei = e[i]!;
      f = cosR * di + sinR * ei;
      const eNew = cosR * ei - sinR * di;
      g = sinR * d[i + 1]!;
      const dNext = cosR * d[i + 1]!;
      let cosL: number;
      let sinL: number;
      f1 = Math.abs(f);
      g1 = Math.abs(g);
      if (f1 > RT_MIN && f1 < RT_MAX && g1 > RT_MIN && g1 < RT_MAX) {
        const h = Math.sqrt(f * f + g * g);
        cosL = f1 / h;
        r = f < 0 ? -h : h;
        sinL = g / r;
      } else {
        rot.compute(f, g);
        cosL = rot.c;
        sinL = rot.s;
        r = rot.r;
      }
      d[i] = r;
      f = cosL * eNew + sinL * dNext;
      d[i + 1] = cosL * dNext - sinL * eNew;
      e[i] = eNew;
      if (i < hi - 1) {
        g = sinL * e[i + 1]!;
        e[i + 1] = cosL * e[i + 1]!;
      }
      if (vectors) {
        const j = i - lo;
        cR[j] = cosR;
        sR[j] = sinR;
        cL[j] = cosL;
        sL[j] = sinL;
      }
    }
    e[hi - 1] = f;
  }

  /** After the pending chase: its rotations applied to the vectors, the last entry's test. */
  finishChase(): void {
    const { e, ut, vt, lo, hi } = this;
    const count = hi - lo;
    if (vt !== null) {
      applyRotationsForward(vt.data, vt.rowLength, lo, count, this.cR, this.sR, this.vtAt, this.cRAt, this.sRAt);
    }
    if (ut !== null) {
      applyRotationsForward(ut.data, ut.rowLength, lo, count, this.cL, this.sL, this.utAt, this.cLAt, this.sLAt);
    }
    if (Math.abs(e[hi - 1]!) <= this.thresh) e[hi - 1] = 0;
  }
}
