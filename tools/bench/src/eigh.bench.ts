/**
 * eigh (symmetric, float64, row-major n×n) against numpy's `np.linalg.eigh` / `eigvalsh` with
 * OpenBLAS pinned to one thread, warm, interleaved: for each size our median and numpy's are
 * measured back to back, EIGH_ROUNDS times (default 3), and the median of the rounds is reported.
 * `pnpm bench eigh`; sizes from EIGH_SIZES (default 256,512,1024).
 */
import { kernels } from '@svd/linalg';
import { do_not_optimize } from 'mitata';
import { PY_PRELUDE, fmt, medianMs, randomBuffer, runNumpy } from './util.js';

const SIZES = (process.env.EIGH_SIZES ?? '256,512,1024').split(',').map(Number);
const ROUNDS = Number(process.env.EIGH_ROUNDS ?? 3);

function symmetric(n: number): Float64Array {
  const r = randomBuffer(n * n, n + 7);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = r[i * n + j]! + r[j * n + i]!;
  return a;
}

function numpyMs(n: number, vectors: boolean): number | undefined {
  const call = vectors ? 'np.linalg.eigh(a)' : 'np.linalg.eigvalsh(a)';
  const out = runNumpy(`${PY_PRELUDE}
rng = np.random.default_rng(${n})
b = rng.uniform(-1, 1, (${n}, ${n}))
a = b + b.T
for _ in range(3): ${call}
print(json.dumps(median_ms(lambda: ${call}, ${n})))
`);
  return out === null ? undefined : Number(JSON.parse(out));
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((p, q) => p - q);
  return s[s.length >> 1]!;
};

export default async function eighBench(): Promise<string> {
  const lines = [
    '### eigh (n×n symmetric, float64): ours vs numpy (OpenBLAS, one thread), medians of interleaved rounds',
    '',
    '| n | vectors ours ms | numpy ms | ratio | values ours ms | numpy ms | ratio |',
    '|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const n of SIZES) {
    const a = symmetric(n);
    const cols: string[] = [];
    for (const vectors of [true, false]) {
      const ours: number[] = [];
      const theirs: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const run = () => do_not_optimize(kernels.symmetricEigen(a, n, 'L', vectors));
        ours.push(await medianMs(run, { minSamples: n >= 1024 ? 3 : 5, minCpuMs: 300 }));
        const np = numpyMs(n, vectors);
        if (np !== undefined) theirs.push(np);
      }
      const o = median(ours);
      const t = theirs.length > 0 ? median(theirs) : undefined;
      cols.push(fmt(o, 1), fmt(t, 1), t === undefined ? '—' : `${fmt(o / t, 1)}×`);
    }
    lines.push(`| ${n} | ${cols.join(' | ')} |`);
  }
  return lines.join('\n');
}
