import { clearNegativeZeros } from '../negativeZero.js';
import {
  applyComplexReflectorBlockLeft,
  buildComplexTriangularFactor,
  complexReflectorBlockScratch,
  factorComplexPanel,
  gatherComplexColumnReflectors,
} from './complexCompactWY.js';
import { applyComplexReflectorLeft, generateComplexReflector } from './complexHouseholderReflector.js';

/** Panel width and blocking threshold (min(m, n)), as the real householderQR. */
const NB = 64;
const BLOCKED_FROM = 64;

/**
 * Complex Householder QR (LAPACK zgeqr2 / zung2r) of a row-major interleaved m×n matrix,
 * A = Q·R with Q = H₀H₁⋯H_{k−1}, H_j = I − τ_j·v_j·v_jᴴ. R = Qᴴ·A is formed by applying H_jᴴ
 * (i.e. conj(τ_j)) from the left. zlarfg makes every diag(R) entry REAL; `normalizeQRSigns`
 * then flips the negative ones (row j of R and column j of Q together), giving the same
 * convention as the real QR: diag(R) real and ≥ 0, hence Q and R unique for full-rank A.
 *
 * Compact form as in LAPACK: R on and above the diagonal, v_j below it, τ (interleaved) aside.
 *
 * Blocked from min(m, n) ≥ 64 as zgeqrf / zungqr: panels factored transposed
 * (complexCompactWY.ts), trailing columns and Q updated by I − V·T·Vᴴ through complexGemm.
 *
 * @example
 * const a = Float64Array.of(1, 1, 0, 2, 3, 0, 1, -1); // [[1+i, 2i], [3, 1-i]]
 * const { qr, tau } = kernels.complexHouseholderQR(a, 2, 2);
 * const r = kernels.extractComplexR(qr, 2, 2, 2), q = kernels.formComplexQ(qr, tau, 2, 2, 2);
 * kernels.normalizeQRSigns(r, 2, 2, q, 2, 2); // r = [3.316…, 0, 1.507…, -0.301…, 0, 0, 1.906…, 0]
 */
export function complexHouseholderQR(a: Float64Array, m: number, n: number): { qr: Float64Array; tau: Float64Array } {
  const qr = a.slice(0, 2 * m * n);
  const k = Math.min(m, n);
  const tau = new Float64Array(2 * k);
  if (k >= BLOCKED_FROM) {
    const blk = complexReflectorBlockScratch(m, NB, n - NB);
    for (let j0 = 0; j0 < k; j0 += NB) {
      const jb = Math.min(NB, k - j0);
      const L = m - j0;
      factorComplexPanel(qr, n, j0, j0, L, jb, tau, blk);
      const rest = n - j0 - jb;
      if (rest > 0) {
        buildComplexTriangularFactor(L, jb, tau, j0, blk);
        applyComplexReflectorBlockLeft(blk, L, jb, qr, n, j0 * n + j0 + jb, rest, true);
      }
    }
    return { qr, tau };
  }
  const v = new Float64Array(2 * m);
  const work = new Float64Array(2 * n);
  for (let j = 0; j < k; j++) {
    const len = m - j;
    for (let i = 0; i < len; i++) {
      const p = 2 * ((j + i) * n + j);
      v[2 * i] = qr[p]!;
      v[2 * i + 1] = qr[p + 1]!;
    }
    generateComplexReflector(v, 0, len - 1, tau, j);
    for (let i = 0; i < len; i++) {
      const p = 2 * ((j + i) * n + j);
      qr[p] = v[2 * i]!;
      qr[p + 1] = v[2 * i + 1]!;
    }
    v[0] = 1;
    v[1] = 0;
    applyComplexReflectorLeft(qr, n, j, len, j + 1, n - j - 1, v, tau[2 * j]!, -tau[2 * j + 1]!, work);
  }
  return { qr, tau };
}

/**
 * The first `cols` columns of Q = H₀⋯H_{k−1} as a row-major interleaved m×cols matrix (zung2r,
 * backward accumulation). cols = min(m, n) thin, m complete.
 *
 * @example
 * const { qr, tau } = kernels.complexHouseholderQR(a, m, n);
 * const q = kernels.formComplexQ(qr, tau, m, n, Math.min(m, n)); // thin Q, interleaved m×k
 */
export function formComplexQ(qr: Float64Array, tau: Float64Array, m: number, n: number, cols: number): Float64Array {
  const k = Math.min(m, n);
  const q = new Float64Array(2 * m * cols);
  for (let i = 0; i < cols; i++) q[2 * (i * cols + i)] = 1;
  const kk = Math.min(k, cols);
  if (kk >= BLOCKED_FROM) {
    const blk = complexReflectorBlockScratch(m, NB, cols);
    const lastStart = Math.floor((kk - 1) / NB) * NB;
    for (let j0 = lastStart; j0 >= 0; j0 -= NB) {
      const jb = Math.min(NB, kk - j0);
      gatherComplexColumnReflectors(qr, n, j0, j0, m - j0, jb, blk);
      buildComplexTriangularFactor(m - j0, jb, tau, j0, blk);
      applyComplexReflectorBlockLeft(blk, m - j0, jb, q, cols, j0 * cols + j0, cols - j0, false);
    }
    return q;
  }
  const v = new Float64Array(2 * m);
  const work = new Float64Array(2 * cols);
  for (let j = kk - 1; j >= 0; j--) {
    const len = m - j;
    v[0] = 1;
    v[1] = 0;
    for (let i = 1; i < len; i++) {
      const p = 2 * ((j + i) * n + j);
      v[2 * i] = qr[p]!;
      v[2 * i + 1] = qr[p + 1]!;
    }
    applyComplexReflectorLeft(q, cols, j, len, j, cols - j, v, tau[2 * j]!, tau[2 * j + 1]!, work);
  }
  return q;
}

/**
 * The upper-trapezoidal R (rows×n, interleaved) from the compact form.
 *
 * @example
 * const { qr } = kernels.complexHouseholderQR(a, m, n);
 * const r = kernels.extractComplexR(qr, m, n, Math.min(m, n)); // interleaved k×n, diag real
 */
export function extractComplexR(qr: Float64Array, m: number, n: number, rows: number): Float64Array {
  const r = new Float64Array(2 * rows * n);
  for (let i = 0; i < Math.min(rows, m); i++) {
    for (let j = i; j < n; j++) {
      r[2 * (i * n + j)] = qr[2 * (i * n + j)]!;
      r[2 * (i * n + j) + 1] = qr[2 * (i * n + j) + 1]!;
    }
  }
  return r;
}

/**
 * Makes diag(R) ≥ 0: where R[j, j] < 0 (it is real after zlarfg), negates row j of R (rRows×n)
 * and column j of Q (m×qCols, may be null for mode 'r'). A = Q·R is unchanged.
 *
 * @example
 * const r = kernels.extractComplexR(qr, m, n, k), q = kernels.formComplexQ(qr, tau, m, n, k);
 * kernels.normalizeQRSigns(r, n, k, q, m, k); // now diag(r) ≥ 0 and still A = q·r
 */
export function normalizeQRSigns(
  r: Float64Array,
  n: number,
  k: number,
  q: Float64Array | null,
  m: number,
  qCols: number,
): void {
  for (let j = 0; j < k; j++) {
    const p = 2 * (j * n + j);
    r[p + 1] = 0;
    if (!(r[p]! < 0)) continue;
    for (let c = 2 * (j * n + j); c < 2 * (j + 1) * n; c++) r[c] = -r[c]!;
    if (q !== null && j < qCols) {
      for (let i = 0; i < m; i++) {
        const o = 2 * (i * qCols + j);
        q[o] = -q[o]!;
        q[o + 1] = -q[o + 1]!;
      }
    }
  }
  clearNegativeZeros(r);
  if (q !== null) clearNegativeZeros(q);
}
