/**
 * Generic parallel tasks on the thread pool, for work @svd/tensor does not know itself: another
 * package (@svd/linalg, for batches of decompositions) hands over a code module as source text
 * and a job whose parts write disjoint ranges of shared memory. The caller runs parts with its
 * own statically imported code (`runOnCaller`), the workers with the same code evaluated from the
 * text (`moduleTask.ts`), so each part gives the same bits wherever it runs.
 *
 * Where the pool cannot run the module — one thread, no SharedArrayBuffer, a thread that may not
 * block, inside a pool worker, or code evaluation forbidden (a Content-Security-Policy without
 * 'unsafe-eval') — every part runs on the caller, in order: same result, no threads.
 *
 * While a job runs, the products its parts compute on the caller stay serial (`taskJobActive`):
 * the workers are busy with the job's other parts.
 */
import type { ModuleTaskJob } from './moduleTask.js';
import { isPoolWorker } from './threadConfig.js';
import { poolUsable, runJob } from './threadPool.js';

/** A code module for the workers: the body of a function that returns its task table. */
export interface TaskModule {
  /** Names this text: a worker evaluates each id once, so a changed text needs a new id. */
  readonly id: string;
  /** `return { task(args, part) { … }, … }` with everything the tasks need bundled in. */
  readonly source: string;
}

const encoded = new Map<string, Uint16Array>();
let active = false;
let evalAllowed: boolean | undefined;

/** Whether this realm may evaluate code from text (a CSP without 'unsafe-eval' forbids it; workers inherit it). */
function codeEvaluationAllowed(): boolean {
  if (evalAllowed === undefined) {
    try {
      evalAllowed = new Function('return 1')() === 1;
    } catch {
      evalAllowed = false;
    }
  }
  return evalAllowed;
}

/**
 * Whether `runParallelTasks` would use worker threads now: more than one thread, a platform whose
 * workers may block and share memory, not already inside a parallel job or a pool worker, and
 * code evaluation allowed.
 *
 * @example
 * if (!kernels.parallelTasksAvailable()) runAllPartsHere(); // same result, one thread
 */
export function parallelTasksAvailable(): boolean {
  return !active && !isPoolWorker() && poolUsable() && codeEvaluationAllowed();
}

/** True while the calling thread runs the parts of a parallel task job. */
export function taskJobActive(): boolean {
  return active;
}

function sourceUnits(module: TaskModule): Uint16Array {
  let units = encoded.get(module.id);
  if (units === undefined) {
    units = new Uint16Array(new SharedArrayBuffer(2 * module.source.length));
    for (let i = 0; i < module.source.length; i++) units[i] = module.source.charCodeAt(i);
    encoded.set(module.id, units);
  }
  return units;
}

/**
 * Runs parts 0 … parts − 1 of a job: `runOnCaller(p)` on the calling thread, `module`'s function
 * `task(args, p)` in the pool workers, each part exactly once (a part a worker could not finish —
 * it died, threw, or cannot evaluate the module — is rerun by `runOnCaller`). Synchronous: returns
 * when every part is done. `args` is structured-cloned to the workers, so its typed arrays must be
 * views of SharedArrayBuffers, and parts must write disjoint memory. Without usable workers the
 * parts run on the caller in order.
 *
 * `runOnCaller` should not throw (a thrown error abandons the job: workers may still be writing
 * its shared memory, which must then not be reused); record errors and raise them after.
 *
 * @throws ThreadError when the workers stop making progress for the pool's stall timeout
 *
 * @example
 * const out = new Float64Array(new SharedArrayBuffer(8 * n));
 * kernels.runParallelTasks('myOp', MODULE, 'fill', { out }, 4, (p) => fillPart(out, p));
 */
export function runParallelTasks(
  op: string,
  module: TaskModule,
  task: string,
  args: unknown,
  parts: number,
  runOnCaller: (part: number) => void,
): void {
  if (parts < 2 || !parallelTasksAvailable()) {
    for (let p = 0; p < parts; p++) runOnCaller(p);
    return;
  }
  const job: ModuleTaskJob = { moduleId: module.id, source: sourceUnits(module), task, args };
  active = true;
  try {
    runJob(op, 'module', job, parts, runOnCaller);
  } finally {
    active = false;
  }
}
