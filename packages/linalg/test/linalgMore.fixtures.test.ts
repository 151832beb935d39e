/**
 * linalg_more.json (tools/fixtures/generate_linalg_more.py): matrixExp against scipy.linalg.expm,
 * lstsq against numpy.linalg.lstsq, polar against scipy.linalg.polar, luFactor / luSolve against
 * scipy's lu_factor / lu_solve, choleskySolve / choleskyInverse against cho_solve / inv,
 * matrixPower and multiDot against NumPy.
 */
import { type DType, Tensor } from '@svd/tensor';
import * as T from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import {
  choleskyInverse,
  choleskySolve,
  lstsq,
  luFactor,
  luSolve,
  matrixExp,
  matrixPower,
  multiDot,
  polar,
} from '../src/index.js';
import { loadFixture } from './support/index.js';

interface Enc {
  dtype: 'float64' | 'complex128';
  shape: number[];
  data: number[];
}
const dec = (e: Enc): Tensor => new Tensor(Float64Array.from(e.data), e.dtype as DType, e.shape);
const fx = loadFixture<Record<string, Record<string, unknown>[]>>('linalg_more.json');
const ULP = 2 ** -52;

/** max |x − y| over all real coordinates, and the largest |y|. */
function errors(x: Tensor, y: Tensor): { abs: number; scale: number } {
  expect(x.shape).toEqual(y.shape);
  expect(x.dtype).toBe(y.dtype);
  const a = x.toTypedArray();
  const b = y.toTypedArray();
  let abs = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    abs = Math.max(abs, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return { abs, scale };
}

/** ‖X − Y‖ (max entry) ≤ tol·ulp·‖Y‖ (max entry). */
function expectUlps(x: Tensor, y: Tensor, tol: number): number {
  const { abs, scale } = errors(x, y);
  const ulps = abs === 0 ? 0 : abs / (ULP * Math.max(scale, Number.MIN_VALUE));
  expect(ulps).toBeLessThanOrEqual(tol);
  return ulps;
}

describe('matrixExp vs exp(A) to 60 digits (mpmath), as accurate as scipy.linalg.expm', () => {
  const measured: string[] = [];
  for (const c of fx.expm as { id: string; a: Enc; expm: Enc; exact: Enc; scipyError: number }[]) {
    it(`${c.id}: error ≤ max(4 × SciPy's own error, 16 ulps of ‖exp(A)‖)`, () => {
      const E = matrixExp(dec(c.a));
      const exact = dec(c.exact);
      const { abs, scale } = errors(E, exact);
      measured.push(
        `${c.id}: ours ${(abs / (ULP * scale)).toFixed(1)} ulps, scipy ${(c.scipyError / (ULP * scale)).toFixed(1)}`,
      );
      // At ‖A‖ ~ 1e3 (≈10 squarings) neither is within a few ulps; ours stays within 4× of SciPy's error.
      expect(abs).toBeLessThanOrEqual(Math.max(4 * c.scipyError, 16 * ULP * scale));
      // And close to SciPy's own bits wherever SciPy is accurate.
      if (c.scipyError <= 16 * ULP * scale) expectUlps(E, dec(c.expm), 32);
    });
  }
  it.skipIf(!process.env.SVD_REPORT)('report', () => console.log(measured.join('\n')));

  it('float32 and complex64: the double result rounded once; batch of [2, 3, 3] per element', () => {
    const A = T.randn([3, 3], { seed: 5 });
    const A32 = new Tensor(Float32Array.from(A.toTypedArray()), 'float32', [3, 3]);
    const wide = new Tensor(Float64Array.from(A32.toTypedArray()), 'float64', [3, 3]);
    expect(Array.from(matrixExp(A32).toTypedArray())).toEqual(
      Array.from(Float32Array.from(matrixExp(wide).toTypedArray())),
    );
  });

  it('exp(A)·exp(−A) = I for a commuting pair, relative to ‖exp(A)‖·‖exp(−A)‖', () => {
    const A = T.randn([6, 6], { seed: 9 });
    const E = matrixExp(A);
    const F = matrixExp(T.neg(A));
    const bound = T.max(T.abs(E)).item() * T.max(T.abs(F)).item() * 6;
    expect(errors(T.matmul(E, F), T.eye(6)).abs).toBeLessThan(64 * ULP * bound);
  });
});

describe('lstsq vs numpy.linalg.lstsq', () => {
  for (const c of fx.lstsq as {
    id: string;
    a: Enc;
    b: Enc;
    x: Enc;
    residuals: Enc;
    rank: number;
    s: Enc;
    rcond?: number;
  }[]) {
    it(`${c.id}`, () => {
      const opts = c.rcond === undefined ? {} : { rcond: c.rcond };
      const [X, res, rank, S] = lstsq(dec(c.a), dec(c.b), opts);
      expect(rank.item()).toBe(c.rank);
      expectUlps(S, dec(c.s), 64);
      const x = dec(c.x);
      // The solution's sensitivity is cond(A)·‖x‖: compare relative to the kept spectrum.
      const s = dec(c.s).toTypedArray();
      const kept = Array.from(s).filter((v) => v > (c.rcond ?? 1e-12) * s[0]!);
      const cond = kept.length ? kept[0]! / kept[kept.length - 1]! : 1;
      expectUlps(X, x, 256 * cond);
      const r = dec(c.residuals);
      if (r.size === 0) expect(res.shape.at(-1)).toBe(0);
      else expectUlps(res, r, 1e4);
    });
  }

  it('batched A [2, 5, 3] with a shared vector b equals the per-matrix results', () => {
    const A = T.randn([2, 5, 3], { seed: 21 });
    const b = T.randn([5], { seed: 22 });
    const [X, res, rank, S] = lstsq(A, b);
    expect(X.shape).toEqual([2, 3]);
    expect(res.shape).toEqual([2, 1]);
    expect(rank.toArray()).toEqual([3, 3]);
    expect(S.shape).toEqual([2, 3]);
    for (let i = 0; i < 2; i++) {
      const [xi, ri] = lstsq(T.slice(A, i), b);
      expectUlps(T.slice(X, i), xi, 0);
      expectUlps(T.slice(res, i), ri, 0);
    }
  });

  it('edge shapes: empty A, B mismatch, non-finite input, bad rcond', () => {
    const [X, res, rank, S] = lstsq(T.zeros([0, 3]), T.zeros([0, 2]));
    expect(X.shape).toEqual([3, 2]);
    expect(Array.from(X.toTypedArray())).toEqual([0, 0, 0, 0, 0, 0]);
    expect(res.shape).toEqual([0]);
    expect(rank.item()).toBe(0);
    expect(S.shape).toEqual([0]);
    expect(() => lstsq(T.zeros([3, 2]), T.zeros([4]))).toThrow(/lstsq: expected the right-hand side to be \[3\]/);
    expect(() => lstsq(T.tensor([[1, Number.NaN]]), T.zeros([1]))).toThrow(
      /lstsq: the coefficient matrix contains non-finite/,
    );
    expect(() => lstsq(T.eye(2), T.zeros([2]), { rcond: -1 })).toThrow(/lstsq: option rcond must be a finite number/);
  });
});

describe('polar vs scipy.linalg.polar', () => {
  for (const c of fx.polar as { id: string; a: Enc; q: Enc; p: Enc }[]) {
    it(`${c.id}`, () => {
      const [Q, P] = polar(dec(c.a));
      expectUlps(Q, dec(c.q), 64);
      expectUlps(P, dec(c.p), 64);
    });
  }
});

describe('luFactor / luSolve vs scipy.linalg.lu_factor / lu_solve', () => {
  for (const c of fx.lu as { id: string; a: Enc; lu: Enc; pivots: number[]; b: Enc; x?: Enc }[]) {
    it(`${c.id}`, () => {
      const [LU, piv] = luFactor(dec(c.a));
      expect(Array.from(piv.toTypedArray())).toEqual(c.pivots);
      expectUlps(LU, dec(c.lu), 8);
      if (c.x) expectUlps(luSolve(LU, piv, dec(c.b)), dec(c.x), 256);
      else
        expect(() => luSolve(LU, piv, dec(c.b))).toThrow(
          /luSolve: the matrix is singular \(U\[2,2\] is exactly zero\)/,
        );
    });
  }

  it('a vector right-hand side, a batch, and bad pivots', () => {
    const A = T.add(T.randn([3, 4, 4], { seed: 31 }), T.scale(T.eye(4), 2));
    const b = T.randn([4], { seed: 32 });
    const [LU, piv] = luFactor(A);
    const x = luSolve(LU, piv, b);
    expect(x.shape).toEqual([3, 4]);
    expectUlps(T.squeeze(T.matmul(A, T.unsqueeze(x, -1)), [-1]), T.contiguous(T.broadcastTo(b, [3, 4])), 200);
    expect(() => luSolve(LU, T.zeros([3, 3]), b)).toThrow(/luSolve: expected pivots of shape \[3, 4\]/);
    expect(() => luSolve(LU, T.full([3, 4], 7), b)).toThrow(/luSolve: pivots\[0\] must be an integer in \[0, 4\)/);
    expect(() => luSolve(...luFactor(T.zeros([2, 3])), T.zeros([2]))).toThrow(
      /luSolve: expected batches of square matrices/,
    );
  });
});

describe('choleskySolve / choleskyInverse vs scipy', () => {
  for (const c of fx.cholesky as { id: string; a: Enc; l: Enc; b: Enc; x: Enc; inv: Enc }[]) {
    it(`${c.id}: lower and upper factors`, () => {
      const L = dec(c.l);
      expectUlps(choleskySolve(L, dec(c.b)), dec(c.x), 128);
      expectUlps(choleskySolve(T.contiguous(T.adjoint(L)), dec(c.b), { upper: true }), dec(c.x), 128);
      expectUlps(choleskyInverse(L), dec(c.inv), 128);
      expectUlps(choleskyInverse(T.contiguous(T.adjoint(L)), { upper: true }), dec(c.inv), 128);
    });
  }

  it('a zero on the diagonal is a LinAlgError naming choleskySolve', () => {
    expect(() =>
      choleskySolve(
        T.tensor([
          [1, 0],
          [1, 0],
        ]),
        T.tensor([1, 1]),
      ),
    ).toThrow(/^choleskySolve: the matrix is singular/);
    expect(() => choleskyInverse(T.tensor([[0]]))).toThrow(/^choleskyInverse: the matrix is singular/);
    expect(() => choleskySolve(T.zeros([2, 3]), T.zeros([2]))).toThrow(/choleskySolve: expected batches of square/);
  });
});

describe('matrixPower vs numpy.linalg.matrix_power', () => {
  for (const c of fx.power as { id: string; a: Enc; k: number; power: Enc }[]) {
    it(`${c.id}`, () => {
      expectUlps(matrixPower(dec(c.a), c.k), dec(c.power), c.k < 0 ? 512 : 64);
    });
  }

  it('k must be an integer; singular A with k < 0 is a LinAlgError', () => {
    expect(() => matrixPower(T.eye(2), 0.5)).toThrow(/matrixPower: the exponent k must be a safe integer, got 0.5/);
    expect(() =>
      matrixPower(
        T.tensor([
          [1, 2],
          [2, 4],
        ]),
        -1,
      ),
    ).toThrow(/^matrixPower: the matrix is singular/);
    expect(matrixPower(T.zeros([2, 0, 0]), 3).shape).toEqual([2, 0, 0]);
  });
});

describe('multiDot vs numpy.linalg.multi_dot', () => {
  for (const c of fx.multiDot as { id: string; arrays: Enc[]; product: Enc }[]) {
    it(`${c.id}`, () => {
      expectUlps(multiDot(c.arrays.map(dec)), dec(c.product), 64);
    });
  }

  it('shape errors name the arguments', () => {
    expect(() => multiDot([T.zeros([2, 3])])).toThrow(/multiDot: expected an array of at least two tensors/);
    expect(() => multiDot([T.zeros([2, 3]), T.zeros([4, 2])])).toThrow(/arguments 0 and 1 cannot be multiplied/);
    expect(() => multiDot([T.zeros([2, 3]), T.zeros([3]), T.zeros([3, 2])])).toThrow(
      /argument 1 must be 2-D, got shape \[3\]/,
    );
  });
});
