/**
 * blocked_factorizations.json (tools/fixtures/generate_blocked_factorizations.py): QR, LU,
 * Cholesky, triangular solves with many right-hand sides, solve, the tall-skinny SVD and
 * matrixExp at sizes past the block crossover (≥ 64 columns), where they run panel by panel with
 * GEMM updates, against numpy/scipy — real and complex. The inputs are rebuilt from the
 * generator's exact MINSTD sequence, so both sides factor the same bits.
 */
import { type DType, Tensor } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { cholesky, luFactor, matrixExp, qr, solve, solveTriangular, svd, svdvals } from '../src/index.js';
import { loadFixture } from './support/index.js';

const MOD = 2147483647;

function minstd(count: number, seed: number): Float64Array {
  const out = new Float64Array(count);
  let s = seed;
  for (let i = 0; i < count; i++) {
    s = (48271 * s) % MOD;
    out[i] = (2 * s) / MOD - 1;
  }
  return out;
}

function matrix(m: number, n: number, seed: number, cx: boolean): Tensor {
  return new Tensor(minstd((cx ? 2 : 1) * m * n, seed), (cx ? 'complex128' : 'float64') as DType, [m, n]);
}

/** ‖x − ref‖∞ / ‖ref‖∞ over real coordinates. */
function relErr(x: ArrayLike<number>, ref: readonly number[]): number {
  expect(x.length).toBe(ref.length);
  let err = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    err = Math.max(err, Math.abs(x[i]! - ref[i]!));
    scale = Math.max(scale, Math.abs(ref[i]!));
  }
  return err / scale;
}

/** Row r (all columns) and column c (all rows) of a row-major m×n buffer with w reals per entry. */
function row(d: ArrayLike<number>, n: number, r: number, w: number): number[] {
  return Array.from({ length: n * w }, (_, i) => d[r * n * w + i]!);
}
function col(d: ArrayLike<number>, m: number, n: number, c: number, w: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) for (let p = 0; p < w; p++) out.push(d[(i * n + c) * w + p]!);
  return out;
}
function diag(d: ArrayLike<number>, n: number, k: number, w: number): number[] {
  return Array.from({ length: k }, (_, i) => d[(i * n + i) * w]!);
}

interface QrCase {
  m: number;
  n: number;
  seed: number;
  complex: boolean;
  diagR: number[];
  r0: number[];
  rLast: number[];
  q0: number[];
  qLast: number[];
}
interface LuCase {
  n: number;
  seed: number;
  nrhs: number;
  complex: boolean;
  pivots: number[];
  diagU: number[];
  x0: number[];
  xLast: number[];
}
interface CholCase {
  n: number;
  seed: number;
  complex: boolean;
  diagL: number[];
  lLast: number[];
  l0: number[];
}
interface TrsmVariant {
  lower: boolean;
  transpose: boolean;
  unitDiagonal: boolean;
  x0: number[];
  xLast: number[];
}
interface TrsmCase {
  n: number;
  nrhs: number;
  seed: number;
  complex: boolean;
  variants: TrsmVariant[];
}
interface SvdCase {
  m: number;
  n: number;
  seed: number;
  complex: boolean;
  s: number[];
}
interface ExpmCase {
  n: number;
  seed: number;
  scale: number;
  complex: boolean;
  e0: number[];
  eLast: number[];
  diag: number[];
}
const fx = loadFixture<{
  qr: QrCase[];
  lu: LuCase[];
  cholesky: CholCase[];
  trsm: TrsmCase[];
  svd: SvdCase[];
  expm: ExpmCase[];
}>('blocked_factorizations.json');

const label = (c: { complex: boolean }) => (c.complex ? 'complex' : 'real');

describe('blocked QR (dgeqrf + compact WY, dorgqr) against numpy.linalg.qr', () => {
  for (const c of fx.qr) {
    it(`${label(c)} ${c.m}×${c.n}`, () => {
      const w = c.complex ? 2 : 1;
      const k = Math.min(c.m, c.n);
      const [Q, R] = qr(matrix(c.m, c.n, c.seed, c.complex));
      const r = R.toTypedArray();
      const q = Q.toTypedArray();
      expect(relErr(diag(r, c.n, k, w), c.diagR)).toBeLessThan(1e-12);
      expect(relErr(row(r, c.n, 0, w), c.r0)).toBeLessThan(1e-12);
      expect(relErr(row(r, c.n, k - 1, w), c.rLast)).toBeLessThan(1e-11);
      expect(relErr(col(q, c.m, k, 0, w), c.q0)).toBeLessThan(1e-12);
      expect(relErr(col(q, c.m, k, k - 1, w), c.qLast)).toBeLessThan(1e-10);
    });
  }
});

describe('blocked LU (dgetrf) and solve against scipy.linalg.lu_factor / numpy.linalg.solve', () => {
  for (const c of fx.lu) {
    it(`${label(c)} n = ${c.n}, ${c.nrhs} right-hand side(s)`, () => {
      const w = c.complex ? 2 : 1;
      const A = matrix(c.n, c.n, c.seed, c.complex);
      const [LU, piv] = luFactor(A);
      expect(Array.from(piv.toTypedArray())).toEqual(c.pivots);
      expect(
        relErr(
          diag(LU.toTypedArray(), c.n, c.n, w),
          c.diagU.filter((_, i) => i % w === 0),
        ),
      ).toBeLessThan(1e-11);
      const x = solve(A, matrix(c.n, c.nrhs, c.seed + 1, c.complex)).toTypedArray();
      expect(relErr(col(x, c.n, c.nrhs, 0, w), c.x0)).toBeLessThan(1e-10);
      expect(relErr(col(x, c.n, c.nrhs, c.nrhs - 1, w), c.xLast)).toBeLessThan(1e-10);
    });
  }
});

describe('blocked Cholesky (dpotrf) against numpy.linalg.cholesky', () => {
  for (const c of fx.cholesky) {
    for (const upper of [false, true]) {
      it(`${label(c)} n = ${c.n}${upper ? ', upper' : ''}`, () => {
        const w = c.complex ? 2 : 1;
        const g = matrix(c.n, c.n, c.seed, c.complex);
        // A = G·Gᴴ + n·I, formed here in plain loops (independent of the kernels under test).
        const gd = g.toTypedArray();
        const a = new Float64Array(c.n * c.n * w);
        for (let i = 0; i < c.n; i++) {
          for (let j = 0; j < c.n; j++) {
            let re = 0;
            let im = 0;
            for (let p = 0; p < c.n; p++) {
              const xr = gd[(i * c.n + p) * w]!;
              const yr = gd[(j * c.n + p) * w]!;
              if (w === 1) re += xr * yr;
              else {
                const xi = gd[(i * c.n + p) * 2 + 1]!;
                const yi = -gd[(j * c.n + p) * 2 + 1]!;
                re += xr * yr - xi * yi;
                im += xr * yi + xi * yr;
              }
            }
            a[(i * c.n + j) * w] = re + (i === j ? c.n : 0);
            if (w === 2) a[(i * c.n + j) * 2 + 1] = im;
          }
        }
        const A = new Tensor(a, (c.complex ? 'complex128' : 'float64') as DType, [c.n, c.n]);
        const F = cholesky(A, { upper }).toTypedArray();
        // upper: U = Lᴴ, so U's first row is conj(L's first column) and U's last column conj(L's last row).
        const conj = (v: number[]) => v.map((x, i) => (w === 2 && i % 2 === 1 ? -x : x));
        expect(relErr(diag(F, c.n, c.n, w), c.diagL)).toBeLessThan(1e-13);
        const first = upper ? conj(row(F, c.n, 0, w)) : col(F, c.n, c.n, 0, w);
        const last = upper ? conj(col(F, c.n, c.n, c.n - 1, w)) : row(F, c.n, c.n - 1, w);
        expect(relErr(first, c.l0)).toBeLessThan(1e-13);
        expect(relErr(last, c.lLast)).toBeLessThan(1e-12);
        // The other triangle is exactly zero.
        for (let i = 0; i < c.n; i++) {
          for (let j = i + 1; j < c.n; j++) {
            const p = (upper ? j * c.n + i : i * c.n + j) * w;
            expect(F[p]).toBe(0);
            if (w === 2) expect(F[p + 1]).toBe(0);
          }
        }
      });
    }
  }
});

describe('blocked triangular solves (dtrsm) against scipy.linalg.solve_triangular', () => {
  for (const c of fx.trsm) {
    for (const v of c.variants) {
      const name = `${label(c)} n = ${c.n}, ${c.nrhs} rhs, ${v.lower ? 'lower' : 'upper'}${v.transpose ? ', transposed' : ''}${v.unitDiagonal ? ', unit diagonal' : ''}`;
      it(name, () => {
        const w = c.complex ? 2 : 1;
        const t = matrix(c.n, c.n, c.seed, c.complex).toTypedArray().slice() as Float64Array;
        const s = 1 / Math.sqrt(c.n);
        for (let p = 0; p < t.length; p++) t[p] = t[p]! * s;
        for (let i = 0; i < c.n; i++) t[(i * c.n + i) * w] = t[(i * c.n + i) * w]! + 2;
        const T = new Tensor(t, (c.complex ? 'complex128' : 'float64') as DType, [c.n, c.n]);
        const B = matrix(c.n, c.nrhs, c.seed + 1, c.complex);
        const x = solveTriangular(T, B, {
          lower: v.lower,
          transpose: v.transpose,
          unitDiagonal: v.unitDiagonal,
        }).toTypedArray();
        expect(relErr(col(x, c.n, c.nrhs, 0, w), v.x0)).toBeLessThan(1e-11);
        expect(relErr(col(x, c.n, c.nrhs, c.nrhs - 1, w), v.xLast)).toBeLessThan(1e-11);
      });
    }
  }
});

describe('tall-skinny SVD (QR first, then the SVD of R) against numpy.linalg.svd', () => {
  for (const c of fx.svd) {
    it(`${label(c)} ${c.m}×${c.n}: values, and vectors that reconstruct A`, () => {
      const A = matrix(c.m, c.n, c.seed, c.complex);
      expect(relErr(svdvals(A).toTypedArray(), c.s)).toBeLessThan(1e-13);
      const [U, S, V] = svd(A);
      expect(relErr(S.toTypedArray(), c.s)).toBeLessThan(1e-13);
      // ‖A − U·S·Vᴴ‖ and ‖UᴴU − I‖, ‖VᴴV − I‖ in plain loops.
      const w = c.complex ? 2 : 1;
      const k = Math.min(c.m, c.n);
      const u = U.toTypedArray();
      const v = V.toTypedArray();
      const a = A.toTypedArray();
      const s = S.toTypedArray();
      let res = 0;
      for (let i = 0; i < c.m; i++) {
        for (let j = 0; j < c.n; j++) {
          let re = 0;
          let im = 0;
          for (let p = 0; p < k; p++) {
            const ur = u[(i * k + p) * w]!;
            const vr = v[(j * k + p) * w]!;
            if (w === 1) re += ur * s[p]! * vr;
            else {
              const ui = u[(i * k + p) * 2 + 1]!;
              const vi = -v[(j * k + p) * 2 + 1]!;
              re += s[p]! * (ur * vr - ui * vi);
              im += s[p]! * (ur * vi + ui * vr);
            }
          }
          res = Math.max(res, Math.abs(re - a[(i * c.n + j) * w]!));
          if (w === 2) res = Math.max(res, Math.abs(im - a[(i * c.n + j) * 2 + 1]!));
        }
      }
      expect(res / c.s[0]!).toBeLessThan(1e-13);
      for (const [f, rows] of [
        [u, c.m],
        [v, c.n],
      ] as const) {
        let orth = 0;
        for (let p = 0; p < k; p++) {
          for (let q = p; q < k; q++) {
            let re = 0;
            let im = 0;
            for (let i = 0; i < rows; i++) {
              const xr = f[(i * k + p) * w]!;
              const yr = f[(i * k + q) * w]!;
              if (w === 1) re += xr * yr;
              else {
                const xi = -f[(i * k + p) * 2 + 1]!;
                const yi = f[(i * k + q) * 2 + 1]!;
                re += xr * yr - xi * yi;
                im += xr * yi + xi * yr;
              }
            }
            orth = Math.max(orth, Math.abs(re - (p === q ? 1 : 0)), Math.abs(im));
          }
        }
        expect(orth).toBeLessThan(1e-13);
      }
    });
  }
});

describe('matrixExp (Padé solve through the blocked LU and triangular solves) against scipy.linalg.expm', () => {
  for (const c of fx.expm) {
    it(`${label(c)} n = ${c.n}, entries scaled by ${c.scale}`, () => {
      const w = c.complex ? 2 : 1;
      const a = matrix(c.n, c.n, c.seed, c.complex).toTypedArray().slice() as Float64Array;
      for (let p = 0; p < a.length; p++) a[p] = a[p]! * c.scale;
      const E = matrixExp(new Tensor(a, (c.complex ? 'complex128' : 'float64') as DType, [c.n, c.n])).toTypedArray();
      expect(relErr(row(E, c.n, 0, w), c.e0)).toBeLessThan(1e-12);
      expect(relErr(row(E, c.n, c.n - 1, w), c.eLast)).toBeLessThan(1e-12);
      const d: number[] = [];
      for (let i = 0; i < c.n; i++) for (let p = 0; p < w; p++) d.push(E[(i * c.n + i) * w + p]!);
      expect(relErr(d, c.diag)).toBeLessThan(1e-12);
    });
  }
});
