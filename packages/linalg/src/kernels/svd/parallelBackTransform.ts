/**
 * The divide-and-conquer SVD's back-transformation, Uᵀ ← Uᵀ·Qᵀ and Vᵀ ← Vᵀ·Pᵀ
 * (blockedReflectors.ts), as two independent parts of one job on the thread pool
 * (`kernels.runParallelTasks`, worker task `reflectors`): one thread applies Q while another
 * applies P. Each part is the serial application (its products stay on its own thread), so the
 * bits are those of one thread. Why not the pooled GEMMs inside each application: their products
 * are thin (32 reflectors per block) and their T and Gram setup is serial, so two threads on one
 * application gained only ≈ 1.3×, while two whole applications side by side gain nearly 2×.
 */

import { ThreadError, getThreads, kernels } from '@svd/tensor';
import { LINALG_MODULE } from '../../threads/linalgModule.js';
import { type ReflectorStorage, applyReflectorsFromRight } from './blockedReflectors.js';
import { isSharedMemory } from '../isSharedMemory.js';

/** One application X ← X·H_{count−1}⋯H₀ (X row-major rows×len). */
export interface BackTransform {
  readonly x: Float64Array;
  readonly rows: number;
  readonly len: number;
  readonly reflectors: ReflectorStorage;
}

/** A job of independent applications (structured-cloned to the workers: each x shared). */
export interface BackTransformJob {
  /** Part p runs transforms[p]. */
  readonly transforms: readonly BackTransform[];
  /** The caller's GEMM path, applied in the workers too. */
  readonly gemmPath: kernels.GemmPath;
  /** started[p] = 1 once a thread began part p (it updates x in place: a rerun would apply twice). */
  readonly started: Int32Array;
}

/** Below this many multiply-adds in the smaller application, one thread runs both (pooled GEMMs). */
const PARALLEL_MIN_WORK = 1 << 24;

let backTransformJobs = 0;

/** Back-transformation jobs run on the pool since load (tests). */
export function backTransformJobsOnPool(): number {
  return backTransformJobs;
}

/** Runs part `part` of a job (the caller, or a worker's `reflectors` task). */
export function runBackTransformPart(job: BackTransformJob, part: number): void {
  Atomics.store(job.started, part, 1);
  const { x, rows, len, reflectors } = job.transforms[part]!;
  applyReflectorsFromRight(x, rows, len, reflectors);
}

/**
 * Applies every transform: side by side on the pool when threads are on and each is large
 * (outputs in shared memory), else one after the other (each on the pooled GEMMs).
 */
export function applyBackTransforms(transforms: readonly BackTransform[]): void {
  const work = (t: BackTransform): number => t.rows * t.len * t.reflectors.count;
  const parallel =
    transforms.length > 1 &&
    getThreads() > 1 &&
    kernels.parallelTasksAvailable() &&
    transforms.every((t) => isSharedMemory(t.x) && work(t) >= PARALLEL_MIN_WORK);
  if (!parallel) {
    for (const t of transforms) applyReflectorsFromRight(t.x, t.rows, t.len, t.reflectors);
    return;
  }
  const started = new Int32Array(new SharedArrayBuffer(4 * transforms.length));
  const job: BackTransformJob = { transforms, gemmPath: kernels.gemmPath(), started };
  // The caller records a failure instead of throwing (a throw would abandon the job while the
  // workers still write to its arrays). A part handed back by a worker that died or threw after
  // starting it has a partly transformed x, which cannot be redone: a ThreadError, as for the
  // pool's in-place GEMMs.
  const failures: unknown[] = [];
  backTransformJobs++;
  kernels.runParallelTasks('svd', LINALG_MODULE, 'reflectors', job, transforms.length, (p) => {
    try {
      if (Atomics.load(started, p) === 1) {
        throw new ThreadError('svd', 'a worker thread failed while transforming singular vectors in shared memory');
      }
      runBackTransformPart(job, p);
    } catch (err) {
      failures.push(err);
    }
  });
  if (failures.length > 0) throw failures[0];
}
