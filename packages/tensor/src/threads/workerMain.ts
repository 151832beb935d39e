/**
 * The entry point of a pool worker. `scripts/buildWorkerSource.ts` bundles it (with the kernels
 * it imports) into one self-contained script, committed as `workerSource.generated.ts`, which the
 * pool starts from source text (Node: `new Worker(code, { eval: true })`; browsers: a Blob URL),
 * so no file path has to be resolved in the ESM build, the CJS build or a user's bundle.
 *
 * A worker waits for job messages; for each it claims chunks of the job's control block until
 * none is left, runs them on the shared operands, and marks them done (`jobProtocol.ts`).
 */
import { complexGemm } from '../kernels/complexGemm.js';
import { gemm } from '../kernels/gemm.js';
import { setGemmPath } from '../kernels/gemmWasm.js';
import { type GemmJob, type GemmKernels, runGemmChunk } from './gemmTask.js';
import {
  ALIVE,
  BUSY_MICROS,
  DEAD,
  DONE_BY_WORKER,
  type FaultInjection,
  type PoolMessage,
  claimChunk,
  failChunk,
  finishChunk,
} from './jobProtocol.js';
import { type ModuleTaskJob, runModulePart } from './moduleTask.js';
import { markPoolWorker } from './threadConfig.js';

markPoolWorker();

const KERNELS: GemmKernels = { gemm, complexGemm };

/** The tasks a worker can run, by name: one chunk of the job per call. */
const TASKS: Record<string, (job: unknown, chunk: number) => void> = {
  gemm(job, chunk) {
    const j = job as GemmJob;
    setGemmPath(j.path);
    runGemmChunk(j, chunk, KERNELS);
  },
  // A part of a job of another package's code module (`parallelTasks.ts`).
  module(job, chunk) {
    runModulePart(job as ModuleTaskJob, chunk);
  },
};

interface MessagePortLike {
  on(event: 'message', listener: (m: PoolMessage) => void): void;
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
const nodePort = (proc?.getBuiltinModule?.('node:worker_threads') as { parentPort: MessagePortLike | null } | undefined)
  ?.parentPort;

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
    Atomics.store(s, ALIVE, 1);
    return;
  }
  const run = TASKS[msg.task];
  if (run === undefined || status === null) return;
  let first = true;
  for (let c = claimChunk(msg.ctrl, msg.chunks, id); c >= 0; c = claimChunk(msg.ctrl, msg.chunks, id)) {
    try {
      if (first && msg.fault !== null && msg.fault.worker === id) injectFault(msg.fault);
      first = false;
      const t0 = performance.now();
      run(msg.job, c);
      Atomics.add(status, BUSY_MICROS, Math.round(1000 * (performance.now() - t0)));
    } catch {
      // The caller reruns the chunk and so raises the error itself; this worker stops claiming.
      failChunk(msg.ctrl, c);
      return;
    }
    finishChunk(msg.ctrl, c, DONE_BY_WORKER);
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
