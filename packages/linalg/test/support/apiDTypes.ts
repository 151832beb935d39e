/**
 * The double-precision dtypes the API suites run over (`describe.each(API_DTYPES)`): how to build
 * inputs of each — from real values, seeded random, positive definite — and how to take batches
 * apart, so one test body checks float64 and complex128 alike. Part of the linalg test support
 * module (./index.ts).
 */
import { type Tensor, isComplex, tensor, zeros } from '@svd/tensor';
import { COMPLEX_KIT, type DTypeKit, REAL_KIT } from './dtypeKits.js';
import { f64 } from './fixtures.js';
import { ctensor, hpd, spdBatch } from './randomInputs.js';
import { randomTensor } from './testMatrices.js';

/** Real values as nested arrays (a matrix, or a batch of them). */
export type RealValues = number | RealValues[];

export interface ApiDType {
  readonly dtype: 'float64' | 'complex128';
  readonly kit: DTypeKit;
  /** Numbers per entry: 1 (real) or 2 (complex). */
  readonly w: 1 | 2;
  /**
   * A tensor of this dtype holding these real values (imaginary parts +0; −0 stays −0): nested
   * arrays, or flat row-major values with a shape.
   */
  readonly real: (values: RealValues, shape?: number[]) => Tensor;
  /** Seeded U(−1, 1) entries (both parts for complex): randomTensor / ctensor. */
  readonly random: (shape: number[], seed: number) => Tensor;
  /**
   * A batch of symmetric / Hermitian positive definite matrices: spdBatch(shape, seed) for
   * float64; for complex128, matrix b of the batch is hpd(n, seed + b).
   */
  readonly posdef: (shape: number[], seed: number) => Tensor;
  /** Zeros of this dtype. */
  readonly zeros: (shape: number[]) => Tensor;
}

/** Interleaves real values with zero imaginary parts. */
function withZeroImag(re: ArrayLike<number>): Float64Array {
  const out = new Float64Array(2 * re.length);
  for (let i = 0; i < re.length; i++) out[2 * i] = re[i]!;
  return out;
}

function realTensor(values: RealValues, shape?: number[]): Tensor {
  return shape ? tensor(Float64Array.from(values as number[]), { shape }) : tensor(values as number[][]);
}

export const FLOAT64: ApiDType = {
  dtype: 'float64',
  kit: REAL_KIT,
  w: 1,
  real: (values, shape) => realTensor(values, shape),
  random: randomTensor,
  posdef: spdBatch,
  zeros: (shape) => zeros(shape),
};

export const COMPLEX128: ApiDType = {
  dtype: 'complex128',
  kit: COMPLEX_KIT,
  w: 2,
  real: (values, shape) => {
    const r = realTensor(values, shape);
    return tensor(withZeroImag(f64(r)), { shape: [...r.shape], dtype: 'complex128' });
  },
  random: (shape, seed) => ctensor(shape, seed),
  posdef: (shape, seed) => {
    const n = shape[shape.length - 1]!;
    const count = shape.slice(0, -2).reduce((p, d) => p * d, 1);
    const data = new Float64Array(2 * count * n * n);
    for (let b = 0; b < count; b++) data.set(hpd(n, seed + b), 2 * b * n * n);
    return tensor(data, { shape, dtype: 'complex128' });
  },
  zeros: (shape) => zeros(shape, { dtype: 'complex128' }),
};

export const API_DTYPES: readonly ApiDType[] = [FLOAT64, COMPLEX128];

/** Numbers per entry of a tensor: 2 for complex dtypes, 1 otherwise. */
export function widthOf(t: Tensor): 1 | 2 {
  return isComplex(t.dtype) ? 2 : 1;
}

/** Matrix k of a batch as its own tensor (copied, same dtype). */
export function matrixOf(t: Tensor, k: number): Tensor {
  const m = t.shape[t.ndim - 2]!;
  const n = t.shape[t.ndim - 1]!;
  const size = m * n * widthOf(t);
  return tensor(f64(t).slice(k * size, (k + 1) * size), { shape: [m, n], dtype: t.dtype });
}

/** Entries of slice k of the leading (flattened) batch axes of an output with `tail` trailing axes. */
export function itemOf(t: Tensor, k: number, tail: number): Float64Array {
  let size = widthOf(t);
  for (let i = t.ndim - tail; i < t.ndim; i++) size *= t.shape[i]!;
  return f64(t).slice(k * size, (k + 1) * size);
}

/** The entries of I_n (interleaved for w = 2). */
export function eyeData(n: number, w: 1 | 2): Float64Array {
  const out = new Float64Array(w * n * n);
  for (let i = 0; i < n; i++) out[w * (i * n + i)] = 1;
  return out;
}

/** Aᵀ (plain transpose, no conjugation) of an m×n matrix with w numbers per entry. */
export function transposeEntries(a: Float64Array, m: number, n: number, w: 1 | 2): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      for (let p = 0; p < w; p++) out[w * (j * m + i) + p] = a[w * (i * n + j) + p]!;
    }
  }
  return out;
}
