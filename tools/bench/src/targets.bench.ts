/**
 * The speed targets of issue #12 (and the #14 functions built on the same kernels) in one table:
 * each operation as a ratio to numpy/scipy with OpenBLAS pinned to one thread, measured in the
 * same run. The machine's load drifts, so the contenders take turns: every round times each of
 * our operations (median of a few calls after a warm-up), then runs one Python process that times
 * numpy's (warm: one untimed call first, because numpy's allocator makes a cold call ~2× slower).
 * The reported figure for each side is the median over rounds; the ratio is ours / numpy.
 *
 * `SVD_TARGETS=eigh,qr` limits the run to those rows; `SVD_TARGET_ROUNDS` sets the number of
 * rounds (default 3).
 */
import { cholesky, eig, eigh, eigvals, matrixExp, qr, solve, svd, svdvals } from '@svd/linalg';
import { Tensor } from '@svd/tensor';
import { PY_PRELUDE, fmt, median, medianOfRuns, randomBuffer, runNumpy } from './util.js';

interface Target {
  /** Row key, also the name accepted by SVD_TARGETS. */
  key: string;
  label: string;
  shape: string;
  /** Ratio the issue requires, and the one it aims for. */
  must: number;
  aim: number;
  /** Builds our timed call (inputs are made once, outside the timing). */
  ours: () => () => unknown;
  /** Python expression body: defines `f` (the timed call) from `rng`. */
  python: string;
}

function real(m: number, n: number, seed: number): Tensor {
  return new Tensor(randomBuffer(m * n, seed), 'float64', [m, n]);
}

/** AᵀA + n·I: symmetric positive definite, for eigh and cholesky (as numpy's side builds it). */
function spd(n: number, seed: number): Tensor {
  const a = randomBuffer(n * n, seed);
  const g = new Float64Array(n * n);
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++) {
      const aki = a[k * n + i]!;
      for (let j = 0; j < n; j++) g[i * n + j]! += aki * a[k * n + j]!;
    }
  for (let i = 0; i < n; i++) g[i * n + i]! += n;
  return new Tensor(g, 'float64', [n, n]);
}

/** A uniform(−1, 1) matrix scaled to ‖A‖₁ = 8: Padé 13 with a few squarings, the common case. */
function expInput(n: number): Tensor {
  const a = randomBuffer(n * n, 7 + n);
  let norm1 = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(a[i * n + j]!);
    norm1 = Math.max(norm1, s);
  }
  for (let i = 0; i < a.length; i++) a[i] = (a[i]! * 8) / norm1;
  return new Tensor(a, 'float64', [n, n]);
}

const TARGETS: Target[] = [
  {
    key: 'svd',
    label: 'svd (thin, vectors)',
    shape: '512×512',
    must: 4,
    aim: 3,
    ours: () => {
      const A = real(512, 512, 1);
      return () => svd(A);
    },
    python: 'a = rng.uniform(-1, 1, (512, 512)); f = lambda: np.linalg.svd(a, full_matrices=False)',
  },
  {
    key: 'svdvals',
    label: 'svd values only',
    shape: '512×512',
    must: 4,
    aim: 3,
    ours: () => {
      const A = real(512, 512, 2);
      return () => svdvals(A);
    },
    python: 'a = rng.uniform(-1, 1, (512, 512)); f = lambda: np.linalg.svd(a, compute_uv=False)',
  },
  {
    key: 'svdTall',
    label: 'svd (thin, vectors)',
    shape: '2000×100',
    must: 5,
    aim: 3,
    ours: () => {
      const A = real(2000, 100, 3);
      return () => svd(A);
    },
    python: 'a = rng.uniform(-1, 1, (2000, 100)); f = lambda: np.linalg.svd(a, full_matrices=False)',
  },
  {
    key: 'complexSvd',
    label: 'complex svd (thin, vectors)',
    shape: '512×512',
    must: 5,
    aim: 4,
    ours: () => {
      const A = new Tensor(randomBuffer(2 * 512 * 512, 4), 'complex128', [512, 512]);
      return () => svd(A);
    },
    python:
      'a = rng.uniform(-1, 1, (512, 512)) + 1j * rng.uniform(-1, 1, (512, 512)); f = lambda: np.linalg.svd(a, full_matrices=False)',
  },
  {
    key: 'eigh',
    label: 'eigh (values + vectors)',
    shape: '512×512',
    must: 5,
    aim: 3,
    ours: () => {
      const A = spd(512, 5);
      return () => eigh(A);
    },
    python: 'a = rng.uniform(-1, 1, (512, 512)); a = a.T @ a + 512 * np.eye(512); f = lambda: np.linalg.eigh(a)',
  },
  {
    key: 'qr',
    label: 'qr (reduced Q and R)',
    shape: '512×512',
    must: 5,
    aim: 3,
    ours: () => {
      const A = real(512, 512, 6);
      return () => qr(A);
    },
    python: 'a = rng.uniform(-1, 1, (512, 512)); f = lambda: np.linalg.qr(a)',
  },
  {
    key: 'cholesky',
    label: 'cholesky',
    shape: '512×512',
    must: 4,
    aim: 3,
    ours: () => {
      const A = spd(512, 7);
      return () => cholesky(A);
    },
    python: 'a = rng.uniform(-1, 1, (512, 512)); a = a.T @ a + 512 * np.eye(512); f = lambda: np.linalg.cholesky(a)',
  },
  {
    key: 'solve',
    label: 'solve (one rhs)',
    shape: '512×512',
    must: 6,
    aim: 4,
    ours: () => {
      const A = real(512, 512, 8);
      const b = real(512, 1, 9);
      return () => solve(A, b);
    },
    python: 'a = rng.uniform(-1, 1, (512, 512)); b = rng.uniform(-1, 1, (512, 1)); f = lambda: np.linalg.solve(a, b)',
  },
  {
    key: 'batchSvd',
    label: 'batch of 64 svd (thin, vectors)',
    shape: '64×32×32',
    must: 2,
    aim: 1.5,
    ours: () => {
      const A = new Tensor(randomBuffer(64 * 32 * 32, 10), 'float64', [64, 32, 32]);
      return () => svd(A);
    },
    python: 'a = rng.uniform(-1, 1, (64, 32, 32)); f = lambda: np.linalg.svd(a, full_matrices=False)',
  },
  {
    key: 'eig',
    label: 'eig (values + vectors, #14)',
    shape: '256×256',
    must: 4,
    aim: Number.NaN,
    ours: () => {
      const A = real(256, 256, 11);
      return () => eig(A);
    },
    python: 'a = rng.uniform(-1, 1, (256, 256)); f = lambda: np.linalg.eig(a)',
  },
  {
    key: 'complexEig',
    label: 'complex eig (values + vectors, #14)',
    shape: '256×256',
    must: 4,
    aim: 3,
    ours: () => {
      const A = new Tensor(randomBuffer(2 * 256 * 256, 12), 'complex128', [256, 256]);
      return () => eig(A);
    },
    python: 'a = rng.uniform(-1, 1, (256, 256)) + 1j * rng.uniform(-1, 1, (256, 256)); f = lambda: np.linalg.eig(a)',
  },
  {
    key: 'complexEigvals',
    label: 'complex eigvals (#14)',
    shape: '256×256',
    must: 4,
    aim: 3,
    ours: () => {
      const A = new Tensor(randomBuffer(2 * 256 * 256, 13), 'complex128', [256, 256]);
      return () => eigvals(A);
    },
    python:
      'a = rng.uniform(-1, 1, (256, 256)) + 1j * rng.uniform(-1, 1, (256, 256)); f = lambda: np.linalg.eigvals(a)',
  },
  {
    key: 'matrixExp',
    label: 'matrixExp (‖A‖₁ = 8, #14) vs scipy expm',
    shape: '256×256',
    must: 4,
    aim: Number.NaN,
    ours: () => {
      const A = expInput(256);
      return () => matrixExp(A);
    },
    python:
      'import scipy.linalg as sla; a = rng.uniform(-1, 1, (256, 256)); a *= 8 / np.linalg.norm(a, 1); f = lambda: sla.expm(a)',
  },
];

/** Our calls take 1–500 ms; a handful of timed calls per round keeps a full run to a few minutes. */
const REPS_PER_ROUND = 3;

function selected(): Target[] {
  const only = process.env.SVD_TARGETS?.split(',').map((s) => s.trim());
  if (only === undefined || only.length === 0 || only[0] === '') return TARGETS;
  const unknown = only.filter((k) => !TARGETS.some((t) => t.key === k));
  if (unknown.length > 0)
    throw new Error(
      `targets bench: unknown SVD_TARGETS ${unknown.join(', ')}; known: ${TARGETS.map((t) => t.key).join(', ')}`,
    );
  return TARGETS.filter((t) => only.includes(t.key));
}

/** One Python process timing every selected row once (median of REPS_PER_ROUND after a warm call). */
function numpyRound(list: Target[]): { blas: string[]; t: Record<string, number> } | null {
  const body = list
    .map(
      (t) => `
rng = np.random.default_rng(0)
${t.python}
f()
t[${JSON.stringify(t.key)}] = statistics.median(timeit.repeat(f, number=1, repeat=${REPS_PER_ROUND})) * 1e3`,
    )
    .join('\n');
  const out = runNumpy(`${PY_PRELUDE}
t = {}
${body}
print(json.dumps({"blas": blas, "t": t}))
`);
  if (out === null) return null;
  return JSON.parse(out.trim().split('\n').pop()!) as { blas: string[]; t: Record<string, number> };
}

export default async function targetsBench(): Promise<string> {
  const list = selected();
  const rounds = Number(process.env.SVD_TARGET_ROUNDS ?? 3);
  const calls = new Map(list.map((t) => [t.key, t.ours()]));
  const oursTimes = new Map<string, number[]>(list.map((t) => [t.key, []]));
  const npTimes = new Map<string, number[]>(list.map((t) => [t.key, []]));
  let blas: string[] = [];
  let numpyMissing = false;
  for (let r = 0; r < rounds; r++) {
    for (const t of list) oursTimes.get(t.key)!.push(medianOfRuns(calls.get(t.key)!, REPS_PER_ROUND));
    const np = numpyRound(list);
    if (np === null) numpyMissing = true;
    else {
      blas = np.blas;
      for (const t of list) npTimes.get(t.key)!.push(np.t[t.key]!);
    }
    console.error(`  round ${r + 1}/${rounds} done`);
  }
  const lines = [
    `Rounds: ${rounds} (each: ${REPS_PER_ROUND} timed calls per side after a warm-up), ours and numpy alternating.`,
    '',
    '| op | shape | @svd/linalg ms | numpy (1 thread) ms | ours / numpy | must reach | aim |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const t of list) {
    const ours = median(oursTimes.get(t.key)!);
    const np = numpyMissing ? undefined : median(npTimes.get(t.key)!);
    const ratio = np === undefined ? undefined : ours / np;
    const mark =
      ratio === undefined || Number.isNaN(t.must)
        ? ''
        : ratio <= t.aim
          ? ' (aim met)'
          : ratio <= t.must
            ? ' (met)'
            : ' (NOT met)';
    lines.push(
      `| ${t.label} | ${t.shape} | ${fmt(ours, 2)} | ${fmt(np, 2)} | ${ratio === undefined ? '—' : `${fmt(ratio, 1)}×${mark}`} | ${Number.isNaN(t.must) ? '—' : `≤ ${t.must}×`} | ${Number.isNaN(t.aim) ? '—' : `≤ ${t.aim}×`} |`,
    );
  }
  lines.push('');
  lines.push(
    numpyMissing
      ? 'numpy: not measured (python3 with numpy/scipy not found).'
      : `numpy BLAS: ${blas.join('; ') || 'unknown (threadpoolctl not installed)'}.`,
  );
  return lines.join('\n');
}
