/**
 * Krylov solvers (`svds`, `eigsh`, `svdLowRank`) against the dense decompositions, one thread:
 *
 * 1. top 10 singular triplets of a 2000×2000 dense float64 matrix with σᵢ = 0.95ⁱ, versus the full
 *    thin `svd` (and the top 10 eigenpairs of the symmetric analogue versus `eigh`). The matrix is
 *    A = H₁·diag(σ)·H₂ with Householder reflections H = I − 2wwᵀ (formed, dense, so its exact
 *    singular values are known; a Krylov method sees only its spectrum and the random start);
 * 2. top 8 singular triplets of ~20000×20000 operators that are never formed, written with
 *    @svd/tensor ops as a user would — A = diag(d) + G·diag(c)·Hᵀ (G, H 20000×32) and a TRG-like
 *    two-tensor contraction (χ = 141, D = 4): time, applications, residuals and memory (maxRSS;
 *    run the section in a fresh process for a clean figure);
 * 3. the crossover behind method 'auto': Krylov versus dense time on Gaussian n×n (flat spectrum).
 *
 * Contenders are interleaved and each figure is the median of KRYLOV_REPS runs (default 3) of the
 * process's CPU time (user + system; single-threaded code). KRYLOV_SECTIONS picks sections
 * (default operator,dense,crossover; run 'operator' alone for a clean maxRSS).
 * `pnpm bench krylov` (from tools/bench: `npx tsx --conditions=@svd/source src/run.ts krylov`).
 */
import { eigh, eigsh, svd, svdLowRank, svds, type LinearOperator } from '@svd/linalg';
import { Rng, Tensor, add, adjoint, matmul, mul, reshape, tensor, tensordot } from '@svd/tensor';
import { fmt } from './util.js';

const REPS = Number(process.env.KRYLOV_REPS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/**
 * CPU time of `fn` in ms (user + system of this process; the code is single-threaded, so on a
 * machine shared with other jobs this is steadier than wall time, which is recorded alongside).
 */
class Timer {
  readonly cpu: number[] = [];
  readonly wall: number[] = [];
  run<T>(fn: () => T): T {
    const w0 = performance.now();
    const c0 = process.cpuUsage();
    const r = fn();
    const c = process.cpuUsage(c0);
    this.wall.push(performance.now() - w0);
    this.cpu.push((c.user + c.system) / 1000);
    return r;
  }
  get median(): number {
    return median(this.cpu);
  }
  /** "CPU (wall)" medians. */
  show(): string {
    return `${fmt(median(this.cpu), 0)} (${fmt(median(this.wall), 0)})`;
  }
}
const DENSE_REPS = Number(process.env.KRYLOV_DENSE_REPS ?? REPS);
const SECTIONS = (process.env.KRYLOV_SECTIONS ?? 'operator,dense,crossover').split(',');

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

interface CountedOperator {
  readonly name: string;
  readonly op: LinearOperator;
  applies: number;
}

/** diag(d) + G·diag(c)·Hᵀ on 𝔽²⁰⁰⁰⁰ (G, H 20000×32), with @svd/tensor ops. */
function diagonalPlusLowRank(): CountedOperator {
  const n = 20000;
  const r = 32;
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
  const counted: CountedOperator = {
    name: `diag(d) + G·diag(c)·Hᵀ, ${n}×${n}, rank-${r} update`,
    applies: 0,
    op: {
      shape: [n, n],
      dtype: 'float64',
      apply(x) {
        counted.applies++;
        return add(mul(d, x), matmul(G, mul(c, matmul(adjoint(H), x))));
      },
      applyAdjoint(y) {
        counted.applies++;
        return add(mul(d, y), matmul(H, mul(c, matmul(adjoint(G), y))));
      },
    },
  };
  return counted;
}

/**
 * A TRG-like two-tensor contraction on 𝔽^(χ²), χ = 141 (19881): M[(a,b),(c,d)] = Σₑ T₁[a,c,e]·T₂[e,b,d]
 * with bond dimension D = 4 and entries damped by 0.93^(index) (a decaying spectrum, as a
 * renormalised tensor has). Each application is two `tensordot`s, O(D·χ³).
 */
function twoTensorContraction(): CountedOperator {
  const chi = 141;
  const D = 4;
  const n = chi * chi;
  const rng = new Rng(5);
  const damp = (i: number) => 0.93 ** i;
  const t1 = new Float64Array(chi * chi * D);
  for (let p = 0; p < t1.length; p++)
    t1[p] = rng.normal() * damp(Math.floor(p / (chi * D))) * damp(Math.floor(p / D) % chi);
  const t2 = new Float64Array(D * chi * chi);
  for (let p = 0; p < t2.length; p++) t2[p] = rng.normal() * damp(Math.floor(p / chi) % chi) * damp(p % chi);
  const T1 = new Tensor(t1, 'float64', [chi, chi, D]);
  const T2 = new Tensor(t2, 'float64', [D, chi, chi]);
  const counted: CountedOperator = {
    name: `two-tensor contraction Σₑ T₁[a,c,e]·T₂[e,b,d], χ = ${chi} (${n}×${n}), D = ${D}`,
    applies: 0,
    op: {
      shape: [n, n],
      dtype: 'float64',
      apply(x) {
        counted.applies++;
        const Z = tensordot(T1, reshape(x, [chi, chi]), [[1], [0]]); // [a, e, d]
        return reshape(
          tensordot(Z, T2, [
            [1, 2],
            [0, 2],
          ]),
          [n, 1],
        ); // [a, b]
      },
      applyAdjoint(y) {
        counted.applies++;
        const W = tensordot(T1, reshape(y, [chi, chi]), [[0], [0]]); // [c, e, b]
        return reshape(
          tensordot(W, T2, [
            [1, 2],
            [0, 1],
          ]),
          [n, 1],
        ); // [c, d]
      },
    },
  };
  return counted;
}

function operatorSection(): string[] {
  const k = 8;
  const lines = [
    '',
    `#### Top ${k} singular triplets of ~20000×20000 operators that are never formed (median of ${REPS})`,
    '',
    '| operator | svds CPU ms (wall ms) | applications of A and Aᴴ | ‖A·V − U·S‖_F / σ₁ | ‖Aᴴ·U − V·S‖_F / σ₁ | σ₁, σ₈ | process maxRSS after (MB) |',
    '|---|---:|---:|---:|---:|---|---:|',
  ];
  for (const make of [diagonalPlusLowRank, twoTensorContraction]) {
    const counted = make();
    const timer = new Timer();
    let result: [Tensor, Tensor, Tensor] | null = null;
    for (let rep = 0; rep < REPS; rep++) {
      counted.applies = 0;
      result = timer.run(() => svds(counted.op, k));
    }
    const applies = counted.applies;
    const [U, S, V] = result!;
    const s = S.toTypedArray();
    const residual = (X: Tensor, Y: Tensor) => {
      const R = add(X, mul(mul(Y, tensor(s, { shape: [1, k] })), -1)).toTypedArray();
      let q = 0;
      for (const x of R) q += x * x;
      return (Math.sqrt(q) / s[0]!).toExponential(1);
    };
    const rA = residual(counted.op.apply(V), U);
    const rAh = residual(counted.op.applyAdjoint(U), V);
    const rss = fmt(process.resourceUsage().maxRSS / 1024, 0);
    lines.push(
      `| ${counted.name} | ${timer.show()} | ${applies} | ${rA} | ${rAh} | ${s[0]!.toFixed(4)}, ${s[k - 1]!.toFixed(4)} | ${rss} |`,
    );
  }
  return lines;
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
  const tSvds = new Timer();
  const tSvd = new Timer();
  const tEigsh = new Timer();
  const tEigh = new Timer();
  const tLowRank = new Timer();
  let errSvds = 0;
  let errSvdsVsSvd = 0;
  let errSvd = 0;
  let errEigsh = 0;
  let errLowRank = 0;
  for (let rep = 0; rep < REPS; rep++) {
    const [, S] = tSvds.run(() => svds(A, k));
    errSvds = Math.max(errSvds, maxRelErr(S.toTypedArray(), sigma, k));
    const [, Sl] = tLowRank.run(() => svdLowRank(A, k));
    errLowRank = Math.max(errLowRank, maxRelErr(Sl.toTypedArray(), sigma, k));
    const [W] = tEigsh.run(() => eigsh(Hs, k));
    errEigsh = Math.max(errEigsh, maxRelErr(W.toTypedArray(), wantedEig, k));
    if (rep < DENSE_REPS) {
      const [, Sd] = tSvd.run(() => svd(A));
      errSvd = Math.max(errSvd, maxRelErr(Sd.toTypedArray(), sigma, k));
      errSvdsVsSvd = Math.max(errSvdsVsSvd, maxRelErr(S.toTypedArray(), Sd.toTypedArray(), k));
      tEigh.run(() => eigh(Hs));
    }
  }
  const row = (what: string, t: Timer, ref: Timer, err: string) =>
    `| ${what} | ${t.show()} | ${fmt(ref.median / t.median, 1)}× | ${err} |`;
  return [
    '',
    `#### Top ${k} of a ${n}×${n} dense float64 matrix, σᵢ = 0.95ⁱ (medians: ${REPS} runs of the Krylov solvers, ${DENSE_REPS} of svd / eigh, interleaved)`,
    '',
    '| call | CPU ms (wall ms) | speed-up (CPU) vs dense | max relative error of the top 10 (vs exact) |',
    '|---|---:|---:|---:|',
    row('`svd(A)` (full thin)', tSvd, tSvd, errSvd.toExponential(1)),
    row(`\`svds(A, ${k})\``, tSvds, tSvd, `${errSvds.toExponential(1)} (vs svd: ${errSvdsVsSvd.toExponential(1)})`),
    row(`\`svdLowRank(A, ${k})\` (approximate)`, tLowRank, tSvd, errLowRank.toExponential(1)),
    row('`eigh(H)` (full)', tEigh, tEigh, '—'),
    row(`\`eigsh(H, ${k})\` (largest)`, tEigsh, tEigh, errEigsh.toExponential(1)),
  ];
}

function crossoverSection(): string[] {
  const lines = [
    '',
    '#### Crossover: svds Krylov vs dense on Gaussian n×n (flat spectrum, the Krylov worst case; median of 3, CPU ms)',
    '',
    '| n | k | dense CPU (wall) | krylov CPU (wall) | krylov / dense (CPU) |',
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
      const td = new Timer();
      const tk = new Timer();
      for (let rep = 0; rep < 3; rep++) {
        td.run(() => svds(A, k, { method: 'dense' }));
        tk.run(() => svds(A, k, { method: 'krylov' }));
      }
      lines.push(`| ${n} | ${k} | ${td.show()} | ${tk.show()} | ${fmt(tk.median / td.median, 2)} |`);
    }
  }
  return lines;
}

export default async function krylovBench(): Promise<string> {
  const lines = ['### Krylov solvers: svds, eigsh, svdLowRank (float64, one thread)'];
  if (SECTIONS.includes('operator')) lines.push(...operatorSection());
  if (SECTIONS.includes('dense')) lines.push(...denseSection());
  if (SECTIONS.includes('crossover')) lines.push(...crossoverSection());

  return lines.join('\n');
}
