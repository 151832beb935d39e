/**
 * The pool's futex doorbell and the parallel products added with it: Node workers wait on the
 * doorbell (not on message events) and answer back-to-back jobs; a pool shut down while its
 * workers sleep restarts lazily; `gemmLowerBlocks` gives the same bits for 1–4 threads, matches a
 * triple loop on its lower block triangle and leaves the rest of C alone; a C already in shared
 * memory is written in place with the same bits, and a worker failing on it gives the same bits
 * (before it touched C) or a ThreadError (after), never a wrong C without an error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThreadError, internal, kernels, setThreads } from '../src/index.js';
import { poolTesting } from '../src/threads/threadPool.js';

const { gemm, gemmLowerBlocks, rowMajor, transposed } = kernels;

function values(n: number, seed: number, buffer?: SharedArrayBuffer): Float64Array {
  const x = buffer === undefined ? new Float64Array(n) : new Float64Array(buffer, 0, n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    x[i] = ((s >>> 0) / 2 ** 32) * 2 - 1 + 1e-9 * i;
  }
  return x;
}

const sameBits = (x: Float64Array, y: Float64Array): boolean =>
  x.length === y.length && x.every((v, i) => Object.is(v, y[i]));

beforeAll(async () => {
  internal.gemmParallelTesting.setCrossoverScale(1 / 64);
  setThreads(4);
  expect(await poolTesting.warmUp(60_000)).toBe(true);
}, 90_000);
afterAll(() => {
  internal.gemmParallelTesting.setCrossoverScale(1);
  setThreads(1);
  poolTesting.shutdown();
});

describe('the doorbell', () => {
  it('Node workers sleep on the doorbell and serve back-to-back jobs', () => {
    expect(poolTesting.platform()).toBe('node');
    expect(poolTesting.workerWakeModes().filter((m) => m !== undefined)).toEqual(['doorbell', 'doorbell', 'doorbell']);
    const n = 200;
    const a = values(n * n, 1);
    const b = values(n * n, 2);
    const one = new Float64Array(n * n);
    setThreads(1);
    gemm(n, n, n, 1, rowMajor(a, n), rowMajor(b, n), 0, rowMajor(one, n));
    setThreads(4);
    let byWorkers = 0;
    const before = poolTesting.jobsRun();
    for (let r = 0; r < 50; r++) {
      const c = new Float64Array(n * n);
      gemm(n, n, n, 1, rowMajor(a, n), rowMajor(b, n), 0, rowMajor(c, n));
      byWorkers += poolTesting.lastJobChunksByWorkers();
      expect(sameBits(c, one)).toBe(true);
    }
    expect(poolTesting.jobsRun()).toBe(before + 50);
    expect(byWorkers).toBeGreaterThan(0);
  });
  it('a pool shut down while its workers sleep starts again at the next large product', async () => {
    const started = poolTesting.startedWorkers();
    poolTesting.shutdown();
    const n = 160;
    const c = new Float64Array(n * n);
    gemm(n, n, n, 1, rowMajor(values(n * n, 3), n), rowMajor(values(n * n, 4), n), 0, rowMajor(c, n));
    expect(poolTesting.startedWorkers()).toBe(started + 3);
    expect(await poolTesting.warmUp()).toBe(true);
    expect(poolTesting.workerWakeModes().filter((m) => m !== undefined)).toEqual(['doorbell', 'doorbell', 'doorbell']);
  });
});

describe('gemmLowerBlocks', () => {
  const m = 333;
  const k = 64;
  const block = 64;
  const a = values(m * k, 5);
  const bt = values(m * k, 6); // B = btᵀ, k×m
  const run = (threads: number): Float64Array => {
    setThreads(threads);
    const c = values(m * m, 7);
    gemmLowerBlocks(m, m, k, block, -1, rowMajor(a, k), transposed(rowMajor(bt, k)), 1, rowMajor(c, m));
    return c;
  };
  it('same bits for 1–4 threads; the lower block triangle as a triple loop, the rest of C untouched', () => {
    const one = run(1);
    const c0 = values(m * m, 7);
    for (let i = 0; i < m; i++) {
      const end = Math.min(m, (Math.floor(i / block) + 1) * block);
      for (let j = 0; j < m; j++) {
        if (j >= end) {
          expect(Object.is(one[i * m + j], c0[i * m + j])).toBe(true);
          continue;
        }
        let s = 0;
        for (let p = 0; p < k; p++) s += a[i * k + p]! * bt[j * k + p]!;
        expect(Math.abs(one[i * m + j]! - (c0[i * m + j]! - s))).toBeLessThan(1e-12 * k);
      }
    }
    for (const t of [2, 3, 4]) {
      const before = poolTesting.jobsRun();
      const many = run(t);
      expect(poolTesting.jobsRun(), `${t} threads ran on the pool`).toBe(before + 1);
      expect(sameBits(many, one), `${t} threads`).toBe(true);
    }
  });
  it('checks its block size', () => {
    const c = new Float64Array(4);
    expect(() => gemmLowerBlocks(2, 2, 1, 0, 1, rowMajor(c, 1), rowMajor(c, 2), 0, rowMajor(c, 2))).toThrow(
      'gemmLowerBlocks: block must be a whole number ≥ 1, got 0',
    );
  });
});

describe('operands already in shared memory', () => {
  it('C in a SharedArrayBuffer is written in place, with the bits of one thread', () => {
    const m = 300;
    const n = 280;
    const k = 96;
    const a = values(m * k, 8);
    const b = values(k * n, 9);
    setThreads(1);
    const one = values(m * n, 10);
    gemm(m, n, k, 0.5, rowMajor(a, k), rowMajor(b, n), 2, rowMajor(one, n));
    for (const t of [2, 4]) {
      setThreads(t);
      const shared = values(m * n, 10, new SharedArrayBuffer(8 * m * n));
      const sa = values(m * k, 8, new SharedArrayBuffer(8 * m * k));
      const before = poolTesting.jobsRun();
      gemm(m, n, k, 0.5, rowMajor(sa, k), rowMajor(b, n), 2, rowMajor(shared, n));
      expect(poolTesting.jobsRun()).toBe(before + 1);
      expect(sameBits(shared, one), `${t} threads`).toBe(true);
    }
  });
  const m = 256;
  const n = 256;
  const k = 48;
  const a = values(m * k, 11);
  const b = values(k * n, 12);
  const update = (c: Float64Array) => gemm(m, n, k, -1, rowMajor(a, k), rowMajor(b, n), 1, rowMajor(c, n));
  const oneThread = (): Float64Array => {
    setThreads(1);
    const one = values(m * n, 13);
    update(one);
    return one;
  };
  for (const mode of ['exit', 'throw'] as const) {
    it(`a worker that fails ('${mode}') before it touches an in-place C: the caller reruns its chunk, same bits`, async () => {
      const one = oneThread();
      setThreads(2);
      expect(await poolTesting.warmUp()).toBe(true);
      poolTesting.injectFault({ worker: 1, mode });
      for (let r = 0; r < 200 && poolTesting.faultPending(); r++) {
        const c = values(m * n, 13, new SharedArrayBuffer(8 * m * n));
        update(c);
        expect(sameBits(c, one), `attempt ${r}`).toBe(true);
        if (r % 10 === 9) await new Promise((res) => setTimeout(res, 10));
      }
      expect(poolTesting.faultPending()).toBe(false);
    }, 60_000);
    it(`a worker that fails ('${mode}') after updating its part of an in-place C: a ThreadError, then the pool works again`, async () => {
      const one = oneThread();
      setThreads(2);
      expect(await poolTesting.warmUp()).toBe(true);
      poolTesting.injectFault({ worker: 1, mode, afterOutput: true });
      let thrown: unknown = null;
      for (let r = 0; r < 200 && poolTesting.faultPending(); r++) {
        const c = values(m * n, 13, new SharedArrayBuffer(8 * m * n));
        try {
          update(c);
          expect(sameBits(c, one), `attempt ${r}`).toBe(true); // the caller ran every chunk
        } catch (e) {
          thrown = e;
        }
        if (r % 10 === 9) await new Promise((res) => setTimeout(res, 10));
      }
      expect(poolTesting.faultPending()).toBe(false);
      expect(thrown).toBeInstanceOf(ThreadError);
      expect((thrown as ThreadError).code).toBe('THREAD');
      expect((thrown as ThreadError).message).toMatch(/^gemm: a worker thread failed while updating its part of C/);
      expect(await poolTesting.warmUp()).toBe(true);
      const c = values(m * n, 13, new SharedArrayBuffer(8 * m * n));
      update(c);
      expect(sameBits(c, one)).toBe(true);
    }, 60_000);
  }
});
