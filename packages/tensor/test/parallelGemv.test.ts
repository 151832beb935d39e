/**
 * The blocked reductions' matrix–vector products on the thread pool (threads/parallelGemv.ts):
 * kernels.rowProducts and kernels.addTransposedProduct on the shared gemv workspace give the same
 * bits for 1–4 threads (the workers run the wasm kernels on the caller's memory), the 1-thread
 * results match a plain loop, a worker that throws or dies mid-product changes nothing (y += Aᵀv
 * accumulates in place: its chunk is rerun from the kept y), and arrays that are not the shared
 * workspace stay on the caller.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { internal, kernels, setThreads } from '../src/index.js';
import { poolTesting } from '../src/threads/threadPool.js';

const { gemvWorkspace, rowProducts, addTransposedProduct } = kernels;

function fill(w: Float64Array, from: number, count: number, seed: number): void {
  let s = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    w[from + i] = ((s >>> 0) / 2 ** 32) * 2 - 1 + 1e-9 * i;
  }
}

interface Shape {
  readonly rows: number;
  readonly cols: number;
  /** row stride (≥ cols) and offset of A in the workspace */
  readonly lda: number;
  readonly aOff: number;
}

const SHAPES: readonly Shape[] = [
  { rows: 203, cols: 197, lda: 203, aOff: 5 },
  { rows: 64, cols: 1031, lda: 1031, aOff: 0 },
  { rows: 1001, cols: 67, lda: 70, aOff: 3 },
  { rows: 514, cols: 513, lda: 600, aOff: 1 },
];

type Kind = 'rows' | 'cols';

/** Runs one product on a fresh workspace with `t` threads; the output vector and the jobs run. */
function run(kind: Kind, sh: Shape, t: number): { out: Float64Array; jobs: number } {
  setThreads(t);
  const aLen = sh.aOff + sh.rows * sh.lda;
  const vecOff = aLen;
  const outOff = vecOff + Math.max(sh.rows, sh.cols);
  const outLen = kind === 'rows' ? sh.rows : sh.cols;
  const w = gemvWorkspace(outOff + outLen);
  fill(w, 0, aLen, 7);
  fill(w, vecOff, kind === 'rows' ? sh.cols : sh.rows, 11);
  fill(w, outOff, outLen, 13); // y's old values (x = A·u overwrites them)
  const before = poolTesting.jobsRun();
  if (kind === 'rows') rowProducts(w, sh.aOff, sh.lda, sh.rows, sh.cols, vecOff, outOff);
  else addTransposedProduct(w, sh.aOff, sh.lda, sh.rows, sh.cols, vecOff, outOff);
  return { out: w.slice(outOff, outOff + outLen), jobs: poolTesting.jobsRun() - before };
}

/** The same product in plain loops (another summation order: compared with a tolerance). */
function reference(kind: Kind, sh: Shape): Float64Array {
  const aLen = sh.aOff + sh.rows * sh.lda;
  const n = aLen + 2 * Math.max(sh.rows, sh.cols);
  const w = new Float64Array(n);
  const vecOff = aLen;
  const outOff = vecOff + Math.max(sh.rows, sh.cols);
  fill(w, 0, aLen, 7);
  fill(w, vecOff, kind === 'rows' ? sh.cols : sh.rows, 11);
  fill(w, outOff, kind === 'rows' ? sh.rows : sh.cols, 13);
  if (kind === 'rows') {
    const x = new Float64Array(sh.rows);
    for (let r = 0; r < sh.rows; r++) {
      for (let c = 0; c < sh.cols; c++) x[r] = x[r]! + w[sh.aOff + r * sh.lda + c]! * w[vecOff + c]!;
    }
    return x;
  }
  const y = w.slice(outOff, outOff + sh.cols);
  for (let r = 0; r < sh.rows; r++) {
    for (let c = 0; c < sh.cols; c++) y[c] = y[c]! + w[sh.aOff + r * sh.lda + c]! * w[vecOff + r]!;
  }
  return y;
}

const sameBits = (x: Float64Array, y: Float64Array): boolean =>
  x.length === y.length && x.every((v, i) => Object.is(v, y[i]));

beforeAll(async () => {
  // the shapes are below the real crossover: every product with ≥ 2 chunks goes to the pool
  internal.gemvParallelTesting.setCrossoverScale(0);
  setThreads(4);
  expect(await poolTesting.warmUp(60_000)).toBe(true);
}, 90_000);
afterEach(() => {
  poolTesting.injectFault(null);
});
afterAll(() => {
  internal.gemvParallelTesting.setCrossoverScale(1);
  setThreads(1);
});

describe('parallel matrix–vector products are bit-identical for 1–4 threads', () => {
  for (const kind of ['rows', 'cols'] as const) {
    for (const sh of SHAPES) {
      it(`${kind === 'rows' ? 'x = A·u' : 'y += Aᵀ·v'}, ${sh.rows}×${sh.cols} (lda ${sh.lda})`, () => {
        const one = run(kind, sh, 1);
        expect(one.jobs).toBe(0);
        const ref = reference(kind, sh);
        let err = 0;
        for (let i = 0; i < ref.length; i++) err = Math.max(err, Math.abs(one.out[i]! - ref[i]!));
        expect(err).toBeLessThan(1e-12 * Math.max(sh.rows, sh.cols));
        for (const t of [2, 3, 4]) {
          const many = run(kind, sh, t);
          expect(many.jobs, `${t} threads ran on the pool`).toBe(1);
          expect(sameBits(many.out, one.out), `${t} threads`).toBe(true);
        }
      });
    }
  }
  it('an ordinary Float64Array (not the shared workspace) stays on the caller', () => {
    setThreads(4);
    const w = new Float64Array(300 * 300 + 600);
    fill(w, 0, w.length, 3);
    const before = poolTesting.jobsRun();
    rowProducts(w, 0, 300, 300, 300, 300 * 300, 300 * 300 + 300);
    addTransposedProduct(w, 0, 300, 300, 300, 300 * 300, 300 * 300 + 300);
    expect(poolTesting.jobsRun()).toBe(before);
  });
});

describe('a worker that fails mid-product', () => {
  for (const mode of ['throw', 'exit'] as const) {
    for (const kind of ['cols', 'rows'] as const) {
      it(`'${mode}', ${kind === 'rows' ? 'x = A·u' : 'y += Aᵀ·v (in place)'}: the same bits`, async () => {
        const sh = SHAPES[3]!;
        const one = run(kind, sh, 1);
        setThreads(2);
        expect(await poolTesting.warmUp()).toBe(true);
        poolTesting.injectFault({ worker: 1, mode, afterOutput: true });
        // the worker may pick a job up after the caller finished it: repeat until it has failed
        for (let r = 0; r < 400 && poolTesting.faultPending(); r++) {
          expect(sameBits(run(kind, sh, 2).out, one.out)).toBe(true);
          if (r % 10 === 9) await new Promise((res) => setTimeout(res, 5));
        }
        expect(poolTesting.faultPending()).toBe(false);
        expect(await poolTesting.warmUp()).toBe(true);
        expect(sameBits(run(kind, sh, 2).out, one.out)).toBe(true);
      }, 60_000);
    }
  }
});
