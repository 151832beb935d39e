/**
 * The shared-memory protocol between the calling thread and the pool workers, used by both sides
 * (`threadPool.ts` on the caller, `workerMain.ts` in the workers). One job is a set of chunks —
 * disjoint parts of the output — in a fresh SharedArrayBuffer control block:
 *
 *   ctrl[DONE_COUNT]  chunks finished (the caller waits on this word)
 *   ctrl[CANCEL]      1: the caller gave up on the job; claim nothing more
 *   ctrl[PUBLISHING]  chunks the caller is still going to publish (workers that find nothing to
 *                     claim wait on this word while it is not 0)
 *   ctrl[CHUNKS + c]  state of chunk c: UNPUBLISHED (its operands are not in shared memory yet:
 *                     only the caller may run it), FREE, the claimer's id + 1, DONE_BY_CALLER,
 *                     DONE_BY_WORKER, or FAILED (a worker threw; the caller reruns it)
 *
 * The caller claims from the front, workers from the back, so a job can publish its chunks from
 * the back (copying their operands into shared memory) while workers already run the first
 * published ones, and the caller runs the unpublished front ones on its own arrays, never copied.
 *
 * A chunk is claimed with a compare-and-swap FREE → id + 1, so a chunk has one owner at a time and
 * the caller can take over a chunk whose worker died (its status word says DEAD) or failed. A job
 * whose control block was abandoned is never touched again: a worker that reads it late finds
 * nothing FREE (or CANCEL set), so scratch memory can be reused by the next job.
 */
export const DONE_COUNT = 0;
export const CANCEL = 1;
export const PUBLISHING = 2;
export const CHUNKS = 4;

export const FREE = 0;
export const DONE_BY_CALLER = -1;
export const DONE_BY_WORKER = -2;
export const FAILED = -3;
export const UNPUBLISHED = -4;

/** The caller's id (workers are 1 … threads − 1). */
export const CALLER_ID = 0;

/** Per-worker status words (a 16-byte SharedArrayBuffer each). */
export const ALIVE = 0;
export const DEAD = 1;
/** Microseconds the worker spent running chunks (diagnostics; wraps after ~35 min). */
export const BUSY_MICROS = 2;
/** How the worker waits for jobs: WAKE_BY_DOORBELL or WAKE_BY_MESSAGE (0 until it started). */
export const WAKE_MODE = 3;
export const WAKE_BY_MESSAGE = 1;
export const WAKE_BY_DOORBELL = 2;

/**
 * The pool's doorbell, one Int32 shared by all workers: the caller posts a job message to each
 * worker, then increments bell[RING] and `Atomics.notify`s it. A Node worker sleeps in
 * `Atomics.wait` on that word — a futex, woken in tens of µs without going through its event loop
 * — and takes its messages with `receiveMessageOnPort`. Where there is no synchronous receive
 * (Web Workers), workers wait for the message event instead and the bell is rung for nobody.
 */
export const RING = 0;

/** A fresh control block for `chunks` chunks. */
export function controlBlock(chunks: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * (CHUNKS + chunks)));
}

/**
 * Claims a chunk for `id`; returns its index, or −1 when none is left. Workers take the last
 * FREE chunk; the caller takes the first FREE or UNPUBLISHED one (it runs on its own arrays).
 */
export function claimChunk(ctrl: Int32Array, chunks: number, id: number): number {
  if (Atomics.load(ctrl, CANCEL) !== 0) return -1;
  if (id !== CALLER_ID) {
    for (let c = chunks - 1; c >= 0; c--) {
      if (Atomics.load(ctrl, CHUNKS + c) === FREE && Atomics.compareExchange(ctrl, CHUNKS + c, FREE, id + 1) === FREE) {
        return c;
      }
    }
    return -1;
  }
  for (let c = 0; c < chunks; c++) {
    const state = Atomics.load(ctrl, CHUNKS + c);
    if (
      (state === FREE || state === UNPUBLISHED) &&
      Atomics.compareExchange(ctrl, CHUNKS + c, state, id + 1) === state
    ) {
      return c;
    }
  }
  return -1;
}

/**
 * Makes an UNPUBLISHED chunk claimable by workers (its operands are in shared memory now), one
 * fewer to publish, and wakes workers waiting for it; false when the caller had taken it.
 */
export function publishChunk(ctrl: Int32Array, c: number): boolean {
  const ok = Atomics.compareExchange(ctrl, CHUNKS + c, UNPUBLISHED, FREE) === UNPUBLISHED;
  Atomics.sub(ctrl, PUBLISHING, 1);
  Atomics.notify(ctrl, PUBLISHING);
  return ok;
}

/**
 * A worker's next chunk: claims one, or, while the caller is still publishing chunks, waits
 * (1 ms slices, so a cancelled job is noticed) for the next to appear. −1 when there is none.
 */
export function nextChunk(ctrl: Int32Array, chunks: number, id: number): number {
  for (;;) {
    const pending = Atomics.load(ctrl, PUBLISHING);
    const c = claimChunk(ctrl, chunks, id);
    if (c >= 0 || pending <= 0 || Atomics.load(ctrl, CANCEL) !== 0) return c;
    Atomics.wait(ctrl, PUBLISHING, pending, 1);
  }
}

/** Marks chunk c finished with `state` (DONE_BY_CALLER / DONE_BY_WORKER) and wakes the caller. */
export function finishChunk(ctrl: Int32Array, c: number, state: number): void {
  Atomics.store(ctrl, CHUNKS + c, state);
  Atomics.add(ctrl, DONE_COUNT, 1);
  Atomics.notify(ctrl, DONE_COUNT);
}

/** Marks chunk c FAILED (its output may be partly written) and wakes the caller. */
export function failChunk(ctrl: Int32Array, c: number): void {
  Atomics.store(ctrl, CHUNKS + c, FAILED);
  Atomics.notify(ctrl, DONE_COUNT);
}

/** Test hooks carried by a job message: make worker `worker` misbehave on its first chunk. */
export interface FaultInjection {
  readonly worker: number;
  readonly mode: 'exit' | 'throw' | 'hang';
  /** Misbehave after the chunk has written its output (default: before it starts). */
  readonly afterOutput?: boolean;
  /** fired[0] is set to 1 by the worker when it misbehaves (until then every job carries the fault). */
  readonly fired: Int32Array;
}

/** The messages the pool posts to a worker. */
export type PoolMessage =
  | { readonly type: 'init'; readonly id: number; readonly status: Int32Array; readonly bell: Int32Array }
  | {
      readonly type: 'job';
      readonly task: string;
      readonly job: unknown;
      readonly ctrl: Int32Array;
      readonly chunks: number;
      readonly fault: FaultInjection | null;
    };
