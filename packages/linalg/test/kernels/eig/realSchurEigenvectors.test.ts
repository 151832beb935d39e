/**
 * The real-arithmetic Schur eigenvectors (dtrevc3-style, realSchurEigenvectors.ts) against the
 * complex route they replace (realToComplexSchur + ztrevc-style schurEigenvectors) and against
 * the definition T·x = λ·x: on Schur forms from the QR iteration (random, many conjugate pairs),
 * on hand-made quasi-triangular forms (adjacent 2×2 blocks, a 2×2 block above a real eigenvalue
 * and the reverse), on a defective form (a Jordan block: finite vectors), and scaled by 2^±500.
 */
import { describe, expect, it } from 'vitest';
import { hessenbergReduce } from '../../../src/kernels/eig/hessenbergReduce.js';
import { realSchur } from '../../../src/kernels/eig/realSchur.js';
import { realSchurEigenvectors } from '../../../src/kernels/eig/realSchurEigenvectors.js';
import {
  normalizeEigenvectors,
  realToComplexSchur,
  schurEigenvectors,
} from '../../../src/kernels/eig/schurEigenvectors.js';
import { standardize2x2 } from '../../../src/kernels/eig/standardize2x2.js';
import { EPS, mulberry32, randomMatrix } from '../../support/index.js';

function transpose(a: Float64Array, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = a[i * n + j]!;
  return t;
}

/** Both routes, normalised by the library's convention; the conjugate columns filled in. */
function bothRoutes(t: Float64Array, zt: Float64Array, n: number, wr: Float64Array, wi: Float64Array) {
  const fresh = realSchurEigenvectors(t, zt, n, wr, wi);
  const c = realToComplexSchur(t, transpose(zt, n), n, wr, wi);
  const skip = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (wi[i]! < 0) skip[i] = 1;
  const old = schurEigenvectors(c.t, c.z, n, skip);
  normalizeEigenvectors(fresh, n);
  normalizeEigenvectors(old, n);
  return { fresh, old };
}

/** max over columns (not the skipped conjugates) of ‖v_new − v_old‖∞. */
function columnGap(a: Float64Array, b: Float64Array, n: number, wi: Float64Array): number {
  let gap = 0;
  for (let k = 0; k < n; k++) {
    if (wi[k]! < 0) continue;
    for (let r = 0; r < n; r++) {
      const p = 2 * (r * n + k);
      gap = Math.max(gap, Math.hypot(a[p]! - b[p]!, a[p + 1]! - b[p + 1]!));
    }
  }
  return gap;
}

/** max_k ‖T·x_k − λ_k·x_k‖∞ / (‖T‖∞·‖x_k‖∞) for V = X (zt = I), x_k complex. */
function schurResidual(t: Float64Array, v: Float64Array, n: number, wr: Float64Array, wi: Float64Array): number {
  let tn = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.abs(t[i * n + j]!);
    tn = Math.max(tn, s);
  }
  let worst = 0;
  for (let k = 0; k < n; k++) {
    if (wi[k]! < 0) continue;
    let xn = 0;
    let res = 0;
    for (let i = 0; i < n; i++) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        sr += t[i * n + j]! * v[2 * (j * n + k)]!;
        si += t[i * n + j]! * v[2 * (j * n + k) + 1]!;
      }
      const xr = v[2 * (i * n + k)]!;
      const xi = v[2 * (i * n + k) + 1]!;
      sr -= wr[k]! * xr - wi[k]! * xi;
      si -= wr[k]! * xi + wi[k]! * xr;
      res = Math.max(res, Math.hypot(sr, si));
      xn = Math.max(xn, Math.hypot(xr, xi));
    }
    worst = Math.max(worst, res / (tn * xn));
  }
  return worst;
}

/** A quasi-triangular T from diagonal blocks: numbers are 1×1, [re, im] pairs standardised 2×2. */
function quasiTriangular(blocks: (number | [number, number])[], seed: number) {
  const n = blocks.reduce<number>((s, b) => s + (typeof b === 'number' ? 1 : 2), 0);
  const t = randomMatrix(n, n, mulberry32(seed));
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) t[i * n + j] = 0;
  let k = 0;
  for (const b of blocks) {
    if (typeof b === 'number') {
      t[k * n + k] = b;
      wr[k] = b;
      k++;
    } else {
      const [re, im] = b;
      const s = standardize2x2(re, 2 * im, -im / 2, re);
      t[k * n + k] = s.a;
      t[k * n + k + 1] = s.b;
      t[(k + 1) * n + k] = s.c;
      t[(k + 1) * n + k + 1] = s.d;
      wr[k] = s.rt1r;
      wi[k] = s.rt1i;
      wr[k + 1] = s.rt2r;
      wi[k + 1] = s.rt2i;
      k += 2;
    }
  }
  const identity = new Float64Array(n * n);
  for (let i = 0; i < n; i++) identity[i * n + i] = 1;
  return { t, n, wr, wi, identity };
}

describe('realSchurEigenvectors', () => {
  for (const n of [1, 2, 5, 40, 120]) {
    it(`matches the complex route on the Schur form of a random ${n}×${n}`, () => {
      const h = randomMatrix(n, n, mulberry32(40 + n));
      const q = hessenbergReduce(h, n, 0, n - 1, true)!;
      const zt = transpose(q, n);
      const { wr, wi } = realSchur(h, n, 0, n - 1, true, zt);
      const { fresh, old } = bothRoutes(h, zt, n, wr, wi);
      expect(columnGap(fresh, old, n, wi)).toBeLessThan(1e-10);
      // Real eigenvalues get exactly real vectors (±0 imaginary parts after normalisation).
      let nonReal = 0;
      for (let k = 0; k < n; k++) {
        if (wi[k]! === 0) for (let r = 0; r < n; r++) if (fresh[2 * (r * n + k) + 1] !== 0) nonReal++;
      }
      expect(nonReal).toBe(0);
    });
  }

  it('hand-made blocks: adjacent pairs, a pair above a real eigenvalue and below one', () => {
    const { t, n, wr, wi, identity } = quasiTriangular([2, [1, 3], [1, 0.5], -1, [0.25, 2], 0.5, [-3, 1e-3]], 3);
    const v = realSchurEigenvectors(t, identity, n, wr, wi);
    expect(schurResidual(t, v, n, wr, wi) / EPS).toBeLessThan(100);
    const { fresh, old } = bothRoutes(t, identity, n, wr, wi);
    expect(columnGap(fresh, old, n, wi)).toBeLessThan(1e-10);
  });

  it('defective (Jordan block of order 4 at 2, and a repeated pair): finite vectors, small residual', () => {
    const { t, n, wr, wi, identity } = quasiTriangular([2, 2, 2, 2, [1, 1], [1, 1], 5], 9);
    for (let i = 0; i < 3; i++) t[i * n + i + 1] = 1;
    const v = realSchurEigenvectors(t, identity, n, wr, wi);
    expect(v.every(Number.isFinite)).toBe(true);
    expect(schurResidual(t, v, n, wr, wi) / EPS).toBeLessThan(100);
  });

  for (const e of [500, -500]) {
    it(`T scaled by 2^${e}: the same vectors as unscaled`, () => {
      const base = quasiTriangular([1, [0.5, 2], -2, [3, 0.1], 0.75], 5);
      const f = 2 ** e;
      const ts = base.t.map((x) => x * f);
      const v0 = realSchurEigenvectors(base.t, base.identity, base.n, base.wr, base.wi);
      const v1 = realSchurEigenvectors(
        ts,
        base.identity,
        base.n,
        base.wr.map((x) => x * f),
        base.wi.map((x) => x * f),
      );
      normalizeEigenvectors(v0, base.n);
      normalizeEigenvectors(v1, base.n);
      expect(v1.every(Number.isFinite)).toBe(true);
      expect(columnGap(v0, v1, base.n, base.wi)).toBeLessThan(1e-13);
    });
  }
});
