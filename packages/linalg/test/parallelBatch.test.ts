/**
 * One matrix per thread (threads/parallelBatch.ts): batches of svd, svdvals, eigh, eigvalsh, qr,
 * cholesky, eig and eigvals give the same bits with 2 threads as with 1 (real, complex, float32),
 * the parallel results are checked against the LAPACK test ratios, errors name the same batch
 * element as the serial loop, empty and one-matrix batches work, small batches stay serial, and a
 * worker that dies, throws or hangs mid-batch never loses a matrix nor hangs the call.
 */
import {
  cholesky,
  eig,
  eigh,
  eigvals,
  eigvalsh,
  kernels,
  NotPositiveDefiniteError,
  qr,
  svd,
  svdvals,
} from '@svd/linalg';
import { type Tensor, ThreadError, internal, setThreads, tensor } from '@svd/tensor';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { batchBounds } from '../src/threads/batchRange.js';
import { BATCH_PARALLEL_MIN } from '../src/threads/parallelBatch.js';
import {
  ctensor,
  eighRatios,
  f64,
  qrRatios,
  randomTensor,
  sameBits,
  spdBatch,
  svdResidual,
  thrown,
  ULP,
} from './support/index.js';

const pool = internal.threadPoolTesting;

/** The raw values of every output (float32 and complex alike), for a bitwise comparison. */
function bits(outs: readonly Tensor[]): Float64Array[] {
  return outs.map((t) => Float64Array.from(t.toTypedArray()));
}

function sameOutputs(a: readonly Float64Array[], b: readonly Float64Array[]): boolean {
  return a.length === b.length && a.every((x, i) => sameBits(x, b[i]!));
}

/**
 * Runs `f` with 1 thread, then with 2 threads until the workers computed part of the batch (a
 * worker may start late on a loaded machine: the caller yields now and then so that it gets its
 * turn), asserting equal bits every time.
 */
async function expectSameBitsAcrossThreads(f: () => readonly Tensor[]): Promise<Tensor[]> {
  setThreads(1);
  const before = pool.jobsRun();
  const one = f();
  expect(pool.jobsRun(), 'one thread runs no job').toBe(before);
  const ref = bits(one);
  setThreads(2);
  let byWorkers = 0;
  for (let r = 0; r < 200 && byWorkers === 0; r++) {
    const jobs = pool.jobsRun();
    const many = f();
    expect(pool.jobsRun(), 'the batch ran on the pool').toBe(jobs + 1);
    expect(sameOutputs(bits(many), ref), `2 threads, run ${r}`).toBe(true);
    byWorkers += pool.lastJobChunksByWorkers();
    if (r % 10 === 9) await new Promise((res) => setTimeout(res, 10));
  }
  expect(byWorkers, 'workers computed part of the batch').toBeGreaterThan(0);
  return [...one];
}

/** Matrices of a float64 batch tensor as row-major arrays. */
function matrices(t: Tensor, rows: number, cols: number): Float64Array[] {
  const d = f64(t);
  const size = rows * cols;
  return Array.from({ length: d.length / size }, (_, k) => d.subarray(k * size, (k + 1) * size));
}

beforeAll(async () => {
  kernels.batchParallelTesting.setCrossoverScale(0);
  setThreads(2);
  expect(await pool.warmUp(60_000)).toBe(true);
}, 90_000);
afterEach(() => {
  pool.injectFault(null);
  pool.setStallTimeout(30_000);
  kernels.batchParallelTesting.setCrossoverScale(0);
});
afterAll(() => {
  kernels.batchParallelTesting.setCrossoverScale(1);
  setThreads(1);
  pool.shutdown();
});

describe('batches give the same bits with 1 and 2 threads', () => {
  it('svd (thin and full) of a 24 × 9×7 batch; the parallel factors reconstruct A', async () => {
    const A = randomTensor([24, 9, 7], 11);
    const [U, S, V] = await expectSameBitsAcrossThreads(() => svd(A));
    const as = matrices(A, 9, 7);
    const us = matrices(U!, 9, 7);
    const ss = matrices(S!, 1, 7);
    const vs = matrices(V!, 7, 7);
    for (let k = 0; k < 24; k++) {
      const r = svdResidual(as[k]!, 9, 7, us[k]!, 7, ss[k]!, vs[k]!, 7);
      expect(r / 7 / ULP).toBeLessThan(50);
    }
    await expectSameBitsAcrossThreads(() => svd(A, { full: true }));
  });
  it('svdvals of a [3, 5, 12, 16] batch; complex svd; float32 svd', async () => {
    await expectSameBitsAcrossThreads(() => [svdvals(randomTensor([3, 5, 12, 16], 12))]);
    await expectSameBitsAcrossThreads(() => svd(ctensor([10, 8, 6], 13)));
    await expectSameBitsAcrossThreads(() =>
      svd(tensor(Float32Array.from(f64(randomTensor([16, 6, 6], 14))), { shape: [16, 6, 6] })),
    );
  });
  it('svd of 64 × 32² (the benchmark shape, smaller) with the default crossover', async () => {
    kernels.batchParallelTesting.setCrossoverScale(1);
    expect(64 * 32 ** 3).toBeGreaterThanOrEqual(BATCH_PARALLEL_MIN);
    await expectSameBitsAcrossThreads(() => svd(randomTensor([64, 32, 32], 15)));
  });
  it('parallel results are fresh shared memory, never overwritten by the next batch', async () => {
    setThreads(2);
    const A = randomTensor([64, 12, 12], 16);
    const B = randomTensor([64, 12, 12], 17);
    const [U1, S1] = svd(A);
    const kept = Float64Array.from(f64(S1!));
    const u1 = Float64Array.from(f64(U1!));
    const [U2, S2] = svd(B);
    expect(S1!.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(S2!.data.buffer).not.toBe(S1!.data.buffer);
    expect(U2!.data.buffer).not.toBe(U1!.data.buffer);
    expect(Array.from(f64(S1!))).toEqual(Array.from(kept));
    expect(Array.from(f64(U1!))).toEqual(Array.from(u1));
  });
  it('no −0 in the results of a parallel svd batch (each thread clears the matrices it wrote)', () => {
    setThreads(2);
    const d = [0.5, -3, -0, 2, 1e-300, -7, 0];
    const one = Array.from({ length: 7 }, (_, i) => Array.from({ length: 7 }, (_, j) => (i === j ? d[i]! : 0)));
    // 15 matrices: seven pairs on the paired small-SVD path and one left over on the single path
    const D = tensor(Array.from({ length: 15 }, () => one));
    const jobs = pool.jobsRun();
    const outs = [...svd(D), ...svd(D, { full: true }), svdvals(D)];
    expect(pool.jobsRun()).toBe(jobs + 3);
    for (const x of outs) expect(x.toTypedArray().some((v) => Object.is(v, -0))).toBe(false);
    setThreads(1);
    const serial = [...svd(D), ...svd(D, { full: true }), svdvals(D)];
    for (const x of serial) expect(x.toTypedArray().some((v) => Object.is(v, -0))).toBe(false);
  });
  it('eigh (lower and upper) and eigvalsh; the parallel factors satisfy dsyt21', async () => {
    const A = randomTensor([20, 10, 10], 21);
    const [W, V] = await expectSameBitsAcrossThreads(() => eigh(A));
    const ws = matrices(W!, 1, 10);
    const vs = matrices(V!, 10, 10);
    matrices(A, 10, 10).forEach((a, k) => {
      const sym = Float64Array.from(a, (_, idx) => {
        const i = Math.floor(idx / 10);
        const j = idx % 10;
        return i >= j ? a[idx]! : a[j * 10 + i]!;
      });
      const { factor, orth } = eighRatios(sym, ws[k]!, vs[k]!, 10);
      expect(factor).toBeLessThan(50);
      expect(orth).toBeLessThan(50);
    });
    await expectSameBitsAcrossThreads(() => eigh(A, { uplo: 'U' }));
    await expectSameBitsAcrossThreads(() => [eigvalsh(A)]);
    await expectSameBitsAcrossThreads(() => eigh(ctensor([12, 7, 7], 22)));
  });
  it('qr in every mode; the parallel factors satisfy dqrt01', async () => {
    const A = randomTensor([18, 11, 6], 31);
    const [Q, R] = await expectSameBitsAcrossThreads(() => qr(A, { mode: 'complete' }));
    const qs = matrices(Q!, 11, 11);
    const rs = matrices(R!, 11, 6);
    matrices(A, 11, 6).forEach((a, k) => {
      const { factor, orth } = qrRatios(a, qs[k]!, rs[k]!, 11, 6);
      expect(factor).toBeLessThan(50);
      expect(orth).toBeLessThan(50);
    });
    await expectSameBitsAcrossThreads(() => qr(A));
    await expectSameBitsAcrossThreads(() => qr(randomTensor([18, 5, 9], 32), { mode: 'complete' }));
    await expectSameBitsAcrossThreads(() => qr(A, { mode: 'r' }));
    await expectSameBitsAcrossThreads(() => qr(ctensor([9, 6, 6], 33)));
  });
  it('cholesky (lower and upper), eig and eigvals', async () => {
    const P = spdBatch([16, 9, 9], 41);
    await expectSameBitsAcrossThreads(() => [cholesky(P)]);
    await expectSameBitsAcrossThreads(() => [cholesky(P, { upper: true })]);
    const G = randomTensor([12, 8, 8], 42);
    await expectSameBitsAcrossThreads(() => eig(G));
    await expectSameBitsAcrossThreads(() => [eigvals(ctensor([12, 6, 6], 43))]);
  });
});

describe('batchBounds (guided self-scheduling from both ends)', () => {
  it('covers [0, count) with ranges of at least minSize, largest at the ends, smallest in the middle', () => {
    // front (the caller): 64, 27, 15, 9, 6, 4, 2; back (the workers): 48, 36, 21, 12, 5, 3, 2
    expect(batchBounds(256, 2, 2)).toEqual([
      0, 64, 91, 106, 115, 121, 125, 127, 129, 131, 134, 139, 151, 172, 208, 256,
    ]);
    expect(batchBounds(16, 2, 2)).toEqual([0, 4, 6, 8, 10, 13, 16]);
    expect(batchBounds(5, 2, 1)).toEqual([0, 2, 3, 4, 5]);
    expect(batchBounds(10, 4, 8)).toEqual([0, 8, 10]);
    expect(batchBounds(0, 2, 1)).toEqual([0]);
  });
  it('gives the front (the caller) about 1/threads of the matrices, the back the rest', () => {
    for (const threads of [2, 3, 4, 8]) {
      const b = batchBounds(1000, threads, 1);
      const sizes = b.slice(1).map((x, i) => x - b[i]!);
      // the ranges shrink towards the meeting point from both ends
      const meet = sizes.indexOf(Math.min(...sizes));
      for (let i = 1; i <= meet; i++) expect(sizes[i]!).toBeLessThanOrEqual(sizes[i - 1]!);
      const last = sizes.lastIndexOf(Math.min(...sizes));
      for (let i = last; i + 1 < sizes.length; i++) expect(sizes[i]!).toBeLessThanOrEqual(sizes[i + 1]!);
      const front = b[meet + 1]!;
      expect(Math.abs(front - 1000 / threads)).toBeLessThan(0.03 * 1000);
    }
  });
});

describe('batch edges', () => {
  it('empty batches and single matrices run without the pool', () => {
    setThreads(2);
    const jobs = pool.jobsRun();
    const [U, S, V] = svd(tensor(new Float64Array(0), { shape: [0, 4, 3] }));
    expect([U!.shape, S!.shape, V!.shape]).toEqual([
      [0, 4, 3],
      [0, 3],
      [0, 3, 3],
    ]);
    expect(eigh(tensor(new Float64Array(0), { shape: [2, 0, 3, 3] }))[1].shape).toEqual([2, 0, 3, 3]);
    expect(
      svdvals(
        tensor([
          [3, 0],
          [4, 5],
        ]),
      ).toArray(),
    ).toEqual([6.70820393249937, 2.2360679774997894]);
    expect(pool.jobsRun()).toBe(jobs);
  });
  it('batches below the crossover stay serial', () => {
    kernels.batchParallelTesting.setCrossoverScale(1);
    setThreads(2);
    const jobs = pool.jobsRun();
    svd(randomTensor([8, 16, 16], 51));
    expect(8 * 16 ** 3).toBeLessThan(BATCH_PARALLEL_MIN);
    expect(pool.jobsRun()).toBe(jobs);
  });
  it('an error names the first failing batch element, as the serial loop does', () => {
    const d = f64(spdBatch([2, 3, 6, 6], 61));
    for (const k of [4, 1]) d[k * 36 + 2 * 6 + 2] = -100; // elements 1 and 4 are indefinite (minor 3)
    const P = tensor(d, { shape: [2, 3, 6, 6] });
    setThreads(1);
    const serial = thrown(() => cholesky(P));
    expect(serial).toBeInstanceOf(NotPositiveDefiniteError);
    expect(serial.message).toBe('cholesky: the leading minor of order 3 is not positive definite at batch element 1');
    setThreads(2);
    for (let r = 0; r < 5; r++) {
      const e = thrown(() => cholesky(P));
      expect(e).toBeInstanceOf(NotPositiveDefiniteError);
      expect(e.message).toBe(serial.message);
    }
  });
});

describe('a worker that fails mid-batch', () => {
  const A = randomTensor([32, 12, 12], 71);
  for (const mode of ['exit', 'throw'] as const) {
    it(`'${mode}': the batch completes with the same bits`, async () => {
      setThreads(1);
      const one = bits(svd(A));
      setThreads(2);
      expect(await pool.warmUp()).toBe(true);
      pool.injectFault({ worker: 1, mode });
      for (let r = 0; r < 200 && pool.faultPending(); r++) {
        expect(sameOutputs(bits(svd(A)), one)).toBe(true);
        if (r % 10 === 9) await new Promise((res) => setTimeout(res, 10));
      }
      expect(pool.faultPending()).toBe(false);
      expect(sameOutputs(bits(svd(A)), one)).toBe(true);
    }, 60_000);
  }
  it("'hang': a ThreadError after the stall timeout, never a hang; the next batch works", async () => {
    setThreads(1);
    const one = bits(svd(A));
    setThreads(2);
    expect(await pool.warmUp()).toBe(true);
    pool.setStallTimeout(200);
    let err: unknown = null;
    for (let r = 0; r < 200 && err === null; r++) {
      if (r % 10 === 9) await new Promise((res) => setTimeout(res, 10));
      pool.injectFault({ worker: 1, mode: 'hang' });
      try {
        svd(A);
      } catch (e) {
        err = e;
      }
    }
    expect(err).toBeInstanceOf(ThreadError);
    expect((err as ThreadError).message).toMatch(/^svd: worker thread\(s\) 1 made no progress for 200 ms/);
    pool.setStallTimeout(30_000);
    expect(await pool.warmUp()).toBe(true);
    expect(sameOutputs(bits(svd(A)), one)).toBe(true);
  }, 60_000);
});
