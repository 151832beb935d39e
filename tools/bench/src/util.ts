import { spawnSync } from 'node:child_process';
import { do_not_optimize, measure } from 'mitata';

/** Median wall time of `fn` in milliseconds (mitata's p50). */
export async function medianMs(
  fn: () => unknown,
  opts: { minSamples?: number; minCpuMs?: number } = {},
): Promise<number> {
  const stats = await measure(fn, {
    min_samples: opts.minSamples ?? 12,
    min_cpu_time: (opts.minCpuMs ?? 642) * 1e6,
  });
  return stats.p50 / 1e6;
}

/** Formats a number with `digits` decimals, or '—' when absent. */
export function fmt(x: number | undefined, digits = 2): string {
  return x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits);
}

/** Uniform [-1, 1) entries from a fixed-seed generator (mulberry32). */
export function randomBuffer(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/**
 * Runs a Python snippet with numpy pinned to one thread, or returns null when python3 / numpy
 * is missing. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset for this command only: the
 * machine sets them for old OpenBLAS builds, and they slow a current numpy down.
 */
export function runNumpy(script: string, python = 'python3'): string | null {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPENBLAS_NUM_THREADS: '1',
    OMP_NUM_THREADS: '1',
    MKL_NUM_THREADS: '1',
  };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync(python, ['-c', script], { env, encoding: 'utf8', timeout: 300_000 });
  if (r.error || r.status !== 0) return null;
  return r.stdout;
}

/** Python prelude: imports, and a description of the BLAS numpy will use (threadpoolctl). */
export const PY_PRELUDE = `
import json, statistics, timeit
import numpy as np
try:
    from threadpoolctl import threadpool_info
    blas = [f"{i.get('internal_api')} {i.get('version')} ({i.get('architecture')}, {i.get('num_threads')} thread)" for i in threadpool_info() if i.get('user_api') == 'blas']
except Exception:
    blas = []
def median_ms(f, n):
    number = max(1, int(2e8 // (8 * n ** 3)))
    f()
    return statistics.median(timeit.repeat(f, number=number, repeat=7)) / number * 1e3
`;

/** Median of a list of numbers (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/** Median of `reps` timed calls after one untimed warm-up call (for calls too slow for mitata). */
export function medianOfRuns(fn: () => unknown, reps: number): number {
  fn();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    do_not_optimize(fn());
    ts.push(performance.now() - t0);
  }
  return median(ts);
}
