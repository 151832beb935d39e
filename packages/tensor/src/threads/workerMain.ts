/**
 * The entry point of a pool worker. `scripts/buildWorkerSource.ts` bundles it (with the kernels
 * it imports) into one self-contained script, committed as `workerSource.generated.ts`, which the
 * pool starts from source text (Node: `new Worker(code, { eval: true })`; browsers: a Blob URL),
 * so no file path has to be resolved in the ESM build, the CJS build or a user's bundle.
 *
 * A worker waits for job messages; for each it claims chunks of the job's control block until
 * none is left, runs them on the shared operands, and marks them done (`jobProtocol.ts`).
 *
 * How it waits: in Node, after `init`, the worker never returns to its event loop. It sleeps in
 * `Atomics.wait` on the pool's doorbell and, when rung, takes its messages synchronously with
 * `receiveMessageOnPort` — a futex wake-up, with no event-loop turn in between (BENCHMARKS.md,
 * threads: 25–58 µs back to back with the message, 16.5 µs for the bare doorbell, 26–28 µs for a
 * message event; on a loaded machine the scheduler dominates either way). `worker.terminate()` and process exit still
 * end it (V8 interrupts `Atomics.wait`), and the pool `unref()`s it, so it never keeps a process
 * alive. Web Workers have no synchronous receive: they wait for the message event.
 */
import { complexGemm } from '../kernels/complexGemm.js';
import { gemm, packedGemm } from '../kernels/gemm.js';
import { addTransposedProductSerial, rowProductsSerial } from '../kernels/gemv.js';
import { setGemmPath } from '../kernels/gemmWasm.js';
import { type GemmJob, type GemmKernels, markStarted, runGemmChunk } from './gemmTask.js';
import {
  ALIVE,
  BUSY_MICROS,
  DEAD,
  DONE_BY_WORKER,
  type FaultInjection,
  type PoolMessage,
  RING,
  WAKE_BY_DOORBELL,
  WAKE_BY_MESSAGE,
  WAKE_MODE,
  failChunk,
  finishChunk,
  nextChunk,
} from './jobProtocol.js';
import { type GemvJob, runGemvChunkInWorker } from './gemvTask.js';
import { type ModuleTaskJob, runModulePart } from './moduleTask.js';
import { markPoolWorker } from './threadConfig.js';

markPoolWorker();

const KERNELS: GemmKernels = { gemm, packedGemm, complexGemm };

/** The tasks a worker can run, by name: one chunk of the job per call. */
const TASKS: Record<string, (job: unknown, chunk: number) => void> = {
  gemm(job, chunk) {
    const j = job as GemmJob;
    setGemmPath(j.path);
    markStarted(j, chunk);
    runGemmChunk(j, chunk, KERNELS);
  },
  // A chunk of a matrix–vector product on the caller's shared gemv workspace (`parallelGemv.ts`).
  gemv(job, chunk) {
    const j = job as GemvJob;
    runGemvChunkInWorker(j, chunk, j.kind === 'rows' ? rowProductsSerial : addTransposedProductSerial);
  },
  // A part of a job of another package's code module (`parallelTasks.ts`).
  module(job, chunk) {
    runModulePart(job as ModuleTaskJob, chunk);
  },
};

interface MessagePortLike {
  on(event: 'message', listener: (m: PoolMessage) => void): void;
}
interface NodeWorkerThreads {
  parentPort: MessagePortLike | null;
  receiveMessageOnPort?: (port: MessagePortLike) => { message: PoolMessage } | undefined;
}
interface ProcessLike {
  getBuiltinModule?: (id: string) => unknown;
  on(event: 'exit', listener: () => void): void;
  exit(code: number): never;
}
interface WorkerScope {
  addEventListener(type: 'message', listener: (e: { data: PoolMessage }) => void): void;
}

const proc = (globalThis as { process?: ProcessLike }).process;
const workerThreads = proc?.getBuiltinModule?.('node:worker_threads') as NodeWorkerThreads | undefined;
const nodePort = workerThreads?.parentPort;

let id = -1;
let status: Int32Array | null = null;

function onMessage(msg: PoolMessage): void {
  if (msg.type === 'init') {
    id = msg.id;
    const s = msg.status;
    status = s;
    // However the worker ends (process.exit, an uncaught error), the caller learns it from this word.
    proc?.on('exit', () => {
      Atomics.store(s, DEAD, 1);
      Atomics.notify(s, DEAD);
    });
    const receive = workerThreads?.receiveMessageOnPort;
    const byDoorbell = nodePort != null && receive !== undefined;
    // the wake mode first: once ALIVE is seen, the mode is final
    Atomics.store(s, WAKE_MODE, byDoorbell ? WAKE_BY_DOORBELL : WAKE_BY_MESSAGE);
    Atomics.store(s, ALIVE, 1);
    if (byDoorbell) serveByDoorbell(msg.bell, () => receive(nodePort)?.message);
    return;
  }
  const run = TASKS[msg.task];
  if (run === undefined || status === null) return;
  let first = true;
  for (let c = nextChunk(msg.ctrl, msg.chunks, id); c >= 0; c = nextChunk(msg.ctrl, msg.chunks, id)) {
    try {
      const fault = first && msg.fault !== null && msg.fault.worker === id ? msg.fault : null;
      first = false;
      if (fault !== null && fault.afterOutput !== true) injectFault(fault);
      const t0 = performance.now();
      run(msg.job, c);
      Atomics.add(status, BUSY_MICROS, Math.round(1000 * (performance.now() - t0)));
      // after the chunk's output is written but before it counts as done (the worst case)
      if (fault !== null && fault.afterOutput === true) injectFault(fault);
    } catch {
      // The caller reruns the chunk and so raises the error itself; this worker stops claiming.
      failChunk(msg.ctrl, c);
      return;
    }
    finishChunk(msg.ctrl, c, DONE_BY_WORKER);
  }
}

/**
 * The Node worker's life after `init`: handle every queued message, then sleep on the doorbell.
 * No wake-up is lost: the caller posts before it rings, and the worker reads the bell before it
 * looks at the queue, so a message posted after that look comes with a ring the wait sees.
 */
function serveByDoorbell(bell: Int32Array, receive: () => PoolMessage | undefined): never {
  for (;;) {
    const rung = Atomics.load(bell, RING);
    let handled = false;
    for (let m = receive(); m !== undefined; m = receive()) {
      onMessage(m);
      handled = true;
    }
    // Right after a job, watch the bell for a while before sleeping: the blocked reductions post
    // a short job per column (their matrix–vector products, tens of µs each), and a futex
    // wake-up costs as much as the work.
    if (!handled || !spinOnBell(bell, rung)) Atomics.wait(bell, RING, rung);
  }
}

/** How long a worker watches the bell after a job before it sleeps (ms). */
const SPIN_MS = 0.2;

/** Polls bell[RING] until it changes from `rung` (true) or SPIN_MS pass (false). */
function spinOnBell(bell: Int32Array, rung: number): boolean {
  const until = performance.now() + SPIN_MS;
  for (let i = 1; ; i++) {
    if (Atomics.load(bell, RING) !== rung) return true;
    if ((i & 63) === 0 && performance.now() > until) return false;
  }
}

/** Test hook (see FaultInjection): die, throw, or stop responding in the middle of a chunk. */
function injectFault(fault: FaultInjection): void {
  Atomics.store(fault.fired, 0, 1);
  if (fault.mode === 'throw') throw new Error('injected fault');
  if (fault.mode === 'exit') {
    if (proc !== undefined) proc.exit(1);
    (globalThis as { close?: () => void }).close?.();
    throw new Error('injected exit');
  }
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
}

if (nodePort != null) nodePort.on('message', onMessage);
else (globalThis as unknown as WorkerScope).addEventListener('message', (e) => onMessage(e.data));
