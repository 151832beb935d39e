/**
 * svd and eigh on the thread pool (issue #13): the same bits for 1, 2 and 3 threads, real and
 * complex, with the GEMM crossover lowered so that the blocked reductions' trailing updates
 * (the tridiagonalisation's lower-block update included), the divide-and-conquer merges and the
 * back-transformations of these mid-size inputs really run on the pool; and the 1-thread results
 * themselves checked with the LAPACK ratios (dsyt21, dbdt01/dort01).
 */
import { Tensor, internal, setThreads } from '@svd/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eigh, svd } from '../src/index.js';
import { secularPhasesOnPool } from '../src/kernels/parallelSecular.js';
import { subtreeJobsOnPool } from '../src/kernels/svd/bidiagonalTree.js';
import { backTransformJobsOnPool } from '../src/kernels/svd/parallelBackTransform.js';
import { tridiagonalSubtreeJobsOnPool } from '../src/kernels/tridiagonalTree.js';
import { THRESH, eighRatios, f64, orthogonalityRatio, residualRatio, sameBits } from './support/index.js';

const { threadPoolTesting: pool, gemmParallelTesting, gemvParallelTesting } = internal;

/** Deterministic values in [-1, 1) with full mantissas (any change of summation order shows). */
function values(count: number, seed: number): Float64Array {
  const x = new Float64Array(count);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    x[i] = ((s >>> 0) / 2 ** 32) * 2 - 1;
  }
  return x;
}

function symmetric(n: number, seed: number): Float64Array {
  const a = values(n * n, seed);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j]!;
  return a;
}

function hermitian(n: number, seed: number): Float64Array {
  const a = values(2 * n * n, seed);
  for (let i = 0; i < n; i++) {
    a[2 * (i * n + i) + 1] = 0;
    for (let j = 0; j < i; j++) {
      a[2 * (j * n + i)] = a[2 * (i * n + j)]!;
      a[2 * (j * n + i) + 1] = -a[2 * (i * n + j) + 1]!;
    }
  }
  return a;
}

/**
 * `run` on 1 thread, then on 2 (after `prepare`): asserts that `counter` (pool work of the kind
 * under test) grew on the 2-thread run and that the outputs have the same bits; returns the
 * 1-thread outputs.
 */
function oneThenTwoThreads(run: () => Tensor[], counter: () => number, prepare = (): void => {}): Float64Array[] {
  setThreads(1);
  const one = run().map(f64);
  setThreads(2);
  prepare();
  const before = counter();
  const two = run().map(f64);
  expect(counter()).toBeGreaterThan(before);
  for (const [i, x] of two.entries()) expect(sameBits(x, one[i]!), `output ${i}`).toBe(true);
  return one;
}

/** Runs `f` with `t` threads; the outputs' values and the pool jobs it ran. */
function withThreads(t: number, f: () => Tensor[]): { out: Float64Array[]; jobs: number } {
  setThreads(t);
  const before = pool.jobsRun();
  const out = f().map(f64);
  return { out, jobs: pool.jobsRun() - before };
}

function expectSameForThreadCounts(f: () => Tensor[]): Float64Array[] {
  const one = withThreads(1, f);
  expect(one.jobs).toBe(0);
  for (const t of [2, 3]) {
    const many = withThreads(t, f);
    expect(many.jobs, `${t} threads used the pool`).toBeGreaterThan(0);
    for (const [i, x] of many.out.entries()) {
      expect(sameBits(x, one.out[i]!), `output ${i}, ${t} threads`).toBe(true);
    }
  }
  return one.out;
}

beforeAll(async () => {
  setThreads(3);
  expect(await pool.warmUp()).toBe(true);
  gemmParallelTesting.setCrossoverScale(1 / 64);
}, 30_000);
afterAll(() => {
  gemmParallelTesting.setCrossoverScale(1);
  setThreads(1);
});

describe('eigh is bit-identical for 1–3 threads', () => {
  it('real 300×300 (blocked tridiagonalisation, divide and conquer, back-transformation)', () => {
    const n = 300;
    const a = symmetric(n, 11);
    const [w, z] = expectSameForThreadCounts(() => {
      return eigh(new Tensor(a, 'float64', [n, n]));
    });
    const { factor, orth } = eighRatios(a, w!, z!, n);
    expect(factor).toBeLessThan(THRESH);
    expect(orth).toBeLessThan(THRESH);
  }, 120_000);
  it('complex 200×200', () => {
    const n = 200;
    const a = hermitian(n, 12);
    expectSameForThreadCounts(() => {
      return eigh(new Tensor(a, 'complex128', [n, n]));
    });
  }, 120_000);
});

describe('svd is bit-identical for 1–3 threads', () => {
  it('real 320×260 with vectors (blocked bidiagonalisation, divide and conquer)', () => {
    const m = 320;
    const n = 260;
    const a = values(m * n, 13);
    const [u, s, v] = expectSameForThreadCounts(() => svd(new Tensor(a, 'float64', [m, n])));
    // dbdt01 / dort01 on the 1-thread result
    expect(residualRatio(a, m, n, { s: s!, u: u!, v: v!, uCols: n, vCols: n })).toBeLessThan(THRESH);
    expect(orthogonalityRatio(u!, m, n)).toBeLessThan(THRESH);
    expect(orthogonalityRatio(v!, n, n)).toBeLessThan(THRESH);
  }, 120_000);
  it('complex 200×180 with vectors', () => {
    const m = 200;
    const n = 180;
    const a = values(2 * m * n, 14);
    expectSameForThreadCounts(() => svd(new Tensor(a, 'complex128', [m, n])));
  }, 120_000);
});

describe("the blocked reductions' matrix–vector products run on the pool (real crossover)", () => {
  it('eigh 420×420 and svd 440×400: panel products on 2 threads, same bits as 1 thread', () => {
    const n = 420;
    const a = symmetric(n, 15);
    const m = 440;
    const k = 400;
    const b = values(m * k, 16);
    const run = () => [...eigh(new Tensor(a, 'float64', [n, n])), ...svd(new Tensor(b, 'float64', [m, k]))];
    // the real crossover, no back-off left from earlier tests
    oneThenTwoThreads(
      run,
      () => gemvParallelTesting.jobsRun(),
      () => gemvParallelTesting.setCrossoverScale(1),
    );
  }, 120_000);
});

describe('the secular phases of large divide-and-conquer merges run on the pool', () => {
  it('svd 640×600: roots, ẑ and the arrow vectors in parts on 2 threads, same bits as 1 thread', () => {
    const m = 640;
    const n = 600;
    const a = values(m * n, 18);
    const [u, s, v] = oneThenTwoThreads(() => svd(new Tensor(a, 'float64', [m, n])), secularPhasesOnPool);
    expect(residualRatio(a, m, n, { s: s!, u: u!, v: v!, uCols: n, vCols: n })).toBeLessThan(THRESH);
    expect(orthogonalityRatio(u!, m, n)).toBeLessThan(THRESH);
  }, 120_000);
  it('eigh 600×600: roots, ẑ and secular vectors in parts on 2 threads, same bits as 1 thread', () => {
    const n = 600;
    const a = symmetric(n, 17);
    const one = oneThenTwoThreads(() => eigh(new Tensor(a, 'float64', [n, n])), secularPhasesOnPool);
    const { factor, orth } = eighRatios(a, one[0]!, one[1]!, n);
    expect(factor).toBeLessThan(THRESH);
    expect(orth).toBeLessThan(THRESH);
  }, 120_000);
});

describe('svd: independent divide-and-conquer subtrees and the back-transformations of U and V side by side', () => {
  const cases: [number, number, 'thin' | 'full', number][] = [
    [540, 500, 'thin', 19], // one subtree per thread (2, 3 threads), two levels down (4 threads)
    [520, 400, 'full', 20], // U is M×M: unit rows below the bidiagonal's vectors
    [380, 520, 'thin', 21], // wide: transposed first
  ];
  for (const [m, n, job, seed] of cases) {
    it(`real ${m}×${n} (${job}): subtree and back-transformation jobs on 2–4 threads, same bits as 1 thread`, () => {
      const a = values(m * n, seed);
      const run = () => svd(new Tensor(a, 'float64', [m, n]), { full: job === 'full' });
      setThreads(1);
      const one = run().map(f64);
      for (const t of [2, 3, 4]) {
        setThreads(t);
        const subtrees = subtreeJobsOnPool();
        const backTransforms = backTransformJobsOnPool();
        const many = run().map(f64);
        expect(subtreeJobsOnPool(), `${t} threads: subtrees`).toBeGreaterThan(subtrees);
        expect(backTransformJobsOnPool(), `${t} threads: back-transformations`).toBeGreaterThan(backTransforms);
        for (const [i, x] of many.entries()) expect(sameBits(x, one[i]!), `output ${i}, ${t} threads`).toBe(true);
      }
      const [u, s, v] = one;
      const k = Math.min(m, n);
      const uCols = job === 'full' ? m : k;
      const vCols = job === 'full' ? n : k;
      expect(residualRatio(a, m, n, { s: s!, u: u!, v: v!, uCols, vCols })).toBeLessThan(THRESH);
      expect(orthogonalityRatio(u!, m, uCols)).toBeLessThan(THRESH);
      expect(orthogonalityRatio(v!, n, vCols)).toBeLessThan(THRESH);
    }, 120_000);
  }
  it('complex 300×280: subtrees on 2 threads, same bits as 1 thread', () => {
    const m = 300;
    const n = 280;
    const a = values(2 * m * n, 22);
    const run = () => svd(new Tensor(a, 'complex128', [m, n]));
    setThreads(1);
    const one = run().map(f64);
    setThreads(2);
    const before = subtreeJobsOnPool();
    const two = run().map(f64);
    expect(subtreeJobsOnPool()).toBeGreaterThan(before);
    for (const [i, x] of two.entries()) expect(sameBits(x, one[i]!), `output ${i}`).toBe(true);
  }, 120_000);
});

describe('eigh: independent tridiagonal divide-and-conquer subtrees side by side', () => {
  it('real 600×600: subtree jobs on 2–4 threads (one level down on 2, two on 3 and 4), same bits as 1 thread', () => {
    const n = 600;
    const a = symmetric(n, 23);
    const run = () => eigh(new Tensor(a, 'float64', [n, n])).map(f64);
    setThreads(1);
    const before = tridiagonalSubtreeJobsOnPool();
    const one = run();
    expect(tridiagonalSubtreeJobsOnPool(), '1 thread: no job').toBe(before);
    for (const t of [2, 3, 4]) {
      setThreads(t);
      const jobs = tridiagonalSubtreeJobsOnPool();
      const many = run();
      expect(tridiagonalSubtreeJobsOnPool(), `${t} threads: subtrees`).toBeGreaterThan(jobs);
      for (const [i, x] of many.entries()) expect(sameBits(x, one[i]!), `output ${i}, ${t} threads`).toBe(true);
    }
    const { factor, orth } = eighRatios(a, one[0]!, one[1]!, n);
    expect(factor).toBeLessThan(THRESH);
    expect(orth).toBeLessThan(THRESH);
  }, 120_000);
  it('complex 300×300: subtrees on 2 threads, same bits as 1 thread', () => {
    const n = 300;
    const a = hermitian(n, 24);
    const run = () => eigh(new Tensor(a, 'complex128', [n, n])).map(f64);
    setThreads(1);
    const one = run();
    setThreads(2);
    const before = tridiagonalSubtreeJobsOnPool();
    const two = run();
    expect(tridiagonalSubtreeJobsOnPool()).toBeGreaterThan(before);
    for (const [i, x] of two.entries()) expect(sameBits(x, one[i]!), `output ${i}`).toBe(true);
  }, 120_000);
});
