/**
 * The bidiagonal QR's less common chases (BidiagonalQRRun in bidiagonalQR.ts runs the shifted
 * forward one itself): the zero-shift chases of Demmel and Kahan in both directions, used when a
 * shift would spoil the relative accuracy of the smallest singular value, and the shifted chase
 * from the bottom, for blocks graded the other way. Each records its rotations, applies them to
 * the rows of Uᵀ and Vᵀ (dlasr) and tests the entry it ends at, as dbdsqr does.
 */

import type { GivensRotation } from '../givensRotation.js';
import type { RotatedRows } from './bidiagonalQR.js';
import { applyRotationsBackward, applyRotationsForward } from './rotationSequence.js';

/** What a chase reads and writes of a run (BidiagonalQRRun). */
export interface ChaseState {
  readonly d: Float64Array;
  readonly e: Float64Array;
  readonly rot: GivensRotation;
  readonly ut: RotatedRows | null;
  readonly vt: RotatedRows | null;
  readonly cR: Float64Array;
  readonly sR: Float64Array;
  readonly cL: Float64Array;
  readonly sL: Float64Array;
  readonly vectors: boolean;
  /** The absolute negligibility threshold of the run. */
  readonly thresh: number;
}

/** The zero-shift chase from the top of block lo..hi (dbdsqr's IDIR = 1, shift 0). */
export function zeroShiftForward(run: ChaseState, lo: number, hi: number): void {
  const { d, e, rot, ut, vt, cR, sR, cL, sL, vectors } = run;
  const count = hi - lo;
  let cs = 1;
  let oldCs = 1;
  let oldSn = 0;
  for (let i = lo; i < hi; i++) {
    rot.compute(d[i]! * cs, e[i]!);
    cs = rot.c;
    const sn = rot.s;
    if (i > lo) e[i - 1] = oldSn * rot.r;
    rot.compute(oldCs * rot.r, d[i + 1]! * sn);
    oldCs = rot.c;
    oldSn = rot.s;
    d[i] = rot.r;
    if (vectors) {
      const j = i - lo;
      cR[j] = cs;
      sR[j] = sn;
      cL[j] = oldCs;
      sL[j] = oldSn;
    }
  }
  const h = d[hi]! * cs;
  d[hi] = h * oldCs;
  e[hi - 1] = h * oldSn;
  if (vt !== null) applyRotationsForward(vt.data, vt.rowLength, lo, count, cR, sR);
  if (ut !== null) applyRotationsForward(ut.data, ut.rowLength, lo, count, cL, sL);
  if (Math.abs(e[hi - 1]!) <= run.thresh) e[hi - 1] = 0;
}

/** The zero-shift chase from the bottom of block lo..hi (IDIR = 2, shift 0). */
export function zeroShiftBackward(run: ChaseState, lo: number, hi: number): void {
  const { d, e, rot, ut, vt, cR, sR, cL, sL, vectors } = run;
  const count = hi - lo;
  let cs = 1;
  let oldCs = 1;
  let oldSn = 0;
  for (let i = hi; i > lo; i--) {
    rot.compute(d[i]! * cs, e[i - 1]!);
    cs = rot.c;
    const sn = rot.s;
    if (i < hi) e[i] = oldSn * rot.r;
    rot.compute(oldCs * rot.r, d[i - 1]! * sn);
    oldCs = rot.c;
    oldSn = rot.s;
    d[i] = rot.r;
    if (vectors) {
      const j = i - lo - 1;
      cR[j] = cs;
      sR[j] = -sn;
      cL[j] = oldCs;
      sL[j] = -oldSn;
    }
  }
  const h = d[lo]! * cs;
  d[lo] = h * oldCs;
  e[lo] = h * oldSn;
  if (vt !== null) applyRotationsBackward(vt.data, vt.rowLength, lo, count, cL, sL);
  if (ut !== null) applyRotationsBackward(ut.data, ut.rowLength, lo, count, cR, sR);
  if (Math.abs(e[lo]!) <= run.thresh) e[lo] = 0;
}

/** The shifted chase from the bottom of block lo..hi (IDIR = 2). */
export function shiftedBackward(run: ChaseState, lo: number, hi: number, shift: number): void {
  const { d, e, rot, ut, vt, cR, sR, cL, sL, vectors } = run;
  const count = hi - lo;
  const dhi = d[hi]!;
  let f = (Math.abs(dhi) - shift) * ((dhi < 0 ? -1 : 1) + shift / dhi);
  let g = e[hi - 1]!;
  for (let i = hi; i > lo; i--) {
    rot.compute(f, g);
    const cosR = rot.c;
    const sinR = rot.s;
    if (i < hi) e[i] = rot.r;
    const di = d[i]!;
    const em = e[i - 1]!;
    f = cosR * di + sinR * em;
    const eNew = cosR * em - sinR * di;
    g = sinR * d[i - 1]!;
    const dPrev = cosR * d[i - 1]!;
    rot.compute(f, g);
    const cosL = rot.c;
    const sinL = rot.s;
    d[i] = rot.r;
    f = cosL * eNew + sinL * dPrev;
    d[i - 1] = cosL * dPrev - sinL * eNew;
    e[i - 1] = eNew;
    if (i > lo + 1) {
      g = sinL * e[i - 2]!;
      e[i - 2] = cosL * e[i - 2]!;
    }
    if (vectors) {
      const j = i - lo - 1;
      cR[j] = cosR;
      sR[j] = -sinR;
      cL[j] = cosL;
      sL[j] = -sinL;
    }
  }
  e[lo] = f;
  if (Math.abs(e[lo]!) <= run.thresh) e[lo] = 0;
  if (vt !== null) applyRotationsBackward(vt.data, vt.rowLength, lo, count, cL, sL);
  if (ut !== null) applyRotationsBackward(ut.data, ut.rowLength, lo, count, cR, sR);
}
