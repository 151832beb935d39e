/**
 * Issue #12, SVD rows: @svd/linalg `svd` (thin, vectors) and `svdvals` at 256², 512², 1024×256,
 * complex128 `svd` at 512², and `svd` on a [64, 32, 32] batch (and 64 separate calls), against
 * numpy with OpenBLAS pinned to one thread (`np.linalg.svd`, gesdd; batched for the stack).
 *
 * Interleaved: every round times each of our cases, then runs numpy once over all of its cases
 * (warm: each numpy case is called before it is timed); the table reports medians over rounds.
 * Set SVD_SPEED_ROUNDS (default 3) for more rounds on a loaded machine.
 */
import * as T from '@svd/tensor';
import { svd, svdvals } from '@svd/linalg';
import { PY_PRELUDE, fmt, median, medianOfRuns, randomBuffer, runNumpy } from './util.js';

interface Case {
  name: string;
  /** numpy expression on `a` (the input, built in Python from the same shape). */
  py: string;
  shape: number[];
  complex: boolean;
  run: (a: T.Tensor) => unknown;
  /** Our alternative without numpy counterpart (e.g. 64 separate calls). */
  reps: number;
}

const CASES: Case[] = [
  {
    name: 'svd 256²',
    py: 'np.linalg.svd(a, full_matrices=False)',
    shape: [256, 256],
    complex: false,
    run: (a) => svd(a),
    reps: 7,
  },
  {
    name: 'svdvals 256²',
    py: 'np.linalg.svd(a, compute_uv=False)',
    shape: [256, 256],
    complex: false,
    run: (a) => svdvals(a),
    reps: 7,
  },
  {
    name: 'svd 512²',
    py: 'np.linalg.svd(a, full_matrices=False)',
    shape: [512, 512],
    complex: false,
    run: (a) => svd(a),
    reps: 5,
  },
  {
    name: 'svdvals 512²',
    py: 'np.linalg.svd(a, compute_uv=False)',
    shape: [512, 512],
    complex: false,
    run: (a) => svdvals(a),
    reps: 5,
  },
  {
    name: 'svd 1024×256',
    py: 'np.linalg.svd(a, full_matrices=False)',
    shape: [1024, 256],
    complex: false,
    run: (a) => svd(a),
    reps: 5,
  },
  {
    name: 'complex svd 512²',
    py: 'np.linalg.svd(a, full_matrices=False)',
    shape: [512, 512],
    complex: true,
    run: (a) => svd(a),
    reps: 3,
  },
  {
    name: 'svd [64, 32, 32]',
    py: 'np.linalg.svd(a, full_matrices=False)',
    shape: [64, 32, 32],
    complex: false,
    run: (a) => svd(a),
    reps: 15,
  },
];

function input(c: Case, seed: number): T.Tensor {
  const count = c.shape.reduce((p, q) => p * q, 1);
  return c.complex
    ? new T.Tensor(randomBuffer(2 * count, seed), 'complex128', c.shape)
    : new T.Tensor(randomBuffer(count, seed), 'float64', c.shape);
}

function numpyScript(): string {
  const lines = CASES.map((c) => {
    const shape = `(${c.shape.join(', ')})`;
    const make = c.complex
      ? `rng.uniform(-1, 1, ${shape}) + 1j * rng.uniform(-1, 1, ${shape})`
      : `rng.uniform(-1, 1, ${shape})`;
    return `a = ${make}\n${c.py}\nout.append(statistics.median(timeit.repeat(lambda: ${c.py}, number=1, repeat=${c.reps})) * 1e3)`;
  });
  return `${PY_PRELUDE}\nrng = np.random.default_rng(0)\nout = []\n${lines.join('\n')}\nprint(json.dumps(out))`;
}

/** 64 separate calls on the matrices of the [64, 32, 32] batch (what one batched call must beat). */
function separateCalls(a: T.Tensor): () => unknown {
  const n = a.shape[0]!;
  const mats = Array.from(
    { length: n },
    (_, i) => new T.Tensor(a.toTypedArray().slice(i * 1024, (i + 1) * 1024), 'float64', [32, 32]),
  );
  return () => mats.map((m) => svd(m));
}

export default async function run(): Promise<string> {
  const rounds = Number(process.env.SVD_SPEED_ROUNDS ?? 3);
  const ours: number[][] = CASES.map(() => []);
  const theirs: number[][] = CASES.map(() => []);
  const separate: number[] = [];
  const batch = CASES[CASES.length - 1]!;
  const sep = separateCalls(input(batch, 7));
  for (let r = 0; r < rounds; r++) {
    CASES.forEach((c, i) => {
      const a = input(c, 7);
      ours[i]!.push(medianOfRuns(() => c.run(a), c.reps));
    });
    separate.push(medianOfRuns(sep, batch.reps));
    const out = runNumpy(numpyScript());
    if (out !== null)
      (JSON.parse(out.trim().split('\n').pop()!) as number[]).forEach((t, i) => {
        theirs[i]!.push(t);
      });
  }
  const rows = CASES.map((c, i) => {
    const o = median(ours[i]!);
    const t = median(theirs[i]!);
    return `| ${c.name} | ${fmt(o)} | ${fmt(t)} | ${fmt(o / t, 1)}× |`;
  });
  rows.push(`| 64 separate svd 32² | ${fmt(median(separate))} | — | — |`);
  return [
    '### SVD speed (issue #12 rows): ours vs numpy, one thread',
    '',
    `Medians over ${rounds} interleaved rounds (each round: a median of several warm calls per case).`,
    '',
    '| case | ours ms | numpy ms | ratio |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
