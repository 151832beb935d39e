/**
 * Issue #12's batch question: one `svd` call over a batch of small matrices against the same
 * number of separate calls on its slices, and against numpy's batched svd, with one thread.
 * CPU time (process.cpuUsage; numpy: time.process_time), so other load on the machine counts
 * less than in wall time. The contenders alternate: per sample one batched call, then the
 * separate calls; a numpy process (OpenBLAS on one thread, warm) runs every ten samples and
 * reports the median of 15 calls. Reported: medians over the samples (default 41, after 30
 * warm-up rounds; `BATCH_SVD_SAMPLES` to change) and over the numpy runs.
 *
 * `BATCH_SVD_SHAPES=64x32x32,64x16x16` limits the shapes.
 */
import { svd } from '@svd/linalg';
import { Tensor, setThreads } from '@svd/tensor';
import { fmt, median, randomBuffer, runNumpy } from './util.js';

const SHAPES = (process.env.BATCH_SVD_SHAPES ?? '64x32x32,256x32x32,64x16x16,64x64x64')
  .split(',')
  .map((s) => s.split('x').map(Number) as [number, number, number]);
const SAMPLES = Number(process.env.BATCH_SVD_SAMPLES ?? 41);
const WARMUP = 30;

function cpuMs(f: () => unknown): number {
  const t = process.cpuUsage();
  f();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

/** Median CPU ms of numpy's batched thin svd on a uniform [b, m, n] stack, or NaN without numpy. */
function numpyMs(b: number, m: number, n: number): number {
  const out = runNumpy(`
import time
import numpy as np
a = np.random.default_rng(1).uniform(-1, 1, (${b}, ${m}, ${n}))
for _ in range(10): np.linalg.svd(a, full_matrices=False)
ts = []
for _ in range(15):
    t = time.process_time(); np.linalg.svd(a, full_matrices=False); ts.append(time.process_time() - t)
ts.sort(); print(ts[len(ts) // 2] * 1000)
`);
  return out === null ? Number.NaN : Number(out.trim());
}

export default async function batchSvdBench(): Promise<string> {
  setThreads(1);
  const rows: string[] = [];
  for (const [b, m, n] of SHAPES) {
    const data = randomBuffer(b * m * n, 10);
    const A = new Tensor(data, 'float64', [b, m, n]);
    const slices = Array.from(
      { length: b },
      (_, k) => new Tensor(data.slice(k * m * n, (k + 1) * m * n), 'float64', [m, n]),
    );
    const batched = () => svd(A);
    const separate = () => {
      for (const s of slices) svd(s);
    };
    for (let i = 0; i < WARMUP; i++) {
      batched();
      separate();
    }
    const tb: number[] = [];
    const ts: number[] = [];
    const tn: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      tb.push(cpuMs(batched));
      ts.push(cpuMs(separate));
      if (i % 10 === 0) tn.push(numpyMs(b, m, n));
    }
    const B = median(tb);
    const S = median(ts);
    const N = median(tn);
    rows.push(`| ${b}×${m}×${n} | ${fmt(B)} | ${fmt(S)} | ${fmt(S / B)}× | ${fmt(N)} | ${fmt(B / N)}× |`);
  }
  return [
    '## batch svd: one call vs separate calls (1 thread, CPU time)',
    '',
    `${SAMPLES} alternating samples after ${WARMUP} warm-up rounds, medians; numpy every 10 samples (median of 15 warm calls each).`,
    '',
    '| batch | batched ms | separate calls ms | separate / batched | numpy ms | batched / numpy |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
}
