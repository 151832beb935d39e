/**
 * Safe plane rotation, LAPACK dlartg (3.10+, Anderson's la_xlartg):
 *
 *   [  c  s ] [ f ]   [ r ]
 *   [ -s  c ] [ g ] = [ 0 ]     with c ≥ 0 and r carrying the sign of f.
 *
 * The rotation is computed into a reusable object instead of a returned tuple so the bulge
 * chase in the bidiagonal QR and the QL sweeps of the tridiagonal eigensolver allocate nothing
 * per step. This is the one dlartg of the package; both kernel families use it.
 */

import { SAFE_MAX, SAFE_MIN } from './machineConstants.js';

// Inside (RT_MIN, RT_MAX) both f² and g² and their sum are representable without loss, so the
// fast path needs no scaling.
// (Exported for loops that inline this fast path: svd/pairedBidiagonalQR.ts.)
export const RT_MIN = Math.sqrt(SAFE_MIN);
export const RT_MAX = Math.sqrt(SAFE_MAX / 2);

/**
 * Reusable dlartg plane rotation: `compute(f, g)` sets c, s and r so that
 * [c s; −s c]·[f; g] = [r; 0], with c ≥ 0 and r carrying the sign of f.
 *
 * @example
 * const rot = new kernels.GivensRotation();
 * rot.compute(3, 4); // rot.c = 0.6, rot.s = 0.8, rot.r = 5
 */
export class GivensRotation {
  c = 1;
  s = 0;
  r = 0;

  /** Sets c, s, r for the pair (f, g). NaN inputs yield NaN outputs, never a silent identity. */
  compute(f: number, g: number): void {
    if (g === 0) {
      this.c = 1;
      this.s = 0;
      this.r = f;
      return;
    }
    if (f === 0) {
      this.c = 0;
      this.s = g < 0 ? -1 : 1;
      this.r = Math.abs(g);
      return;
    }
    const f1 = Math.abs(f);
    const g1 = Math.abs(g);
    if (f1 > RT_MIN && f1 < RT_MAX && g1 > RT_MIN && g1 < RT_MAX) {
      const d = Math.sqrt(f * f + g * g);
      this.c = f1 / d;
      const r = f < 0 ? -d : d;
      this.r = r;
      this.s = g / r;
      return;
    }
    // Scale by the larger magnitude (clamped to the safe range) before squaring.
    const u = Math.min(SAFE_MAX, Math.max(SAFE_MIN, f1, g1));
    const fs = f / u;
    const gs = g / u;
    const d = Math.sqrt(fs * fs + gs * gs);
    this.c = Math.abs(fs) / d;
    const r = f < 0 ? -d : d;
    this.s = gs / r;
    this.r = r * u;
  }
}
