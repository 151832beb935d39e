import {
  applyReflectorBlockLeft,
  buildTriangularFactor,
  gatherColumnReflectors,
  reflectorBlockScratch,
} from './compactWY.js';
import { applyReflectorLeft, generateReflectorNonNegative } from './householderReflector.js';
import { clearNegativeZeros } from './negativeZero.js';
import { factorPanel } from './qrPanel.js';

/*
 * Householder QR of a row-major m×n matrix, A = Q·R, in the LAPACK compact form (DGEQRF):
 * R on and above the diagonal, the reflector vectors vⱼ below it (vⱼ[j] = 1 implicit), τ aside.
 *
 * Sign convention (DGEQRFP): every reflector is generated so that β = R[j,j] ≥ 0. Hence all
 * k = min(m, n) diagonal entries of R are non-negative — for a wide matrix (m < n) that is the
 * first m diagonal entries, i.e. all of them. This makes Q and R unique for full-rank A, which
 * the differentiation rules rely on.
 *
 * Blocked as DGEQRF: panels of NB columns are factored one reflector at a time (DGEQR2), then
 * the panel's reflectors, in compact WY form I − V·T·Vᵀ (compactWY.ts), update the trailing
 * columns with three GEMMs. Q is formed the same way backwards (DORGQR). The scalar panel work
 * is O(n²·NB) of the O(n³) total; the rest runs on the packed SIMD GEMM. (A scalar DLARFB, as
 * tried before the GEMM existed, was slower than the unblocked loops; through the GEMM it is
 * several times faster at 512².)
 */

/**
 * Panel width: wider panels mean fewer passes of the GEMM over the trailing matrix (each pass
 * also packs and stages it), narrower ones less scalar panel work; 48–64 measured best at 512².
 * Below BLOCKED_FROM = min(m, n) the unblocked loops are used throughout.
 */
const NB = 64;
const BLOCKED_FROM = 64;

function checkDims(op: string, m: number, n: number, len: number): void {
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 0 || n < 0) {
    throw new RangeError(`${op}: dimensions must be non-negative integers, got ${m}×${n}`);
  }
  if (len < m * n) throw new RangeError(`${op}: buffer holds ${len} values, expected ${m * n}`);
}

/**
 * Householder QR of row-major A (m×n); A is not modified.
 *
 * @example
 * const { qr, tau } = kernels.householderQR(Float64Array.of(3, 1, 4, 2), 2, 2);
 * const R = kernels.extractR(qr, 2, 2, 2);   // ≈ [5, 2.2, 0, 0.4]
 * const Q = kernels.formQ(qr, tau, 2, 2, 2); // ≈ [0.6, -0.8, 0.8, 0.6]
 */
export function householderQR(a: Float64Array, m: number, n: number): { qr: Float64Array; tau: Float64Array } {
  checkDims('qr', m, n, a.length);
  const qr = a.slice(0, m * n);
  const k = Math.min(m, n);
  const tau = new Float64Array(k);
  if (k >= BLOCKED_FROM) {
    const blk = reflectorBlockScratch(m, NB, n - NB);
    for (let j0 = 0; j0 < k; j0 += NB) {
      const jb = Math.min(NB, k - j0);
      const L = m - j0;
      // Panel columns j0..j0+jb−1 (DGEQR2), then the trailing columns ← Hᵀ·(trailing columns)
      // with H = H_{j0}⋯H_{j0+jb−1} = I − V·T·Vᵀ.
      factorPanel(qr, n, j0, j0, L, jb, tau, blk);
      const rest = n - j0 - jb;
      if (rest > 0) {
        buildTriangularFactor(L, jb, tau, j0, blk);
        applyReflectorBlockLeft(blk, L, jb, qr, n, j0 * n + j0 + jb, rest, true);
      }
    }
  } else {
    const v = new Float64Array(m);
    const work = new Float64Array(n);
    for (let j = 0; j < k; j++) {
      const len = m - j;
      // Column j is strided in row-major storage: copy it once so the reflector code is contiguous.
      for (let i = 0, p = j * n + j; i < len; i++, p += n) v[i] = qr[p]!;
      const t = generateReflectorNonNegative(v, 0, 1, 1, len - 1);
      tau[j] = t;
      for (let i = 0, p = j * n + j; i < len; i++, p += n) qr[p] = v[i]!;
      v[0] = 1;
      applyReflectorLeft(qr, n, j, len, j + 1, n - j - 1, v, t, work);
    }
  }
  clearNegativeZeros(qr);
  clearNegativeZeros(tau);
  return { qr, tau };
}

/**
 * The first `cols` columns of Q = H₀·H₁·…·H_{k−1} as a row-major m×cols matrix (DORG2R):
 * cols = min(m, n) gives the thin Q, cols = m the full square one. Columns past k are the
 * orthonormal completion that the reflectors imply.
 *
 * @example
 * const { qr, tau } = kernels.householderQR(a, m, n);
 * const Qthin = kernels.formQ(qr, tau, m, n, Math.min(m, n)); // m×k
 * const Qfull = kernels.formQ(qr, tau, m, n, m);              // m×m
 */
export function formQ(qr: Float64Array, tau: Float64Array, m: number, n: number, cols: number): Float64Array {
  checkDims('qr', m, n, qr.length);
  if (!Number.isInteger(cols) || cols < 0 || cols > m) {
    throw new RangeError(`qr: formQ needs 0 <= cols <= m = ${m}, got ${cols}`);
  }
  const k = Math.min(m, n);
  const q = new Float64Array(m * cols);
  for (let i = 0; i < cols; i++) q[i * cols + i] = 1;
  // Reflectors j ≥ cols act only on rows ≥ cols, where these identity columns are zero.
  const kk = Math.min(k, cols);
  // Backward accumulation: applying H_j last-to-first touches only the trailing block
  // Q[j:, j:], because Q[j:, :j] is still zero when H_j is applied (2/3 of the forward cost).
  if (kk >= BLOCKED_FROM) {
    // DORGQR: blocks of NB reflectors, last block first, each applied as I − V·T·Vᵀ to
    // Q[j0:, j0:] (its first jb columns are still unit vectors there).
    const blk = reflectorBlockScratch(m, NB, cols);
    const lastStart = Math.floor((kk - 1) / NB) * NB;
    for (let j0 = lastStart; j0 >= 0; j0 -= NB) {
      const jb = Math.min(NB, kk - j0);
      gatherColumnReflectors(qr, n, j0, j0, m - j0, jb, blk);
      buildTriangularFactor(m - j0, jb, tau, j0, blk);
      applyReflectorBlockLeft(blk, m - j0, jb, q, cols, j0 * cols + j0, cols - j0, false);
    }
    return clearNegativeZeros(q);
  }
  const v = new Float64Array(m);
  const work = new Float64Array(cols);
  for (let j = kk - 1; j >= 0; j--) {
    const len = m - j;
    v[0] = 1;
    for (let i = 1, p = (j + 1) * n + j; i < len; i++, p += n) v[i] = qr[p]!;
    applyReflectorLeft(q, cols, j, len, j, cols - j, v, tau[j]!, work);
  }
  return clearNegativeZeros(q);
}

/**
 * The upper-trapezoidal R as a row-major rows×n matrix: rows = min(m, n) (thin) or m (full).
 *
 * @example
 * const { qr } = kernels.householderQR(Float64Array.of(3, 1, 4, 2), 2, 2);
 * kernels.extractR(qr, 2, 2, 2); // ≈ [5, 2.2, 0, 0.4]
 */
export function extractR(qr: Float64Array, m: number, n: number, rows: number): Float64Array {
  checkDims('qr', m, n, qr.length);
  if (!Number.isInteger(rows) || rows < 0 || rows > m) {
    throw new RangeError(`qr: extractR needs 0 <= rows <= m = ${m}, got ${rows}`);
  }
  const r = new Float64Array(rows * n);
  for (let i = 0; i < rows; i++) {
    for (let j = i; j < n; j++) r[i * n + j] = qr[i * n + j]!;
  }
  return clearNegativeZeros(r);
}
