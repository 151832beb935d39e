/**
 * How many threads the kernels may use: `setThreads` / `getThreads`, the default from the
 * available cores, and the `SVD_NUM_THREADS` environment variable (read once, like
 * `OMP_NUM_THREADS`, the first time the thread count is needed).
 */
import { ValueError } from '../errors.js';
import { availableCores, emitWarning, envVar } from './platform.js';

/** The default never exceeds this many threads (memory bandwidth, not cores, limits GEMM beyond). */
export const DEFAULT_MAX_THREADS = 16;

/** Upper bound for `setThreads` and `SVD_NUM_THREADS`. */
export const MAX_THREADS = 256;

let threads: number | undefined;
let workerThread = false;

/**
 * Parses a `SVD_NUM_THREADS` value: a whole number 1 … 256 (spaces around it allowed), else a
 * message saying what is wrong.
 */
export function parseThreadCount(value: string): number | string {
  const t = value.trim();
  if (!/^\d+$/.test(t)) return `expected a whole number of threads ≥ 1, got ${JSON.stringify(value)}`;
  const n = Number(t);
  if (n < 1 || n > MAX_THREADS) return `expected 1 … ${MAX_THREADS} threads, got ${n}`;
  return n;
}

/**
 * The default thread count: `SVD_NUM_THREADS` when set and valid; otherwise the available cores,
 * at most {@link DEFAULT_MAX_THREADS}. An invalid `SVD_NUM_THREADS` gives one warning
 * (code SVD_NUM_THREADS) and the core-based default — a bad variable must not make the library
 * fail to load.
 */
export function defaultThreadCount(env: string | undefined = envVar('SVD_NUM_THREADS')): number {
  if (env !== undefined && env !== '') {
    const parsed = parseThreadCount(env);
    if (typeof parsed === 'number') return parsed;
    emitWarning(`SVD_NUM_THREADS is ignored: ${parsed}; using the number of cores`, 'SVD_NUM_THREADS');
  }
  return Math.min(availableCores(), DEFAULT_MAX_THREADS);
}

/**
 * Sets how many threads the kernels of every @svd package may use: the calling thread plus
 * `n − 1` worker threads, started lazily by the first product large enough to gain from them.
 * `setThreads(1)` runs everything on the calling thread. Results are bit-identical for every
 * thread count. Where the calling thread may not block (a browser's main thread, a page that is
 * not cross-origin isolated) work runs on the calling thread whatever `n` is.
 *
 * @param n - a whole number 1 … 256
 * @throws ValueError when `n` is not a whole number in 1 … 256
 *
 * @example
 * import { setThreads, getThreads } from '@svd/tensor';
 * setThreads(4);
 * getThreads(); // 4
 * setThreads(1); // single-threaded, exactly as without a pool
 */
export function setThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    throw new ValueError('setThreads', `n must be a whole number 1 … ${MAX_THREADS}, got ${n}`);
  }
  threads = workerThread ? 1 : n;
}

/**
 * The number of threads the kernels may use (see {@link setThreads}): by default
 * `SVD_NUM_THREADS` if set, else the available cores (`os.availableParallelism()` in Node,
 * `navigator.hardwareConcurrency` in browsers), at most 16.
 *
 * @example
 * import { getThreads } from '@svd/tensor';
 * console.log(`@svd runs on ${getThreads()} threads`);
 */
export function getThreads(): number {
  threads ??= defaultThreadCount();
  return threads;
}

/** Marks this thread as a pool worker: one thread, and SVD_NUM_THREADS is never read. */
export function markPoolWorker(): void {
  workerThread = true;
  threads = 1;
}

/** True inside a pool worker. */
export function isPoolWorker(): boolean {
  return workerThread;
}
