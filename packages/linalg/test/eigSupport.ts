/**
 * Independent dense checks for eig: residual ratio, column norms, spectrum matching. Written on
 * plain interleaved arrays, not with the code under test.
 */
import { expect } from 'vitest';
import { ULP } from './support/denseMatrix.js';

/** Interleaved complex copy of a real (width 1) or complex (width 2) n×n row-major matrix. */
export function asComplex(a: ArrayLike<number>, n: number, complex: boolean): Float64Array {
  if (complex) return Float64Array.from(a);
  const z = new Float64Array(2 * n * n);
  for (let i = 0; i < n * n; i++) z[2 * i] = a[i]!;
  return z;
}

/**
 * dget22's first ratio: max_k ‖(A·V − V·diag(W))[:, k]‖₁ / (‖A‖₁·n·ulp), with ‖A‖₁ floored at
 * the smallest normal number.
 */
export function eigResidualRatio(a: Float64Array, n: number, w: Float64Array, v: Float64Array): number {
  let anorm = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.hypot(a[2 * (i * n + j)]!, a[2 * (i * n + j) + 1]!);
    anorm = Math.max(anorm, s);
  }
  anorm = Math.max(anorm, 2 ** -1022);
  let worst = 0;
  for (let k = 0; k < n; k++) {
    let col = 0;
    for (let i = 0; i < n; i++) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        const ar = a[2 * (i * n + j)]!;
        const ai = a[2 * (i * n + j) + 1]!;
        const vr = v[2 * (j * n + k)]!;
        const vi = v[2 * (j * n + k) + 1]!;
        sr += ar * vr - ai * vi;
        si += ar * vi + ai * vr;
      }
      const vr = v[2 * (i * n + k)]!;
      const vi = v[2 * (i * n + k) + 1]!;
      sr -= w[2 * k]! * vr - w[2 * k + 1]! * vi;
      si -= w[2 * k]! * vi + w[2 * k + 1]! * vr;
      col += Math.hypot(sr, si);
    }
    worst = Math.max(worst, col);
  }
  return worst / anorm / (n * ULP);
}

/** The 2-norm of column k of an interleaved n×n matrix. */
export function columnNorm(v: Float64Array, n: number, k: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += v[2 * (i * n + k)]! ** 2 + v[2 * (i * n + k) + 1]! ** 2;
  return Math.sqrt(s);
}

/**
 * Largest distance when each reference eigenvalue is matched to the nearest computed one not yet
 * used (greedy, references in order); spectra are sets, so order does not matter.
 */
export function spectrumDistance(w: ArrayLike<number>, ref: ArrayLike<number>): number {
  const n = ref.length / 2;
  if (w.length !== ref.length) return Number.POSITIVE_INFINITY;
  const used = new Uint8Array(n);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bd = Number.POSITIVE_INFINITY;
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      const d = Math.hypot(w[2 * j]! - ref[2 * i]!, w[2 * j + 1]! - ref[2 * i + 1]!);
      if (d < bd) {
        bd = d;
        best = j;
      }
    }
    used[best] = 1;
    worst = Math.max(worst, bd);
  }
  return worst;
}

/**
 * The fixture checks of an eig result shared by the large and multishift corpora: W and V finite,
 * W within `wtol` of numpy's spectrum and (when the case has it) within 2·wtol of the exact one.
 */
export function expectFixtureSpectrum(
  w: Float64Array,
  v: Float64Array,
  c: { readonly w: ArrayLike<number>; readonly wtol: number; readonly w_exact?: ArrayLike<number> },
): void {
  expect(w.every(Number.isFinite) && v.every(Number.isFinite)).toBe(true);
  expect(spectrumDistance(w, c.w), 'W vs numpy').toBeLessThanOrEqual(c.wtol);
  if (c.w_exact) expect(spectrumDistance(w, c.w_exact), 'W vs exact').toBeLessThanOrEqual(2 * c.wtol);
}
