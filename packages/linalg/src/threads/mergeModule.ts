/**
 * This package's worker module (`workerModule.generated.ts`) as a task module for
 * `kernels.runParallelTasks`: the batch loop and the divide-and-conquer merges use the same one.
 */
import type { kernels } from '@svd/tensor';
import { BATCH_MODULE_ID, BATCH_MODULE_SOURCE } from './workerModule.generated.js';

export const MERGE_MODULE: kernels.TaskModule = { id: BATCH_MODULE_ID, source: BATCH_MODULE_SOURCE };
