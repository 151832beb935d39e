/**
 * LAPACK ratios on the complex fixtures (tools/fixtures/generate_linalg_complex.py), through the
 * public API with conjugate transposes: zdrvbd/zchkbd (SVD, THRESH 50), zdrvst/zhet21 (eigh,
 * THRESH 60, both uplo, NaN in the unread triangle), zchkqr/zqrt01 (QR, 30), zchkpo/zpot01
 * (Cholesky, 30), and numpy references for solve / det / slogdet / inv / pinv / norms / cond /
 * rank.
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, tensor } from '@svd/tensor';
import {
  NotPositiveDefiniteError,
  cholesky,
  cond,
  det,
  eigh,
  eigvalsh,
  inv,
  lu,
  matrixRank,
  norm,
  pinv,
  qr,
  slogdet,
  solve,
  svd,
  svdvals,
} from '../src/index.js';
import {
  c64,
  cadjoint,
  clampedRatio,
  type CMat,
  cmul,
  cnorm1,
  corthRatio,
  corthResidual,
  csvdResidual,
  eigenvaluesRatio,
  EPS,
  f64,
  fromCMat,
  hasNegativeZero as hasNegZero,
  loadFixture,
  thrown,
  ULP,
  valuesRatio,
} from './support/index.js';

interface SvdCase {
  id: string;
  m: number;
  n: number;
  a: CMat;
  s: number[];
  d_exact?: number[];
  s_exact?: number[];
}
interface EighCase {
  id: string;
  n: number;
  a: CMat;
  w: number[];
  w_exact?: number[];
}
interface QrCase {
  id: string;
  m: number;
  n: number;
  a: CMat;
  r_absdiag: number[];
}
interface CholCase {
  id: string;
  n: number;
  cond: number;
  a: CMat;
  fail_order?: number;
  logdet?: number;
}

function orderingOk(s: Float64Array): boolean {
  for (let i = 0; i < s.length; i++) {
    const x = s[i]!;
    if (!Number.isFinite(x) || !(x >= 0) || Object.is(x, -0)) return false;
    if (i > 0 && !(x <= s[i - 1]!)) return false;
  }
  return true;
}

const svdFixture = loadFixture<{ cases: SvdCase[] }>('svd_complex.json');
describe('complex svd on svd_complex.json (295 cases)', () => {
  it('has the documented number of cases', () => expect(svdFixture.cases.length).toBe(295));
  for (const c of svdFixture.cases) {
    it(c.id, () => {
      const { m, n } = c;
      const k = Math.min(m, n);
      const A = fromCMat(c.a);
      const a = c64(A);
      const anorm = cnorm1(a, m, n);
      const ratios: Record<string, number> = {};
      for (const full of [false, true]) {
        const [U, S, V] = svd(A, { full });
        const uCols = full ? m : k;
        const vCols = full ? n : k;
        expect(U.dtype).toBe('complex128');
        expect(S.dtype).toBe('float64');
        expect(U.shape).toEqual([m, uCols]);
        expect(V.shape).toEqual([n, vCols]);
        const u = c64(U);
        const s = f64(S);
        const v = c64(V);
        const tag = full ? 'full' : 'thin';
        ratios[`${tag} residual`] = clampedRatio(csvdResidual(a, m, n, u, uCols, s, v, vCols), anorm, n, ULP);
        ratios[`${tag} U orth`] = corthRatio(u, m, uCols, ULP);
        ratios[`${tag} V orth`] = corthRatio(v, n, vCols, ULP);
        ratios[`${tag} ordering`] = orderingOk(s) ? 0 : 1 / ULP;
        ratios[`${tag} S vs scipy`] = valuesRatio(s, c.s);
        if (c.d_exact) ratios[`${tag} S vs d_exact`] = valuesRatio(s, c.d_exact);
        expect(hasNegZero(u) || hasNegZero(s) || hasNegZero(v), 'no −0').toBe(false);
        if (!full) ratios['svdvals vs svd'] = valuesRatio(f64(svdvals(A)), s);
      }
      for (const [name, r] of Object.entries(ratios)) expect(r, `${c.id}: ${name}`).toBeLessThan(50);
    });
  }

  it('random_bidiag: small singular values keep high relative accuracy (vs s_exact)', () => {
    let worst = 0;
    for (const c of svdFixture.cases) {
      if (!c.s_exact) continue;
      const s = f64(svdvals(fromCMat(c.a)));
      for (let i = 0; i < s.length; i++) {
        const ref = c.s_exact[i]!;
        const rel = ref === 0 ? Math.abs(s[i]!) : Math.abs(s[i]! - ref) / ref;
        worst = Math.max(worst, rel / (Math.max(s.length, 1) * ULP));
      }
    }
    expect(worst).toBeLessThan(500);
  });
});

const eighFixture = loadFixture<{ cases: EighCase[] }>('eigh_complex.json');
describe('complex eigh on eigh_complex.json (110 cases × uplo L/U)', () => {
  it('has the documented number of cases', () => expect(eighFixture.cases.length).toBe(110));
  for (const c of eighFixture.cases) {
    it(c.id, () => {
      const { n } = c;
      const a = Float64Array.from(c.a.data);
      const anorm = Math.max(cnorm1(a, n, n), 2 ** -1022);
      for (const uplo of ['L', 'U'] as const) {
        // NaN in the unread triangle, garbage in the imaginary parts of the diagonal.
        const poisoned = a.slice();
        for (let i = 0; i < n; i++) {
          poisoned[2 * (i * n + i) + 1] = 12345.5;
          for (let j = 0; j < n; j++) {
            if ((uplo === 'L' && j > i) || (uplo === 'U' && j < i)) {
              poisoned[2 * (i * n + j)] = Number.NaN;
              poisoned[2 * (i * n + j) + 1] = Number.NaN;
            }
          }
        }
        const P = tensor(poisoned, { shape: [n, n], dtype: 'complex128' });
        const [W, V] = eigh(P, { uplo });
        expect(W.dtype).toBe('float64');
        expect(V.dtype).toBe('complex128');
        const w = f64(W);
        const v = c64(V);
        const ratios: Record<string, number> = {
          residual: clampedRatio(csvdResidual(a, n, n, v, n, w, v, n), anorm, n, ULP),
          orthogonality: corthRatio(v, n, n, ULP),
          'eigvalsh vs eigh': eigenvaluesRatio(f64(eigvalsh(P, { uplo })), w),
          'W vs scipy w': eigenvaluesRatio(w, c.w),
        };
        if (c.w_exact) ratios['W vs w_exact'] = eigenvaluesRatio(w, c.w_exact);
        for (const [name, r] of Object.entries(ratios)) expect(r, `${c.id} uplo=${uplo}: ${name}`).toBeLessThan(60);
        for (let i = 1; i < n; i++) expect(w[i]! >= w[i - 1]!).toBe(true);
        // Phase convention: the largest-magnitude component of each eigenvector is real > 0.
        for (let col = 0; col < n; col++) {
          let big = -1;
          let at = 0;
          for (let r = 0; r < n; r++) {
            const mag = Math.hypot(v[2 * (r * n + col)]!, v[2 * (r * n + col) + 1]!);
            if (mag > big) {
              big = mag;
              at = r;
            }
          }
          expect(v[2 * (at * n + col) + 1]).toBe(0);
          expect(v[2 * (at * n + col)]! > 0).toBe(true);
        }
        expect(hasNegZero(w) || hasNegZero(v)).toBe(false);
      }
    });
  }
});

const qrFixture = loadFixture<{ cases: QrCase[] }>('qr_complex.json');
describe('complex qr on qr_complex.json (136 cases)', () => {
  it('has the documented number of cases', () => expect(qrFixture.cases.length).toBe(136));
  for (const c of qrFixture.cases) {
    it(c.id, () => {
      const { m, n } = c;
      const k = Math.min(m, n);
      const A = fromCMat(c.a);
      const a = c64(A);
      const anorm = cnorm1(a, m, n);
      for (const mode of ['complete', 'reduced'] as const) {
        const [Q, R] = qr(A, { mode });
        const qCols = mode === 'complete' ? m : k;
        expect(Q.shape).toEqual([m, qCols]);
        expect(R.shape).toEqual([qCols, n]);
        const q = c64(Q);
        const r = c64(R);
        const qha = cmul(q, a, qCols, m, n, true);
        const resid = cnorm1(
          qha.map((x, i) => r[i]! - x),
          qCols,
          n,
        );
        const factor = anorm === 0 ? (resid === 0 ? 0 : 1 / EPS) : resid / (Math.max(1, m) * anorm * EPS);
        expect(factor, `${c.id} ${mode}: ‖R − QᴴA‖`).toBeLessThan(30);
        expect(corthResidual(q, m, qCols) / (Math.max(1, m) * EPS), `${c.id} ${mode}: ‖I − QᴴQ‖`).toBeLessThan(30);
        for (let i = 0; i < qCols; i++) {
          for (let j = 0; j < Math.min(i, n); j++) {
            expect(r[2 * (i * n + j)]).toBe(0);
            expect(r[2 * (i * n + j) + 1]).toBe(0);
          }
        }
        let diff = 0;
        for (let i = 0; i < k; i++) {
          expect(r[2 * (i * n + i)]! >= 0, 'diag(R) real ≥ 0').toBe(true);
          expect(r[2 * (i * n + i) + 1]).toBe(0);
          diff = Math.max(diff, Math.abs(r[2 * (i * n + i)]! - c.r_absdiag[i]!));
        }
        const scale = Math.max(1, m) * anorm * EPS;
        expect(anorm === 0 ? diff : diff / scale, `${c.id}: |diag R|`).toBeLessThan(30);
        expect(hasNegZero(q) || hasNegZero(r)).toBe(false);
      }
      const [R1] = qr(A, { mode: 'r' });
      expect(c64(R1)).toEqual(c64(qr(A)[1]));
    });
  }
});

const cholFixture = loadFixture<{ cases: CholCase[] }>('cholesky_complex.json');
describe('complex cholesky on cholesky_complex.json (57 cases)', () => {
  it('has the documented number of cases', () => expect(cholFixture.cases.length).toBe(57));
  for (const c of cholFixture.cases) {
    it(c.id, () => {
      const { n } = c;
      const A = fromCMat(c.a);
      const a = c64(A);
      if (c.fail_order !== undefined) {
        for (const upper of [false, true]) {
          const err = thrown(() => cholesky(A, { upper }));
          expect(err).toBeInstanceOf(NotPositiveDefiniteError);
          expect((err as NotPositiveDefiniteError).order).toBe(c.fail_order);
        }
        return;
      }
      const anorm = cnorm1(a, n, n);
      for (const upper of [false, true]) {
        const poisoned = a.slice();
        for (let i = 0; i < n; i++) {
          poisoned[2 * (i * n + i) + 1] = -7.25; // ignored, as zpotrf does
          for (let j = 0; j < n; j++) {
            if (upper ? j < i : j > i) {
              poisoned[2 * (i * n + j)] = Number.NaN;
              poisoned[2 * (i * n + j) + 1] = Number.NaN;
            }
          }
        }
        const F = cholesky(tensor(poisoned, { shape: [n, n], dtype: 'complex128' }), { upper });
        expect(F.dtype).toBe('complex128');
        const f = c64(F);
        for (let i = 0; i < n; i++) {
          expect(f[2 * (i * n + i)]! > 0).toBe(true);
          expect(f[2 * (i * n + i) + 1]).toBe(0);
          for (let j = 0; j < n; j++) {
            if (upper ? j < i : j > i) expect([f[2 * (i * n + j)], f[2 * (i * n + j) + 1]]).toEqual([0, 0]);
          }
        }
        // A = L·Lᴴ (lower) or Uᴴ·U (upper).
        const prod = upper ? cmul(f, f, n, n, n, true) : cmul(f, cadjoint(f, n, n), n, n, n);
        const resid = cnorm1(
          prod.map((x, i) => x - a[i]!),
          n,
          n,
        );
        const ratio = anorm === 0 ? resid : resid / (Math.max(n, 1) * anorm * EPS);
        expect(ratio, `${c.id} upper=${upper}: ‖LLᴴ − A‖`).toBeLessThan(30);
      }
      const [sign, logdet] = slogdet(A);
      const sg = c64(sign);
      expect(Math.abs(sg[0]! - 1)).toBeLessThan(1e-6 + n * c.cond * EPS);
      expect(logdet.dtype).toBe('float64');
      const tol = 1e-12 * Math.max(1, Math.abs(c.logdet!)) + 10 * n * c.cond * EPS;
      expect(Math.abs(logdet.item() - c.logdet!)).toBeLessThan(tol);
    });
  }
});

interface Norms {
  fro: number;
  '1': number;
  inf: number;
  '2': number;
  nuc: number;
}
interface SolveCase {
  id: string;
  n: number;
  a: CMat;
  b: CMat;
  x: CMat;
  det: [number, number];
  sign: [number, number];
  logabsdet: number;
  rank: number;
  norms: Norms;
  cond: number;
  inv?: CMat;
}
interface PinvCase {
  id: string;
  m: number;
  n: number;
  a: CMat;
  pinv: CMat;
  rank: number;
  norms: Norms;
}
const luFixture = loadFixture<{ solve: SolveCase[]; pinv: PinvCase[] }>('lu_solve_complex.json');

function relErr(x: ArrayLike<number>, ref: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < ref.length; i++) {
    d = Math.max(d, Math.abs(x[i]! - ref[i]!));
    s = Math.max(s, Math.abs(ref[i]!));
  }
  return s === 0 ? d : d / s;
}

function expectNorms(A: Tensor, norms: Norms, tol: number): void {
  expect(relErr([norm(A).item()], [norms.fro])).toBeLessThan(tol);
  expect(relErr([norm(A, { ord: 1 }).item()], [norms['1']])).toBeLessThan(tol);
  expect(relErr([norm(A, { ord: Number.POSITIVE_INFINITY }).item()], [norms.inf])).toBeLessThan(tol);
  expect(relErr([norm(A, { ord: 2 }).item()], [norms['2']])).toBeLessThan(tol);
  expect(relErr([norm(A, { ord: 'nuc' }).item()], [norms.nuc])).toBeLessThan(tol);
}

describe('lu_solve_complex.json', () => {
  for (const c of luFixture.solve) {
    it(c.id, () => {
      const { n } = c;
      const A = fromCMat(c.a);
      const B = fromCMat(c.b);
      const tol = 100 * n * c.cond * EPS;
      const X = solve(A, B);
      expect(X.dtype).toBe('complex128');
      expect(relErr(c64(X), c.x.data)).toBeLessThan(tol);
      // Residual: ‖A·X − B‖ small relative to ‖A‖·‖X‖ (backward stable).
      const ax = cmul(c64(A), c64(X), n, n, 2);
      expect(relErr(ax, c.b.data)).toBeLessThan(100 * n * EPS * c.norms['1'] * Math.max(1, ...c64(X).map(Math.abs)));
      const D = det(A);
      expect(D.dtype).toBe('complex128');
      expect(relErr(c64(D), c.det)).toBeLessThan(tol);
      const [sg, la] = slogdet(A);
      expect(sg.dtype).toBe('complex128');
      expect(la.dtype).toBe('float64');
      expect(relErr(c64(sg), c.sign)).toBeLessThan(tol);
      const s = c64(sg);
      expect(Math.abs(Math.hypot(s[0]!, s[1]!) - 1)).toBeLessThan(4 * EPS);
      expect(Math.abs(la.item() - c.logabsdet)).toBeLessThan(tol * Math.max(1, Math.abs(c.logabsdet)));
      if (c.inv) expect(relErr(c64(inv(A)), c.inv.data)).toBeLessThan(tol);
      expect(matrixRank(A).item()).toBe(c.rank);
      expectNorms(A, c.norms, 1e-13 * n);
      expect(relErr([cond(A).item()], [c.cond])).toBeLessThan(1e-10 * n * c.cond);
      // lu: A = P·L·U
      const [P, L, U] = lu(A);
      const plu = cmul(c64(P), cmul(c64(L), c64(U), n, n, n), n, n, n);
      expect(relErr(plu, c.a.data)).toBeLessThan(100 * n * EPS);
      // a vector right-hand side and a real one (mixed real/complex promotes to complex)
      const b0 = tensor(Float64Array.from(c.b.data.filter((_, i) => i % 4 < 2)), { shape: [n], dtype: 'complex128' });
      const x0 = c64(solve(A, b0));
      const ref0 = c.x.data.filter((_, i) => i % 4 < 2);
      expect(relErr(x0, ref0)).toBeLessThan(tol);
    });
  }
  for (const c of luFixture.pinv) {
    it(c.id, () => {
      const A = fromCMat(c.a);
      const Pi = pinv(A);
      expect(Pi.shape).toEqual([c.n, c.m]);
      expect(Pi.dtype).toBe('complex128');
      expect(relErr(c64(Pi), c.pinv.data)).toBeLessThan(1e-11);
      expect(matrixRank(A).item()).toBe(c.rank);
      expectNorms(A, c.norms, 1e-13 * Math.max(c.m, c.n));
    });
  }
});
