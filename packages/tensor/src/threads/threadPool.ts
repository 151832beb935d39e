/**
 * The worker pool behind the multi-threaded kernels. Started lazily by the first job (never at
 * import), sized `getThreads() − 1` (the caller is the other thread), workers created from source
 * text and `unref()`ed so a process exits when its own work is done.
 *
 * Lowering the thread count leaves started workers idle (no CPU, some memory; unref()ed, so they
 * never delay exit), ready for when it is raised again.
 *
 * A job stays synchronous: the caller posts it to every worker and rings the doorbell (idle Node
 * workers sleep in `Atomics.wait` on it: a futex wake-up instead of an event-loop turn, see
 * `jobProtocol.ts`), publishes the chunks it stages for workers, claims and runs chunks itself
 * like any worker, then blocks in `Atomics.wait` (with a short timeout, in a loop) until every
 * chunk is done. Each pass of that loop also looks after failures, so a call never hangs:
 *  - a chunk whose worker died (its status word says DEAD) or threw (chunk FAILED) is rerun on
 *    the caller, into the caller's own output — the call completes with the same bits — and the
 *    dead worker is replaced at the next job;
 *  - when no chunk finishes for `stallTimeoutMs` (a worker stuck or killed without a trace), the
 *    job is cancelled, the stuck workers are terminated and replaced, and a ThreadError is thrown.
 * Workers that start late (a browser starts workers only when the caller yields) simply find no
 * chunk left: the caller never waits for a chunk nobody has claimed.
 */
import { ThreadError } from '../errors.js';
import {
  ALIVE,
  BUSY_MICROS,
  CALLER_ID,
  CANCEL,
  CHUNKS,
  DEAD,
  DONE_BY_CALLER,
  DONE_BY_WORKER,
  DONE_COUNT,
  FAILED,
  type FaultInjection,
  PUBLISHING,
  type PoolMessage,
  RING,
  UNPUBLISHED,
  WAKE_BY_DOORBELL,
  WAKE_BY_MESSAGE,
  WAKE_MODE,
  claimChunk,
  controlBlock,
  finishChunk,
  publishChunk,
} from './jobProtocol.js';
import { type WorkerHandle, threadSupport } from './platform.js';
import { discardScratch } from './sharedScratch.js';
import { getThreads, isPoolWorker } from './threadConfig.js';
import { WORKER_SOURCE } from './workerSource.generated.js';

interface Slot {
  readonly id: number;
  readonly handle: WorkerHandle;
  readonly status: Int32Array;
}

/** Worker slots by id (index 0, the caller, stays empty). */
const slots: (Slot | null)[] = [];
/** The doorbell all workers of this pool sleep on (`jobProtocol.ts`, RING). */
let bell: Int32Array | null = null;
let stallTimeoutMs = 30_000;
/** How long the caller watches the done counter before it sleeps on it (ms). */
const SPIN_MS = 0.1;
let fault: FaultInjection | null = null;
let started = 0;
let jobs = 0;
let lastByWorkers = 0;

/** Whether jobs can run on workers here: threads > 1, a platform that allows it, not in a worker. */
export function poolUsable(): boolean {
  return getThreads() > 1 && !isPoolWorker() && threadSupport().kind !== 'none';
}

function startWorker(id: number): Slot | null {
  const support = threadSupport();
  if (support.kind === 'none') return null;
  const status = new Int32Array(new SharedArrayBuffer(16));
  bell ??= new Int32Array(new SharedArrayBuffer(4));
  const handle = support.spawn(WORKER_SOURCE, `svd-worker-${id}`);
  const init: PoolMessage = { type: 'init', id, status, bell };
  handle.postMessage(init);
  started++;
  return { id, handle, status };
}

function dropWorker(id: number): void {
  const s = slots[id];
  if (s == null) return;
  slots[id] = null;
  s.handle.terminate();
}

/** The live workers for a job of `getThreads()` threads, replacing dead ones. */
function workers(): Slot[] {
  const want = getThreads() - 1;
  const out: Slot[] = [];
  for (let id = 1; id <= want; id++) {
    let s = slots[id] ?? null;
    if (s !== null && Atomics.load(s.status, DEAD) !== 0) {
      dropWorker(id);
      s = null;
    }
    if (s === null) {
      s = startWorker(id);
      slots[id] = s;
    }
    if (s !== null) out.push(s);
  }
  return out;
}

/**
 * How the caller stages the chunks of a job whose operands it copies into shared memory itself
 * (`parallelGemm.ts`). Chunks listed in `publishOrder` are published to the workers one by one
 * (`publish(c)` copies the chunk's operands, then workers may claim it; they take the last first),
 * while the caller's own chunks — the others, from the front — are never copied. `collect(c)`
 * copies a chunk a worker finished back from shared memory; the caller does it between its own
 * chunks, so little copying is left once the last chunk is done.
 */
export interface ChunkStaging {
  readonly publishOrder: readonly number[];
  /** Stages what every chunk reads (called once the workers were rung, before any publish). */
  shareCommon?(): void;
  /**
   * Called once the first chunk is published: stages what the chunks read and wait for
   * themselves (B packed whole, `gemmPanels.ts`).
   */
  afterFirstPublish?(): void;
  publish(c: number): void;
  collect(c: number): void;
}

/**
 * Runs a job of `chunks` chunks on the pool and the caller: workers run `task` (a name the worker
 * knows) on `job` (structured-cloned; its typed arrays must be views of SharedArrayBuffers), the
 * caller runs `runOnCaller(c)` on its own operands. Returns, per chunk, whether a worker did it
 * (its output is in the shared buffers — and copied back already when `staging` collects; the
 * caller's is already in place).
 *
 * @throws ThreadError when workers stop making progress for the stall timeout
 */
export function runJob(
  op: string,
  task: string,
  job: unknown,
  chunks: number,
  runOnCaller: (c: number) => void,
  staging?: ChunkStaging,
): boolean[] {
  const ctrl = controlBlock(chunks);
  if (staging !== undefined) {
    for (let c = 0; c < chunks; c++) Atomics.store(ctrl, CHUNKS + c, UNPUBLISHED);
    Atomics.store(ctrl, PUBLISHING, staging.publishOrder.length);
  }
  if (fault !== null && Atomics.load(fault.fired, 0) !== 0) fault = null;
  const msg: PoolMessage = { type: 'job', task, job, ctrl, chunks, fault };
  jobs++;
  const team = workers();
  for (const s of team) s.handle.postMessage(msg);
  if (bell !== null && team.length > 0) {
    Atomics.add(bell, RING, 1);
    Atomics.notify(bell, RING);
  }

  const collected = new Array<boolean>(chunks).fill(false);
  const collect = (): void => {
    if (staging === undefined) return;
    for (let c = 0; c < chunks; c++) {
      if (!collected[c] && Atomics.load(ctrl, CHUNKS + c) === DONE_BY_WORKER) {
        staging.collect(c);
        collected[c] = true;
      }
    }
  };
  try {
    if (staging !== undefined) {
      staging.shareCommon?.();
      for (let i = 0; i < staging.publishOrder.length; i++) {
        const c = staging.publishOrder[i]!;
        staging.publish(c);
        publishChunk(ctrl, c);
        if (i === 0) staging.afterFirstPublish?.();
      }
      if (staging.publishOrder.length === 0) staging.afterFirstPublish?.();
    }
    for (let c = claimChunk(ctrl, chunks, CALLER_ID); c >= 0; c = claimChunk(ctrl, chunks, CALLER_ID)) {
      runOnCaller(c);
      finishChunk(ctrl, c, DONE_BY_CALLER);
      collect();
    }
    waitForWorkers(op, ctrl, chunks, runOnCaller, collect);
  } catch (err) {
    // Workers may still be writing the shared buffers of this job: stop them from claiming more
    // and never reuse those buffers.
    Atomics.store(ctrl, CANCEL, 1);
    discardScratch();
    throw err;
  }
  collect();
  const byWorker = new Array<boolean>(chunks).fill(false);
  lastByWorkers = 0;
  for (let c = 0; c < chunks; c++) {
    byWorker[c] = Atomics.load(ctrl, CHUNKS + c) === DONE_BY_WORKER;
    if (byWorker[c]) lastByWorkers++;
  }
  return byWorker;
}

function waitForWorkers(
  op: string,
  ctrl: Int32Array,
  chunks: number,
  runOnCaller: (c: number) => void,
  collect: () => void,
): void {
  let done = Atomics.load(ctrl, DONE_COUNT);
  let lastProgress = Date.now();
  // The workers' chunks usually end within microseconds of the caller's (short jobs: the
  // reductions' matrix–vector products): watch the counter briefly before sleeping on it.
  const spinUntil = performance.now() + SPIN_MS;
  for (let i = 1; done < chunks; i++) {
    done = Atomics.load(ctrl, DONE_COUNT);
    if ((i & 63) === 0 && performance.now() > spinUntil) break;
  }
  while (done < chunks) {
    Atomics.wait(ctrl, DONE_COUNT, done, 5);
    const now = Atomics.load(ctrl, DONE_COUNT);
    if (now !== done) {
      done = now;
      lastProgress = Date.now();
      // copy finished chunks back while the others are still running
      if (done < chunks) collect();
      continue;
    }
    // Take over the chunks of workers that died or failed.
    for (let c = 0; c < chunks; c++) {
      const state = Atomics.load(ctrl, CHUNKS + c);
      const orphan = state === FAILED || (state > CALLER_ID + 1 && workerDead(state - 1));
      if (orphan && Atomics.compareExchange(ctrl, CHUNKS + c, state, CALLER_ID + 1) === state) {
        runOnCaller(c);
        finishChunk(ctrl, c, DONE_BY_CALLER);
        lastProgress = Date.now();
      }
    }
    done = Atomics.load(ctrl, DONE_COUNT);
    if (done < chunks && Date.now() - lastProgress > stallTimeoutMs) {
      const stuck = new Set<number>();
      for (let c = 0; c < chunks; c++) {
        const state = Atomics.load(ctrl, CHUNKS + c);
        if (state > CALLER_ID + 1) stuck.add(state - 1);
      }
      for (const id of stuck) dropWorker(id);
      throw new ThreadError(
        op,
        `worker thread(s) ${[...stuck].join(', ')} made no progress for ${stallTimeoutMs} ms ` +
          `(${chunks - done} of ${chunks} parts unfinished); they were stopped and will be replaced`,
      );
    }
  }
}

function workerDead(id: number): boolean {
  const s = slots[id];
  return s == null || Atomics.load(s.status, DEAD) !== 0;
}

/** Whether the workers of the current pool have started up (tests and benchmarks wait on it). */
export function workersReady(): boolean {
  const want = getThreads() - 1;
  for (let id = 1; id <= want; id++) {
    const s = slots[id];
    if (s == null || Atomics.load(s.status, ALIVE) !== 1) return false;
  }
  return true;
}

/**
 * Test and benchmark hooks of the thread pool (exported as `internal.threadPoolTesting`; not
 * semver-stable): start the workers ahead of time, count jobs, inject worker faults.
 *
 * @example
 * setThreads(2);
 * await internal.threadPoolTesting.warmUp(); // workers running before timing starts
 */
export const poolTesting = {
  /** Starts the workers now (instead of at the first large product) and waits until they run. */
  async warmUp(timeoutMs = 10_000): Promise<boolean> {
    if (!poolUsable()) return false;
    workers();
    const t0 = Date.now();
    while (!workersReady()) {
      if (Date.now() - t0 > timeoutMs) return false;
      await new Promise((r) => setTimeout(r, 5));
    }
    return true;
  },
  /**
   * Jobs make worker `worker` die ('exit'), throw, or hang on its first chunk — before it starts,
   * or with `afterOutput` once it has written its output — until it has.
   */
  injectFault(
    f: { readonly worker: number; readonly mode: 'exit' | 'throw' | 'hang'; readonly afterOutput?: boolean } | null,
  ): void {
    fault = f === null ? null : { ...f, fired: new Int32Array(new SharedArrayBuffer(4)) };
  },
  /** An injected fault has not happened yet. */
  faultPending(): boolean {
    return fault !== null && Atomics.load(fault.fired, 0) === 0;
  },
  /** Jobs run on the pool since load. */
  jobsRun(): number {
    return jobs;
  },
  /** Chunks of the last job that workers (not the caller) finished. */
  lastJobChunksByWorkers(): number {
    return lastByWorkers;
  },
  setStallTimeout(ms: number): void {
    stallTimeoutMs = ms;
  },
  /** Where the pool can run here: 'node', 'browser', or 'none: <why not>'. */
  platform(): string {
    const s = threadSupport();
    return s.kind === 'none' ? `none: ${s.reason}` : s.kind;
  },
  /** Microseconds each worker (by id) has spent running chunks. */
  workerBusyMicros(): number[] {
    return slots.map((s) => (s == null ? 0 : Atomics.load(s.status, BUSY_MICROS)));
  },
  /** How each worker (by id) waits for jobs: 'doorbell' (futex), 'message' (event loop) or 'starting'. */
  workerWakeModes(): string[] {
    return slots.map((s) => {
      const mode = s == null ? 0 : Atomics.load(s.status, WAKE_MODE);
      return mode === WAKE_BY_DOORBELL ? 'doorbell' : mode === WAKE_BY_MESSAGE ? 'message' : 'starting';
    });
  },
  /** Workers started since load (replacements included). */
  startedWorkers(): number {
    return started;
  },
  /** Stops every worker (the pool restarts lazily). */
  shutdown(): void {
    for (let id = 1; id < slots.length; id++) dropWorker(id);
    slots.length = 0;
    bell = null;
  },
};
