/**
 * eigh (symmetric, float64, row-major n×n) against numpy's `np.linalg.eigh` / `eigvalsh` with
 * OpenBLAS pinned to one thread, warm. Both sides are timed in CPU time of their own process
 * (`process.cpuUsage` / `time.process_time`), which a machine shared with other jobs inflates far
 * less than wall time; both are single-threaded, so CPU time is their run time on an idle core.
 * Each round times several calls of ours, then several of numpy's (a fresh warm subprocess), and
 * takes each side's median; the table shows the median over EIGH_ROUNDS rounds (default 3).
 * `pnpm bench eigh`; sizes from EIGH_SIZES (default 256,512,1024), complex Hermitian ones
 * (`kernels.hermitianEigen` vs numpy on complex128) from EIGH_COMPLEX_SIZES (default 256,512).
 */
import { kernels } from '@svd/linalg';
import { do_not_optimize } from 'mitata';
import { fmt, median, randomBuffer, runNumpy } from './util.js';

const SIZES = (process.env.EIGH_SIZES ?? '256,512,1024').split(',').filter(Boolean).map(Number);
const COMPLEX_SIZES = (process.env.EIGH_COMPLEX_SIZES ?? '256,512').split(',').filter(Boolean).map(Number);
const ROUNDS = Number(process.env.EIGH_ROUNDS ?? 3);

/** Interleaved Hermitian b + bᴴ. */
function hermitian(n: number): Float64Array {
  const r = randomBuffer(2 * n * n, n + 11);
  const a = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      a[2 * (i * n + j)] = r[2 * (i * n + j)]! + r[2 * (j * n + i)]!;
      a[2 * (i * n + j) + 1] = r[2 * (i * n + j) + 1]! - r[2 * (j * n + i) + 1]!;
    }
  }
  return a;
}

function symmetric(n: number): Float64Array {
  const r = randomBuffer(n * n, n + 7);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = r[i * n + j]! + r[j * n + i]!;
  return a;
}

const calls = (n: number): number => (n >= 1024 ? 3 : n >= 512 ? 5 : 9);

/** Median CPU milliseconds of one call. */
function oursMs(a: Float64Array, n: number, vectors: boolean, complex: boolean): number {
  const run = () => (complex ? kernels.hermitianEigen : kernels.symmetricEigen)(a, n, 'L', vectors);
  do_not_optimize(run()); // warm-up
  const times: number[] = [];
  for (let i = 0; i < calls(n); i++) {
    const c0 = process.cpuUsage();
    do_not_optimize(run());
    times.push(process.cpuUsage(c0).user / 1000);
  }
  return median(times);
}

function numpyMs(n: number, vectors: boolean, complex: boolean): number | undefined {
  const call = vectors ? 'np.linalg.eigh(a)' : 'np.linalg.eigvalsh(a)';
  const b = complex
    ? `rng.uniform(-1, 1, (${n}, ${n})) + 1j * rng.uniform(-1, 1, (${n}, ${n}))`
    : `rng.uniform(-1, 1, (${n}, ${n}))`;
  const out = runNumpy(`
import json, statistics, time
import numpy as np
rng = np.random.default_rng(${n})
b = ${b}
a = b + b.conj().T
for _ in range(3): ${call}
ts = []
for _ in range(${calls(n)}):
    t0 = time.process_time(); ${call}; ts.append(time.process_time() - t0)
print(json.dumps(statistics.median(ts) * 1e3))
`);
  return out === null ? undefined : Number(JSON.parse(out));
}

export default async function eighBench(): Promise<string> {
  const lines = [
    '### eigh (n×n, float64 / complex128): ours vs numpy (OpenBLAS, one thread), CPU ms per call, medians',
    '',
    '| matrix | n | vectors ours ms | numpy ms | ratio | values ours ms | numpy ms | ratio |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const cases = [...SIZES.map((n) => ({ n, complex: false })), ...COMPLEX_SIZES.map((n) => ({ n, complex: true }))];
  for (const { n, complex } of cases) {
    const a = complex ? hermitian(n) : symmetric(n);
    const cols: string[] = [];
    for (const vectors of [true, false]) {
      const ours: number[] = [];
      const theirs: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        ours.push(oursMs(a, n, vectors, complex));
        const np = numpyMs(n, vectors, complex);
        if (np !== undefined) theirs.push(np);
      }
      const o = median(ours);
      const t = theirs.length > 0 ? median(theirs) : undefined;
      cols.push(fmt(o, 1), fmt(t, 1), t === undefined ? '—' : `${fmt(o / t, 1)}×`);
    }
    lines.push(`| ${complex ? 'complex Hermitian' : 'real symmetric'} | ${n} | ${cols.join(' | ')} |`);
  }
  return lines.join('\n');
}
