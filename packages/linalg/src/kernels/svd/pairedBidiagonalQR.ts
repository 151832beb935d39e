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
import type { BidiagonalQRRun } from './bidiagonalQR.js';

/**
 * Runs both to convergence. A ConvergenceError of `a` is thrown (the earlier matrix of a batch);
 * one of `b` is returned after `a` has finished (undefined when both converge), so the caller
 * can report the first failing matrix in batch order.
 */
export function pairedBidiagonalQR(a: BidiagonalQRRun, b: BidiagonalQRRun): unknown {
  let aDue = a.next();
  let bDue: boolean;
  let bError: unknown;
  try {
    bDue = b.next();
  } catch (err) {
    bError = err;
    bDue = false;
  }
  while (aDue || bDue) {
    if (aDue && bDue) pairedChase(a, b);
    else if (aDue) a.chase(a.lo, a.firstF(), a.e[a.lo]!);
    else b.chase(b.lo, b.firstF(), b.e[b.lo]!);
    if (aDue) {
      a.finishChase();
      aDue = a.next();
    }
    if (bDue) {
      b.finishChase();
      try {
        bDue = b.next();
      } catch (err) {
        bError = err;
        bDue = false;
      }
    }
  }
  return bError;
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
