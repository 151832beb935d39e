import { type Tensor, epsOf } from '@svd/tensor';
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
 * A⁺ = V·diag(1/S)·Uᴴ over the singular values above the cutoff. Shape [..., n, m]. Complex
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
    if (k > 0 && w === 2) {
      const { s, u, v } = svdOf(b, a, m, n, 'thin');
      const cutoff = rtol * s[0]!;
      // out[i, j] = Σ_c V[i, c]·conj(U[j, c])/s_c over the kept c.
      for (let c = 0; c < k; c++) {
        const sc = s[c]!;
        if (!(sc > cutoff)) break;
        const inv = 1 / sc;
        for (let i = 0; i < n; i++) {
          const vr = v![2 * (i * k + c)]! * inv;
          const vi = v![2 * (i * k + c) + 1]! * inv;
          if (vr === 0 && vi === 0) continue;
          const row = 2 * i * m;
          for (let j = 0; j < m; j++) {
            const ur = u![2 * (j * k + c)]!;
            const ui = -u![2 * (j * k + c) + 1]!;
            out[row + 2 * j] = out[row + 2 * j]! + vr * ur - vi * ui;
            out[row + 2 * j + 1] = out[row + 2 * j + 1]! + vr * ui + vi * ur;
          }
        }
      }
    } else if (k > 0) {
      const { s, u, v } = svdOf(b, a, m, n, 'thin');
      const cutoff = rtol * s[0]!;
      // out[i, j] = Σ_c V[i, c]·U[j, c]/s_c over the kept c (U is m×k, V is n×k, row-major).
      for (let c = 0; c < k; c++) {
        const sc = s[c]!;
        if (!(sc > cutoff)) break; // descending: the rest are cut too
        const inv = 1 / sc;
        for (let i = 0; i < n; i++) {
          const vic = v![i * k + c]! * inv;
          if (vic === 0) continue;
          const row = i * m;
          for (let j = 0; j < m; j++) out[row + j] = out[row + j]! + vic * u![j * k + c]!;
        }
      }
    }
    X.put(idx, out);
  });
  return (w === 2 ? complexOutputTensor : outputTensor)(X.data(), [...batchShape, n, m], b.dtype);
}
