/**
 * Seeded random inputs shared by the API tests: SPD / HPD matrices, interleaved complex data, and
 * the widening / rounding that the single-precision policy tests compare through. Part of the
 * linalg test support module (./index.ts).
 */
import { type Tensor, tensor } from '@svd/tensor';
import { cadjoint, cmul } from './complexMatrix.js';
import { matmul as mul, mulberry32, transpose } from './denseMatrix.js';
import { f64 } from './fixtures.js';
import { randomTensor } from './testMatrices.js';

/** A symmetric positive definite batch: Aᵀ·A + n·I per matrix. */
export function spdBatch(shape: number[], seed: number): Tensor {
  const n = shape[shape.length - 1]!;
  const r = f64(randomTensor(shape, seed));
  const out = new Float64Array(r.length);
  for (let k = 0; k < r.length / (n * n); k++) {
    const a = r.subarray(k * n * n, (k + 1) * n * n);
    const g = mul(transpose(a, n, n), a, n, n, n);
    for (let i = 0; i < n; i++) g[i * n + i] = g[i * n + i]! + n;
    out.set(g, k * n * n);
  }
  return tensor(out, { shape });
}

/** Interleaved U(−1, 1)·mag data for `count` complex entries. */
export function cdata(count: number, seed: number, mag = 1): Float64Array {
  const rng = mulberry32(seed);
  return Float64Array.from({ length: 2 * count }, () => (2 * rng() - 1) * mag);
}

/** A complex tensor with U(−1, 1)·mag parts (complex64: the same values rounded to float32). */
export function ctensor(
  shape: number[],
  seed: number,
  mag = 1,
  dtype: 'complex128' | 'complex64' = 'complex128',
): Tensor {
  const size = shape.reduce((p, d) => p * d, 1);
  const d = cdata(size, seed, mag);
  return tensor(dtype === 'complex64' ? Float32Array.from(d) : d, { shape, dtype });
}

/** A Hermitian positive definite n×n matrix B·Bᴴ + n·I (interleaved). */
export function hpd(n: number, seed: number): Float64Array {
  const b = cdata(n * n, seed);
  const a = cmul(b, cadjoint(b, n, n), n, n, n);
  for (let i = 0; i < n; i++) {
    a[2 * (i * n + i)] = a[2 * (i * n + i)]! + n;
    a[2 * (i * n + i) + 1] = 0;
  }
  return a;
}

/** The double-precision copy of a single-precision tensor (float32 → float64, complex64 → complex128; exact). */
export function widen(t: Tensor): Tensor {
  const dtype = t.dtype === 'complex64' || t.dtype === 'complex128' ? 'complex128' : 'float64';
  return tensor(Float64Array.from(t.toTypedArray()), { shape: [...t.shape], dtype });
}

/** A double-precision result rounded to float32 (parts), −0 → +0 (what the single-precision call must return). */
export function rounded(t: Tensor): Float32Array {
  const r = Float32Array.from(t.toTypedArray());
  for (let i = 0; i < r.length; i++) if (r[i] === 0) r[i] = 0;
  return r;
}
