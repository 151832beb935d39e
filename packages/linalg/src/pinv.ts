import { type Tensor, epsOf, kernels } from '@svd/tensor';

const { complexGemm, conjugated, gemm, rowMajor, transposed } = kernels;
import { Stack, complexOutputTensor, forEachMatrix, outputTensor, readMatrixBatch } from './batch.js';
import { checkFinite, checkOptions, checkTolerance } from './checkInput.js';
import { svdOf } from './svd.js';

export interface PinvOptions {
  /**
   * Relative cutoff: singular values ≤ rtol·S[0] are treated as zero. Default max(m, n)·ε with
   * ε the machine epsilon of the input dtype (2⁻⁵² for float64, 2⁻²³ for float32) — the
   * Array API / NumPy-2 `rtol=None` choice.
   */
  rtol?: number;
}

/**
 * Moore–Penrose pseudo-inverse of each matrix on the last two axes, from the thin SVD:
 * A⁺ = V·diag(1/S)·Uᴴ over the singular values above the cutoff, formed as one matrix product
 * (the packed GEMM, inner dimension = the kept rank). Shape [..., n, m]. Complex
 * input gives a complex A⁺ (ε of complex64 is float32's).
 *
 * @example
 * pinv(tensor([[1, 0], [0, 2], [0, 0]])).toArray(); // [[1, 0, 0], [0, 0.5, 0]] (shape [2, 3])
 */
export function pinv(A: Tensor, options: PinvOptions = {}): Tensor {
  const op = 'pinv';
  const opts = checkOptions(op, options, ['rtol']);
  const b = readMatrixBatch(op, A);
  const { rows: m, cols: n, count, batchShape } = b;
  const rtol = checkTolerance(op, 'rtol', opts.rtol) ?? Math.max(m, n) * epsOf(b.dtype);
  const w = b.width;
  checkFinite(op, b.data, count, m, n, 'all', 'the input', w);
  const k = Math.min(m, n);
  const X = new Stack(count, n * m * w);
  forEachMatrix(b, (a, idx) => {
    const out = new Float64Array(n * m * w);
    if (k > 0) {
      const { s, u, v } = svdOf(b, a, m, n, 'thin');
      const cutoff = rtol * s[0]!;
      let r = 0; // descending: the kept values are a prefix
      while (r < k && s[r]! > cutoff) r++;
      // W = V·diag(1/s) on the kept columns, then A⁺ = W·U_rᴴ as one GEMM (n×m, inner r).
      const W = new Float64Array(n * k * w);
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < r; c++) {
          const inv = 1 / s[c]!;
          for (let q = 0; q < w; q++) W[(i * k + c) * w + q] = v![(i * k + c) * w + q]! * inv;
        }
      }
      const uAdjoint = transposed(rowMajor(u!, k));
      if (w === 2) complexGemm(n, m, r, [1, 0], rowMajor(W, k), conjugated(uAdjoint), [0, 0], rowMajor(out, m));
      else gemm(n, m, r, 1, rowMajor(W, k), uAdjoint, 0, rowMajor(out, m));
    }
    X.put(idx, out);
  });
  return (w === 2 ? complexOutputTensor : outputTensor)(X.data(), [...batchShape, n, m], b.dtype);
}
