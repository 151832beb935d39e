/**
 * lu_solve.json (float64) and lu_solve_complex.json (complex128): solve, det, slogdet, inv, lu,
 * norms, cond, matrixRank and pinv against numpy, per dtype, to relative tolerances scaled by the
 * condition number. Generators: tools/fixtures/generate_linalg.py (real) and
 * tools/fixtures/generate_linalg_complex.py (complex).
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, tensor } from '@svd/tensor';
import { cond, det, inv, lu, matrixRank, norm, pinv, slogdet, solve } from '../src/index.js';
import {
  COMPLEX_KIT,
  type CMat,
  type DTypeKit,
  EPS,
  type Mat,
  REAL_KIT,
  eyeData,
  loadFixture,
  maxAbs,
} from './support/index.js';

interface Norms {
  fro: number;
  '1': number;
  inf: number;
  '2': number;
  nuc: number;
}
/** A real scalar, or a complex one as [re, im]. */
type Scalar = number | [number, number];
interface SolveCase {
  id: string;
  n: number;
  a: Mat | CMat;
  b: Mat | CMat;
  x: Mat | CMat;
  det: Scalar;
  sign: Scalar;
  logabsdet: number;
  rank: number;
  norms: Norms;
  cond: number;
  inv?: Mat | CMat;
}
interface PinvCase {
  id: string;
  m: number;
  n: number;
  a: Mat | CMat;
  pinv: Mat | CMat;
  rank: number;
  norms: Norms;
}
type Fixture = { solve: SolveCase[]; pinv: PinvCase[] };

/**
 * Each dtype keeps the tolerances its suite had before the real and complex suites were merged;
 * a check only one of them had runs on both, at that suite's tolerance.
 */
interface Flavour {
  kit: DTypeKit;
  fixture: Fixture;
  /** Solution, det, slogdet, inv (and, real, cond) relative to numpy. */
  solveTol: (c: SolveCase) => number;
  /** ‖P·L·U − A‖ relative to max|A|. */
  luTol: (n: number) => number;
  normsTol: (c: { n: number; m?: number }) => number;
  condTol: (c: SolveCase) => number;
  pinvTol: number;
  /**
   * Bound on |L[i,j]|: 1 for real partial pivoting; √2 (plus rounding) for complex, whose pivot
   * maximises |re| + |im| (zgetrf's izamax), not the modulus.
   */
  multiplierBound: number;
}

const FLAVOURS: Flavour[] = [
  {
    kit: REAL_KIT,
    fixture: loadFixture<Fixture>('lu_solve.json'),
    solveTol: (c) => 1e-12 * c.cond,
    luTol: (n) => 1e-14 * n,
    normsTol: () => 1e-13,
    condTol: (c) => 1e-12 * c.cond,
    pinvTol: 1e-10,
    multiplierBound: 1,
  },
  {
    kit: COMPLEX_KIT,
    fixture: loadFixture<Fixture>('lu_solve_complex.json'),
    solveTol: (c) => 100 * c.n * c.cond * EPS,
    luTol: (n) => 100 * n * EPS,
    normsTol: (c) => 1e-13 * Math.max(c.n, c.m ?? 0),
    condTol: (c) => 1e-10 * c.n * c.cond,
    pinvTol: 1e-11,
    multiplierBound: Math.SQRT2 * (1 + 4 * EPS),
  },
];

/** max|x − ref| / max|ref|. */
function relErr(x: ArrayLike<number>, ref: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < ref.length; i++) d = Math.max(d, Math.abs(x[i]! - ref[i]!));
  const s = maxAbs(ref);
  return s === 0 ? d : d / s;
}

function scalar(x: Scalar): number[] {
  return typeof x === 'number' ? [x] : x;
}

function expectNorms(A: Tensor, norms: Norms, tol: number): void {
  expect(relErr([norm(A).item()], [norms.fro])).toBeLessThan(tol);
  expect(relErr([norm(A, { ord: 'fro' }).item()], [norms.fro])).toBeLessThan(tol);
  expect(relErr([norm(A, { ord: 1 }).item()], [norms['1']])).toBeLessThan(tol);
  expect(relErr([norm(A, { ord: Number.POSITIVE_INFINITY }).item()], [norms.inf])).toBeLessThan(tol);
  expect(relErr([norm(A, { ord: 2 }).item()], [norms['2']])).toBeLessThan(tol);
  expect(relErr([norm(A, { ord: 'nuc' }).item()], [norms.nuc])).toBeLessThan(tol);
}

describe.each(FLAVOURS)('lu_solve fixtures, $kit.dtype', (f) => {
  const { kit } = f;
  const { w, dtype } = kit;

  describe('square systems', () => {
    for (const c of f.fixture.solve) {
      it(c.id, () => {
        const { n } = c;
        const A = kit.fromFixture(c.a);
        const a = kit.data(A);
        const tol = f.solveTol(c);
        // Matrix right-hand side (n×2): the solution, and the residual ‖A·X − B‖, small relative
        // to ‖A‖·‖X‖ (backward stable).
        const X = solve(A, kit.fromFixture(c.b));
        expect(X.dtype).toBe(dtype);
        const x = kit.data(X);
        expect(relErr(x, c.x.data)).toBeLessThan(tol);
        const ax = kit.mul(a, x, n, n, 2);
        expect(relErr(ax, c.b.data)).toBeLessThan(100 * n * EPS * c.norms['1'] * Math.max(1, ...x.map(Math.abs)));
        // Column 0 as a vector right-hand side.
        const column0 = (d: number[]) => d.filter((_, i) => Math.floor(i / w) % 2 === 0);
        const X0 = solve(A, tensor(Float64Array.from(column0(c.b.data)), { shape: [n], dtype }));
        expect(X0.shape).toEqual([n]);
        expect(relErr(kit.data(X0), column0(c.x.data))).toBeLessThan(tol);

        const D = det(A);
        expect(D.dtype).toBe(dtype);
        expect(relErr(kit.data(D), scalar(c.det))).toBeLessThan(tol);
        const [sign, logabs] = slogdet(A);
        expect(sign.dtype).toBe(dtype);
        expect(logabs.dtype).toBe('float64');
        const s = kit.data(sign);
        if (w === 1) expect(s[0]).toBe(c.sign);
        expect(relErr(s, scalar(c.sign))).toBeLessThan(tol);
        expect(Math.abs(Math.hypot(...s) - 1)).toBeLessThan(4 * EPS);
        expect(Math.abs(logabs.item() - c.logabsdet)).toBeLessThan(tol * Math.max(1, Math.abs(c.logabsdet)));
        if (w === 1) expect(Math.abs(logabs.item() - c.logabsdet)).toBeLessThan(tol);

        const Ai = inv(A);
        if (c.inv) expect(relErr(kit.data(Ai), c.inv.data)).toBeLessThan(tol);
        const prod = kit.mul(kit.data(Ai), a, n, n, n);
        const eye = eyeData(n, w);
        expect(maxAbs(prod.map((v, i) => v - eye[i]!))).toBeLessThan(tol);

        const [P, L, U] = lu(A);
        const plu = kit.mul(kit.data(P), kit.mul(kit.data(L), kit.data(U), n, n, n), n, n, n);
        expect(relErr(plu, c.a.data)).toBeLessThan(f.luTol(n));
        const l = kit.data(L);
        for (let i = 0; i < n * n; i++) {
          expect(Math.hypot(l[w * i]!, w === 2 ? l[w * i + 1]! : 0)).toBeLessThanOrEqual(f.multiplierBound);
        }

        expect(matrixRank(A).item()).toBe(c.rank);
        expectNorms(A, c.norms, f.normsTol(c));
        expect(relErr([cond(A).item()], [c.cond])).toBeLessThan(f.condTol(c));
        expect(relErr([cond(A, 2).item()], [c.cond])).toBeLessThan(f.condTol(c));
        // The other orders: ‖A‖·‖A⁻¹‖ in that norm.
        for (const ord of [1, Number.POSITIVE_INFINITY, 'fro'] as const) {
          const want = norm(A, { ord }).item() * norm(Ai, { ord }).item();
          expect(relErr([cond(A, ord).item()], [want])).toBeLessThan(1e-12);
        }
      });
    }
  });

  describe('pseudo-inverse and rank', () => {
    for (const c of f.fixture.pinv) {
      it(c.id, () => {
        const A = kit.fromFixture(c.a);
        const P = pinv(A);
        expect(P.shape).toEqual([c.n, c.m]);
        expect(P.dtype).toBe(dtype);
        expect(relErr(kit.data(P), c.pinv.data)).toBeLessThan(f.pinvTol);
        expect(matrixRank(A).item()).toBe(c.rank);
        expectNorms(A, c.norms, f.normsTol(c));
      });
    }
  });
});
