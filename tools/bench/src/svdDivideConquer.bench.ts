/**
 * The SVD kernel with vectors through the default dispatch (divide and conquer from
 * `DIVIDE_CONQUER_CROSSOVER` on) versus the bidiagonal-QR route forced, plus values only, on
 * random square matrices (float64, row-major, @svd/linalg's `kernels.svdKernel`). Times are
 * mitata medians (p50). `pnpm bench svdDivideConquer`; sizes from SVD_DC_SIZES (default 256,512).
 */
import { kernels } from '@svd/linalg';
import { do_not_optimize } from 'mitata';
import { fmt, medianMs, randomBuffer } from './util.js';

const SIZES = (process.env.SVD_DC_SIZES ?? '256,512').split(',').map(Number);

// 'thin (QR route)' forces the bidiagonal QR for the vectors (the route before divide and conquer
// was added); 'thin' uses the default dispatch.
const RUNS: Array<[label: string, job: kernels.SvdJob, options: kernels.SvdKernelOptions]> = [
  ['thin, default dispatch', 'thin', {}],
  ['thin, bidiagonal QR forced', 'thin', { divideConquerFrom: Number.POSITIVE_INFINITY }],
  ['values only', 'none', {}],
];

export default async function svdDivideConquerBench(): Promise<string> {
  const lines = [
    '### SVD kernel: divide and conquer vs bidiagonal QR (n×n, float64)',
    '',
    `| n | ${RUNS.map(([label]) => `${label} ms`).join(' | ')} |`,
    `|---:|${RUNS.map(() => '---:').join('|')}|`,
  ];
  for (const n of SIZES) {
    const a = randomBuffer(n * n, n);
    const times: number[] = [];
    for (const [, job, options] of RUNS) {
      const run = () => do_not_optimize(kernels.svdKernel(a, n, n, job, options));
      times.push(await medianMs(run, { minSamples: 5, minCpuMs: 300 }));
    }
    lines.push(`| ${n} | ${times.map((t) => fmt(t, 1)).join(' | ')} |`);
  }
  return lines.join('\n');
}
