/**
 * The bidiagonal QR of two independent matrices at once, for batches of small SVDs.
 *
 * Why: a shifted chase step is one long dependency chain (per step two rotations, each a square
 * root and two divisions, and the products that feed the next step), so one chase keeps the
 * floating-point units mostly idle, waiting. Two chases run step by step in one loop give the
 * processor two independent chains to overlap. Each matrix still sees exactly its own operations
 * in its own order (its run decides every step as when alone), so its bits are those of
 * `bidiagonalQR` on it alone; only the timing changes.
 */

import { RT_MAX, RT_MIN } from '../givensRotation.js';
import { type BidiagonalQRRun, SPLIT, TOL } from './bidiagonalQR.js';

/**
 * Runs both to convergence. A ConvergenceError of `a` is thrown (the earlier matrix of a batch);
 * one of `b` is returned after `a` has finished (undefined when both converge), so the caller
 * can report the first failing matrix in batch order.
 */
export function pairedBidiagonalQR(a: BidiagonalQRRun, b: BidiagonalQRRun): unknown {
  const failure: { error: unknown } = { error: undefined };
  let due = advance(a, true, b, true, failure);
  while (due !== 0) {
    const aDue = (due & 1) !== 0;
    const bDue = (due & 2) !== 0;
    if (aDue && bDue) pairedChase(a, b);
    else if (aDue) a.chase(a.lo, a.firstF(), a.e[a.lo]!);
    else b.chase(b.lo, b.firstF(), b.e[b.lo]!);
    if (aDue) a.finishChase();
    if (bDue) b.finishChase();
    due = advance(a, aDue, b, bDue, failure);
  }
  return failure.error;
}

/** Where a run is in `advance`. */
const LOCATE = 0;
const TEST = 1;
const DUE = 2;
const DONE = 3;

/** σ_min estimates of a paired convergence test (a, b). */
const sminPair = new Float64Array(2);

/**
 * BidiagonalQRRun.next of each run that `go`es, with their convergence tests (a division per
 * entry in one dependency chain) paired when both test a forward block. Returns bit 0 set when
 * `a` has a chase due, bit 1 for `b`; a run that converged has none. b's ConvergenceError is
 * recorded in `failure` (b then stops).
 */
function advance(
  a: BidiagonalQRRun,
  aGo: boolean,
  b: BidiagonalQRRun,
  bGo: boolean,
  failure: { error: unknown },
): number {
  let sa = aGo ? LOCATE : DONE;
  let sb = bGo ? LOCATE : DONE;
  while (sa < DUE || sb < DUE) {
    if (sa === LOCATE) sa = a.locate() ? TEST : DONE;
    if (sb === LOCATE) {
      try {
        sb = b.locate() ? TEST : DONE;
      } catch (err) {
        failure.error = err;
        sb = DONE;
      }
    }
    let sminA = SPLIT;
    let sminB = SPLIT;
    if (sa === TEST && sb === TEST && a.forward && b.forward) {
      pairedTestForward(a, b);
      sminA = sminPair[0]!;
      sminB = sminPair[1]!;
    } else {
      if (sa === TEST) sminA = a.test();
      if (sb === TEST) sminB = b.test();
    }
    if (sa === TEST) sa = sminA !== SPLIT && a.shiftAndRun(sminA) ? DUE : LOCATE;
    if (sb === TEST) sb = sminB !== SPLIT && b.shiftAndRun(sminB) ? DUE : LOCATE;
  }
  return (sa === DUE ? 1 : 0) | (sb === DUE ? 2 : 0);
}

/**
 * BidiagonalQRRun.testForward of both located blocks, step by step while neither has ended or
 * found a negligible entry; each then finishes its own (the same operations as alone).
 */
function pairedTestForward(a: BidiagonalQRRun, b: BidiagonalQRRun): void {
  const dA = a.d;
  const eA = a.e;
  const dB = b.d;
  const eB = b.e;
  const loA = a.lo;
  const loB = b.lo;
  let muA = Math.abs(dA[loA]!);
  let muB = Math.abs(dB[loB]!);
  let sminA = muA;
  let sminB = muB;
  const steps = Math.min(a.hi - loA, b.hi - loB);
  let j = 0;
  for (; j < steps; j++) {
    const eAbsA = Math.abs(eA[loA + j]!);
    const eAbsB = Math.abs(eB[loB + j]!);
    if (eAbsA <= TOL * muA || eAbsB <= TOL * muB) break;
    muA = Math.abs(dA[loA + j + 1]!) * (muA / (muA + eAbsA));
    muB = Math.abs(dB[loB + j + 1]!) * (muB / (muB + eAbsB));
    if (muA < sminA) sminA = muA;
    if (muB < sminB) sminB = muB;
  }
  sminPair[0] = a.testForward(loA + j, muA, sminA);
  sminPair[1] = b.testForward(loB + j, muB, sminB);
}

/**
 * The pending shifted forward chases of `a` and `b` (BidiagonalQRRun.chase) interleaved step by
 * step while both last; the longer one is finished by its own `chase`.
 */
function pairedChase(a: BidiagonalQRRun, b: BidiagonalQRRun): void {
  const dA = a.d;
  const eA = a.e;
  const rotA = a.rot;
  const loA = a.lo;
  const hiA = a.hi;
  const vecA = a.vectors;
  const cRA = a.cR;
  const sRA = a.sR;
  const cLA = a.cL;
  const sLA = a.sL;
  const dB = b.d;
  const eB = b.e;
  const rotB = b.rot;
  const loB = b.lo;
  const hiB = b.hi;
  const vecB = b.vectors;
  const cRB = b.cR;
  const sRB = b.sR;
  const cLB = b.cL;
  const sLB = b.sL;
  let fA = a.firstF();
  let gA = eA[loA]!;
  let fB = b.firstF();
  let gB = eB[loB]!;
  const steps = Math.min(hiA - loA, hiB - loB);
  for (let j = 0; j < steps; j++) {
    const iA = loA + j;
    const iB = loB + j;
    // Right rotations of both (the two chains' square roots and divisions overlap). Each is
    // GivensRotation.compute: its fast path written out (the same expressions, so the same
    // bits), the zero and scaled cases through the object.
    let cosRA: number;
    let sinRA: number;
    let rA: number;
    let f1 = Math.abs(fA);
    let g1 = Math.abs(gA);
    if (f1 > RT_MIN && f1 < RT_MAX && g1 > RT_MIN && g1 < RT_MAX) {
      const h = Math.sqrt(fA * fA + gA * gA);
      cosRA = f1 / h;
      rA = fA < 0 ? -h : h;
      sinRA = gA / rA;
    } else {
      rotA.compute(fA, gA);
      cosRA = rotA.c;
      sinRA = rotA.s;
      rA = rotA.r;
    }
    let cosRB: number;
    let sinRB: number;
    let rB: number;
    f1 = Math.abs(fB);
    g1 = Math.abs(gB);
    if (f1 > RT_MIN && f1 < RT_MAX && g1 > RT_MIN && g1 < RT_MAX) {
      const h = Math.sqrt(fB * fB + gB * gB);
      cosRB = f1 / h;
      rB = fB < 0 ? -h : h;
      sinRB = gB / rB;
    } else {
      rotB.compute(fB, gB);
      cosRB = rotB.c;
      sinRB = rotB.s;
      rB = rotB.r;
    }
    if (j > 0) {
      eA[iA - 1] = rA;
      eB[iB - 1] = rB;
    }
    const diA = dA[iA]!;
    const eiA = eA[iA]!;
    fA = cosRA * diA + sinRA * eiA;
    const eNewA = cosRA * eiA - sinRA * diA;
    gA = sinRA * dA[iA + 1]!;
    const dNextA = cosRA * dA[iA + 1]!;
    const diB = dB[iB]!;
    const eiB = eB[iB]!;
    fB = cosRB * diB + sinRB * eiB;
    const eNewB = cosRB * eiB - sinRB * diB;
    gB = sinRB * dB[iB + 1]!;
    const dNextB = cosRB * dB[iB + 1]!;
    // Left rotations of both.
    let cosLA: number;
    let sinLA: number;
    f1 = Math.abs(fA);
    g1 = Math.abs(gA);
    if (f1 > RT_MIN && f1 < RT_MAX && g1 > RT_MIN && g1 < RT_MAX) {
      const h = Math.sqrt(fA * fA + gA * gA);
      cosLA = f1 / h;
      rA = fA < 0 ? -h : h;
      sinLA = gA / rA;
    } else {
      rotA.compute(fA, gA);
      cosLA = rotA.c;
      sinLA = rotA.s;
      rA = rotA.r;
    }
    let cosLB: number;
    let sinLB: number;
    f1 = Math.abs(fB);
    g1 = Math.abs(gB);
    if (f1 > RT_MIN && f1 < RT_MAX && g1 > RT_MIN && g1 < RT_MAX) {
      const h = Math.sqrt(fB * fB + gB * gB);
      cosLB = f1 / h;
      rB = fB < 0 ? -h : h;
      sinLB = gB / rB;
    } else {
      rotB.compute(fB, gB);
      cosLB = rotB.c;
      sinLB = rotB.s;
      rB = rotB.r;
    }
    dA[iA] = rA;
    fA = cosLA * eNewA + sinLA * dNextA;
    dA[iA + 1] = cosLA * dNextA - sinLA * eNewA;
    eA[iA] = eNewA;
    if (iA < hiA - 1) {
      gA = sinLA * eA[iA + 1]!;
      eA[iA + 1] = cosLA * eA[iA + 1]!;
    }
    dB[iB] = rB;
    fB = cosLB * eNewB + sinLB * dNextB;
    dB[iB + 1] = cosLB * dNextB - sinLB * eNewB;
    eB[iB] = eNewB;
    if (iB < hiB - 1) {
      gB = sinLB * eB[iB + 1]!;
      eB[iB + 1] = cosLB * eB[iB + 1]!;
    }
    if (vecA) {
      cRA[j] = cosRA;
      sRA[j] = sinRA;
      cLA[j] = cosLA;
      sLA[j] = sinLA;
    }
    if (vecB) {
      cRB[j] = cosRB;
      sRB[j] = sinRB;
      cLB[j] = cosLB;
      sLB[j] = sinLB;
    }
  }
  // The longer chase goes on alone (the other's loop is empty and only sets its last e).
  a.chase(loA + steps, fA, gA);
  b.chase(loB + steps, fB, gB);
}
