/**
 * Complex behaviour of the public API beyond the fixture ratios: complex64 policy (computed in
 * complex128, rounded once), batching, conjugated views, mixed real/complex solves, empty
 * shapes, non-finite input, triangular solves, and fast-check properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjoint, conj, tensor, zeros } from '@svd/tensor';
import {
  LinAlgError,
  cholesky,
  cond,
  det,
  eigh,
  eigvalsh,
  inv,
  lu,
  matrixRank,
  matrixNorm,
  norm,
  pinv,
  qr,
  slogdet,
  solve,
  solveTriangular,
  svd,
  svdvals,
} from '../src/index.js';
import {
  c64,
  cadjoint,
  clampedRatio,
  cmul,
  cnorm1,
  corthRatio,
  csvdResidual,
  ctensor,
  hpd,
  cdata,
  EPS,
  f64,
  hasNegativeZero as hasNegZero,
  thrown,
  ULP,
} from './support/index.js';

describe('complex: small known cases', () => {
  it('eigh of [[2, i], [−i, 2]] is [1, 3] with unitary V', () => {
    const A = tensor(
      [
        [
          [2, 0],
          [0, 1],
        ],
        [
          [0, -1],
          [2, 0],
        ],
      ],
      { dtype: 'complex128' },
    );
    const [W, V] = eigh(A);
    expect(Array.from(f64(W)).map((x) => Math.round(x * 1e12) / 1e12)).toEqual([1, 3]);
    expect(corthRatio(c64(V), 2, 2, ULP)).toBeLessThan(10);
    // uplo 'U' reads the upper triangle: the same matrix.
    expect(f64(eigvalsh(A, { uplo: 'U' }))).toEqual(f64(W));
  });

  it('svd of a diagonal complex matrix gives the moduli', () => {
    const A = tensor(
      [
        [
          [3, 4],
          [0, 0],
        ],
        [
          [0, 0],
          [0, -2],
        ],
      ],
      { dtype: 'complex128' },
    );
    expect(Array.from(f64(svdvals(A)))).toEqual([5, 2]);
    const [U, S, V] = svd(A);
    expect(
      clampedRatio(csvdResidual(c64(A), 2, 2, c64(U), 2, f64(S), c64(V), 2), cnorm1(c64(A), 2, 2), 2, ULP),
    ).toBeLessThan(10);
  });

  it('a complex matrix with zero imaginary parts has the real singular values', () => {
    const re = cdata(12, 5).filter((_, i) => i % 2 === 0);
    const R = tensor(re, { shape: [4, 3] });
    const Z = tensor(Float64Array.from(Array.from(re).flatMap((x) => [x, 0])), { shape: [4, 3], dtype: 'complex128' });
    const sr = f64(svdvals(R));
    const sz = f64(svdvals(Z));
    for (let i = 0; i < 3; i++) expect(Math.abs(sr[i]! - sz[i]!)).toBeLessThan(10 * ULP * sr[0]!);
  });
});

describe('complex: batching, views, mixed dtypes, empty shapes', () => {
  it('a batch gives bitwise the per-matrix results (svd, qr, eigh, cholesky, solve, det)', () => {
    const A = ctensor([2, 3, 5, 4], 21);
    const [U, S, V] = svd(A, { full: true });
    const [Q, R] = qr(A, { mode: 'complete' });
    const Hd = new Float64Array(2 * 6 * 16);
    for (let b = 0; b < 6; b++) Hd.set(hpd(4, 100 + b), b * 32);
    const H = tensor(Hd, { shape: [2, 3, 4, 4], dtype: 'complex128' });
    const [W, Z] = eigh(H);
    const L = cholesky(H);
    const B = ctensor([2, 3, 4, 2], 8);
    const X = solve(H, B);
    const D = det(H);
    const u = c64(U);
    const s = f64(S);
    const v = c64(V);
    for (let b = 0; b < 6; b++) {
      const Ab = tensor(c64(A).subarray(b * 40, (b + 1) * 40), { shape: [5, 4], dtype: 'complex128' });
      const [Ub, Sb, Vb] = svd(Ab, { full: true });
      expect(u.subarray(b * 50, (b + 1) * 50)).toEqual(c64(Ub));
      expect(s.subarray(b * 4, (b + 1) * 4)).toEqual(f64(Sb));
      expect(v.subarray(b * 32, (b + 1) * 32)).toEqual(c64(Vb));
      const [Qb, Rb] = qr(Ab, { mode: 'complete' });
      expect(c64(Q).subarray(b * 50, (b + 1) * 50)).toEqual(c64(Qb));
      expect(c64(R).subarray(b * 40, (b + 1) * 40)).toEqual(c64(Rb));
      const Hb = tensor(Hd.subarray(b * 32, (b + 1) * 32), { shape: [4, 4], dtype: 'complex128' });
      const [Wb, Zb] = eigh(Hb);
      expect(f64(W).subarray(b * 4, (b + 1) * 4)).toEqual(f64(Wb));
      expect(c64(Z).subarray(b * 32, (b + 1) * 32)).toEqual(c64(Zb));
      expect(c64(L).subarray(b * 32, (b + 1) * 32)).toEqual(c64(cholesky(Hb)));
      const Bb = tensor(c64(B).subarray(b * 16, (b + 1) * 16), { shape: [4, 2], dtype: 'complex128' });
      expect(c64(X).subarray(b * 16, (b + 1) * 16)).toEqual(c64(solve(Hb, Bb)));
      expect(c64(D).subarray(2 * b, 2 * b + 2)).toEqual(c64(det(Hb)));
    }
    expect(D.shape).toEqual([2, 3]);
    expect(D.dtype).toBe('complex128');
  });

  it('conjugated and adjoint views are read with the conjugation applied', () => {
    const A = ctensor([4, 3], 31);
    const a = c64(A);
    const ac = c64(conj(A));
    for (let i = 1; i < a.length; i += 2) expect(ac[i]).toBe(a[i] === 0 ? 0 : -a[i]!);
    expect(f64(svdvals(conj(A)))).toEqual(f64(svdvals(tensor(ac, { shape: [4, 3], dtype: 'complex128' }))));
    const sA = f64(svdvals(A));
    const sH = f64(svdvals(adjoint(A)));
    for (let i = 0; i < 3; i++) expect(Math.abs(sA[i]! - sH[i]!)).toBeLessThan(20 * ULP * sA[0]!);
  });

  it('solve with mixed real / complex operands promotes to complex', () => {
    const Hc = tensor(hpd(3, 9), { shape: [3, 3], dtype: 'complex128' });
    const bReal = tensor([1, 2, 3]);
    const x = solve(Hc, bReal);
    expect(x.dtype).toBe('complex128');
    const bz = tensor(Float64Array.of(1, 0, 2, 0, 3, 0), { shape: [3], dtype: 'complex128' });
    expect(c64(x)).toEqual(c64(solve(Hc, bz)));
    const Ar = tensor([
      [2, 1],
      [1, 3],
    ]);
    const bc = tensor(
      [
        [1, 1],
        [0, -1],
      ],
      { dtype: 'complex128' },
    );
    const y = c64(solve(Ar, bc));
    // 2y₀ + y₁ = 1 + i, y₀ + 3y₁ = −i
    expect(Math.abs(2 * y[0]! + y[2]! - 1) + Math.abs(2 * y[1]! + y[3]! - 1)).toBeLessThan(1e-15);
    expect(Math.abs(y[0]! + 3 * y[2]!) + Math.abs(y[1]! + 3 * y[3]! + 1)).toBeLessThan(1e-15);
    expect(solve(Ar, bc).dtype).toBe('complex128');
    expect(solve(Ar, tensor(Float32Array.of(1, 0, 0, 0), { shape: [2], dtype: 'complex64' })).dtype).toBe('complex128');
  });

  it('empty complex shapes follow the real conventions', () => {
    const E = zeros([3, 0], { dtype: 'complex128' });
    const [U, S, V] = svd(E, { full: true });
    expect(U.dtype).toBe('complex128');
    expect(c64(U)).toEqual(
      c64(
        tensor(Float64Array.of(1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0), {
          shape: [3, 3],
          dtype: 'complex128',
        }),
      ),
    );
    expect(S.shape).toEqual([0]);
    expect(V.shape).toEqual([0, 0]);
    const [Q, R] = qr(E);
    expect(Q.shape).toEqual([3, 0]);
    expect(R.shape).toEqual([0, 0]);
    const E0 = zeros([0, 0], { dtype: 'complex128' });
    expect(c64(det(E0))).toEqual(Float64Array.of(1, 0));
    const [sg, la] = slogdet(E0);
    expect(c64(sg)).toEqual(Float64Array.of(1, 0));
    expect(la.item()).toBe(0);
    expect(inv(E0).shape).toEqual([0, 0]);
    expect(norm(E, { ord: 'fro' }).item()).toBe(0);
    expect(() => cond(E)).toThrow(LinAlgError);
  });

  it('singular complex matrices: det 0, slogdet [0, −Infinity], solve / inv name the pivot', () => {
    const A = tensor(
      [
        [
          [1, 1],
          [2, 2],
        ],
        [
          [1, -1],
          [2, 0],
        ],
      ],
      { dtype: 'complex128' },
    );
    // Row 1 = 2·row 0: exactly singular.
    const S = tensor(Float64Array.of(1, 1, 2, 2, 2, 2, 4, 4), { shape: [2, 2], dtype: 'complex128' });
    expect(c64(det(S))).toEqual(Float64Array.of(0, 0));
    const [sg, la] = slogdet(S);
    expect(c64(sg)).toEqual(Float64Array.of(0, 0));
    expect(la.item()).toBe(Number.NEGATIVE_INFINITY);
    expect(thrown(() => solve(S, ctensor([2], 1))).message).toBe(
      'solve: the matrix is singular (U[1,1] is exactly zero)',
    );
    expect(thrown(() => inv(S))).toBeInstanceOf(LinAlgError);
    expect(cond(S).item()).toBe(Number.POSITIVE_INFINITY);
    expect(cond(S, 1).item()).toBe(Number.POSITIVE_INFINITY);
    expect(matrixRank(S).item()).toBe(1);
    expect(matrixRank(A).item()).toBe(2);
    const [P, L, U] = lu(S);
    expect(P.dtype).toBe('complex128');
    expect(c64(U)[6]).toBe(0);
    expect(c64(L)[0]).toBe(1);
  });
});

describe('complex: non-finite input', () => {
  it('NaN or ±Inf in either part throws LinAlgError naming the operation and batch element', () => {
    const bad = c64(ctensor([2, 3, 3], 1));
    bad[18 + 7] = Number.NaN; // imaginary part of an entry of batch element 1
    const T = tensor(bad, { shape: [2, 3, 3], dtype: 'complex128' });
    for (const [name, f] of [
      ['svd', () => svd(T)],
      ['svdvals', () => svdvals(T)],
      ['qr', () => qr(T)],
      ['lu', () => lu(T)],
      ['det', () => det(T)],
      ['slogdet', () => slogdet(T)],
      ['inv', () => inv(T)],
      ['pinv', () => pinv(T)],
      ['matrixNorm', () => matrixNorm(T)],
      ['cond', () => cond(T)],
      ['matrixRank', () => matrixRank(T)],
    ] as const) {
      const err = thrown(f);
      expect(err).toBeInstanceOf(LinAlgError);
      expect(err.message).toBe(`${name}: the input contains non-finite values (NaN or ±Inf) at batch element 1`);
    }
    const single = c64(ctensor([3, 3], 2));
    single[7] = Number.POSITIVE_INFINITY; // Im A[1,0], in the lower triangle
    const S = tensor(single, { shape: [3, 3], dtype: 'complex128' });
    expect(thrown(() => eigh(S)).message).toBe(
      'eigh: the input contains non-finite values (NaN or ±Inf) at batch element 0',
    );
    expect(thrown(() => cholesky(S)).message).toBe(
      'cholesky: the input contains non-finite values (NaN or ±Inf) at batch element 0',
    );
    expect(
      thrown(() =>
        solve(
          tensor(hpd(3, 1), { shape: [3, 3], dtype: 'complex128' }),
          tensor(single.subarray(6, 12), { shape: [3], dtype: 'complex128' }),
        ),
      ).message,
    ).toBe('solve: the right-hand side contains non-finite values (NaN or ±Inf) at batch element 0');
  });

  it('eigh / cholesky ignore the imaginary parts of the diagonal entirely (even NaN), as zheev / zpotrf do', () => {
    const h = hpd(4, 12);
    const H = tensor(h, { shape: [4, 4], dtype: 'complex128' });
    const g = h.slice();
    for (let i = 0; i < 4; i++) g[2 * (i * 4 + i) + 1] = i === 2 ? Number.NaN : 1e300;
    const G = tensor(g, { shape: [4, 4], dtype: 'complex128' });
    for (const uplo of ['L', 'U'] as const) {
      const [W, V] = eigh(H, { uplo });
      const [W2, V2] = eigh(G, { uplo });
      expect(f64(W2)).toEqual(f64(W));
      expect(c64(V2)).toEqual(c64(V));
    }
    for (const upper of [false, true]) expect(c64(cholesky(G, { upper }))).toEqual(c64(cholesky(H, { upper })));
  });

  it('complex Cholesky of a non-PD Hermitian matrix names the leading minor', () => {
    const A = tensor(Float64Array.of(1, 0, 2, 1, 2, -1, 1, 0), { shape: [2, 2], dtype: 'complex128' });
    expect(thrown(() => cholesky(A)).message).toBe('cholesky: the leading minor of order 2 is not positive definite');
  });
});

describe('complex solveTriangular', () => {
  const n = 5;
  const T = c64(ctensor([n, n], 77));
  for (let i = 0; i < n; i++) T[2 * (i * n + i)] = T[2 * (i * n + i)]! + 3;
  const B = ctensor([n, 3], 78);
  const b = c64(B);
  for (const lower of [false, true]) {
    for (const transpose of [false, true]) {
      for (const unitDiagonal of [false, true]) {
        it(`lower=${lower} transpose=${transpose} unitDiagonal=${unitDiagonal}`, () => {
          // The triangle actually used, and a poisoned copy (NaN outside it).
          const tri = new Float64Array(2 * n * n);
          const poisoned = T.slice();
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) {
              const inside = (lower ? j <= i : j >= i) && !(unitDiagonal && i === j);
              const p = 2 * (i * n + j);
              if (inside) {
                tri[p] = T[p]!;
                tri[p + 1] = T[p + 1]!;
              } else if (!(unitDiagonal && i === j)) {
                poisoned[p] = Number.NaN;
                poisoned[p + 1] = Number.NaN;
              } else {
                poisoned[p] = Number.NaN;
              }
            }
            if (unitDiagonal) tri[2 * (i * n + i)] = 1;
          }
          const X = solveTriangular(tensor(poisoned, { shape: [n, n], dtype: 'complex128' }), B, {
            lower,
            transpose,
            unitDiagonal,
          });
          expect(X.dtype).toBe('complex128');
          const x = c64(X);
          // op(T) = Tᵀ (plain transpose, no conjugation) when transpose is set.
          const opT = transpose ? cadjoint(tri, n, n).map((v, i) => (i % 2 === 1 ? -v : v)) : tri;
          const r = cmul(opT, x, n, n, 3).map((v, i) => v - b[i]!);
          expect(cnorm1(r, n, 3) / (cnorm1(opT, n, n) * cnorm1(x, n, 3) * n * EPS)).toBeLessThan(30);
        });
      }
    }
  }

  it('conj(A) with transpose solves Aᴴ·X = B; a zero diagonal entry is reported', () => {
    const U = tensor(T, { shape: [n, n], dtype: 'complex128' });
    const X = c64(solveTriangular(conj(U), B, { transpose: true }));
    const upper = T.slice();
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) upper.fill(0, 2 * (i * n + j), 2 * (i * n + j) + 2);
    const r = cmul(upper, X, n, n, 3, true).map((v, i) => v - b[i]!);
    expect(cnorm1(r, n, 3)).toBeLessThan(1e-12);
    const Z = T.slice();
    Z[2 * (2 * n + 2)] = 0;
    Z[2 * (2 * n + 2) + 1] = 0;
    expect(thrown(() => solveTriangular(tensor(Z, { shape: [n, n], dtype: 'complex128' }), B)).message).toBe(
      'solveTriangular: the matrix is singular (A[2,2] is exactly zero)',
    );
  });
});

describe('complex properties (fast-check)', () => {
  const shape = fc.record({
    batch: fc.constantFrom<number[]>([], [2]),
    m: fc.integer({ min: 0, max: 8 }),
    n: fc.integer({ min: 0, max: 8 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    mag: fc.constantFrom(1, 1e-150, 1e150, 1e-300, 1e300),
  });

  it('svd: reconstruction and unitarity ratios < 50, S descending, no −0 (thin and full)', () => {
    fc.assert(
      fc.property(shape, fc.boolean(), ({ batch, m, n, seed, mag }, full) => {
        const count = batch.reduce((p, d) => p * d, 1);
        const data = cdata(count * m * n, seed, mag);
        const [U, S, V] = svd(tensor(data, { shape: [...batch, m, n], dtype: 'complex128' }), { full });
        const k = Math.min(m, n);
        const uc = full ? m : k;
        const vc = full ? n : k;
        const u = c64(U);
        const s = f64(S);
        const v = c64(V);
        if (hasNegZero(u) || hasNegZero(s) || hasNegZero(v)) return false;
        for (let b = 0; b < count; b++) {
          const a = data.subarray(2 * b * m * n, 2 * (b + 1) * m * n);
          const ub = u.subarray(2 * b * m * uc, 2 * (b + 1) * m * uc);
          const sb = s.subarray(b * k, (b + 1) * k);
          const vb = v.subarray(2 * b * n * vc, 2 * (b + 1) * n * vc);
          if (!(clampedRatio(csvdResidual(a, m, n, ub, uc, sb, vb, vc), cnorm1(a, m, n), n, ULP) < 50)) return false;
          if (!(corthRatio(ub, m, uc, ULP) < 50) || !(corthRatio(vb, n, vc, ULP) < 50)) return false;
          for (let i = 1; i < k; i++) if (!(sb[i]! <= sb[i - 1]!)) return false;
        }
        return true;
      }),
      { numRuns: 150 },
    );
  });

  it('eigh (Hermitian, both uplo) and qr: ratios < 60 / 30', () => {
    fc.assert(
      fc.property(shape, fc.constantFrom<'L' | 'U'>('L', 'U'), ({ m, n, seed, mag }, uplo) => {
        const a0 = cdata(n * n, seed, mag);
        const h = new Float64Array(2 * n * n);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j <= i; j++) {
            h[2 * (i * n + j)] = a0[2 * (i * n + j)]!;
            h[2 * (i * n + j) + 1] = i === j ? 0 : a0[2 * (i * n + j) + 1]!;
            h[2 * (j * n + i)] = a0[2 * (i * n + j)]!;
            h[2 * (j * n + i) + 1] = i === j ? 0 : -a0[2 * (i * n + j) + 1]!;
          }
        }
        const [W, V] = eigh(tensor(h, { shape: [n, n], dtype: 'complex128' }), { uplo });
        const v = c64(V);
        const anorm = Math.max(cnorm1(h, n, n), 2 ** -1022);
        if (!(clampedRatio(csvdResidual(h, n, n, v, n, f64(W), v, n), anorm, n, ULP) < 60)) return false;
        if (!(corthRatio(v, n, n, ULP) < 60)) return false;
        const a = cdata(m * n, seed + 1, mag);
        const k = Math.min(m, n);
        const [Q, R] = qr(tensor(a, { shape: [m, n], dtype: 'complex128' }));
        const q = c64(Q);
        const r = c64(R);
        const an = cnorm1(a, m, n);
        const resid = cnorm1(
          cmul(q, r, m, k, n).map((x, i) => x - a[i]!),
          m,
          n,
        );
        if (an > 0 && !(resid / (Math.max(1, m) * an * EPS) < 30)) return false;
        for (let i = 0; i < k; i++) if (!(r[2 * (i * n + i)]! >= 0) || r[2 * (i * n + i) + 1] !== 0) return false;
        return true;
      }),
      { numRuns: 150 },
    );
  });
});
