/**
 * The thread pool and the parallel GEMM: results bit-identical to one thread for 1–4 threads on
 * every operand form, and checked against a plain triple loop; lazy start; workers that die,
 * throw or hang; setThreads / SVD_NUM_THREADS parsing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ThreadError, ValueError, getThreads, internal, kernels, setThreads } from '../src/index.js';
import { PARALLEL_MIN, ZPARALLEL_MIN, chunkBounds } from '../src/threads/parallelGemm.js';
import { defaultThreadCount, parseThreadCount } from '../src/threads/threadConfig.js';
import { poolTesting } from '../src/threads/threadPool.js';

const { gemm, complexGemm, rowMajor, transposed, conjugated } = kernels;
type RealArray = kernels.RealArray;
type StridedOperand = kernels.StridedOperand;

/** Deterministic values in [-1, 1) with full mantissas (so any change of summation order shows). */
function values(n: number, seed: number, f32 = false): RealArray {
  const x = f32 ? new Float32Array(n) : new Float64Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    x[i] = ((s >>> 0) / 2 ** 32) * 2 - 1 + 1e-9 * i;
  }
  return x;
}

interface Case {
  readonly name: string;
  readonly complex: boolean;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly alpha: readonly [number, number];
  readonly beta: readonly [number, number];
  readonly transA?: boolean;
  readonly transB?: boolean;
  readonly conjA?: boolean;
  readonly conjB?: boolean;
  readonly f32?: boolean;
}

const CASES: readonly Case[] = [
  { name: 'square odd', complex: false, m: 131, n: 127, k: 113, alpha: [1, 0], beta: [0, 0] },
  { name: 'tall', complex: false, m: 1001, n: 17, k: 61, alpha: [0.75, 0], beta: [-1.5, 0] },
  { name: 'wide', complex: false, m: 9, n: 1003, k: 131, alpha: [-2, 0], beta: [0.5, 0] },
  { name: 'two rows', complex: false, m: 2, n: 701, k: 699, alpha: [1, 0], beta: [1, 0] },
  { name: 'rank-3 update', complex: false, m: 600, n: 599, k: 3, alpha: [1, 0], beta: [1, 0] },
  { name: 'rank-1 update', complex: false, m: 1000, n: 900, k: 1, alpha: [1, 0], beta: [1, 0] },
  { name: 'k = 2', complex: false, m: 707, n: 705, k: 2, alpha: [3, 0], beta: [0, 0] },
  {
    name: 'Aᵀ·Bᵀ',
    complex: false,
    m: 97,
    n: 203,
    k: 89,
    alpha: [1.25, 0],
    beta: [0.25, 0],
    transA: true,
    transB: true,
  },
  { name: 'float32', complex: false, m: 150, n: 130, k: 90, alpha: [1, 0], beta: [2, 0], f32: true },
  { name: 'complex', complex: true, m: 77, n: 91, k: 85, alpha: [1, 0], beta: [0, 0] },
  {
    name: 'complex Aᴴ·B̄, complex alpha/beta',
    complex: true,
    m: 65,
    n: 143,
    k: 71,
    alpha: [0.5, -1.5],
    beta: [-0.25, 2],
    transA: true,
    conjA: true,
    conjB: true,
  },
  { name: 'complex tall', complex: true, m: 801, n: 5, k: 69, alpha: [0, 1], beta: [1, 0] },
];

function operand(data: RealArray, rows: number, cols: number, trans: boolean, conj: boolean): StridedOperand {
  // stored rows×cols (or cols×rows read transposed)
  const x = trans ? transposed(rowMajor(data, rows)) : rowMajor(data, cols);
  return conj ? conjugated(x) : x;
}

/** Runs a case with `threads` threads; returns C. */
function runCase(cs: Case, threads: number): RealArray {
  const w = cs.complex ? 2 : 1;
  const a = values(cs.m * cs.k * w, 11);
  const b = values(cs.k * cs.n * w, 23);
  const c = values(cs.m * cs.n * w, 37, cs.f32);
  setThreads(threads);
  const A = operand(a, cs.m, cs.k, cs.transA === true, cs.conjA === true);
  const B = operand(b, cs.k, cs.n, cs.transB === true, cs.conjB === true);
  if (cs.complex) complexGemm(cs.m, cs.n, cs.k, cs.alpha, A, B, cs.beta, rowMajor(c, cs.n));
  else gemm(cs.m, cs.n, cs.k, cs.alpha[0], A, B, cs.beta[0], rowMajor(c, cs.n));
  return c;
}

/** Plain triple loop over the same operand records (independent of the kernels). */
function reference(cs: Case): Float64Array {
  const w = cs.complex ? 2 : 1;
  const a = values(cs.m * cs.k * w, 11);
  const b = values(cs.k * cs.n * w, 23);
  const c0 = values(cs.m * cs.n * w, 37, cs.f32);
  const A = operand(a, cs.m, cs.k, cs.transA === true, cs.conjA === true);
  const B = operand(b, cs.k, cs.n, cs.transB === true, cs.conjB === true);
  const at = (x: StridedOperand, i: number, j: number): [number, number] => {
    const e = x.offset + i * x.rowStride + j * x.colStride;
    return w === 1 ? [x.data[e]!, 0] : [x.data[2 * e]!, (x.conj ? -1 : 1) * x.data[2 * e + 1]!];
  };
  const out = new Float64Array(cs.m * cs.n * w);
  for (let i = 0; i < cs.m; i++) {
    for (let j = 0; j < cs.n; j++) {
      let sr = 0;
      let si = 0;
      for (let p = 0; p < cs.k; p++) {
        const [ar, ai] = at(A, i, p);
        const [br, bi] = at(B, p, j);
        sr += ar * br - ai * bi;
        si += ar * bi + ai * br;
      }
      const [al, alI] = cs.alpha;
      const [be, beI] = cs.beta;
      const q = (i * cs.n + j) * w;
      const cr = c0[q]!;
      const ci = w === 2 ? c0[q + 1]! : 0;
      out[q] = al * sr - alI * si + (be === 0 && beI === 0 ? 0 : be * cr - beI * ci);
      if (w === 2) out[q + 1] = al * si + alI * sr + (be === 0 && beI === 0 ? 0 : be * ci + beI * cr);
    }
  }
  return out;
}

const sameBits = (x: RealArray, y: RealArray): boolean =>
  x.length === y.length && x.every((v, i) => Object.is(v, y[i]));

// The cases are far below the real crossover (320³) to keep the triple-loop references fast:
// scale the crossover down so that they run on the pool (every chunk rule still applies).
const SCALE = 1 / 200;

beforeAll(async () => {
  internal.gemmParallelTesting.setCrossoverScale(SCALE);
  setThreads(4);
  expect(await poolTesting.warmUp(60_000)).toBe(true);
}, 90_000);
afterEach(() => {
  poolTesting.injectFault(null);
  poolTesting.setStallTimeout(30_000);
});
afterAll(() => {
  internal.gemmParallelTesting.setCrossoverScale(1);
  setThreads(1);
  poolTesting.shutdown();
});

describe('parallel GEMM is bit-identical for 1–4 threads', () => {
  it('every case is large enough to run on the pool', () => {
    for (const cs of CASES) {
      expect(cs.m * cs.n * cs.k).toBeGreaterThanOrEqual(SCALE * (cs.complex ? ZPARALLEL_MIN : PARALLEL_MIN));
    }
  });
  for (const cs of CASES) {
    it(`${cs.name} (${cs.complex ? 'complex' : 'real'} ${cs.m}×${cs.k}·${cs.k}×${cs.n})`, () => {
      const one = runCase(cs, 1);
      // the single-threaded result itself against the triple loop
      const ref = reference(cs);
      const tol = (cs.f32 ? 1e-5 : 1e-12) * Math.max(1, cs.k);
      let err = 0;
      for (let i = 0; i < ref.length; i++) err = Math.max(err, Math.abs(one[i]! - ref[i]!));
      expect(err).toBeLessThan(tol);
      for (const t of [2, 3, 4]) {
        const before = poolTesting.jobsRun();
        const many = runCase(cs, t);
        expect(poolTesting.jobsRun(), `ran on the pool with ${t} threads`).toBe(before + 1);
        expect(sameBits(many, one), `${t} threads`).toBe(true);
      }
    }, 60_000);
  }
  it('products below the crossover stay on the caller', () => {
    setThreads(4);
    const before = poolTesting.jobsRun();
    runCase({ name: 'small', complex: false, m: 32, n: 32, k: 32, alpha: [1, 0], beta: [0, 0] }, 4);
    expect(poolTesting.jobsRun()).toBe(before);
  });
  it('workers share the work (a worker finished at least one chunk over a few products)', () => {
    let byWorkers = 0;
    for (let r = 0; r < 20 && byWorkers === 0; r++) {
      runCase(CASES[0]!, 2);
      byWorkers += poolTesting.lastJobChunksByWorkers();
    }
    expect(byWorkers).toBeGreaterThan(0);
  });
});

describe('B packed once for every chunk of a row split', () => {
  it('several column strips and k blocks, n not a multiple of 4: same bits for 1–4 threads and as the loops', () => {
    // 520×260·260×518: rows split (the cheaper split here), two NC strips, two KC blocks
    const [m, n, k] = [520, 518, 260];
    const a = values(m * k, 3);
    const b = values(k * n, 5);
    const run = (threads: number, path: 'auto' | 'js'): Float64Array => {
      setThreads(threads);
      const prev = kernels.setGemmPath(path);
      const c = values(m * n, 7) as Float64Array;
      try {
        gemm(m, n, k, 0.5, rowMajor(a, k), rowMajor(b, n), -1, rowMajor(c, n));
      } finally {
        kernels.setGemmPath(prev);
      }
      return c;
    };
    const one = run(1, 'auto');
    const c0 = values(m * n, 7);
    let err = 0;
    for (let i = 0; i < m; i += 7) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
        err = Math.max(err, Math.abs(one[i * n + j]! - (0.5 * s - c0[i * n + j]!)));
      }
    }
    expect(err).toBeLessThan(1e-12 * k);
    for (const t of [2, 3, 4]) {
      const before = poolTesting.jobsRun();
      expect(sameBits(run(t, 'auto'), one), `${t} threads`).toBe(true);
      expect(poolTesting.jobsRun()).toBe(before + 1);
    }
    // the JS micro-kernel reads the same packed blocks
    expect(sameBits(run(2, 'js'), one)).toBe(true);
  });
});

describe('chunkBounds', () => {
  it('covers [0, dim) with aligned chunks', () => {
    expect(chunkBounds(1024, 4, 1)).toEqual([0, 256, 512, 768, 1024]);
    expect(chunkBounds(131, 4, 1)).toEqual([0, 36, 72, 108, 131]);
    expect(chunkBounds(131, 8, 40)).toEqual([0, 40, 80, 120, 131]);
    expect(chunkBounds(1000, 3, 1)).toEqual([0, 384, 768, 1000]);
    expect(chunkBounds(2, 4, 1)).toEqual([0, 2]);
  });
});

describe('a worker that fails mid-call', () => {
  const cs = CASES[0]!;
  for (const mode of ['exit', 'throw'] as const) {
    it(`'${mode}': the call completes with the same bits and the worker is replaced`, async () => {
      const one = runCase(cs, 1);
      setThreads(2);
      expect(await poolTesting.warmUp()).toBe(true);
      const started = poolTesting.startedWorkers();
      poolTesting.injectFault({ worker: 1, mode });
      // the worker may pick the job up after the caller finished it: repeat until it has failed
      for (let r = 0; r < 200 && poolTesting.faultPending(); r++) {
        expect(sameBits(runCase(cs, 2), one)).toBe(true);
        if (r % 10 === 9) await new Promise((res) => setTimeout(res, 10));
      }
      expect(poolTesting.faultPending()).toBe(false);
      expect(sameBits(runCase(cs, 2), one)).toBe(true);
      if (mode === 'exit') expect(poolTesting.startedWorkers()).toBeGreaterThan(started);
    }, 60_000);
  }
  it("'hang': a ThreadError after the stall timeout, never a hang; the next call works", async () => {
    const one = runCase(cs, 1);
    setThreads(2);
    expect(await poolTesting.warmUp()).toBe(true);
    poolTesting.setStallTimeout(200);
    let thrown: unknown = null;
    for (let r = 0; r < 200 && thrown === null; r++) {
      if (r % 10 === 9) await new Promise((res) => setTimeout(res, 10));
      poolTesting.injectFault({ worker: 1, mode: 'hang' });
      try {
        runCase(cs, 2);
      } catch (e) {
        thrown = e;
      }
    }
    expect(thrown).toBeInstanceOf(ThreadError);
    expect((thrown as ThreadError).code).toBe('THREAD');
    expect((thrown as ThreadError).message).toMatch(/^gemm: worker thread\(s\) 1 made no progress for 200 ms/);
    poolTesting.setStallTimeout(30_000);
    expect(sameBits(runCase(cs, 2), one)).toBe(true);
    // the stuck worker was replaced: the pool works again
    expect(await poolTesting.warmUp()).toBe(true);
    expect(sameBits(runCase(cs, 2), one)).toBe(true);
  }, 60_000);
});

describe('setThreads / getThreads / SVD_NUM_THREADS', () => {
  it('setThreads validates its argument', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, 257]) {
      expect(() => setThreads(bad)).toThrow(ValueError);
    }
    expect(() => setThreads(0)).toThrow('setThreads: n must be a whole number 1 … 256, got 0');
    setThreads(3);
    expect(getThreads()).toBe(3);
  });
  it('parses SVD_NUM_THREADS', () => {
    expect(parseThreadCount('4')).toBe(4);
    expect(parseThreadCount(' 12 ')).toBe(12);
    expect(parseThreadCount('256')).toBe(256);
    expect(parseThreadCount('0')).toBe('expected 1 … 256 threads, got 0');
    expect(parseThreadCount('300')).toBe('expected 1 … 256 threads, got 300');
    expect(parseThreadCount('2.5')).toBe('expected a whole number of threads ≥ 1, got "2.5"');
    expect(parseThreadCount('four')).toBe('expected a whole number of threads ≥ 1, got "four"');
    expect(parseThreadCount('-3')).toBe('expected a whole number of threads ≥ 1, got "-3"');
  });
  it('an invalid SVD_NUM_THREADS warns once and falls back to the cores', () => {
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const fallback = defaultThreadCount(undefined);
    expect(fallback).toBeGreaterThanOrEqual(1);
    expect(fallback).toBeLessThanOrEqual(16);
    expect(defaultThreadCount('7')).toBe(7);
    expect(spy).not.toHaveBeenCalled();
    expect(defaultThreadCount('lots')).toBe(fallback);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(String(spy.mock.calls[0]![0])).toBe(
      'SVD_NUM_THREADS is ignored: expected a whole number of threads ≥ 1, got "lots"; using the number of cores',
    );
    spy.mockRestore();
  });
});
