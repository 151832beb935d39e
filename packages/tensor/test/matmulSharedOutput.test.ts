/**
 * `matmul` results in shared memory: a product that runs on the thread pool allocates its result
 * over a SharedArrayBuffer (the workers write their rows in place), with the same bits as one
 * thread; smaller products and one thread keep ordinary memory; `toTypedArray()` copies out of
 * shared memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Tensor, complex, matmul, randn, setThreads, transpose } from '../src/index.js';
import { poolTesting } from '../src/threads/threadPool.js';

const sharedData = (t: Tensor): boolean => t.data.buffer instanceof SharedArrayBuffer;
const sameBits = (x: Tensor, y: Tensor): boolean =>
  x.data.length === y.data.length && x.data.every((v, i) => Object.is(v, y.data[i]));

/** The product with one thread and with two; asserts whether the latter ran on the pool. */
function both(a: Tensor, b: Tensor, pool: boolean): { one: Tensor; two: Tensor } {
  setThreads(1);
  const one = matmul(a, b);
  setThreads(2);
  const before = poolTesting.jobsRun();
  const two = matmul(a, b);
  expect(poolTesting.jobsRun() > before, 'ran on the pool').toBe(pool);
  return { one, two };
}

beforeAll(async () => {
  setThreads(2);
  expect(await poolTesting.warmUp(60_000)).toBe(true);
}, 90_000);
afterAll(() => {
  setThreads(1);
  poolTesting.shutdown();
});

describe('matmul on the pool writes its result in shared memory', () => {
  it('a square product: shared result, the bits of one thread', () => {
    // 272³ multiply-adds: above the real crossover (256³)
    const a = randn([272, 272], { seed: 1 });
    const b = randn([272, 272], { seed: 2 });
    const { one, two } = both(a, b, true);
    expect(sharedData(one)).toBe(false);
    expect(sharedData(two)).toBe(true);
    expect(two.data).toBeInstanceOf(Float64Array);
    expect(sameBits(one, two)).toBe(true);
    // a copy leaves shared memory; the result's own buffer is still shared
    const copy = two.toTypedArray();
    expect(copy.buffer instanceof SharedArrayBuffer).toBe(false);
    expect(Array.from(copy)).toEqual(Array.from(one.data));
  });

  it('a shared result as an operand is read in place, with the same bits', () => {
    const a = randn([272, 272], { seed: 3 });
    const b = randn([272, 272], { seed: 4 });
    setThreads(2);
    const c = matmul(a, b);
    expect(sharedData(c)).toBe(true);
    const { one, two } = both(c, transpose(c), true);
    expect(sameBits(one, two)).toBe(true);
    expect(sharedData(two)).toBe(true);
  });

  it('a batch folded into one product (A [3, 100, 272] · B [272, 260])', () => {
    const a = randn([3, 100, 272], { seed: 5 });
    const b = randn([272, 260], { seed: 6 });
    const { one, two } = both(a, b, true);
    expect(two.shape).toEqual([3, 100, 260]);
    expect(sharedData(two)).toBe(true);
    expect(sameBits(one, two)).toBe(true);
  });

  it('a batch of separate products (A [2, 272, 264] · B [2, 264, 270])', () => {
    const a = randn([2, 272, 264], { seed: 7 });
    const b = randn([2, 264, 270], { seed: 8 });
    const { one, two } = both(a, b, true);
    expect(sharedData(two)).toBe(true);
    expect(sameBits(one, two)).toBe(true);
  });

  it('complex128 and float32', () => {
    const z = complex(randn([140, 140], { seed: 9 }), randn([140, 140], { seed: 10 }));
    const zz = both(z, transpose(z), true);
    expect(sharedData(zz.two)).toBe(true);
    expect(sameBits(zz.one, zz.two)).toBe(true);
    const f = randn([272, 272], { seed: 11, dtype: 'float32' });
    const ff = both(f, f, true);
    expect(ff.two.data).toBeInstanceOf(Float32Array);
    expect(sharedData(ff.two)).toBe(true);
    expect(sameBits(ff.one, ff.two)).toBe(true);
  });

  it('products that stay on the caller keep ordinary memory', () => {
    const small = both(randn([64, 64], { seed: 12 }), randn([64, 64], { seed: 13 }), false);
    expect(sharedData(small.two)).toBe(false);
    // a thin product: too little work per value copied to go parallel
    const thin = both(randn([1000, 4], { seed: 14 }), randn([4, 1000], { seed: 15 }), false);
    expect(sharedData(thin.two)).toBe(false);
  });
});
