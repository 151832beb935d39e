/**
 * The shared-memory protocol between the calling thread and the pool workers, used by both sides
 * (`threadPool.ts` on the caller, `workerMain.ts` in the workers). One job is a set of chunks —
 * disjoint parts of the output — in a fresh SharedArrayBuffer control block:
 *
 *   ctrl[DONE_COUNT]  chunks finished (the caller waits on this word)
 *   ctrl[CANCEL]      1: the caller gave up on the job; claim nothing more
 *   ctrl[CHUNKS + c]  state of chunk c: FREE, the claimer's id + 1, DONE_BY_CALLER,
 *                     DONE_BY_WORKER, or FAILED (a worker threw; the caller reruns it)
 *
 * A chunk is claimed with a compare-and-swap FREE → id + 1, so a chunk has one owner at a time and
 * the caller can take over a chunk whose worker died (its status word says DEAD) or failed. A job
 * whose control block was abandoned is never touched again: a worker that reads it late finds
 * nothing FREE (or CANCEL set), so scratch memory can be reused by the next job.
 */
export const DONE_COUNT = 0;
export const CANCEL = 1;
export const CHUNKS = 4;

export const FREE = 0;
export const DONE_BY_CALLER = -1;
export const DONE_BY_WORKER = -2;
export const FAILED = -3;

/** The caller's id (workers are 1 … threads − 1). */
export const CALLER_ID = 0;

/** Per-worker status words (a 16-byte SharedArrayBuffer each). */
export const ALIVE = 0;
export const DEAD = 1;
/** Microseconds the worker spent running chunks (diagnostics; wraps after ~35 min). */
export const BUSY_MICROS = 2;

/** A fresh control block for `chunks` chunks. */
export function controlBlock(chunks: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * (CHUNKS + chunks)));
}

/** Claims a FREE chunk for `id`; returns its index, or −1 when none is left. */
export function claimChunk(ctrl: Int32Array, chunks: number, id: number): number {
  if (Atomics.load(ctrl, CANCEL) !== 0) return -1;
  for (let c = 0; c < chunks; c++) {
    if (Atomics.load(ctrl, CHUNKS + c) === FREE && Atomics.compareExchange(ctrl, CHUNKS + c, FREE, id + 1) === FREE) {
      return c;
    }
  }
  return -1;
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
  /** fired[0] is set to 1 by the worker when it misbehaves (until then every job carries the fault). */
  readonly fired: Int32Array;
}

/** The messages the pool posts to a worker. */
export type PoolMessage =
  | { readonly type: 'init'; readonly id: number; readonly status: Int32Array }
  | {
      readonly type: 'job';
      readonly task: string;
      readonly job: unknown;
      readonly ctrl: Int32Array;
      readonly chunks: number;
      readonly fault: FaultInjection | null;
    };
