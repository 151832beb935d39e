/**
 * Single precision (float32 and complex64), one dtype-parameterised suite: every result is the
 * double-precision (float64 / complex128) result on the same values, rounded once, and satisfies
 * the LAPACK ratios at float32 precision (eps = 2⁻²³).
 */
import { type Tensor, tensor } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { cholesky, cond, det, eigh, inv, matrixRank, norm, pinv, qr, slogdet, solve, svd } from '../src/index.js';
import {
  COMPLEX_KIT,
  type DTypeKit,
  REAL_KIT,
  clampedRatio,
  ctensor,
  f64,
  hpd,
  maxAbs,
  randomTensor,
  rounded,
  spdBatch,
  widen,
} from './support/index.js';

interface Flavour {
  dtype: 'float32' | 'complex64';
  kit: DTypeKit;
  /** A rectangular m×n input of full rank n. */
  m: number;
  n: number;
  rect: () => Tensor;
  /** A symmetric / Hermitian positive definite n×n input. */
  k: number;
  spd: () => Tensor;
  /** A right-hand side for spd(). */
  rhs: () => Tensor;
}

// The inputs the real and complex twin suites (merged since) used for single precision.
const FLAVOURS: Flavour[] = [
  {
    dtype: 'float32',
    kit: REAL_KIT,
    m: 6,
    n: 4,
    rect: () => tensor(Float32Array.from(f64(randomTensor([6, 4], 31))), { shape: [6, 4] }),
    k: 4,
    spd: () => tensor(Float32Array.from(f64(spdBatch([4, 4], 32))), { shape: [4, 4] }),
    rhs: () => tensor(Float32Array.from(f64(randomTensor([4, 2], 33))), { shape: [4, 2] }),
  },
  {
    dtype: 'complex64',
    kit: COMPLEX_KIT,
    m: 7,
    n: 5,
    rect: () => ctensor([7, 5], 11, 1, 'complex64'),
    k: 6,
    spd: () => tensor(Float32Array.from(hpd(6, 3)), { shape: [6, 6], dtype: 'complex64' }),
    rhs: () => ctensor([6, 2], 4, 1, 'complex64'),
  },
];

describe.each(FLAVOURS)('$dtype: computed in double precision and rounded once', (f) => {
  const A32 = f.rect();
  const A64 = widen(A32);
  const H32 = f.spd();
  const H64 = widen(H32);

  it('svd (thin, full) / qr / eigh / cholesky / solve / det / inv / pinv / norm / cond / slogdet equal the rounded double results bit for bit', () => {
    const pairs: [Tensor, Tensor][] = [];
    for (const full of [false, true]) {
      const [U, S, V] = svd(A32, { full });
      const [U2, S2, V2] = svd(A64, { full });
      pairs.push([U, U2], [S, S2], [V, V2]);
      expect(U.dtype).toBe(f.dtype);
      expect(S.dtype).toBe('float32');
    }
    const [Q, R] = qr(A32);
    const [Q2, R2] = qr(A64);
    pairs.push([Q, Q2], [R, R2]);
    const [W, Z] = eigh(H32);
    const [W2, Z2] = eigh(H64);
    pairs.push([W, W2], [Z, Z2]);
    pairs.push([cholesky(H32), cholesky(H64)], [cholesky(H32, { upper: true }), cholesky(H64, { upper: true })]);
    const B32 = f.rhs();
    pairs.push([solve(H32, B32), solve(H64, widen(B32))], [det(H32), det(H64)], [inv(H32), inv(H64)]);
    pairs.push([pinv(A32), pinv(A64)], [norm(A32, { ord: 2 }), norm(A64, { ord: 2 })], [cond(H32), cond(H64)]);
    const [sg, la] = slogdet(H32);
    const [sg2, la2] = slogdet(H64);
    pairs.push([sg, sg2], [la, la2]);
    for (const [single, double] of pairs) {
      expect(single.dtype === f.dtype || single.dtype === 'float32').toBe(true);
      expect(single.toTypedArray()).toEqual(rounded(double));
    }
    expect(la.dtype).toBe('float32');
    expect(sg.dtype).toBe(f.dtype);
    expect(matrixRank(A32).dtype).toBe('float64');
  });

  it('the results satisfy the LAPACK ratios at float32 precision (ulp = 2⁻²³)', () => {
    const ulp32 = 2 ** -23;
    const { kit, m, n, k } = f;
    const a = kit.data(A32);
    const [U, S, V] = svd(A32);
    const anorm = kit.norm1(a, m, n);
    expect(
      clampedRatio(kit.svdResidual(a, m, n, kit.data(U), n, f64(S), kit.data(V), n), anorm, n, ulp32),
    ).toBeLessThan(50);
    expect(kit.orthResidual(kit.data(U), m, n) / (m * ulp32)).toBeLessThan(50);
    expect(kit.orthResidual(kit.data(V), n, n) / (n * ulp32)).toBeLessThan(50);
    const [Q, R] = qr(A32);
    const qrErr = maxAbs(kit.mul(kit.data(Q), kit.data(R), m, n, n).map((x, i) => x - a[i]!));
    expect(qrErr / (maxAbs(a) * m * ulp32)).toBeLessThan(30);
    const h = kit.data(H32);
    const [W, Z] = eigh(H32);
    expect(
      clampedRatio(kit.svdResidual(h, k, k, kit.data(Z), k, f64(W), kit.data(Z), k), kit.norm1(h, k, k), k, ulp32),
    ).toBeLessThan(60);
    expect(kit.orthResidual(kit.data(Z), k, k) / (k * ulp32)).toBeLessThan(60);
    expect(matrixRank(A32).item()).toBe(n);
  });
});

describe('float32 solve', () => {
  it('float32 only when both operands are float32; no −0 after rounding', () => {
    const A = tensor(Float32Array.of(1e30), { shape: [1, 1] });
    const x = solve(A, tensor(Float32Array.of(-1e-30)));
    expect(x.dtype).toBe('float32');
    expect(Object.is(x.get(0), 0)).toBe(true); // −1e-60 rounds to −0 in float32; written as +0
    expect(solve(A, tensor([1])).dtype).toBe('float64');
  });
});
