/**
 * Krylov solvers (`svds`, `eigsh`, `svdLowRank`) against the dense decompositions, one thread:
 *
 * 1. top 10 singular triplets of a 2000×2000 dense float64 matrix with σᵢ = 0.95ⁱ, versus the full
 *    thin `svd` (and the top 10 eigenpairs of the symmetric analogue versus `eigh`). The matrix is
 *    A = H₁·diag(σ)·H₂ with Householder reflections H = I − 2wwᵀ (formed, dense, so its exact
 *    singular values are known; a Krylov method sees only its spectrum and the random start);
 * 2. top 8 singular triplets of a 20000×20000 operator that is never formed,
 *    A = diag(d) + G·diag(c)·Hᵀ (G, H 20000×32), written with @svd/tensor ops as a user would:
 *    time, applications, residuals and memory (maxRSS; run it in a fresh process for a clean
 *    figure: `pnpm bench krylov` runs it first);
 * 3. the crossover behind method 'auto': Krylov versus dense time on Gaussian n×n (flat spectrum).
 *
 * Contenders are interleaved and each figure is the median of KRYLOV_REPS runs (default 3).
 * `pnpm bench krylov` (from tools/bench: `npx tsx --conditions=@svd/source src/run.ts krylov`).
 */
import { eigh, eigsh, svd, svdLowRank, svds, type LinearOperator } from '@svd/linalg';
import { Rng, Tensor, add, adjoint, matmul, mul, tensor } from '@svd/tensor';
import { fmt } from './util.js';

const REPS = Number(process.env.KRYLOV_REPS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = <T>(fn: () => T): [T, number] => {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
};

function unitVector(rng: Rng, n: number): Float64Array {
  const w = Float64Array.from({ length: n }, () => rng.normal());
  let s = 0;
  for (const x of w) s += x * x;
  const norm = Math.sqrt(s);
  return w.map((x) => x / norm);
}

/** (I − 2uuᵀ)·diag(s)·(I − 2wwᵀ), formed (w = u gives a symmetric matrix with eigenvalues s). */
function reflectedDiagonal(s: Float64Array, u: Float64Array, w: Float64Array): Tensor {
  const n = s.length;
  let c = 0;
  for (let i = 0; i < n; i++) c += u[i]! * s[i]! * w[i]!;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const d = i === j ? s[i]! : 0;
      a[i * n + j] = d - 2 * s[i]! * w[i]! * w[j]! - 2 * u[i]! * s[j]! * u[j]! + 4 * c * u[i]! * w[j]!;
    }
  }
  return new Tensor(a, 'float64', [n, n]);
}

const maxRelErr = (got: ArrayLike<number>, ref: ArrayLike<number>, k: number) => {
  let e = 0;
  for (let i = 0; i < k; i++) e = Math.max(e, Math.abs(got[i]! - ref[i]!) / Math.abs(ref[i]!));
  return e;
};

function operatorSection(): string[] {
  const n = 20000;
  const r = 32;
  const k = 8;
  const rng = new Rng(2026);
  const d = tensor(
    Float64Array.from({ length: n }, () => rng.uniform()),
    { shape: [n, 1] },
  );
  const G = tensor(
    Float64Array.from({ length: n * r }, () => rng.normal() / Math.sqrt(n)),
    { shape: [n, r] },
  );
  const H = tensor(
    Float64Array.from({ length: n * r }, () => rng.normal() / Math.sqrt(n)),
    { shape: [n, r] },
  );
  const c = tensor(
    Float64Array.from({ length: r }, (_, i) => 4 * 0.85 ** i),
    { shape: [r, 1] },
  );
  let applies = 0;
  const op: LinearOperator = {
    shape: [n, n],
    dtype: 'float64',
    apply(x) {
      applies++;
      return add(mul(d, x), matmul(G, mul(c, matmul(adjoint(H), x))));
    },
    applyAdjoint(y) {
      applies++;
      return add(mul(d, y), matmul(H, mul(c, matmul(adjoint(G), y))));
    },
  };
  const rssBefore = process.memoryUsage().rss;
  const times: number[] = [];
  let result: [Tensor, Tensor, Tensor] | null = null;
  for (let rep = 0; rep < REPS; rep++) {
    applies = 0;
    const [res, t] = time(() => svds(op, k));
    result = res;
    times.push(t);
  }
  const [U, S, V] = result!;
  const s = S.toTypedArray();
  const residual = (X: Tensor, Y: Tensor) => {
    const R = add(X, mul(mul(Y, tensor(s, { shape: [1, k] })), -1)).toTypedArray();
    let q = 0;
    for (const x of R) q += x * x;
    return Math.sqrt(q) / s[0]!;
  };
  const maxRss = process.resourceUsage().maxRSS / 1024;
  return [
    '',
    `#### Top ${k} singular triplets of a ${n}×${n} operator, never formed (diag(d) + G·diag(c)·Hᵀ, rank ${r} update)`,
    '',
    '| what | value |',
    '|---|---:|',
    `| svds time, median of ${REPS} (ms) | ${fmt(median(times), 0)} |`,
    `| applications of A and Aᴴ (one vector each) | ${applies} |`,
    `| ‖A·V − U·S‖_F / σ₁ | ${residual(op.apply(V), U).toExponential(1)} |`,
    `| ‖Aᴴ·U − V·S‖_F / σ₁ | ${residual(op.applyAdjoint(U), V).toExponential(1)} |`,
    `| σ₁ … σ₈ | ${Array.from(s, (x) => x.toFixed(6)).join(', ')} |`,
    `| RSS growth during the runs (MB) | ${fmt((process.memoryUsage().rss - rssBefore) / 2 ** 20, 0)} |`,
    `| process maxRSS so far (MB; includes Node and the 10 MB of G, H) | ${fmt(maxRss, 0)} |`,
  ];
}

function denseSection(): string[] {
  const n = 2000;
  const k = 10;
  const rng = new Rng(7);
  const sigma = Float64Array.from({ length: n }, (_, i) => 0.95 ** i);
  const u = unitVector(rng, n);
  const w = unitVector(rng, n);
  const A = reflectedDiagonal(sigma, u, w);
  // Symmetric analogue: eigenvalues ±0.95ⁱ alternating in sign, the top 10 algebraically largest wanted.
  const lambda = Float64Array.from(sigma, (x, i) => (i % 2 === 0 ? x : -x));
  const Hs = reflectedDiagonal(lambda, u, u);
  const wantedEig = Float64Array.from(lambda)
    .sort((a, b) => a - b)
    .slice(n - k);
  const tSvds: number[] = [];
  const tSvd: number[] = [];
  const tEigsh: number[] = [];
  const tEigh: number[] = [];
  const tLowRank: number[] = [];
  let errSvds = 0;
  let errSvdsVsSvd = 0;
  let errSvd = 0;
  let errEigsh = 0;
  let errLowRank = 0;
  for (let rep = 0; rep < REPS; rep++) {
    const [[, S], t1] = time(() => svds(A, k));
    tSvds.push(t1);
    errSvds = Math.max(errSvds, maxRelErr(S.toTypedArray(), sigma, k));
    const [[, Sl], t5] = time(() => svdLowRank(A, k));
    tLowRank.push(t5);
    errLowRank = Math.max(errLowRank, maxRelErr(Sl.toTypedArray(), sigma, k));
    const [[W], t3] = time(() => eigsh(Hs, k));
    tEigsh.push(t3);
    errEigsh = Math.max(errEigsh, maxRelErr(W.toTypedArray(), wantedEig, k));
    const [[, Sd], t2] = time(() => svd(A));
    tSvd.push(t2);
    errSvd = Math.max(errSvd, maxRelErr(Sd.toTypedArray(), sigma, k));
    errSvdsVsSvd = Math.max(errSvdsVsSvd, maxRelErr(S.toTypedArray(), Sd.toTypedArray(), k));
    const [, t4] = time(() => eigh(Hs));
    tEigh.push(t4);
  }
  const row = (what: string, t: number, ref: number, err: string) =>
    `| ${what} | ${fmt(t, 0)} | ${fmt(ref / t, 1)}× | ${err} |`;
  return [
    '',
    `#### Top ${k} of a ${n}×${n} dense float64 matrix, σᵢ = 0.95ⁱ (median of ${REPS}, interleaved)`,
    '',
    '| call | ms | speed-up vs dense | max relative error of the top 10 (vs exact) |',
    '|---|---:|---:|---:|',
    row('`svd(A)` (full thin)', median(tSvd), median(tSvd), errSvd.toExponential(1)),
    row(
      `\`svds(A, ${k})\``,
      median(tSvds),
      median(tSvd),
      `${errSvds.toExponential(1)} (vs svd: ${errSvdsVsSvd.toExponential(1)})`,
    ),
    row(`\`svdLowRank(A, ${k})\` (approximate)`, median(tLowRank), median(tSvd), errLowRank.toExponential(1)),
    row('`eigh(H)` (full)', median(tEigh), median(tEigh), '—'),
    row(`\`eigsh(H, ${k})\` (largest)`, median(tEigsh), median(tEigh), errEigsh.toExponential(1)),
  ];
}

function crossoverSection(): string[] {
  const lines = [
    '',
    '#### Crossover: svds Krylov vs dense on Gaussian n×n (flat spectrum, the Krylov worst case; median of 3, ms)',
    '',
    '| n | k | dense | krylov | krylov / dense |',
    '|---:|---:|---:|---:|---:|',
  ];
  for (const [n, ks] of [
    [128, [4, 8, 16]],
    [256, [8, 16, 32]],
    [512, [16, 32, 64]],
  ] as const) {
    const rng = new Rng(n);
    const A = new Tensor(
      Float64Array.from({ length: n * n }, () => rng.normal()),
      'float64',
      [n, n],
    );
    for (const k of ks) {
      const td: number[] = [];
      const tk: number[] = [];
      for (let rep = 0; rep < 3; rep++) {
        td.push(time(() => svds(A, k, { method: 'dense' }))[1]);
        tk.push(time(() => svds(A, k, { method: 'krylov' }))[1]);
      }
      lines.push(
        `| ${n} | ${k} | ${fmt(median(td), 1)} | ${fmt(median(tk), 1)} | ${fmt(median(tk) / median(td), 2)} |`,
      );
    }
  }
  return lines;
}

export default async function krylovBench(): Promise<string> {
  const lines = ['### Krylov solvers: svds, eigsh, svdLowRank (float64, one thread)'];
  lines.push(...operatorSection());
  lines.push(...denseSection());
  if (process.env.KRYLOV_CROSSOVER !== '0') lines.push(...crossoverSection());
  return lines.join('\n');
}
