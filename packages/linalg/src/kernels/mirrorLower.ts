/**
 * The upper triangle of a symmetric trailing block from its lower one (a[r, c] = a[c, r] for
 * s ≤ r < c < n), for the blocked tridiagonalisation's full matrix–vector products
 * (blockedTridiagonalize.ts). A large block in shared memory is split into row ranges of about
 * equal size over the thread pool (the linalg worker module's task `mirror`); a copy has no
 * rounding, so the result is the same however it is split.
 */
import { getThreads, kernels } from '@svd/tensor';
import { runModuleParts } from '../threads/linalgModule.js';
import { isSharedMemory } from './isSharedMemory.js';

/** Tile edge of the transposition (reads down columns and writes along rows stay in cache). */
const TILE = 32;

/** Blocks of at least this order go to the pool (a 256² mirror copies 32 K values, ≈ 30 µs). */
const MIRROR_PARALLEL_MIN = 384;

/** A mirror job: rows bounds[p] … bounds[p+1] of the block are part p. */
export interface MirrorJob {
  readonly a: Float64Array;
  readonly n: number;
  readonly bounds: readonly number[];
}

/** Rows r0 … r1 (r0 on a tile boundary of the block) of the upper triangle from the lower. */
function mirrorRows(a: Float64Array, n: number, r0: number, r1: number): void {
  for (let t0 = r0; t0 < r1; t0 += TILE) {
    const t1 = Math.min(r1, t0 + TILE);
    for (let c0 = t0; c0 < n; c0 += TILE) {
      const c1 = Math.min(n, c0 + TILE);
      for (let r = t0; r < t1; r++) {
        const row = r * n;
        for (let c = Math.max(c0, r + 1); c < c1; c++) a[row + c] = a[c * n + r]!;
      }
    }
  }
}

/** Runs part `part` of a mirror job (the caller and the workers). */
export function runMirrorPart(job: MirrorJob, part: number): void {
  mirrorRows(job.a, job.n, job.bounds[part]!, job.bounds[part + 1]!);
}

/** a[r, c] = a[c, r] for s ≤ r < c < n (row-major n×n `a`). */
export function mirrorLower(a: Float64Array, n: number, s: number): void {
  const order = n - s;
  const shared = isSharedMemory(a);
  if (order < MIRROR_PARALLEL_MIN || !shared || getThreads() < 2 || !kernels.parallelTasksAvailable()) {
    mirrorRows(a, n, s, n);
    return;
  }
  // Row ranges of equal area: the rows from r on hold (n − r)²/2 values; boundaries on tiles.
  const parts = 4 * getThreads();
  const bounds = [s];
  for (let p = 1; p < parts; p++) {
    const r = n - order * Math.sqrt(1 - p / parts);
    const b = s + Math.round((r - s) / TILE) * TILE;
    if (b > bounds[bounds.length - 1]! && b < n) bounds.push(b);
  }
  bounds.push(n);
  const job: MirrorJob = { a, n, bounds };
  runModuleParts('eigh', 'mirror', job, bounds.length - 1, (p) => runMirrorPart(job, p));
}
