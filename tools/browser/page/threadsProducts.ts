/**
 * The products the threads page computes (real and complex GEMM above the parallel crossover)
 * and its batches of decompositions (one matrix per thread), on inputs from an integer
 * generator, so Node and the browser start from the same bits.
 */
import { eigh, svd } from '@svd/linalg';
import { Tensor, kernels } from '@svd/tensor';

function values(n: number, seed: number): Float64Array {
  const x = new Float64Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    x[i] = ((s >>> 0) / 2 ** 32) * 2 - 1;
  }
  return x;
}

/** C = 0.5·A·B − 1.5·C (real, 131×113·113×127) and C = (1 − 2i)·Aᴴ·B + i·C (complex, 77×85·85×91). */
export function threadsProducts(): { real: number[]; complex: number[] } {
  const { gemm, complexGemm, rowMajor, transposed, conjugated } = kernels;
  const [m, n, k] = [131, 127, 113];
  const c = values(m * n, 3);
  gemm(m, n, k, 0.5, rowMajor(values(m * k, 1), k), rowMajor(values(k * n, 2), n), -1.5, rowMajor(c, n));
  const [p, q, r] = [77, 91, 85];
  const z = values(2 * p * q, 6);
  const a = conjugated(transposed(rowMajor(values(2 * r * p, 4), p)));
  complexGemm(p, q, r, [1, -2], a, rowMajor(values(2 * r * q, 5), q), [0, 1], rowMajor(z, q));
  return { real: Array.from(c), complex: Array.from(z) };
}

/** svd (U, S, V) of a 24 × 9×7 batch and eigh (W, V) of a 16 × 8×8 complex batch, as raw numbers. */
export function threadsBatches(): number[][] {
  const A = new Tensor(values(24 * 9 * 7, 7), 'float64', [24, 9, 7]);
  const H = new Tensor(values(2 * 16 * 8 * 8, 8), 'complex128', [16, 8, 8]);
  return [...svd(A), ...eigh(H)].map((t) => Array.from(t.toTypedArray()));
}
