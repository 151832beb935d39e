/**
 * eig / eigvals of @svd/linalg (dgeev path) vs numpy.linalg.eig / eigvals (OpenBLAS/LAPACK, one
 * thread, in a subprocess) on random U(−1, 1) real and complex matrices. Contenders are
 * interleaved: each round times ours then numpy, and the table reports medians over the rounds,
 * so load on a shared machine hits both alike. Ours: one timed call per round after a warm-up;
 * numpy: timeit's median inside each round. Both are also timed in process CPU time (ours:
 * process.cpuUsage around the call; numpy: the median of 5 time.process_time-timed calls), which
 * the other jobs on a shared machine disturb far less than wall time.
 */
import { eig, eigvals } from '@svd/linalg';
import { type Tensor, tensor } from '@svd/tensor';
import { PY_PRELUDE, fmt, randomBuffer, runNumpy } from './util.js';

interface Case {
  op: 'eig' | 'eigvals';
  n: number;
  complex: boolean;
}

// EIG_SIZES=256,512 / EIG_DTYPES=complex128 / EIG_ROUNDS=5 narrow or lengthen a run.
const SIZES = (process.env.EIG_SIZES ?? '128,256,512').split(',').map(Number);
const DTYPES = (process.env.EIG_DTYPES ?? 'float64,complex128').split(',');
const ROUNDS = Number(process.env.EIG_ROUNDS ?? 3);

function input(c: Case): Tensor {
  const len = (c.complex ? 2 : 1) * c.n * c.n;
  return tensor(randomBuffer(len, 1400 + c.n), { shape: [c.n, c.n], dtype: c.complex ? 'complex128' : 'float64' });
}

/** Wall and process-CPU milliseconds of one call of ours. */
function oursMs(c: Case, A: Tensor): { wall: number; cpu: number } {
  const u0 = process.cpuUsage();
  const t0 = performance.now();
  if (c.op === 'eig') eig(A);
  else eigvals(A);
  const wall = performance.now() - t0;
  const u = process.cpuUsage(u0);
  return { wall, cpu: (u.user + u.system) / 1e3 };
}

function numpyMs(c: Case): { ms: number; cpu: number; blas: string } | null {
  const script = `${PY_PRELUDE}
import time
n = ${c.n}
rng = np.random.default_rng(${c.n})
a = rng.uniform(-1, 1, (n, n))${c.complex ? ' + 1j * rng.uniform(-1, 1, (n, n))' : ''}
f = (lambda: np.linalg.eig(a)) if '${c.op}' == 'eig' else (lambda: np.linalg.eigvals(a))
def median_cpu_ms(f):
    f()
    xs = []
    for _ in range(5):
        t0 = time.process_time()
        f()
        xs.append(time.process_time() - t0)
    return statistics.median(xs) * 1e3
print(json.dumps({'ms': median_ms(f, n), 'cpu': median_cpu_ms(f), 'blas': '; '.join(blas)}))
`;
  const out = runNumpy(script);
  return out === null ? null : (JSON.parse(out) as { ms: number; cpu: number; blas: string });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export default async function run(): Promise<string> {
  const cases: Case[] = [];
  for (const complex of [false, true]) {
    if (!DTYPES.includes(complex ? 'complex128' : 'float64')) continue;
    for (const op of ['eig', 'eigvals'] as const) for (const n of SIZES) cases.push({ op, n, complex });
  }
  const lines = [
    '| operation | dtype | n | @svd/linalg ms | numpy (1 thread) ms | ours / numpy | @svd/linalg CPU ms | numpy CPU ms | CPU ratio |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  let blas = '';
  let measured = false;
  for (const c of cases) {
    const A = input(c);
    // Warm-up: the kernels reach their optimised tier only after a few calls (the first calls at
    // 128² take 20× longer), so small sizes get several.
    for (let w = 0; w < (c.n >= 512 ? 1 : 4); w++) oursMs(c, A);
    const ours: number[] = [];
    const oursCpu: number[] = [];
    const theirs: number[] = [];
    const theirsCpu: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const m = oursMs(c, A);
      ours.push(m.wall);
      oursCpu.push(m.cpu);
      const np = numpyMs(c);
      if (np) {
        theirs.push(np.ms);
        theirsCpu.push(np.cpu);
        blas = np.blas;
        measured = true;
      }
    }
    const o = median(ours);
    const oc = median(oursCpu);
    const t = theirs.length > 0 ? median(theirs) : undefined;
    const tc = theirsCpu.length > 0 ? median(theirsCpu) : undefined;
    const dtype = c.complex ? 'complex128' : 'float64';
    console.error(`  ${c.op} ${dtype} ${c.n}: ours ${fmt(o)} ms (CPU ${fmt(oc)}), numpy ${fmt(t)} ms (CPU ${fmt(tc)})`);
    const ratio = (x: number, y: number | undefined) => (y ? `${fmt(x / y, 1)}×` : '—');
    lines.push(
      `| ${c.op} | ${dtype} | ${c.n} | ${fmt(o)} | ${fmt(t)} | ${ratio(o, t)} | ${fmt(oc)} | ${fmt(tc)} | ${ratio(oc, tc)} |`,
    );
  }
  const npNote = blas ? `numpy BLAS: ${blas}.` : 'numpy BLAS: unknown (threadpoolctl not installed).';
  lines.push('', measured ? npNote : 'numpy: not measured (python3 with numpy not found).');
  return lines.join('\n');
}
