/**
 * The entry of the code module the pool workers run for batches (`scripts/buildWorkerModule.ts`
 * bundles it with the kernels, and a copy of @svd/tensor, into `workerModule.generated.ts`). A
 * worker evaluates the bundle once and calls `batch(job, part)` for each part it claims
 * (`kernels.runParallelTasks` in @svd/tensor).
 */
import { kernels, setThreads } from '@svd/tensor';
import { type MirrorJob, runMirrorPart } from '../kernels/mirrorLower.js';
import { type SubtreeJob, runSubtreePart } from '../kernels/svd/bidiagonalTree.js';
import { type BackTransformJob, runBackTransformPart } from '../kernels/svd/parallelBackTransform.js';
import { type SecularJob, runSecularJobPart } from '../kernels/parallelSecular.js';
import { type TridiagonalSubtreeJob, runTridiagonalSubtreePart } from '../kernels/tridiagonalTree.js';
import { type BatchJob, runPart } from './batchRange.js';

// The bundle's own copy of @svd/tensor runs inside a pool worker: one thread, never a nested pool
// (and SVD_NUM_THREADS is never read there).
setThreads(1);

/** Runs part `part` of a batch job in a worker (throws on a failing matrix: the caller reruns the part). */
export function batch(args: unknown, part: number): void {
  const job = args as BatchJob;
  kernels.setGemmPath(job.gemmPath);
  runPart(job, part);
}

/** Runs part `part` of a secular phase of a large divide-and-conquer merge (`kernels/parallelSecular.ts`). */
export function secular(args: unknown, part: number): void {
  runSecularJobPart(args as SecularJob, part);
}

/** Runs part `part` of eigh's upper-triangle mirror (`kernels/mirrorLower.ts`). */
export function mirror(args: unknown, part: number): void {
  runMirrorPart(args as MirrorJob, part);
}

/** Runs part `part` of a job of independent divide-and-conquer subtrees (`kernels/svd/bidiagonalTree.ts`). */
export function subtree(args: unknown, part: number): void {
  const job = args as SubtreeJob;
  kernels.setGemmPath(job.gemmPath);
  runSubtreePart(job, part);
}

/** Runs part `part` of a job of independent tridiagonal divide-and-conquer subtrees (`kernels/tridiagonalTree.ts`). */
export function tridiagonalSubtree(args: unknown, part: number): void {
  const job = args as TridiagonalSubtreeJob;
  kernels.setGemmPath(job.gemmPath);
  runTridiagonalSubtreePart(job, part);
}

/** Runs part `part` of the SVD's back-transformation job (`kernels/svd/parallelBackTransform.ts`). */
export function reflectors(args: unknown, part: number): void {
  const job = args as BackTransformJob;
  kernels.setGemmPath(job.gemmPath);
  runBackTransformPart(job, part);
}
