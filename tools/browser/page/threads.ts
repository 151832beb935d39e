/**
 * The threads page (test/threads.test.ts serves it cross-origin isolated). The same script runs
 * twice: on the page's main thread, where blocking is not allowed, so with setThreads(2) the
 * products run on the calling thread; and in a dedicated Web Worker, where the pool starts its
 * own workers from a Blob URL and the worker waits on them with Atomics.wait. Both publish the
 * products' bits, the pool's platform and how many chunks its workers did.
 */
import { internal, setThreads } from '@svd/tensor';
import { threadsProducts } from './threadsProducts.js';

export interface ThreadsRun {
  readonly platform: string;
  readonly crossOriginIsolated: boolean;
  readonly chunksByWorkers: number;
  readonly jobs: number;
  readonly products: { real: number[]; complex: number[] };
  readonly same: boolean;
}

async function run(): Promise<ThreadsRun> {
  const t = internal.threadPoolTesting;
  setThreads(2);
  // the products are below the crossover: scale it down so that they run on the pool
  internal.gemmParallelTesting.setCrossoverScale(1 / 200);
  await t.warmUp(20_000);
  const products = threadsProducts();
  let chunksByWorkers = t.lastJobChunksByWorkers();
  let same = true;
  for (let r = 0; r < 20; r++) {
    const again = threadsProducts();
    chunksByWorkers += t.lastJobChunksByWorkers();
    same &&=
      again.real.every((v, i) => Object.is(v, products.real[i])) &&
      again.complex.every((v, i) => Object.is(v, products.complex[i]));
  }
  return {
    platform: t.platform(),
    crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
    chunksByWorkers,
    jobs: t.jobsRun(),
    products,
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
        const w = new Worker('/threads.js');
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
