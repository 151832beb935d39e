/**
 * The threads page (test/threads.test.ts serves it cross-origin isolated, once without and once
 * with a Content-Security-Policy that forbids 'unsafe-eval'). The same script runs twice: on the
 * page's main thread, where blocking is not allowed, so with setThreads(2) the products and
 * batches run on the calling thread; and in a dedicated Web Worker, where the pool starts its own
 * workers from a Blob URL and the worker waits on them with Atomics.wait. Both publish the
 * results' bits, the pool's platform and how many chunks its workers did.
 */
import { kernels as linalgKernels } from '@svd/linalg';
import { internal, kernels, setThreads } from '@svd/tensor';
import { threadsBatches, threadsProducts } from './threadsProducts.js';

export interface ThreadsRun {
  readonly platform: string;
  readonly crossOriginIsolated: boolean;
  readonly chunksByWorkers: number;
  readonly jobs: number;
  readonly products: { real: number[]; complex: number[] };
  readonly batches: number[][];
  /** Batch parts the pool workers computed (one matrix per thread). */
  readonly batchPartsByWorkers: number;
  /** Rounds of batches after the first (20, or more until a worker took part). */
  readonly batchRounds: number;
  /** Whether batches could use the workers (false where code evaluation is forbidden). */
  readonly parallelTasks: boolean;
  readonly same: boolean;
}

const sameNumbers = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

async function run(): Promise<ThreadsRun> {
  const t = internal.threadPoolTesting;
  setThreads(2);
  // the products are below the crossover: scale it down so that they run on the pool
  internal.gemmParallelTesting.setCrossoverScale(1 / 200);
  // the batches too (below the batch crossover)
  linalgKernels.batchParallelTesting.setCrossoverScale(0);
  await t.warmUp(20_000);
  const products = threadsProducts();
  let chunksByWorkers = t.lastJobChunksByWorkers();
  let same = true;
  for (let r = 0; r < 20; r++) {
    const again = threadsProducts();
    chunksByWorkers += t.lastJobChunksByWorkers();
    same &&= sameNumbers(again.real, products.real) && sameNumbers(again.complex, products.complex);
  }
  const batches = threadsBatches();
  let batchPartsByWorkers = 0;
  // at least 20 rounds, more (yielding now and then) until a worker took part of a batch
  let batchRounds = 0;
  while (batchRounds < 20 || (batchPartsByWorkers === 0 && batchRounds < 200)) {
    const again = threadsBatches();
    batchRounds++;
    // the eigh batch ran last; its parts count for both
    batchPartsByWorkers += t.lastJobChunksByWorkers();
    same &&= again.every((x, i) => sameNumbers(x, batches[i]!));
    if (batchRounds % 10 === 0) await new Promise((res) => setTimeout(res, 10));
  }
  return {
    platform: t.platform(),
    crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
    chunksByWorkers,
    jobs: t.jobsRun(),
    products,
    batches,
    batchPartsByWorkers,
    batchRounds,
    parallelTasks: kernels.parallelTasksAvailable(),
    same,
  };
}

declare global {
  interface Window {
    __threads?: { main: ThreadsRun; worker: ThreadsRun } | { error: string };
  }
}

const scope = globalThis as unknown as { WorkerGlobalScope?: unknown; postMessage(m: unknown): void };
if (scope.WorkerGlobalScope !== undefined) {
  run().then(
    (r) => scope.postMessage(r),
    (e: unknown) => scope.postMessage({ error: String(e) }),
  );
} else {
  (async () => {
    try {
      const main = await run();
      const worker = await new Promise<ThreadsRun>((resolve, reject) => {
        // threads.js next to this page (/threads.js, or /csp/threads.js under the CSP)
        const w = new Worker(new URL('threads.js', location.href));
        w.onmessage = (e: MessageEvent<ThreadsRun | { error: string }>) =>
          'error' in e.data ? reject(new Error(e.data.error)) : resolve(e.data);
        w.onerror = (e) => reject(new Error(e.message));
      });
      window.__threads = { main, worker };
    } catch (e) {
      window.__threads = { error: String(e) };
    }
  })();
}
