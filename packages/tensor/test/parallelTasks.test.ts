/**
 * Generic parallel tasks (`kernels.runParallelTasks`): a module given as source text runs in the
 * pool workers on shared memory, each part exactly once; its results equal the caller's own code
 * bit for bit; a module the workers cannot evaluate, a worker that dies, throws or hangs never
 * loses a part nor hangs the call.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ThreadError, kernels, setThreads } from '../src/index.js';
import { decodeSource } from '../src/threads/moduleTask.js';
import { taskJobActive } from '../src/threads/parallelTasks.js';
import { poolTesting } from '../src/threads/threadPool.js';

const PARTS = 16;
const PER_PART = 4096;

/**
 * Part p fills out[p·PER_PART …] with a recurrence of full-mantissa values (a few thousand
 * multiply-adds per element, so the workers get to claim parts) and marks who ran it. Self-contained
 * (no free variables): its text is the workers' module.
 */
interface FillArgs {
  readonly out: Float64Array;
  readonly who: Int32Array;
  readonly perPart: number;
}

function fillPart(args: FillArgs, p: number, who: number): void {
  const { out, perPart } = args;
  for (let i = p * perPart; i < (p + 1) * perPart; i++) {
    let x = Math.sin(i) * 0.5;
    for (let r = 0; r < 200; r++) x = x * 0.999 + 0.001 * Math.cos(x + r);
    out[i] = x;
  }
  args.who[p] = who;
}

const MODULE: kernels.TaskModule = {
  id: 'test/fill@1',
  source: `const fillPart = ${fillPart.toString()};\nreturn { fill(args, p) { fillPart(args, p, 1); } };`,
};
const BROKEN: kernels.TaskModule = { id: 'test/broken@1', source: 'return {' };

function run(module: kernels.TaskModule, threads: number): FillArgs {
  setThreads(threads);
  const args = {
    out: new Float64Array(new SharedArrayBuffer(8 * PARTS * PER_PART)),
    who: new Int32Array(new SharedArrayBuffer(4 * PARTS)),
    perPart: PER_PART,
  };
  kernels.runParallelTasks('fillTest', module, 'fill', args, PARTS, (p) => fillPart(args, p, 2));
  return args;
}

const sameBits = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

beforeAll(async () => {
  setThreads(2);
  expect(await poolTesting.warmUp(60_000)).toBe(true);
}, 90_000);
afterEach(() => {
  poolTesting.injectFault(null);
  poolTesting.setStallTimeout(30_000);
});
afterAll(() => {
  setThreads(1);
  poolTesting.shutdown();
});

describe('runParallelTasks', () => {
  it('runs every part once; workers and caller give the same bits as one thread', async () => {
    const one = run(MODULE, 1);
    expect([...one.who]).toEqual(new Array(PARTS).fill(2));
    expect(Number.isFinite(one.out[PARTS * PER_PART - 1]!)).toBe(true);
    let byWorkers = 0;
    for (let r = 0; r < 20 && byWorkers === 0; r++) {
      const many = run(MODULE, 2);
      expect(sameBits(many.out, one.out)).toBe(true);
      expect(many.who.every((w) => w === 1 || w === 2)).toBe(true);
      byWorkers += many.who.filter((w) => w === 1).length;
      if (byWorkers === 0) await new Promise((res) => setTimeout(res, 20));
    }
    expect(byWorkers, 'a worker ran a part of the module').toBeGreaterThan(0);
  }, 60_000);

  it('is available with 2 threads in Node, not with 1, and never inside a running job', () => {
    setThreads(1);
    expect(kernels.parallelTasksAvailable()).toBe(false);
    setThreads(2);
    expect(kernels.parallelTasksAvailable()).toBe(true);
    let inside: boolean | undefined;
    let activeInside: boolean | undefined;
    const args = {
      out: new Float64Array(new SharedArrayBuffer(8 * 2 * PER_PART)),
      who: new Int32Array(new SharedArrayBuffer(8)),
      perPart: PER_PART,
    };
    kernels.runParallelTasks('fillTest', MODULE, 'fill', args, 2, (p) => {
      inside ??= kernels.parallelTasksAvailable();
      activeInside ??= taskJobActive();
      fillPart(args, p, 2);
    });
    expect(inside).toBe(false);
    expect(activeInside).toBe(true);
    expect(taskJobActive()).toBe(false);
  });

  it('zero parts and one part run on the caller', () => {
    const none = { out: new Float64Array(0), who: new Int32Array(0), perPart: PER_PART };
    kernels.runParallelTasks('fillTest', MODULE, 'fill', none, 0, () => {
      throw new Error('no part to run');
    });
    const one = {
      out: new Float64Array(new SharedArrayBuffer(8 * PER_PART)),
      who: new Int32Array(1),
      perPart: PER_PART,
    };
    kernels.runParallelTasks('fillTest', MODULE, 'fill', one, 1, (p) => fillPart(one, p, 2));
    expect(one.who[0]).toBe(2);
  });

  it('a module the workers cannot evaluate: every part runs on the caller, same bits', () => {
    const one = run(MODULE, 1);
    for (let r = 0; r < 5; r++) {
      const many = run(BROKEN, 2);
      expect([...many.who]).toEqual(new Array(PARTS).fill(2));
      expect(sameBits(many.out, one.out)).toBe(true);
    }
  });

  it('module text survives the trip through shared code units (non-ASCII, beyond one slice)', () => {
    const text = `return "ε·σ₁ ≥ ∞ 🙂"; // ${'x'.repeat(20_000)}`;
    const units = new Uint16Array(new SharedArrayBuffer(2 * text.length));
    for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
    expect(decodeSource(units)).toBe(text);
  });
});

describe('a worker that fails mid-job', () => {
  for (const mode of ['exit', 'throw'] as const) {
    it(`'${mode}': every part is done, same bits`, async () => {
      const one = run(MODULE, 1);
      setThreads(2);
      expect(await poolTesting.warmUp()).toBe(true);
      poolTesting.injectFault({ worker: 1, mode });
      for (let r = 0; r < 200 && poolTesting.faultPending(); r++) {
        expect(sameBits(run(MODULE, 2).out, one.out)).toBe(true);
        if (r % 10 === 9) await new Promise((res) => setTimeout(res, 10));
      }
      expect(poolTesting.faultPending()).toBe(false);
      expect(sameBits(run(MODULE, 2).out, one.out)).toBe(true);
    }, 60_000);
  }
  it("'hang': a ThreadError after the stall timeout; the next job works", async () => {
    const one = run(MODULE, 1);
    setThreads(2);
    expect(await poolTesting.warmUp()).toBe(true);
    poolTesting.setStallTimeout(200);
    let thrown: unknown = null;
    for (let r = 0; r < 200 && thrown === null; r++) {
      if (r % 10 === 9) await new Promise((res) => setTimeout(res, 10));
      poolTesting.injectFault({ worker: 1, mode: 'hang' });
      try {
        run(MODULE, 2);
      } catch (e) {
        thrown = e;
      }
    }
    expect(thrown).toBeInstanceOf(ThreadError);
    expect((thrown as ThreadError).message).toMatch(/^fillTest: worker thread\(s\) 1 made no progress/);
    expect(taskJobActive()).toBe(false);
    poolTesting.setStallTimeout(30_000);
    expect(await poolTesting.warmUp()).toBe(true);
    expect(sameBits(run(MODULE, 2).out, one.out)).toBe(true);
  }, 60_000);
});
