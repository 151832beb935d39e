/**
 * Complex SVD: @svd/linalg `svd` / `svdvals` on complex128 input at 128², 256², 512² against numpy
 * (`np.linalg.svd` on complex128, zgesdd, OpenBLAS pinned to one thread) and against our own
 * float64 SVD of the same size (the complex/real cost ratio; ~4× the real flops is the textbook
 * expectation), plus the complex SVD backward of @svd/ops-svd against its forward at 128 and 256.
 *
 * The backward's cotangents come from the gauge-invariant loss L = Re⟨W, U·Vᴴ⟩ + ⟨w, S⟩
 * (Ū = W·V, V̄ = Wᴴ·U, S̄ = w), so the default complex gauge check runs and passes; the graph is
 * retained between runs, so only the pullback is timed.
 *
 * Times are medians: mitata's p50 for calls under 30 ms, otherwise the median of a fixed number of
 * timed calls after one warm-up (3 at 512², 5 below).
 */
import { svd as opsSvd } from '@svd/ops-svd';
import { backward, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import { svd, svdvals } from '@svd/linalg';
import { do_not_optimize } from 'mitata';
import { PY_PRELUDE, fmt, medianMs, medianOfRuns, randomBuffer, runNumpy } from './util.js';

const SIZES = [128, 256, 512];
const BACKWARD_SIZES = [128, 256];

/** One probe call decides between mitata (fast) and a fixed-count median (slow). */
async function timeIt(fn: () => unknown, big: boolean): Promise<number> {
  const t0 = performance.now();
  do_not_optimize(fn());
  const probe = performance.now() - t0;
  if (probe < 30) return medianMs(() => do_not_optimize(fn()), { minSamples: 10, minCpuMs: 400 });
  return medianOfRuns(fn, big ? 3 : 5);
}

/** A random complex128 n×n matrix, entries with real and imaginary parts uniform in [−1, 1). */
function complexInput(n: number, seed: number): T.Tensor {
  return new T.Tensor(randomBuffer(2 * n * n, seed), 'complex128', [n, n]);
}

/** ‖A − U·S·Vᴴ‖_max / ‖A‖_max and ‖UᴴU − I‖_max: the forward is right before it is timed. */
function sanity(n: number): void {
  const A = complexInput(n, 99);
  const [U, S, V] = svd(A) as [T.Tensor, T.Tensor, T.Tensor];
  const R = T.sub(A, T.matmul(T.mul(U, S), T.adjoint(V)));
  const rel = T.max(T.abs(R)).item() / T.max(T.abs(A)).item();
  const orth = T.max(T.abs(T.sub(T.matmul(T.adjoint(U), U), T.eye(n, n, { dtype: 'complex128' })))).item();
  if (!(rel < 1e-12 && orth < 1e-12))
    throw new Error(`complexSvd bench: bad SVD at ${n} (residual ${rel}, orthogonality ${orth})`);
}

function numpyTimes(): { blas: string[]; t: Record<string, number> } | null {
  const out = runNumpy(`${PY_PRELUDE}
rng = np.random.default_rng(0)
t = {}
for n in ${JSON.stringify(SIZES)}:
    a = (rng.random((n, n)) * 2 - 1) + 1j * (rng.random((n, n)) * 2 - 1)
    t[f"svd:{n}"] = median_ms(lambda: np.linalg.svd(a, full_matrices=False), 2 * n)
    t[f"svdvals:{n}"] = median_ms(lambda: np.linalg.svd(a, compute_uv=False), 2 * n)
print(json.dumps({"blas": blas, "t": t}))
`);
  if (out === null) return null;
  try {
    return JSON.parse(out.trim().split('\n').pop()!) as { blas: string[]; t: Record<string, number> };
  } catch {
    return null;
  }
}

async function backwardRow(n: number): Promise<string> {
  const a = complexInput(n, n + 3);
  const W = complexInput(n, n + 4);
  const w = T.tensor(randomBuffer(n, n + 5), { shape: [n] });
  const forward = await timeIt(() => opsSvd(a), false);
  const A = variable(a);
  const [U, S, V] = opsSvd(A);
  const dU = T.matmul(W, V.value);
  const dV = T.matmul(T.adjoint(W), U.value);
  const bw = await timeIt(() => {
    backward([U, S, V], [dU, w, dV], { retainGraph: true });
    A.grad = null;
  }, false);
  const A0 = variable(a);
  const [U0, S0, V0] = opsSvd(A0, { gauge: 'off' });
  const bwOff = await timeIt(() => {
    backward([U0, S0, V0], [dU, w, dV], { retainGraph: true });
    A0.grad = null;
  }, false);
  console.error(
    `  backward ${n}: forward ${fmt(forward, 1)} ms, backward ${fmt(bw, 1)} ms, gauge off ${fmt(bwOff, 1)} ms`,
  );
  return `| ${n}×${n} | ${fmt(forward, 1)} | ${fmt(bw, 1)} | ${fmt(bw / forward, 2)} | ${fmt(bwOff, 1)} | ${fmt(bwOff / forward, 2)} |`;
}

export default async function complexSvdBench(): Promise<string> {
  sanity(64);
  const np = numpyTimes();
  const rows: string[] = [];
  for (const n of SIZES) {
    const big = n >= 512;
    const A = complexInput(n, 1000 * n + n);
    const Ar = new T.Tensor(randomBuffer(n * n, 1000 * n + n), 'float64', [n, n]);
    for (const [op, label, f, fr] of [
      ['svd', 'svd (thin, with vectors)', () => svd(A), () => svd(Ar)],
      ['svdvals', 'svd values only', () => svdvals(A), () => svdvals(Ar)],
    ] as const) {
      const tOurs = await timeIt(f, big);
      const tReal = await timeIt(fr, big);
      const tNp = np?.t[`${op}:${n}`];
      console.error(`  ${op} ${n}: complex ${fmt(tOurs, 2)} ms, float64 ${fmt(tReal, 2)} ms, numpy ${fmt(tNp, 2)} ms`);
      rows.push(
        `| ${label} | ${n}×${n} | ${fmt(tOurs, 2)} | ${fmt(tNp, 2)} | ${tNp === undefined ? '—' : `${fmt(tOurs / tNp, 1)}×`} | ${fmt(tReal, 2)} | ${fmt(tOurs / tReal, 1)}× |`,
      );
    }
  }
  const bwRows: string[] = [];
  for (const n of BACKWARD_SIZES) bwRows.push(await backwardRow(n));
  return `## complex svd

@svd/linalg \`svd\` (thin, U, S, V) and \`svdvals\` on complex128 input (real and imaginary parts
uniform in [−1, 1)) against numpy's \`np.linalg.svd(a, full_matrices=False)\` /
\`compute_uv=False\` on complex128 (LAPACK zgesdd, OpenBLAS one thread), and against our own
float64 SVD of a same-size real matrix (the complex/real column; complex arithmetic is ~4× the
real flops). Medians as in the linalg section. Backward = one reverse pass of the @svd/ops-svd
SVD rule on complex128 for the cotangents of the gauge-invariant L = Re⟨W, U·Vᴴ⟩ + ⟨w, S⟩ (graph
retained between runs, so only the pullback is timed), with the default complex gauge check and
with \`gauge: 'off'\`; forward = @svd/ops-svd \`svd\` on a plain complex128 tensor.

\`\`\`sh
pnpm bench complexSvd
\`\`\`

| operation | shape | @svd/linalg complex128 ms | numpy (1 thread) ms | ours / numpy | @svd/linalg float64 ms | complex / real |
|---|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

${np === null ? 'numpy: not measured (python3 with numpy not found).' : `numpy BLAS: ${np.blas.join('; ') || 'unknown (threadpoolctl not installed)'}.`}

Complex SVD backward (ops-svd) vs forward:

| shape | forward ms | backward ms | backward / forward | backward, gauge off, ms | ratio |
|---|---:|---:|---:|---:|---:|
${bwRows.join('\n')}
`;
}
