/**
 * Timing script (not a test): svdKernel with vectors through the default dispatch (divide and
 * conquer from DIVIDE_CONQUER_CROSSOVER on) versus the bidiagonal-QR route forced, plus values
 * only, on random square matrices. Median wall time.
 * Run: cd packages/linalg && npx tsx --conditions=@svd/source test/kernels/svd/timing.divideConquer.ts [sizes...]
 */
import { svdKernel, type SvdJob } from '../../../src/kernels/svd/index.js';
import type { SvdKernelOptions } from '../../../src/kernels/svd/svdKernel.js';

function mulberry32(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const sizes = process.argv.slice(2).map(Number);
const shapes = sizes.length > 0 ? sizes : [256, 512];
for (const n of shapes) {
  const rnd = mulberry32(n);
  const a = new Float64Array(n * n);
  for (let i = 0; i < a.length; i++) a[i] = 2 * rnd() - 1;
  // 'thin (QR route)' forces the bidiagonal QR for the vectors (the route before divide and
  // conquer was added); 'thin' uses the default dispatch (D&C from DIVIDE_CONQUER_CROSSOVER on).
  const runs: Array<[string, SvdJob, SvdKernelOptions]> = [
    ['thin', 'thin', {}],
    ['thin (QR route)', 'thin', { divideConquerFrom: Number.POSITIVE_INFINITY }],
    ['none', 'none', {}],
  ];
  for (const [label, job, options] of runs) {
    const reps = n <= 256 ? 9 : 5;
    svdKernel(a, n, n, job, options); // warm-up (JIT)
    svdKernel(a, n, n, job, options);
    const times: number[] = [];
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      svdKernel(a, n, n, job, options);
      times.push(performance.now() - t0);
    }
    console.log(`${n}x${n} job=${label}: median ${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)})`);
  }
}
