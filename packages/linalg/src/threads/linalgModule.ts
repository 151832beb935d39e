/**
 * This package's worker module (`workerModule.generated.ts`) as a task module for
 * `kernels.runParallelTasks` — the batch loop, the divide-and-conquer merges and trees, the
 * mirror and the back-transformations all run tasks of this one module — and the way most of
 * them run a job of parts on it.
 */
import { kernels } from '@svd/tensor';
import { BATCH_MODULE_ID, BATCH_MODULE_SOURCE } from './workerModule.generated.js';

export const LINALG_MODULE: kernels.TaskModule = { id: BATCH_MODULE_ID, source: BATCH_MODULE_SOURCE };

/**
 * Runs `parts` parts of `job` as worker task `task` of the linalg module, the caller's share by
 * `runOnCaller`. A part a worker threw in is rerun on the caller, so every error is the caller's;
 * they are recorded (a throw would abandon the job while workers still write its arrays) and the
 * earliest part's is raised once all parts are done.
 */
export function runModuleParts(
  op: string,
  task: string,
  job: unknown,
  parts: number,
  runOnCaller: (part: number) => void,
): void {
  const failures: { part: number; err: unknown }[] = [];
  kernels.runParallelTasks(op, LINALG_MODULE, task, job, parts, (p) => {
    try {
      runOnCaller(p);
    } catch (err) {
      failures.push({ part: p, err });
    }
  });
  if (failures.length > 0) throw failures.reduce((x, y) => (y.part < x.part ? y : x)).err;
}
