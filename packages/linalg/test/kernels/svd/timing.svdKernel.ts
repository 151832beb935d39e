/**
 * Timing script (not a test): median wall time of svdKernel on random square matrices.
 * Run: cd packages/linalg && npx tsx --conditions=@svd/source test/kernels/svd/timing.svdKernel.ts [sizes...]
 */
import { svdKernel, type SvdJob } from '../../../src/kernels/svd/index.js';

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
  for (const job of ['thin', 'none'] as SvdJob[]) {
    const reps = n <= 256 ? 9 : 5;
    svdKernel(a, n, n, job); // warm-up (JIT)
    svdKernel(a, n, n, job);
    const times: number[] = [];
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      svdKernel(a, n, n, job);
      times.push(performance.now() - t0);
    }
    console.log(`${n}x${n} job=${job}: median ${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)})`);
  }
}
