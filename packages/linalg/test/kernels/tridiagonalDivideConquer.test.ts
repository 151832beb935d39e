/**
 * The divide-and-conquer symmetric tridiagonal eigensolver (dstedc) on hard tridiagonals, against
 * eigenvalues from LAPACK's bisection (scipy eigvalsh_tridiagonal, fixture), with LAPACK's dsyt21
 * residual and orthogonality ratios; and the eigh drivers that use it from DIVIDE_CONQUER_FROM on,
 * against numpy.linalg.eigvalsh.
 */
import fc from 'fast-check';
import { getThreads, kernels, setThreads } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { ConvergenceError } from '../../src/errors.js';
import { DIVIDE_CONQUER_FROM } from '../../src/kernels/eigenDriver.js';
import { hermitianEigen, symmetricEigen, tridiagonalDivideConquer, tridiagonalQL } from '../../src/kernels/index.js';
import {
  cadjoint,
  cmul,
  cnorm1,
  corthRatio,
  eighRatios,
  isAscending,
  loadFixture,
  mulberry32,
  norm1,
  transpose,
  ULP,
} from '../support/index.js';

interface Tensor1 {
  shape: number[];
  data: number[];
}
interface Fixture {
  tridiagonal: Array<{ name: string; d: Tensor1; e: Tensor1; w: Tensor1 }>;
  dense: Array<{ name: string; a: Tensor1; w: Tensor1 }>;
}
const fixture = loadFixture<Fixture>('eigh_divide_conquer.json');

function tridiag(d: Float64Array, e: Float64Array): Float64Array {
  const n = d.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    a[i * n + i] = d[i]!;
    if (i < n - 1) {
      a[i * n + i + 1] = e[i]!;
      a[(i + 1) * n + i] = e[i]!;
    }
  }
  return a;
}

/** max |w − ref| / (n·ulp·‖T‖₁): the absolute eigenvalue error in units of dstedc's bound. */
function valueRatio(w: Float64Array, ref: ArrayLike<number>, n: number, anorm: number): number {
  let worst = 0;
  for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(w[i]! - ref[i]!));
  return anorm === 0 ? worst : worst / (Math.max(n, 1) * ULP * anorm);
}

/** dsyt21's ratios on a copy scaled by a power of two (exact) so extreme scales measure like others. */
function scaledRatios(t: Float64Array, w: Float64Array, z: Float64Array, n: number) {
  const anorm = norm1(t, n, n);
  const f = anorm > 0 ? 2 ** -Math.round(Math.log2(anorm)) : 1;
  return eighRatios(
    t.map((x) => x * f),
    w.map((x) => x * f),
    z,
    n,
  );
}

describe('tridiagonalDivideConquer (dstedc)', () => {
  for (const c of fixture.tridiagonal) {
    it(c.name, () => {
      const d0 = Float64Array.from(c.d.data);
      const e0 = Float64Array.from(c.e.data);
      const n = d0.length;
      const d = d0.slice();
      const zt = tridiagonalDivideConquer(d, e0.slice(), n);
      expect(isAscending(d)).toBe(true);
      const t = tridiag(d0, e0);
      const anorm = norm1(t, n, n);
      expect(valueRatio(d, c.w.data, n, anorm)).toBeLessThan(4);
      const { factor, orth } = scaledRatios(t, d, transpose(zt, n, n), n);
      expect(factor).toBeLessThan(30);
      expect(orth).toBeLessThan(30);
    });
  }

  it('gives the same bits on every run', () => {
    const c = fixture.tridiagonal.find((x) => x.name.startsWith('glued wilkinson 5'))!;
    const run = () => {
      const d = Float64Array.from(c.d.data);
      const zt = tridiagonalDivideConquer(d, Float64Array.from(c.e.data), d.length);
      return [...d, ...zt];
    };
    expect(run()).toEqual(run());
  });

  it('agrees with the QL on the eigenvalues of random tridiagonals with repeated entries (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 26, max: 90 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom('random', 'repeated', 'sparse'),
        (n, seed, kind) => {
          const rng = mulberry32(seed);
          const d0 = Float64Array.from({ length: n }, () =>
            kind === 'repeated' ? Math.round(4 * rng()) : 2 * rng() - 1,
          );
          const e0 = Float64Array.from({ length: n - 1 }, () => (kind === 'sparse' && rng() < 0.3 ? 0 : 2 * rng() - 1));
          const d = d0.slice();
          const zt = tridiagonalDivideConquer(d, e0.slice(), n);
          const dq = d0.slice();
          tridiagonalQL(dq, e0.slice(), null, n);
          const t = tridiag(d0, e0);
          const anorm = norm1(t, n, n);
          const { factor, orth } = eighRatios(t, d, transpose(zt, n, n), n);
          return valueRatio(d, dq, n, anorm) < 4 && factor < 30 && orth < 30;
        },
      ),
      { numRuns: 25, seed: 12 },
    );
  });

  it('1×1, 2×2 and the zero matrix', () => {
    const d1 = Float64Array.of(-3);
    expect([...tridiagonalDivideConquer(d1, new Float64Array(0), 1)]).toEqual([1]);
    expect([...d1]).toEqual([-3]);
    const d2 = Float64Array.of(2, 2);
    const z2 = tridiagonalDivideConquer(d2, Float64Array.of(1), 2);
    expect(d2[0]).toBeCloseTo(1, 15);
    expect(d2[1]).toBeCloseTo(3, 15);
    expect(Math.abs(z2[0]!)).toBeCloseTo(Math.SQRT1_2, 15);
    const n = 40;
    const d0 = new Float64Array(n);
    const z0 = tridiagonalDivideConquer(d0, new Float64Array(n - 1), n);
    expect([...d0]).toEqual(new Array(n).fill(0));
    for (let i = 0; i < n; i++) expect(z0[i * n + i]).toBe(1);
  });

  it('rejects NaN and Infinity with ConvergenceError naming the operation', () => {
    const n = 30;
    const d = new Float64Array(n).fill(1);
    d[7] = Number.NaN;
    expect(() => tridiagonalDivideConquer(d, new Float64Array(n - 1).fill(1), n, 'eigh')).toThrow(ConvergenceError);
    const e = new Float64Array(n - 1).fill(1);
    e[20] = Number.POSITIVE_INFINITY;
    expect(() => tridiagonalDivideConquer(new Float64Array(n), e, n, 'eigh')).toThrow(/^eigh: /);
  });
});

describe(`eigh from n = ${DIVIDE_CONQUER_FROM} on (blocked reduction, divide and conquer, blocked back-transformation)`, () => {
  for (const c of fixture.dense) {
    it(c.name, () => {
      const n = c.a.shape[0]!;
      const a = Float64Array.from(c.a.data);
      if (c.a.shape.length === 2 && c.a.data.length === n * n) {
        const { w, v } = symmetricEigen(a, n, 'L', true);
        const wv = symmetricEigen(a, n, 'U', false).w;
        const anorm = norm1(a, n, n);
        expect(valueRatio(w, c.w.data, n, anorm)).toBeLessThan(4);
        expect(valueRatio(wv, c.w.data, n, anorm)).toBeLessThan(4);
        const { factor, orth } = eighRatios(a, w, v!, n);
        expect(factor).toBeLessThan(30);
        expect(orth).toBeLessThan(30);
      } else {
        const { w, v } = hermitianEigen(a, n, 'U', true);
        const anorm = cnorm1(a, n, n);
        expect(valueRatio(w, c.w.data, n, anorm)).toBeLessThan(4);
        // ‖A − V·diag(w)·Vᴴ‖₁ / (n·ulp·‖A‖₁) and ‖I − VᴴV‖₁ / (n·ulp).
        const vw = v!.slice();
        for (let r = 0; r < n; r++) {
          for (let j = 0; j < n; j++) {
            vw[2 * (r * n + j)] = vw[2 * (r * n + j)]! * w[j]!;
            vw[2 * (r * n + j) + 1] = vw[2 * (r * n + j) + 1]! * w[j]!;
          }
        }
        const rec = cmul(vw, cadjoint(v!, n, n), n, n, n);
        for (let i = 0; i < rec.length; i++) rec[i] = a[i]! - rec[i]!;
        expect(cnorm1(rec, n, n) / (n * ULP * anorm)).toBeLessThan(30);
        expect(corthRatio(v!, n, n, ULP)).toBeLessThan(30);
      }
    });
  }

  it('same bits on every run, and signs fixed (largest component of each vector positive)', () => {
    const c = fixture.dense.find((x) => x.name === 'real clustered spectrum n=65')!;
    const n = 65;
    const a = Float64Array.from(c.a.data);
    const r1 = symmetricEigen(a, n, 'L', true);
    const r2 = symmetricEigen(a, n, 'L', true);
    expect([...r1.v!]).toEqual([...r2.v!]);
    expect([...r1.w]).toEqual([...r2.w]);
    for (let j = 0; j < n; j++) {
      let at = 0;
      for (let i = 1; i < n; i++) if (Math.abs(r1.v![i * n + j]!) > Math.abs(r1.v![at * n + j]!)) at = i;
      expect(r1.v![at * n + j]).toBeGreaterThan(0);
    }
  });

  it("past the blocked reductions' crossovers (NX = 128 real, 64 complex): real n = 200 and Hermitian n = 97, both uplo", () => {
    const rng = mulberry32(200);
    const n = 200;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = 2 * rng() - 1;
    for (const uplo of ['L', 'U'] as const) {
      const { w, v } = symmetricEigen(a, n, uplo, true);
      const { factor, orth } = eighRatios(a, w, v!, n);
      expect(factor).toBeLessThan(30);
      expect(orth).toBeLessThan(30);
      // Values only (QL on the same blocked tridiagonal) agree to O(n·ulp·‖A‖).
      expect(valueRatio(symmetricEigen(a, n, uplo, false).w, w, n, norm1(a, n, n))).toBeLessThan(4);
    }
    const m = 97;
    const h = new Float64Array(2 * m * m);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j <= i; j++) {
        const re = 2 * rng() - 1;
        const im = i === j ? 0 : 2 * rng() - 1;
        h[2 * (i * m + j)] = re;
        h[2 * (i * m + j) + 1] = im;
        h[2 * (j * m + i)] = re;
        h[2 * (j * m + i) + 1] = -im;
      }
    }
    const anorm = cnorm1(h, m, m);
    for (const uplo of ['L', 'U'] as const) {
      const { w, v } = hermitianEigen(h, m, uplo, true);
      const vw = v!.slice();
      for (let r = 0; r < m; r++) {
        for (let j = 0; j < m; j++) {
          vw[2 * (r * m + j)] = vw[2 * (r * m + j)]! * w[j]!;
          vw[2 * (r * m + j) + 1] = vw[2 * (r * m + j) + 1]! * w[j]!;
        }
      }
      const rec = cmul(vw, cadjoint(v!, m, m), m, m, m);
      for (let i = 0; i < rec.length; i++) rec[i] = h[i]! - rec[i]!;
      expect(cnorm1(rec, m, m) / (m * ULP * anorm)).toBeLessThan(30);
      expect(corthRatio(v!, m, m, ULP)).toBeLessThan(30);
      expect(valueRatio(hermitianEigen(h, m, uplo, false).w, w, m, anorm)).toBeLessThan(4);
    }
  });
});

describe('tridiagonalDivideConquer: the merge workspace kept between solves', () => {
  /** A random tridiagonal of order n (d, e) from a seed. */
  function tridiagonal(n: number, seed: number): [Float64Array, Float64Array] {
    const rand = mulberry32(seed);
    const d = Float64Array.from({ length: n }, () => rand() * 2 - 1);
    const e = Float64Array.from({ length: n - 1 }, () => rand() * 2 - 1);
    return [d, e];
  }
  function solve(n: number, seed: number): [Float64Array, Float64Array] {
    const [d, e] = tridiagonal(n, seed);
    const zt = tridiagonalDivideConquer(d, e, n);
    return [d, Float64Array.from(zt)];
  }

  it('a solve after one of the same order (the workspace reused, dirty) has the bits of a fresh one', () => {
    const threads = getThreads();
    setThreads(1); // the workspace is kept only without the pool
    try {
      sameBitsReused();
    } finally {
      setThreads(threads);
    }
  });

  function sameBitsReused(): void {
    expect(kernels.parallelTasksAvailable()).toBe(false);
    const n = 120;
    const fresh = (() => {
      solve(97, 3); // a different order: the next solve gets a new workspace
      return solve(n, 11);
    })();
    // Fill the kept workspace with another problem's numbers (a deflating one: repeated entries).
    const d = Float64Array.from({ length: n }, (_, i) => i % 5);
    const e = Float64Array.from({ length: n - 1 }, (_, i) => (i % 3 === 0 ? 1e-17 : 0.5));
    tridiagonalDivideConquer(d, e, n);
    solve(n, 12);
    const reused = solve(n, 11);
    expect(Buffer.from(reused[0].buffer).equals(Buffer.from(fresh[0].buffer))).toBe(true);
    expect(Buffer.from(reused[1].buffer).equals(Buffer.from(fresh[1].buffer))).toBe(true);
  }
});
