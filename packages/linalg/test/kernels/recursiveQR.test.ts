/**
 * The recursive QR on Aᵀ (recursiveQR.ts, dgeqrt3) against the blocked/unblocked householderQR
 * (same reflectors up to rounding), against numpy's R (blocked_factorizations.json), and through
 * its compact WY factor: I − V·T·Vᵀ must be orthogonal and reproduce A = Q·R. Then the thin
 * tall-skinny SVD that is built on it (U = [U_R; 0] − V·T·V₀ᵀ·U_R) on tall shapes, including
 * rank-deficient and 1e±150-scaled inputs.
 */
import { describe, expect, it } from 'vitest';
import { extractR, householderQR, svdKernel } from '../../src/kernels/index.js';
import { recursiveQRTransposed } from '../../src/kernels/recursiveQR.js';
import { expectLapackRatios, loadFixture, mulberry32, randomMatrix, transpose } from '../support/index.js';

const EPS = 2 ** -52;

/** The QR of the row-major m×n `a` by the recursive kernel, with Q = I − V·T·Vᵀ formed (m×n). */
function recursiveQR(a: Float64Array, m: number, n: number) {
  const { vt, r, tau, t } = recursiveQRTransposed(transpose(a, m, n), m, n);
  // Thin Q = (I − V·T·Vᵀ)·[I; 0]: column j = e_j − V·(T·(Vᵀe_j)), Vᵀe_j = row j of V = column j of Vᵀ.
  const q = new Float64Array(m * n);
  const x = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let p = 0; p < n; p++) {
      let s = 0;
      for (let k = p; k < n; k++) s += t[p * n + k]! * vt[k * m + j]!;
      x[p] = s;
    }
    for (let i = 0; i < m; i++) {
      let s = i === j ? 1 : 0;
      for (let p = 0; p < n; p++) s -= vt[p * m + i]! * x[p]!;
      q[i * n + j] = s;
    }
  }
  return { vt, r, tau, t, q };
}

function maxAbsOf(a: ArrayLike<number>): number {
  let x = 0;
  for (let i = 0; i < a.length; i++) x = Math.max(x, Math.abs(a[i]!));
  return x;
}

/** ‖A − Q·R‖max / ‖A‖max and ‖QᵀQ − I‖max. */
function qrResiduals(a: Float64Array, q: Float64Array, r: Float64Array, m: number, n: number) {
  let res = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p <= j; p++) s += q[i * n + p]! * r[p * n + j]!;
      res = Math.max(res, Math.abs(s - a[i * n + j]!));
    }
  }
  let orth = 0;
  for (let p = 0; p < n; p++) {
    for (let s = p; s < n; s++) {
      let g = 0;
      for (let i = 0; i < m; i++) g += q[i * n + p]! * q[i * n + s]!;
      orth = Math.max(orth, Math.abs(g - (p === s ? 1 : 0)));
    }
  }
  const scale = maxAbsOf(a);
  return { res: scale === 0 ? res : res / scale, orth };
}

/** Columns 2, 5, 8, … copy column 0 and column 3 is zero: numerical rank well below n. */
function rankDeficient(m: number, n: number, seed: number): Float64Array {
  const a = randomMatrix(m, n, mulberry32(seed));
  for (let i = 0; i < m; i++) {
    for (let j = 2; j < n; j += 3) a[i * n + j] = a[i * n]!;
    if (n > 3) a[i * n + 3] = 0;
  }
  return a;
}

const SHAPES: [number, number][] = [
  [1, 1],
  [5, 2],
  [9, 9],
  [40, 13],
  [97, 97],
  [300, 37],
  [700, 100],
  [2000, 100],
];

describe('recursiveQRTransposed against householderQR', () => {
  for (const [m, n] of SHAPES) {
    it(`${m}×${n}: same R and τ up to rounding, V explicit, A = Q·R with Q = I − V·T·Vᵀ orthogonal`, () => {
      const a = randomMatrix(m, n, mulberry32(m * 131 + n));
      const ref = householderQR(a, m, n);
      const rRef = extractR(ref.qr, m, n, n);
      const { vt, r, tau, q, t } = recursiveQR(a, m, n);
      const scale = maxAbsOf(rRef);
      for (let i = 0; i < n * n; i++) expect(Math.abs(r[i]! - rRef[i]!)).toBeLessThan(1e3 * EPS * scale);
      for (let j = 0; j < n; j++) {
        expect(r[j * n + j]!).toBeGreaterThanOrEqual(0);
        expect(Math.abs(tau[j]! - ref.tau[j]!)).toBeLessThan(1e3 * EPS);
        // Row j of Vᵀ: zeros before j, 1 at j, the reflector's tail as householderQR stores it.
        for (let i = 0; i < j; i++) expect(vt[j * m + i]).toBe(0);
        expect(vt[j * m + j]).toBe(1);
        for (let i = j + 1; i < m; i++) expect(Math.abs(vt[j * m + i]! - ref.qr[i * n + j]!)).toBeLessThan(1e4 * EPS);
        // R and T are upper triangular.
        for (let i = j + 1; i < n; i++) {
          expect(r[i * n + j]).toBe(0);
          expect(t[i * n + j]).toBe(0);
        }
      }
      const { res, orth } = qrResiduals(a, q, r, m, n);
      expect(res).toBeLessThan(20 * m * EPS);
      expect(orth).toBeLessThan(20 * m * EPS);
    });
  }

  it('rank-deficient and zero columns: τ = 0 reflectors, still A = Q·R with Q orthogonal', () => {
    for (const [m, n] of [
      [300, 40],
      [2000, 100],
    ] as const) {
      const a = rankDeficient(m, n, 7);
      const { r, q } = recursiveQR(a, m, n);
      const { res, orth } = qrResiduals(a, q, r, m, n);
      expect(res).toBeLessThan(20 * m * EPS);
      expect(orth).toBeLessThan(20 * m * EPS);
    }
    // A zero matrix: every τ is 0, T = 0, R = 0, Q = I.
    const { r, tau, t } = recursiveQRTransposed(new Float64Array(50 * 20), 50, 20);
    expect(maxAbsOf(r)).toBe(0);
    expect(maxAbsOf(tau)).toBe(0);
    expect(maxAbsOf(t)).toBe(0);
  });

  it('1e±150 scaled input: R scales with A, Q stays orthogonal (no overflow or underflow)', () => {
    const m = 400;
    const n = 30;
    const a = randomMatrix(m, n, mulberry32(99));
    const base = recursiveQR(a, m, n);
    const rScale = maxAbsOf(base.r);
    for (const f of [1e150, 1e-150]) {
      const scaled = a.map((x) => x * f);
      const { r, q } = recursiveQR(scaled, m, n);
      for (let i = 0; i < n * n; i++) expect(Math.abs(r[i]! / f - base.r[i]!)).toBeLessThan(100 * EPS * rScale);
      const { res, orth } = qrResiduals(scaled, q, r, m, n);
      expect(res).toBeLessThan(20 * m * EPS);
      expect(orth).toBeLessThan(20 * m * EPS);
    }
  });

  it('same bits on every run', () => {
    const a = randomMatrix(500, 64, mulberry32(5));
    const x = recursiveQRTransposed(transpose(a, 500, 64), 500, 64);
    const y = recursiveQRTransposed(transpose(a, 500, 64), 500, 64);
    expect(Array.from(x.r)).toEqual(Array.from(y.r));
    expect(Array.from(x.t)).toEqual(Array.from(y.t));
    expect(Array.from(x.vt)).toEqual(Array.from(y.vt));
  });

  it('rejects a wide or empty shape', () => {
    expect(() => recursiveQRTransposed(new Float64Array(6), 2, 3)).toThrow(RangeError);
    expect(() => recursiveQRTransposed(new Float64Array(0), 3, 0)).toThrow(RangeError);
  });
});

interface QrCase {
  m: number;
  n: number;
  seed: number;
  complex: boolean;
  diagR: number[];
  r0: number[];
  rLast: number[];
}

/** The fixture generator's MINSTD inputs (tools/fixtures/generate_blocked_factorizations.py). */
function minstd(count: number, seed: number): Float64Array {
  const out = new Float64Array(count);
  let s = seed;
  for (let i = 0; i < count; i++) {
    s = (48271 * s) % 2147483647;
    out[i] = (2 * s) / 2147483647 - 1;
  }
  return out;
}

describe('recursiveQRTransposed against numpy.linalg.qr (blocked_factorizations.json)', () => {
  const fx = loadFixture<{ qr: QrCase[] }>('blocked_factorizations.json');
  for (const c of fx.qr.filter((x) => !x.complex && x.m >= x.n)) {
    it(`${c.m}×${c.n}: diag(R), the first and the last row of R`, () => {
      const { m, n } = c;
      const { r } = recursiveQRTransposed(transpose(minstd(m * n, c.seed), m, n), m, n);
      const scale = maxAbsOf(c.r0);
      for (let j = 0; j < n; j++) {
        expect(Math.abs(r[j * n + j]! - c.diagR[j]!)).toBeLessThan(1e-12 * scale);
        expect(Math.abs(r[j]! - c.r0[j]!)).toBeLessThan(1e-12 * scale);
        expect(Math.abs(r[(n - 1) * n + j]! - c.rLast[j]!)).toBeLessThan(1e-11 * scale);
      }
    });
  }
});

describe('thin tall-skinny SVD on the recursive QR (U = [U_R; 0] − V·T·V₀ᵀ·U_R)', () => {
  const cases: [string, number, number, () => Float64Array][] = [
    ['random 2000×100', 2000, 100, () => randomMatrix(2000, 100, mulberry32(1))],
    ['random 600×160 (R by divide and conquer)', 600, 160, () => randomMatrix(600, 160, mulberry32(2))],
    ['random 170×13', 170, 13, () => randomMatrix(170, 13, mulberry32(3))],
    ['rank-deficient 2000×100', 2000, 100, () => rankDeficient(2000, 100, 4)],
    ['rank-deficient 300×40', 300, 40, () => rankDeficient(300, 40, 5)],
    ['scaled 1e150 600×50', 600, 50, () => randomMatrix(600, 50, mulberry32(6)).map((x) => x * 1e150)],
    ['scaled 1e-150 600×50', 600, 50, () => randomMatrix(600, 50, mulberry32(7)).map((x) => x * 1e-150)],
  ];
  for (const [name, m, n, make] of cases) {
    it(`${name}: LAPACK residual and orthogonality ratios, values as svdvals`, () => {
      const a = make();
      const r = svdKernel(a, m, n, 'thin');
      expectLapackRatios(a, m, n, r, name);
      const values = svdKernel(a, m, n, 'none').s;
      for (let i = 0; i < n; i++) expect(Math.abs(r.s[i]! - values[i]!)).toBeLessThan(50 * n * EPS * values[0]!);
    });
  }

  it('wide input (the transposed route): V gets the lifted factor', () => {
    const a = randomMatrix(60, 700, mulberry32(8));
    expectLapackRatios(a, 60, 700, svdKernel(a, 60, 700, 'thin'), 'wide 60×700');
  });

  it('same bits on every run (the transpose scratch is reused between calls)', () => {
    const a = randomMatrix(900, 70, mulberry32(9));
    const x = svdKernel(a, 900, 70, 'thin');
    const big = randomMatrix(1200, 90, mulberry32(10));
    svdKernel(big, 1200, 90, 'thin');
    const y = svdKernel(a, 900, 70, 'thin');
    expect(Array.from(y.u!)).toEqual(Array.from(x.u!));
    expect(Array.from(y.v!)).toEqual(Array.from(x.v!));
    expect(Array.from(y.s)).toEqual(Array.from(x.s));
  });
});
