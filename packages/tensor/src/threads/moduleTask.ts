/**
 * The worker side of generic parallel tasks (`parallelTasks.ts`): a pool worker can run named
 * functions of a code module that another package hands over as source text — how @svd/linalg
 * runs its decompositions in the workers without @svd/tensor knowing them.
 *
 * The module text travels once per job as UTF-16 code units in a SharedArrayBuffer (so posting a
 * job never copies it; `TextDecoder` refuses shared memory in browsers, hence code units). Each
 * worker evaluates a module once, as the body of a function returning its task table, and keeps
 * it by id for later jobs. A module that fails to evaluate (a page whose Content-Security-Policy
 * forbids 'unsafe-eval' in workers) makes every part fail in the worker, so the caller runs them
 * itself with the same code it imported statically: same result, no threads.
 */

/** A module's task: runs part `part` of a job on `args` (which hold views of shared memory). */
export type ModuleTaskFunction = (args: unknown, part: number) => void;

/** The job of the worker task `module`. */
export interface ModuleTaskJob {
  /** Identifies the module text (a worker evaluates each id once). */
  readonly moduleId: string;
  /** The module text as UTF-16 code units in a SharedArrayBuffer. */
  readonly source: Uint16Array;
  /** The name of the function in the module's task table. */
  readonly task: string;
  readonly args: unknown;
}

type TaskTable = Readonly<Record<string, unknown>>;

const loaded = new Map<string, TaskTable | Error>();

/** The module text from shared code units (in slices: `fromCharCode` takes arguments, not arrays). */
export function decodeSource(units: Uint16Array): string {
  const parts: string[] = [];
  const SLICE = 8192;
  for (let i = 0; i < units.length; i += SLICE) {
    // A copy out of shared memory: apply() does not take a shared typed array everywhere.
    parts.push(String.fromCharCode.apply(null, Array.from(units.subarray(i, i + SLICE))));
  }
  return parts.join('');
}

function load(job: ModuleTaskJob): TaskTable {
  let m = loaded.get(job.moduleId);
  if (m === undefined) {
    try {
      const table: unknown = new Function(decodeSource(job.source))();
      m =
        typeof table === 'object' && table !== null
          ? (table as TaskTable)
          : new Error(`module ${job.moduleId} returned no task table`);
    } catch (err) {
      m = err instanceof Error ? err : new Error(String(err));
    }
    loaded.set(job.moduleId, m);
  }
  if (m instanceof Error) throw m;
  return m;
}

/** Runs one part of a module job in a worker; throws (the part is then rerun by the caller) on any failure. */
export function runModulePart(job: ModuleTaskJob, part: number): void {
  const fn = load(job)[job.task];
  if (typeof fn !== 'function') throw new Error(`module ${job.moduleId} has no task ${job.task}`);
  (fn as ModuleTaskFunction)(job.args, part);
}
