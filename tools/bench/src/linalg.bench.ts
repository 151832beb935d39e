/**
 * @svd/linalg decompositions vs ml-matrix (same process) vs numpy (OpenBLAS/LAPACK, one thread)
 * when python3 is present: svd with and without vectors, qr, eigh, cholesky and solve at
 * 64…512 square, plus 1024×256 and 256×1024 for svd and qr.
 *
 * Times are medians: mitata's p50 for fast cases, and for slow ones (≥ 30 ms a call) the
 * median of a fixed number of timed calls after one warm-up (3 at ≥ 512 or 1024×256, 5 below)
 * to keep the whole bench within a few minutes. ml-matrix is skipped at a size where one call
 * takes more than 5 s (the table says so).
 */
import { Tensor, matmul, matrixTranspose } from '@svd/tensor';
import { cholesky, eigh, qr, solve, svd, svdvals } from '@svd/linalg';
import { do_not_optimize } from 'mitata';
import {
  CholeskyDecomposition,
  EigenvalueDecomposition,
  Matrix,
  QrDecomposition,
  SingularValueDecomposition,
  solve as mlSolve,
} from 'ml-matrix';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PY_PRELUDE, fmt, medianMs, medianOfRuns, randomBuffer, runNumpy } from './util.js';

type Op = 'svd' | 'svdvals' | 'qr' | 'eigh' | 'cholesky' | 'solve';
interface Case {
  op: Op;
  m: number;
  n: number;
}

const SQUARE = [64, 128, 256, 512];
const RECT: Array<[number, number]> = [
  [1024, 256],
  [256, 1024],
];
const OPS: Op[] = ['svd', 'svdvals', 'qr', 'eigh', 'cholesky', 'solve'];
const ML_SKIP_MS = 5000;

const LABEL: Record<Op, string> = {
  svd: 'svd (thin, with vectors)',
  svdvals: 'svd values only',
  qr: 'qr (reduced Q and R)',
  eigh: 'eigh (values + vectors)',
  cholesky: 'cholesky',
  solve: 'solve (A·x = b, one rhs)',
};

function cases(): Case[] {
  const out: Case[] = [];
  for (const op of OPS) {
    for (const n of SQUARE) out.push({ op, m: n, n });
    if (op === 'svd' || op === 'svdvals' || op === 'qr') for (const [m, n] of RECT) out.push({ op, m, n });
  }
  return out;
}

const key = (c: Case): string => `${c.op}:${c.m}x${c.n}`;

/** Times `fn`: one probe call decides between mitata (fast) and a fixed-count median (slow). */
async function timeIt(fn: () => unknown, big: boolean, limitMs = Number.POSITIVE_INFINITY): Promise<number | 'skip'> {
  const t0 = performance.now();
  do_not_optimize(fn());
  const probe = performance.now() - t0;
  if (probe > limitMs) return 'skip';
  if (probe < 30) return medianMs(() => do_not_optimize(fn()), { minSamples: 10, minCpuMs: 400 });
  return medianOfRuns(fn, big ? 3 : 5);
}

function toRows(m: number, n: number, a: Float64Array | Float32Array): number[][] {
  return Array.from({ length: m }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n)));
}

/** Inputs: a random m×n matrix, or for cholesky AᵀA + n·I (positive definite). */
function input(c: Case): { A: Tensor; b: Tensor; rows: number[][]; bRows: number[][] } {
  const a = randomBuffer(c.m * c.n, 1000 * c.m + c.n);
  let A = new Tensor(a, 'float64', [c.m, c.n]);
  if (c.op === 'cholesky' || c.op === 'eigh') {
    // eigh reads one triangle; a symmetric input keeps ml-matrix's assumeSymmetric honest.
    const g = matmul(matrixTranspose(A), A);
    const d = g.toTypedArray();
    for (let i = 0; i < c.n; i++) d[i * c.n + i] = d[i * c.n + i]! + c.n;
    A = new Tensor(d, 'float64', [c.n, c.n]);
  }
  const b = new Tensor(randomBuffer(c.m, 7 * c.m + 1), 'float64', [c.m, 1]);
  const data = A.toTypedArray();
  return { A, b, rows: toRows(c.m, c.n, data), bRows: toRows(c.m, 1, b.toTypedArray()) };
}

function ours(c: Case, A: Tensor, b: Tensor): () => unknown {
  switch (c.op) {
    case 'svd':
      return () => svd(A);
    case 'svdvals':
      return () => svdvals(A);
    case 'qr':
      return () => qr(A);
    case 'eigh':
      return () => eigh(A);
    case 'cholesky':
      return () => cholesky(A);
    case 'solve':
      return () => solve(A, b);
  }
}

function mlMatrix(c: Case, rows: number[][], bRows: number[][]): () => unknown {
  const M = new Matrix(rows);
  const B = new Matrix(bRows);
  switch (c.op) {
    case 'svd':
      return () => {
        const d = new SingularValueDecomposition(M, { autoTranspose: true });
        return [d.leftSingularVectors, d.diagonal, d.rightSingularVectors];
      };
    case 'svdvals':
      return () =>
        new SingularValueDecomposition(M, {
          computeLeftSingularVectors: false,
          computeRightSingularVectors: false,
          autoTranspose: true,
        }).diagonal;
    case 'qr':
      return () => {
        const d = new QrDecomposition(M);
        return [d.orthogonalMatrix, d.upperTriangularMatrix];
      };
    case 'eigh':
      return () => {
        const d = new EigenvalueDecomposition(M, { assumeSymmetric: true });
        return [d.realEigenvalues, d.eigenvectorMatrix];
      };
    case 'cholesky':
      return () => new CholeskyDecomposition(M).lowerTriangularMatrix;
    case 'solve':
      return () => mlSolve(M, B);
  }
}

/** Sanity check at 64: our singular values / eigenvalues / solution agree with ml-matrix's. */
function sanity(): void {
  const c64 = (op: Op): Case => ({ op, m: 64, n: 64 });
  {
    const { A, rows } = input(c64('svd'));
    const s = svdvals(A).toTypedArray();
    const ref = new SingularValueDecomposition(new Matrix(rows)).diagonal;
    for (let i = 0; i < 64; i++)
      if (Math.abs(s[i]! - ref[i]!) > 1e-10 * ref[0]!) throw new Error('linalg bench: svd mismatch');
  }
  {
    const { A, b, rows, bRows } = input(c64('solve'));
    const x = solve(A, b).toTypedArray();
    const ref = mlSolve(new Matrix(rows), new Matrix(bRows)).to1DArray();
    for (let i = 0; i < 64; i++)
      if (Math.abs(x[i]! - ref[i]!) > 1e-8 * (1 + Math.abs(ref[i]!))) throw new Error('linalg bench: solve mismatch');
  }
}

function numpyTimes(list: Case[]): { blas: string[]; t: Record<string, number> } | null {
  const spec = list.map((c) => [key(c), c.op, c.m, c.n]);
  const out = runNumpy(`${PY_PRELUDE}
rng = np.random.default_rng(0)
t = {}
for k, op, m, n in ${JSON.stringify(spec)}:
    a = rng.random((m, n)) * 2 - 1
    b = rng.random((m, 1)) * 2 - 1
    size = int(round((m * n * min(m, n)) ** (1 / 3)))
    if op in ("cholesky", "eigh"):
        a = a.T @ a + n * np.eye(n)
    f = {
        "svd": lambda: np.linalg.svd(a, full_matrices=False),
        "svdvals": lambda: np.linalg.svd(a, compute_uv=False),
        "qr": lambda: np.linalg.qr(a),
        "eigh": lambda: np.linalg.eigh(a),
        "cholesky": lambda: np.linalg.cholesky(a),
        "solve": lambda: np.linalg.solve(a, b),
    }[op]
    t[k] = median_ms(f, max(size, 8))
print(json.dumps({"blas": blas, "t": t}))
`);
  if (out === null) return null;
  try {
    return JSON.parse(out.trim().split('\n').pop()!) as { blas: string[]; t: Record<string, number> };
  } catch {
    return null;
  }
}

type Timing = number | 'skip' | 'fail';
interface Measured {
  key: string;
  ours: number;
  ml: Timing;
}

/** Times one operation's cases (ours and ml-matrix interleaved per case) in this process. */
async function measureOp(op: Op): Promise<Measured[]> {
  const out: Measured[] = [];
  for (const c of cases().filter((x) => x.op === op)) {
    const { A, b, rows, bRows } = input(c);
    const big = c.m * c.n >= 512 * 512;
    const tOurs = (await timeIt(ours(c, A, b), big)) as number;
    let tMl: Timing;
    try {
      tMl = await timeIt(mlMatrix(c, rows, bRows), big, ML_SKIP_MS);
    } catch {
      tMl = 'fail'; // e.g. ml-matrix's QrDecomposition does not handle wide matrices
    }
    out.push({ key: key(c), ours: tOurs, ml: tMl });
  }
  return out;
}

/**
 * Each operation is timed in a fresh child process. In one process, ml-matrix's symmetric
 * eigensolver ran 10× slower (1305 ms instead of ~125 ms at 256²) once its QR had thrown on a
 * wide matrix: the JIT state one contender leaves behind must not price another operation.
 */
function measureOpInChild(op: Op): Measured[] {
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: { ...process.env, [CHILD_ENV]: op },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`linalg bench: the child for '${op}' exited with ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measured[];
}

const CHILD_ENV = 'SVD_BENCH_LINALG_OP';
const childOp = process.env[CHILD_ENV] as Op | undefined;
if (childOp !== undefined && OPS.includes(childOp)) {
  process.stdout.write(`${JSON.stringify(await measureOp(childOp))}\n`);
}

export default async function linalgBench(): Promise<string> {
  sanity();
  const list = cases();
  const np = numpyTimes(list);
  const measured = new Map<string, Measured>();
  for (const op of OPS) for (const m of measureOpInChild(op)) measured.set(m.key, m);
  const lines: string[] = [];
  const skipped: string[] = [];
  const failed: string[] = [];
  const svdRatio = new Map<number, number>();
  lines.push(
    '| operation | shape | @svd/linalg ms | ml-matrix ms | ml-matrix / ours | numpy (1 thread) ms | ours / numpy |',
    '|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const c of list) {
    const { ours: tOurs, ml: tMlRaw } = measured.get(key(c))!;
    const tMl = typeof tMlRaw === 'number' ? tMlRaw : undefined;
    if (tMlRaw === 'fail') failed.push(`${LABEL[c.op]} ${c.m}×${c.n}`);
    if (tMlRaw === 'skip') skipped.push(`${LABEL[c.op]} ${c.m}×${c.n}`);
    if (c.op === 'svd' && c.m === c.n && tMl !== undefined) svdRatio.set(c.n, tMl / tOurs);
    const tNp = np?.t[key(c)];
    lines.push(
      `| ${LABEL[c.op]} | ${c.m}×${c.n} | ${fmt(tOurs, 2)} | ${tMlRaw === 'skip' ? `skipped (> ${ML_SKIP_MS / 1000} s)` : tMlRaw === 'fail' ? 'throws' : fmt(tMl, 2)} | ${tMl === undefined ? '—' : `${fmt(tMl / tOurs, 1)}×`} | ${fmt(tNp, 2)} | ${tNp === undefined ? '—' : `${fmt(tOurs / tNp, 1)}×`} |`,
    );
    console.error(
      `  ${key(c)}: ours ${fmt(tOurs, 2)} ms, ml-matrix ${typeof tMlRaw === 'number' ? fmt(tMl, 2) : tMlRaw}, numpy ${fmt(tNp, 2)}`,
    );
  }
  lines.push('');
  const bar = [256, 512].map((n) => {
    const r = svdRatio.get(n);
    return `${n}×${n}: ${r === undefined ? 'not measured' : `${fmt(r, 1)}× (${r >= 2 ? 'met' : 'NOT met'})`}`;
  });
  lines.push(`Bar (svd with vectors ≥ 2× faster than ml-matrix): ${bar.join('; ')}.`);
  if (failed.length > 0) lines.push(`ml-matrix threw (no result): ${failed.join(', ')}.`);
  if (skipped.length > 0) lines.push(`ml-matrix skipped (one call > ${ML_SKIP_MS / 1000} s): ${skipped.join(', ')}.`);
  lines.push(
    np === null
      ? 'numpy: not measured (python3 with numpy not found).'
      : `numpy BLAS: ${np.blas.join('; ') || 'unknown (threadpoolctl not installed)'}.`,
  );
  return lines.join('\n');
}
