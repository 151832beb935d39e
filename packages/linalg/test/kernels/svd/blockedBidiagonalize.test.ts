/**
 * Blocked bidiagonalisation, per dtype: dgebrd/dlabrd (blockedBidiagonalize.ts) and zgebrd/zlabrd
 * (complexBlockedBidiagonalize.ts). LAPACK's dbdt01/zbdt01 and dort01/zunt01 ratios for
 * A = Q·B·Pᴴ with a real bidiagonal B and Q, P formed from the stored reflectors by the unblocked
 * routines' own formers (same storage as dgebd2/zgebd2), the singular values of B against those of
 * the unblocked B, several panel widths and shapes that leave partial panels, rank-deficient input
 * with a zero column block, and run-to-run determinism.
 */
import { describe, expect, it } from 'vitest';
import {
  complexBidiagonalize,
  formComplexLeftFactorTransposed,
  formComplexRightFactorTransposed,
} from '../../../src/kernels/complex/complexBidiagonalize.js';
import { complexBlockedBidiagonalize } from '../../../src/kernels/complex/complexBlockedBidiagonalize.js';
import { formLeftFactorTransposed, formRightFactorTransposed } from '../../../src/kernels/svd/accumulateReflectors.js';
import { blockedBidiagonalize } from '../../../src/kernels/svd/blockedBidiagonalize.js';
import { householderBidiagonalize } from '../../../src/kernels/svd/householderBidiagonalize.js';
import { bidiagonalSvdValues } from '../../../src/kernels/svd/svdKernel.js';
import {
  COMPLEX_KIT,
  type DTypeKit,
  REAL_KIT,
  THRESH,
  ULP,
  matmul,
  mulberry32,
  randomMatrix,
  transposeEntries,
  valuesRatio,
} from '../../support/index.js';

type Shape = [m: number, n: number, nb: number];

/** The rank-deficient real input: a rank-3 product of random factors, columns 40..59 zeroed. */
function realLowRank(m: number, n: number): Float64Array {
  const a = matmul(randomMatrix(m, 3, mulberry32(3)), randomMatrix(3, n, mulberry32(4)), m, 3, n);
  for (let i = 0; i < m; i++) for (let j = 40; j < 60; j++) a[i * n + j] = 0;
  return a;
}

/**
 * The rank-deficient complex input: smooth trigonometric parts (real part of rank ≤ 4, imaginary
 * part of rank 1, so rank ≤ 5), columns 30..49 zero.
 */
function complexLowRank(m: number, n: number): Float64Array {
  const a = new Float64Array(2 * m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      if (j >= 30 && j < 50) continue;
      a[2 * (i * n + j)] = Math.cos(i + 2 * j) + Math.sin(3 * i - j);
      a[2 * (i * n + j) + 1] = Math.cos(2 * i) * Math.sin(j);
    }
  }
  return a;
}

// Each dtype runs its own former shapes first (so they see the same random inputs as before the
// real and complex suites were merged), then the other dtype's.
const REAL_SHAPES: Shape[] = [
  [96, 96, 32],
  [128, 128, 32],
  [150, 131, 32],
  [200, 100, 16],
  [130, 120, 7],
  [113, 97, 48],
];
const COMPLEX_SHAPES: Shape[] = [
  [96, 96, 32],
  [140, 120, 32],
  [200, 100, 16],
  [130, 110, 5],
];
const extra = (own: Shape[], other: Shape[]) =>
  own.concat(other.filter((s) => !own.some((o) => o.every((x, i) => x === s[i]))));

interface Bidiagonal {
  d: Float64Array;
  e: Float64Array;
  tauQ: Float64Array;
  tauP: Float64Array;
}
interface Flavour {
  kit: DTypeKit;
  name: string;
  blocked: (a: Float64Array, m: number, n: number, nb?: number) => Bidiagonal;
  unblocked: (a: Float64Array, m: number, n: number) => Bidiagonal;
  leftFactorTransposed: typeof formLeftFactorTransposed;
  rightFactorTransposed: typeof formRightFactorTransposed;
  seed: number;
  shapes: Shape[];
  lowRank: { m: number; n: number; rank: number; a: Float64Array };
  determinism: [m: number, n: number];
}

const FLAVOURS: Flavour[] = [
  {
    kit: REAL_KIT,
    name: 'blockedBidiagonalize',
    blocked: blockedBidiagonalize,
    unblocked: householderBidiagonalize,
    leftFactorTransposed: formLeftFactorTransposed,
    rightFactorTransposed: formRightFactorTransposed,
    seed: 4242,
    shapes: extra(REAL_SHAPES, COMPLEX_SHAPES),
    lowRank: { m: 128, n: 112, rank: 3, a: realLowRank(128, 112) },
    determinism: [140, 120],
  },
  {
    kit: COMPLEX_KIT,
    name: 'complexBlockedBidiagonalize',
    blocked: complexBlockedBidiagonalize,
    unblocked: complexBidiagonalize,
    leftFactorTransposed: formComplexLeftFactorTransposed,
    rightFactorTransposed: formComplexRightFactorTransposed,
    seed: 2718,
    shapes: extra(COMPLEX_SHAPES, REAL_SHAPES),
    lowRank: { m: 120, n: 100, rank: 5, a: complexLowRank(120, 100) },
    determinism: [110, 100],
  },
];

describe.each(FLAVOURS)('$name', (f) => {
  const { kit } = f;
  const { w } = kit;
  const rng = mulberry32(f.seed);
  const random = (m: number, n: number) => Float64Array.from({ length: w * m * n }, () => 2 * rng() - 1);

  /** dbdt01 / zbdt01 (thin Q m×n, P n×n), dort01 / zunt01 of Q and P, and B's singular values vs the unblocked B's. */
  function check(a: Float64Array, m: number, n: number, nb: number): Bidiagonal {
    const work = a.slice();
    const bd = f.blocked(work, m, n, nb);
    const q = transposeEntries(f.leftFactorTransposed(work, m, n, bd.tauQ, n, n), n, m, w); // m×n
    const p = transposeEntries(f.rightFactorTransposed(work, n, bd.tauP), n, n, w); // n×n
    const b = new Float64Array(w * n * n);
    for (let i = 0; i < n; i++) {
      b[w * (i * n + i)] = bd.d[i]!;
      if (i + 1 < n) b[w * (i * n + i + 1)] = bd.e[i]!;
    }
    const qbph = kit.mul(kit.mul(q, b, m, n, n), kit.adjoint(p, n, n), m, n, n);
    const diff = a.map((x, i) => x - qbph[i]!);
    expect(kit.norm1(diff, m, n) / (kit.norm1(a, m, n) * n * ULP), 'bdt01').toBeLessThan(THRESH);
    expect(kit.orthRatio(q, m, n), 'Q orthonormal').toBeLessThan(THRESH);
    expect(kit.orthRatio(p, n, n), 'P orthogonal / unitary').toBeLessThan(THRESH);
    const plain = f.unblocked(a.slice(), m, n);
    expect(valuesRatio(bidiagonalSvdValues(bd.d, bd.e), bidiagonalSvdValues(plain.d, plain.e))).toBeLessThan(THRESH);
    return bd;
  }

  for (const [m, n, nb] of f.shapes) {
    it(`${m}×${n}, nb = ${nb}: A = Q·B·Pᴴ with a real B, Q and P orthogonal / unitary, same singular values as the unblocked reduction`, () => {
      const a = random(m, n);
      const blocked = check(a, m, n, nb);
      const plain = f.unblocked(a.slice(), m, n);
      // the reflectors are unique up to rounding: |d| agrees with the unblocked reduction
      for (let i = 0; i < n; i++) expect(Math.abs(Math.abs(blocked.d[i]!) - Math.abs(plain.d[i]!))).toBeLessThan(1e-10);
    });
  }

  it('is deterministic: the same bits on every run', () => {
    const [m, n] = f.determinism;
    const a = w === 1 ? randomMatrix(m, n, mulberry32(7)) : random(m, n);
    const w1 = a.slice();
    const w2 = a.slice();
    const r1 = f.blocked(w1, m, n);
    const r2 = f.blocked(w2, m, n);
    expect(w1).toEqual(w2);
    expect(r1.d).toEqual(r2.d);
    expect(r1.e).toEqual(r2.e);
    expect(r1.tauQ).toEqual(r2.tauQ);
    expect(r1.tauP).toEqual(r2.tauP);
    expect(r1).toEqual(r2);
  });

  it('a rank-deficient matrix with a zero column block reduces to a valid B without NaN', () => {
    const { m, n, rank, a } = f.lowRank;
    check(a, m, n, 32);
    const bd = f.blocked(a.slice(), m, n);
    const s = bidiagonalSvdValues(bd.d, bd.e);
    for (const x of s) expect(Number.isNaN(x)).toBe(false);
    for (let i = rank; i < n; i++) expect(s[i]!).toBeLessThan(1e-12 * s[0]!);
  });
});
