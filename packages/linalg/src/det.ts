import type { Tensor } from '@svd/tensor';
import { Stack, complexOutputTensor, forEachMatrix, outputTensor, readMatrixBatch } from './batch.js';
import { checkFinite } from './checkInput.js';
import { complexLU } from './kernels/complex/complexLU.js';
import { complexAbs } from './kernels/complex/complexScalar.js';
import { luFactor } from './kernels/luFactor.js';

/**
 * The determinant of each square matrix on the last two axes, from LU with partial pivoting:
 * det = ±Π U[i,i]. Returns a tensor of the batch shape (0-d for a single matrix; read it with
 * `.item()`). det of a 0×0 matrix is 1; an exactly singular matrix gives 0. The product can
 * overflow or underflow for large n — use `slogdet` then. Complex input gives a complex
 * determinant (same dtype).
 *
 * @example
 * det(tensor([[1, 2], [3, 4]])).item(); // -2
 */
export function det(A: Tensor): Tensor {
  const op = 'det';
  const b = readMatrixBatch(op, A, { square: true });
  const { rows: n, count, batchShape } = b;
  checkFinite(op, b.data, count, n, n, 'all', 'the input', b.width);
  if (b.width === 2) {
    const D = new Stack(count, 2);
    forEachMatrix(b, (a, k) => {
      const f = complexLU(a, n);
      let re: number = f.zeroPivot !== 0 ? 0 : f.sign;
      let im = 0;
      if (f.zeroPivot === 0) {
        for (let i = 0; i < n; i++) {
          const ur = f.lu[2 * (i * n + i)]!;
          const ui = f.lu[2 * (i * n + i) + 1]!;
          const t = re * ur - im * ui;
          im = re * ui + im * ur;
          re = t;
        }
      }
      D.put(k, Float64Array.of(re, im));
    });
    return complexOutputTensor(D.data(), batchShape, b.dtype);
  }
  const D = new Stack(count, 1);
  forEachMatrix(b, (a, k) => {
    const f = luFactor(a, n);
    let d: number = f.sign;
    if (f.zeroPivot !== 0) d = 0;
    else for (let i = 0; i < n; i++) d *= f.lu[i * n + i]!;
    D.putScalar(k, d);
  });
  return outputTensor(D.data(), batchShape, b.dtype);
}

/**
 * Sign and log-magnitude of the determinant, `[sign, logabsdet]` with det = sign·exp(logabsdet),
 * without the overflow of `det`. Both have the batch shape. A singular matrix gives
 * [0, -Infinity]; a 0×0 matrix gives [1, 0].
 *
 * Complex input (as NumPy): sign is complex with |sign| = 1 (the phase of det, same dtype as the
 * input) and logabsdet is real (float64 for complex128, float32 for complex64).
 *
 * @example
 * const [sign, logabsdet] = slogdet(tensor([[1, 2], [3, 4]]));
 * sign.item();      // -1
 * logabsdet.item(); // 0.6931… (ln 2), so det = -1·e^0.6931… = -2
 */
export function slogdet(A: Tensor): [sign: Tensor, logabsdet: Tensor] {
  const op = 'slogdet';
  const b = readMatrixBatch(op, A, { square: true });
  const { rows: n, count, batchShape } = b;
  checkFinite(op, b.data, count, n, n, 'all', 'the input', b.width);
  const complex = b.width === 2;
  const S = new Stack(count, complex ? 2 : 1);
  const L = new Stack(count, 1);
  forEachMatrix(b, (a, k) => {
    if (complex) {
      const f = complexLU(a, n);
      let sr: number = f.sign;
      let si = 0;
      let logabs = 0;
      if (f.zeroPivot !== 0) {
        sr = 0;
        logabs = Number.NEGATIVE_INFINITY;
      } else {
        for (let i = 0; i < n; i++) {
          const ur = f.lu[2 * (i * n + i)]!;
          const ui = f.lu[2 * (i * n + i) + 1]!;
          const mag = complexAbs(ur, ui);
          const pr = ur / mag;
          const pi = ui / mag;
          const t = sr * pr - si * pi;
          si = sr * pi + si * pr;
          sr = t;
          logabs += Math.log(mag);
        }
        // Renormalise so rounding in the running product cannot drift |sign| away from 1.
        const m = complexAbs(sr, si);
        sr /= m;
        si /= m;
      }
      S.put(k, Float64Array.of(sr, si));
      L.putScalar(k, logabs);
      return;
    }
    const f = luFactor(a, n);
    let sign: number = f.sign;
    let logabs = 0;
    if (f.zeroPivot !== 0) {
      sign = 0;
      logabs = Number.NEGATIVE_INFINITY;
    } else {
      for (let i = 0; i < n; i++) {
        const u = f.lu[i * n + i]!;
        if (u < 0) sign = -sign;
        logabs += Math.log(Math.abs(u));
      }
    }
    S.putScalar(k, sign);
    L.putScalar(k, logabs);
  });
  const signOut = complex
    ? complexOutputTensor(S.data(), batchShape, b.dtype)
    : outputTensor(S.data(), batchShape, b.dtype);
  return [signOut, outputTensor(L.data(), batchShape, b.dtype)];
}
