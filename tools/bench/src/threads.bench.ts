/**
 * Threads (issue #13): the same process, `setThreads(2)` against `setThreads(1)`, contenders
 * alternating run by run (so load changes on a shared machine hit both), medians of the runs.
 * Workers are started before timing (`internal.threadPoolTesting.warmUp`). Also the GEMM
 * crossover: square products of growing size forced onto the pool (crossover scale 0) against
 * one thread, and low-rank updates of a large C (the blocked reductions' trailing updates) with C
 * in ordinary and in shared memory. The CPU columns sum all threads of the process; "worker busy"
 * is the time workers spent inside chunks; the busiest-thread CPU ratio (Linux, from
 * /proc/self/task) is the speed-up the run would show with a core per thread. Then the batch
 * crossover: svd batches of growing size and matrix order forced onto the pool.
 * `THREADS_BENCH_QUICK=1` runs fewer repetitions; `THREADS_BENCH_ONLY=gemm` skips svd, eigh and
 * the batches; `THREADS_BENCH_ONLY=batch` runs only the batch rows and the batch crossover.
 */
import { loadavg } from 'node:os';
import { eigh, kernels as linalgKernels, svd } from '@svd/linalg';
import { Tensor, getThreads, internal, kernels, matmul, matrixTranspose, setThreads } from '@svd/tensor';
import { do_not_optimize } from 'mitata';
import { ThreadCpuTotals, threadCpuMs } from './threadCpu.js';
import { fmt, median, randomBuffer } from './util.js';

const quick = process.env.THREADS_BENCH_QUICK === '1';
const only = process.env.THREADS_BENCH_ONLY;

interface Timing {
  /** Median wall time, ms. */
  one: number;
  many: number;
  /** Median CPU time of the process (all threads, user + system), ms. */
  cpuOne: number;
  cpuMany: number;
  /** Median time the workers spent running chunks per run (ms, wall clock inside the chunks). */
  busyMany: number;
  /** CPU time of the busiest thread over all runs, ms (Linux; NaN elsewhere). */
  busiestOne: number;
  busiestMany: number;
}

const workerBusyMs = () => internal.threadPoolTesting.workerBusyMicros().reduce((x, y) => x + y, 0) / 1e3;
const load = () => loadavg()[0]!.toFixed(1);

/**
 * Alternates one run of each thread count `reps` times (after `warm` warm-up runs of each, so the
 * workers' copy of the code is compiled by the JIT as the caller's is): medians of the
 * wall time and of the process CPU time (which, summed over threads, shows the pool's overhead
 * even when the machine has no idle core to give the second thread).
 */
function interleaved(fn: () => unknown, reps: number, threads = 2, warm = 1): Timing {
  const one: number[] = [];
  const many: number[] = [];
  const cpuOne: number[] = [];
  const cpuMany: number[] = [];
  const busyMany: number[] = [];
  const threadsOne = new ThreadCpuTotals();
  const threadsMany = new ThreadCpuTotals();
  for (let w = 0; w < warm; w++) {
    for (const t of [1, threads]) {
      setThreads(t);
      do_not_optimize(fn());
    }
  }
  for (let r = 0; r < reps; r++) {
    for (const t of r % 2 === 0 ? [1, threads] : [threads, 1]) {
      setThreads(t);
      const b0 = workerBusyMs();
      const threadsBefore = threadCpuMs();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      do_not_optimize(fn());
      (t === 1 ? one : many).push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      (t === 1 ? cpuOne : cpuMany).push((c.user + c.system) / 1e3);
      if (t !== 1) busyMany.push(workerBusyMs() - b0);
      (t === 1 ? threadsOne : threadsMany).add(threadsBefore, threadCpuMs());
    }
  }
  return {
    one: median(one),
    many: median(many),
    cpuOne: median(cpuOne),
    cpuMany: median(cpuMany),
    busyMany: median(busyMany),
    busiestOne: threadsOne.busiest(),
    busiestMany: threadsMany.busiest(),
  };
}

const square = (n: number, seed: number) => new Tensor(randomBuffer(n * n, seed), 'float64', [n, n]);

export default async function threadsBench(): Promise<string> {
  const saved = getThreads();
  setThreads(2);
  const ready = await internal.threadPoolTesting.warmUp();
  const rows: string[] = [];
  const loadBefore = load();
  const row = (name: string, r: Timing, target: string) =>
    rows.push(
      `| ${name} | ${fmt(r.one, 1)} | ${fmt(r.many, 1)} | ${fmt(r.one / r.many)}× | ${target} | ` +
        `${fmt(r.cpuOne, 0)} | ${fmt(r.cpuMany, 0)} | ${fmt(r.busyMany, 0)} | ` +
        `${fmt(r.busiestOne / r.busiestMany)}× | ${load()} |`,
    );
  const header = [
    `### Threads: 2 threads against 1, same process (workers ready: ${ready}; load average ${loadBefore} at the start)`,
    '',
    '| operation | 1 thread (ms) | 2 threads (ms) | speed-up | issue #13 target | CPU, 1 thread (ms) | CPU, 2 threads (ms) | worker busy (ms) | busiest-thread CPU ratio | load |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];

  const batch = new Tensor(randomBuffer(256 * 32 * 32, 4), 'float64', [256, 32, 32]);
  if (only === 'batch') {
    // "before": the batch loop kept serial (crossover out of reach), the code path before issue
    // #13's batches, measured under the same load
    linalgKernels.batchParallelTesting.setCrossoverScale(Number.POSITIVE_INFINITY);
    row(
      'svd of 256 × 32² (batch), batches serial (before)',
      interleaved(() => svd(batch), quick ? 5 : 15),
      '—',
    );
    linalgKernels.batchParallelTesting.setCrossoverScale(1);
    row(
      'svd of 256 × 32² (batch)',
      interleaved(() => svd(batch), quick ? 5 : 15),
      '≥ 1.6×',
    );
    const sym = new Tensor(randomBuffer(256 * 32 * 32, 8), 'float64', [256, 32, 32]);
    row(
      'eigh of 256 × 32² (batch)',
      interleaved(() => eigh(sym), quick ? 5 : 15),
      '—',
    );
    const batchCross = process.env.THREADS_BENCH_NO_CROSSOVER === '1' ? [] : batchCrossover();
    setThreads(saved);
    return [...header, ...rows, '', ...batchCrossoverTable(batchCross)].join('\n');
  }

  const A = square(1024, 1);
  const B = square(1024, 2);
  row(
    'matmul 1024²',
    interleaved(() => matmul(A, B), quick ? 5 : 11),
    '≥ 1.7×',
  );
  if (only !== 'gemm') {
    const S = square(1024, 3);
    const H = matmul(S, matrixTranspose(S));
    row(
      'svd 1024² (U, S, V)',
      interleaved(() => svd(S), quick ? 1 : 9),
      '≥ 1.3×',
    );
    row(
      'eigh 1024²',
      interleaved(() => eigh(H), quick ? 1 : 9),
      '≥ 1.3×',
    );
    row(
      'svd of 256 × 32² (batch)',
      // ten warm-ups: a worker's copy of the batch kernels runs 2–10× slower for its first calls
      interleaved(() => svd(batch), quick ? 3 : 21, 2, 10),
      '≥ 1.6×',
    );
  }

  // Crossover: products forced onto the pool from the smallest size on.
  internal.gemmParallelTesting.setCrossoverScale(0);
  const cross: string[] = [];
  for (const n of [64, 96, 128, 160, 192, 256, 320, 384, 512]) {
    const a = randomBuffer(n * n, 5);
    const b = randomBuffer(n * n, 6);
    const c = new Float64Array(n * n);
    const z = new Float64Array(2 * n * n);
    const za = randomBuffer(2 * n * n, 7);
    const real = () =>
      kernels.gemm(n, n, n, 1, kernels.rowMajor(a, n), kernels.rowMajor(b, n), 0, kernels.rowMajor(c, n));
    const cplx = () =>
      kernels.complexGemm(
        n,
        n,
        n,
        [1, 0],
        kernels.rowMajor(za, n),
        kernels.rowMajor(za, n),
        [0, 0],
        kernels.rowMajor(z, n),
      );
    const reps = Math.max(5, Math.min(101, Math.round(2e8 / n ** 3)));
    // several calls per sample for the small sizes (timer resolution)
    const inner = Math.max(1, Math.round(2e6 / n ** 3));
    const loop = (f: () => void) => () => {
      for (let i = 0; i < inner; i++) f();
    };
    const r = interleaved(loop(real), quick ? Math.min(reps, 9) : reps);
    const z2 = interleaved(loop(cplx), quick ? Math.min(reps, 9) : reps);
    cross.push(
      `| ${n} | ${fmt((1e3 * r.one) / inner, 0)} | ${fmt((1e3 * r.many) / inner, 0)} | ${fmt(r.one / r.many)}× | ` +
        `${fmt((1e3 * z2.one) / inner, 0)} | ${fmt((1e3 * z2.many) / inner, 0)} | ${fmt(z2.one / z2.many)}× |`,
    );
  }
  // Low-rank updates of a large C (the blocked reductions' trailing updates), C in ordinary
  // memory and in shared memory (the bidiagonalisation's workspace): C (n×n) += A (n×k)·B (k×n).
  const lowRank: string[] = [];
  for (const [n, k] of [
    [1024, 32],
    [1024, 64],
    [512, 32],
    [512, 64],
  ] as const) {
    const a = randomBuffer(n * k, 8);
    const b = randomBuffer(k * n, 9);
    const plain = new Float64Array(n * n);
    const shared = new Float64Array(new SharedArrayBuffer(8 * n * n));
    const upd = (c: Float64Array) => () =>
      kernels.gemm(n, n, k, -1, kernels.rowMajor(a, k), kernels.rowMajor(b, n), 1, kernels.rowMajor(c, n));
    const reps = quick ? 9 : 31;
    const p = interleaved(upd(plain), reps);
    const q = interleaved(upd(shared), reps);
    lowRank.push(
      `| ${n}×${k}·${k}×${n} | ${fmt(1e3 * p.one, 0)} | ${fmt(1e3 * p.many, 0)} | ${fmt(p.one / p.many)}× | ` +
        `${fmt(1e3 * q.many, 0)} | ${fmt(q.one / q.many)}× |`,
    );
  }
  internal.gemmParallelTesting.setCrossoverScale(1);
  const batchCross = only === 'gemm' ? [] : batchCrossover();
  setThreads(saved);

  return [
    ...header,
    ...rows,
    '',
    '#### GEMM crossover (n×n·n×n forced onto the pool; µs per product)',
    '',
    '| n | real 1 thread | real 2 threads | speed-up | complex 1 thread | complex 2 threads | speed-up |',
    '|---|---|---|---|---|---|---|',
    ...cross,
    '',
    '#### Low-rank updates C += A·B (forced onto the pool; µs per product)',
    '',
    '| shape | 1 thread | 2 threads, C ordinary | speed-up | 2 threads, C shared | speed-up |',
    '|---|---|---|---|---|---|',
    ...lowRank,
    '',
    ...batchCrossoverTable(batchCross),
  ].join('\n');
}

/**
 * svd (U, S, V) of batches of n×n matrices, count growing, forced onto the pool (batch crossover
 * scale 0) against one thread: where one matrix per thread starts to pay.
 */
function batchCrossover(): string[] {
  linalgKernels.batchParallelTesting.setCrossoverScale(0);
  const out: string[] = [];
  for (const [n, counts] of [
    [8, [16, 64, 256, 1024]],
    [16, [4, 16, 64, 256]],
    [32, [2, 4, 8, 16, 32, 64]],
    [64, [2, 4, 8]],
  ] as const) {
    for (const count of counts) {
      const t = new Tensor(randomBuffer(count * n * n, 9), 'float64', [count, n, n]);
      const work = count * n ** 3;
      const inner = Math.max(1, Math.round(2e6 / work));
      const r = interleaved(
        () => {
          for (let i = 0; i < inner; i++) svd(t);
        },
        quick ? 7 : 15,
      );
      out.push(
        `| ${count} × ${n}² | ${work} | ${fmt((1e3 * r.one) / inner, 0)} | ${fmt((1e3 * r.many) / inner, 0)} | ` +
          `${fmt(r.one / r.many)}× | ${fmt((1e3 * r.cpuOne) / inner, 0)} | ${fmt((1e3 * r.cpuMany) / inner, 0)} | ` +
          `${fmt(r.busiestOne / r.busiestMany)}× |`,
      );
    }
  }
  linalgKernels.batchParallelTesting.setCrossoverScale(1);
  return out;
}

function batchCrossoverTable(batchCross: string[]): string[] {
  if (batchCross.length === 0) return [];
  return [
    '#### Batch crossover (svd with vectors of count × n², forced onto the pool; µs per batch)',
    '',
    '| batch | Σ n³ | 1 thread | 2 threads | speed-up | CPU, 1 thread | CPU, 2 threads | busiest-thread CPU ratio |',
    '|---|---|---|---|---|---|---|---|',
    ...batchCross,
    '',
  ];
}
