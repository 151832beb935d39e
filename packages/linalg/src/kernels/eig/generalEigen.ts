import { powerOfTwo } from '../machineConstants.js';
import { maxAbs, safeRangeExponent, scaleByPowerOfTwo } from '../powerOfTwoScaling.js';
import { maxModulus } from './maxModulus.js';
import { balanceMatrix, unbalanceVectors } from './balance.js';
import { complexMultishiftSchur } from './complexMultishiftSchur.js';
import { complexHessenbergReduce, hessenbergReduce } from './hessenbergReduce.js';
import { realSchur } from './realSchur.js';
import { realSchurEigenvectors } from './realSchurEigenvectors.js';
import { normalizeEigenvectors, schurEigenvectors } from './schurEigenvectors.js';

/*
 * The dgeev / zgeev driver: scale max|a| into [SMLNUM, BIGNUM] by a power of two, balance
 * (permute + scale), reduce to Hessenberg form, QR-iterate to Schur form (real double-shift for
 * real input, complex single-shift for complex input), back-substitute for the eigenvectors,
 * back-transform, undo the balancing and normalise. Results are always complex (interleaved).
 */

/**
 * Eigenvalues w (interleaved complex, length 2n) and, with `wantVectors`, right eigenvectors v
 * (interleaved n×n, columns, unit 2-norm, largest-modulus component real positive) of the
 * row-major n×n `a`, real (width 1) or interleaved complex (width 2). `a` is not modified. For
 * real input, conjugate pairs are adjacent (positive imaginary part first), their eigenvectors
 * are exact conjugates, and eigenvectors of real eigenvalues are exactly real.
 *
 * @example
 * const { w, v } = kernels.generalEigen(Float64Array.of(0, -1, 1, 0), 2, 1, true);
 * // w = [0, 1, 0, -1] (±i)
 */
export function generalEigen(
  a: Float64Array,
  n: number,
  width: 1 | 2,
  wantVectors: boolean,
  op = 'eig',
): { w: Float64Array; v: Float64Array | null } {
  const h = a.slice(0, n * n * width);
  const k = safeRangeExponent(width === 1 ? maxAbs(h) : maxModulus(h, 0, 2, h.length / 2));
  scaleByPowerOfTwo(h, k);
  const bal = balanceMatrix(h, n, width);
  const { ilo, ihi } = bal;
  let w: Float64Array;
  let v: Float64Array | null = null;
  if (width === 1) {
    const q = hessenbergReduce(h, n, ilo, ihi, wantVectors);
    // The QR iteration updates Schur vectors as rows of Zᵀ (contiguous); transposed once here.
    const zt = q ? transpose(q, n, 1) : null;
    const { wr, wi } = realSchur(h, n, ilo, ihi, wantVectors, zt, op);
    w = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      w[2 * i] = wr[i]!;
      w[2 * i + 1] = wi[i]!;
    }
    if (wantVectors) {
      v = realSchurEigenvectors(h, zt!, n, wr, wi);
      unbalanceVectors(v, n, n, bal);
      normalizeEigenvectors(v, n);
      for (let j = 0; j < n; j++) {
        if (wi[j]! === 0) {
          for (let r = 0; r < n; r++) v[2 * (r * n + j) + 1] = 0;
        } else if (wi[j]! < 0) {
          for (let r = 0; r < n; r++) {
            v[2 * (r * n + j)] = v[2 * (r * n + j - 1)]!;
            v[2 * (r * n + j) + 1] = -v[2 * (r * n + j - 1) + 1]!;
          }
        }
      }
    }
  } else {
    const q = complexHessenbergReduce(h, n, ilo, ihi, wantVectors);
    const zt = q ? transpose(q, n, 2) : null;
    w = complexMultishiftSchur(h, n, ilo, ihi, wantVectors, zt, op);
    if (wantVectors) {
      v = schurEigenvectors(h, zt!, n, null, true);
      unbalanceVectors(v, n, n, bal);
      normalizeEigenvectors(v, n);
    }
  }
  if (k !== 0) {
    const f = powerOfTwo(-k);
    for (let i = 0; i < w.length; i++) w[i] = w[i]! * f;
  }
  return { w, v };
}

function transpose(a: Float64Array, n: number, width: 1 | 2): Float64Array {
  const t = new Float64Array(a.length);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      for (let c = 0; c < width; c++) t[(j * n + i) * width + c] = a[(i * n + j) * width + c]!;
    }
  }
  return t;
}
