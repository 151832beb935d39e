/**
 * Square float64 matmul at 64…512: @svd/tensor `matmul` (default path: the wasm SIMD kernel when
 * available) vs the same `matmul` with the JS kernel forced vs a naive i-k-j loop on
 * Float64Array vs ml-matrix `mmul` vs numpy (OpenBLAS, one thread) when python3 is present; plus
 * complex128 matmul (default path: the wasm SIMD complex kernel; and with the JS kernel forced)
 * compared per flop with the real one. Times are mitata medians (p50).
 */
import { Tensor, kernels, matmul } from '@svd/tensor';
import { do_not_optimize } from 'mitata';
import { Matrix } from 'ml-matrix';
import { PY_PRELUDE, fmt, medianMs, randomBuffer, runNumpy } from './util.js';

const SIZES = [64, 128, 256, 512];
const COMPLEX_SIZES = [256, 512];

function naiveIkj(n: number, a: Float64Array, b: Float64Array, c: Float64Array): void {
  c.fill(0);
  for (let i = 0; i < n; i++) {
    const ci = i * n;
    for (let p = 0; p < n; p++) {
      const av = a[i * n + p]!;
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j]! += av * b[bp + j]!;
    }
  }
}

function toRows(n: number, a: Float64Array): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n)));
}

const gflops = (flops: number, ms: number): number => flops / (ms * 1e6);

interface NumpyResult {
  blas: string[];
  real: Record<string, number>;
  complex: Record<string, number>;
}

function numpyTimes(): NumpyResult | null {
  const out = runNumpy(`${PY_PRELUDE}
rng = np.random.default_rng(0)
real, cplx = {}, {}
for n in ${JSON.stringify(SIZES)}:
    a = rng.random((n, n)); b = rng.random((n, n))
    real[str(n)] = median_ms(lambda: a @ b, n)
for n in ${JSON.stringify(COMPLEX_SIZES)}:
    a = rng.random((n, n)) + 1j * rng.random((n, n)); b = rng.random((n, n)) + 1j * rng.random((n, n))
    cplx[str(n)] = median_ms(lambda: a @ b, 4 * n)
print(json.dumps({"blas": blas, "real": real, "complex": cplx}))
`);
  if (out === null) return null;
  try {
    return JSON.parse(out.trim().split('\n').pop()!) as NumpyResult;
  } catch {
    return null;
  }
}

export default async function matmulBench(): Promise<string> {
  const lines: string[] = [];
  const np = numpyTimes();
  const realMs = new Map<number, number>();

  lines.push('### float64, C = A·B (n×n)', '');
  lines.push(
    '| n | @svd/tensor matmul ms | GFLOP/s | JS kernel (wasm off) ms | GFLOP/s | naive i-k-j ms | GFLOP/s | ml-matrix mmul ms | GFLOP/s | numpy (1 thread) ms | GFLOP/s |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const n of SIZES) {
    const a = randomBuffer(n * n, n);
    const b = randomBuffer(n * n, n + 1);
    const A = new Tensor(a, 'float64', [n, n]);
    const B = new Tensor(b, 'float64', [n, n]);
    const c = new Float64Array(n * n);
    // sanity: our result equals the naive loop to rounding
    naiveIkj(n, a, b, c);
    const ours = matmul(A, B).data;
    kernels.setGemmPath('js');
    const oursJs = matmul(A, B).data;
    kernels.setGemmPath('auto');
    for (let i = 0; i < c.length; i++) {
      if (Math.abs(ours[i]! - c[i]!) > 1e-9 * n || Math.abs(oursJs[i]! - c[i]!) > 1e-9 * n) {
        throw new Error(`matmul bench: result mismatch at n=${n}`);
      }
    }
    const big = n >= 256;
    const opts = big ? { minSamples: 5, minCpuMs: 300 } : {};
    const tOurs = await medianMs(() => do_not_optimize(matmul(A, B)), opts);
    kernels.setGemmPath('js');
    const tJs = await medianMs(() => do_not_optimize(matmul(A, B)), opts);
    kernels.setGemmPath('auto');
    const tNaive = await medianMs(() => naiveIkj(n, a, b, c), opts);
    const mA = new Matrix(toRows(n, a));
    const mB = new Matrix(toRows(n, b));
    const tMl = await medianMs(() => do_not_optimize(mA.mmul(mB)), opts);
    const tNp = np?.real[String(n)];
    realMs.set(n, tOurs);
    const f = 2 * n ** 3;
    lines.push(
      `| ${n} | ${fmt(tOurs, 3)} | ${fmt(gflops(f, tOurs))} | ${fmt(tJs, 3)} | ${fmt(gflops(f, tJs))} | ${fmt(tNaive, 3)} | ${fmt(gflops(f, tNaive))} | ${fmt(tMl, 3)} | ${fmt(gflops(f, tMl))} | ${fmt(tNp, 3)} | ${fmt(tNp === undefined ? undefined : gflops(f, tNp))} |`,
    );
  }

  lines.push('', '### complex128 vs float64 per flop', '');
  lines.push(
    'A complex multiply-add is 4 real multiplies + 4 adds, so complex GFLOP/s counts 8n³ flops; the ratio is complex time / (4 × float64 time) (1.0 = same speed per real flop), both with their default (wasm) kernels.',
    '',
    '| n | @svd/tensor complex128 ms | GFLOP/s (real-equivalent) | JS complex kernel (wasm off) ms | GFLOP/s | float64 ms | ratio | numpy complex128 ms | GFLOP/s |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const n of COMPLEX_SIZES) {
    const Z = new Tensor(randomBuffer(2 * n * n, 3 * n), 'complex128', [n, n]);
    const W = new Tensor(randomBuffer(2 * n * n, 3 * n + 1), 'complex128', [n, n]);
    // sanity: both complex paths give the same bits (same packing, blocking and operation order)
    const zw = matmul(Z, W).data;
    kernels.setGemmPath('js');
    const zj = matmul(Z, W).data;
    kernels.setGemmPath('auto');
    for (let i = 0; i < zw.length; i++) {
      if (!Object.is(zw[i], zj[i])) throw new Error(`matmul bench: complex wasm / JS mismatch at n=${n}`);
    }
    const opts = { minSamples: 5, minCpuMs: 300 };
    const t = await medianMs(() => do_not_optimize(matmul(Z, W)), opts);
    kernels.setGemmPath('js');
    const tJs = await medianMs(() => do_not_optimize(matmul(Z, W)), opts);
    kernels.setGemmPath('auto');
    const tr = realMs.get(n)!;
    const tNp = np?.complex[String(n)];
    const f = 8 * n ** 3;
    lines.push(
      `| ${n} | ${fmt(t, 2)} | ${fmt(gflops(f, t))} | ${fmt(tJs, 2)} | ${fmt(gflops(f, tJs))} | ${fmt(tr, 2)} | ${fmt(t / (4 * tr))} | ${fmt(tNp, 2)} | ${fmt(tNp === undefined ? undefined : gflops(f, tNp))} |`,
    );
  }
  lines.push('');
  const noWasm = 'JS kernel (wasm SIMD unavailable)';
  lines.push(`float64 gemm path: ${kernels.wasmGemmAvailable() ? 'wasm SIMD (f64x2) kernel' : noWasm}.`, '');
  lines.push(
    `complex128 gemm path: ${kernels.wasmZgemmAvailable() ? 'wasm SIMD kernel (one complex per f64x2)' : noWasm}.`,
    '',
  );
  lines.push(
    np === null
      ? 'numpy: not measured (python3 with numpy not found).'
      : `numpy BLAS: ${np.blas.join('; ') || 'unknown (threadpoolctl not installed)'}.`,
  );
  return lines.join('\n');
}
