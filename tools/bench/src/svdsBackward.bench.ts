import { svd, svds } from '@svd/ops-svd';
import { type Var, abs, add, adjoint, backward, diagonal, matmul, square, sum, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { fmt, randomBuffer } from './util.js';

/**
 * The truncated-SVD gradient of the k = 10 top triplets: @svd/ops-svd's `svds` (Krylov forward,
 * complement of the rule by MINRES with products by A and Aᴴ) against the dense truncated rule
 * `svd(A, { rank: 10 })` (full SVD forward, thin rule over all min(m, n) triplets). A has a
 * decaying spectrum: G₁·diag(0.8ⁱ)·G₂ (rank 60) plus 1e-3 noise. The loss is gauge-invariant:
 * Σ sᵢ² + Σ |uᵢᴴ M vᵢ|². Forward and backward are timed separately (the backward by re-running the
 * recorded graph), interleaving the two methods; medians of `SVDS_BENCH_REPS` runs (default 3).
 * Sizes from `SVDS_BENCH_SIZES` (default "500,1000,2000").
 */
function matrix(n: number): T.Tensor {
  const r = 60;
  const G1 = T.tensor(randomBuffer(n * r, 7 * n + 1), { shape: [n, r] });
  const G2 = T.tensor(randomBuffer(r * n, 7 * n + 2), { shape: [r, n] });
  const d = T.tensor(Float64Array.from({ length: r }, (_, i) => 0.8 ** i));
  const noise = T.scale(T.tensor(randomBuffer(n * n, 7 * n + 3), { shape: [n, n] }), 1e-3);
  return T.add(T.matmul(T.mul(G1, d), G2), noise);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export default async function svdsBackwardBench(): Promise<string> {
  const sizes = (process.env.SVDS_BENCH_SIZES ?? '500,1000,2000').split(',').map(Number);
  const reps = Number(process.env.SVDS_BENCH_REPS ?? 3);
  const k = 10;
  const rows: string[] = [];
  for (const n of sizes) {
    const a = matrix(n);
    const M = T.tensor(randomBuffer(n * n, 11 * n), { shape: [n, n] });
    const loss = (U: Var, S: Var, V: Var) =>
      add(sum(square(S)), sum(square(abs(diagonal(matmul(adjoint(U), matmul(M, V)))))));
    const times = { svdsF: [] as number[], svdsB: [] as number[], denseF: [] as number[], denseB: [] as number[] };
    let gSvds: T.Tensor | null = null;
    let gDense: T.Tensor | null = null;
    for (let r = 0; r < reps; r++) {
      for (const method of ['svds', 'dense'] as const) {
        const A = variable(a);
        const t0 = performance.now();
        const out = method === 'svds' ? svds(A, k) : svd(A, { rank: k });
        const L = loss(...out);
        const t1 = performance.now();
        backward(L);
        const t2 = performance.now();
        times[`${method}F`].push(t1 - t0);
        times[`${method}B`].push(t2 - t1);
        if (method === 'svds') gSvds = A.grad!;
        else gDense = A.grad!;
      }
    }
    const diff = T.max(T.abs(T.sub(gSvds!, gDense!))).item() / T.max(T.abs(gDense!)).item();
    const [sf, sb, df, db] = [times.svdsF, times.svdsB, times.denseF, times.denseB].map(median);
    rows.push(
      `| ${n}×${n} | ${fmt(sf! / 1000, 2)} | ${fmt(sb! / 1000, 2)} | ${fmt(df! / 1000, 2)} | ${fmt(db! / 1000, 2)} | ${fmt(db! / sb!, 1)}× | ${fmt((df! + db!) / (sf! + sb!), 1)}× | ${diff.toExponential(1)} |`,
    );
    console.error(rows.at(-1));
  }
  return `## svds backward (truncated-SVD gradient without a full decomposition)

k = ${k} top triplets of an n×n matrix with a decaying spectrum; gauge-invariant loss Σ sᵢ² + Σ |uᵢᴴMvᵢ|².
"svds" is @svd/ops-svd's \`svds\` (forward: @svd/linalg's Golub–Kahan–Lanczos for k + 1 triplets; backward:
the k×k thin rule plus the complement Sylvester systems solved per column by MINRES with products by A, Aᴴ).
"dense" is \`svd(A, { rank: ${k} })\` (full SVD forward, thin rule over all triplets). Seconds, median of ${reps}
interleaved runs; "rel. diff" is max|Ā_svds − Ā_dense| / max|Ā_dense|.

| n | svds forward s | svds backward s | dense forward s | dense backward s | backward speed-up | total speed-up | rel. diff |
|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}
`;
}
