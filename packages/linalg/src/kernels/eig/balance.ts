import { SAFE_MIN, ULP } from '../machineConstants.js';
import { maxModulus } from './maxModulus.js';

/*
 * Balancing of a general square matrix, as LAPACK dgebal / zgebal (job 'B'), and its inverse on
 * eigenvectors (dgebak / zgebak, side 'R'). The matrix is row-major, real (width 1) or
 * interleaved complex (width 2).
 *
 * Permutations first push rows that isolate an eigenvalue to the bottom and columns that isolate
 * one to the top, so the QR iteration only works on rows/columns ilo..ihi. Then rows and columns
 * ilo..ihi are scaled by powers of two (exact) until their 2-norms are within a factor 0.95 of
 * each other — this reduces ‖A‖ without changing the eigenvalues, which makes them more accurate.
 */

const SFMIN1 = SAFE_MIN / ULP;
const SFMAX1 = 1 / SFMIN1;
const SFMIN2 = SFMIN1 * 2;
const SFMAX2 = 1 / SFMIN2;
const FACTOR = 0.95;

/** Result of `balanceMatrix`: the active block ilo..ihi (0-based, inclusive) and dgebal's SCALE. */
export interface Balancing {
  ilo: number;
  ihi: number;
  /** For j outside ilo..ihi: the index row/column j was swapped with; inside: the scale factor. */
  scale: Float64Array;
}

function isNonzero(a: Float64Array, p: number, width: 1 | 2): boolean {
  return a[p] !== 0 || (width === 2 && a[p + 1] !== 0);
}

function swapColumns(a: Float64Array, n: number, width: 1 | 2, i: number, j: number, rows: number): void {
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t < width; t++) {
      const p = (r * n + i) * width + t;
      const q = (r * n + j) * width + t;
      const x = a[p]!;
      a[p] = a[q]!;
      a[q] = x;
    }
  }
}

function swapRows(a: Float64Array, n: number, width: 1 | 2, i: number, j: number, from: number): void {
  for (let c = from * width; c < n * width; c++) {
    const p = i * n * width + c;
    const q = j * n * width + c;
    const x = a[p]!;
    a[p] = a[q]!;
    a[q] = x;
  }
}

function norm2(a: Float64Array, start: number, stride: number, count: number, width: 1 | 2): number {
  let scale = 0;
  let ssq = 1;
  for (let i = 0, p = start; i < count; i++, p += stride) {
    for (let t = 0; t < width; t++) {
      const x = Math.abs(a[p + t]!);
      if (x === 0) continue;
      if (scale < x) {
        ssq = 1 + ssq * (scale / x) * (scale / x);
        scale = x;
      } else ssq += (x / scale) * (x / scale);
    }
  }
  return scale * Math.sqrt(ssq);
}

/** max |aᵢ| along a row or column; NaN entries are skipped (the caller tests c + r for NaN). */
function maxEntry(a: Float64Array, start: number, stride: number, count: number, width: 1 | 2): number {
  if (width === 2) {
    const m = maxModulus(a, start, stride, count);
    return Number.isNaN(m) ? maxModulusSkippingNaN(a, start, stride, count) : m;
  }
  let m = 0;
  for (let i = 0, p = start; i < count; i++, p += stride) {
    const x = Math.abs(a[p]!);
    if (x > m) m = x;
  }
  return m;
}

function maxModulusSkippingNaN(a: Float64Array, start: number, stride: number, count: number): number {
  let m = 0;
  for (let i = 0, p = start; i < count; i++, p += stride) {
    const x = Math.hypot(a[p]!, a[p + 1]!);
    if (x > m) m = x;
  }
  return m;
}

/**
 * Balances the row-major n×n `a` in place (dgebal/zgebal, job 'B').
 *
 * @example
 * const a = Float64Array.of(1, 1e6, 1e-6, 1);
 * const { ilo, ihi, scale } = kernels.balanceMatrix(a, 2, 1);
 * // a is now [[1, 1e6/2^k], [1e-6·2^k, 1]] with off-diagonals of similar size
 */
export function balanceMatrix(a: Float64Array, n: number, width: 1 | 2): Balancing {
  const scale = new Float64Array(n);
  if (n === 0) return { ilo: 0, ihi: -1, scale };
  let k = 0;
  let l = n - 1;
  // Rows isolating an eigenvalue go to the bottom.
  let noconv = true;
  while (noconv) {
    noconv = false;
    for (let i = l; i >= 0; i--) {
      let canSwap = true;
      for (let j = 0; j <= l; j++) {
        if (i !== j && isNonzero(a, (i * n + j) * width, width)) {
          canSwap = false;
          break;
        }
      }
      if (!canSwap) continue;
      scale[l] = i;
      if (i !== l) {
        swapColumns(a, n, width, i, l, l + 1);
        swapRows(a, n, width, i, l, k);
      }
      noconv = true;
      if (l === 0) return { ilo: 0, ihi: 0, scale };
      l--;
    }
  }
  // Columns isolating an eigenvalue go to the top.
  noconv = true;
  while (noconv) {
    noconv = false;
    for (let j = k; j <= l; j++) {
      let canSwap = true;
      for (let i = k; i <= l; i++) {
        if (i !== j && isNonzero(a, (i * n + j) * width, width)) {
          canSwap = false;
          break;
        }
      }
      if (!canSwap) continue;
      scale[k] = j;
      if (j !== k) {
        swapColumns(a, n, width, j, k, l + 1);
        swapRows(a, n, width, j, k, k);
      }
      noconv = true;
      k++;
    }
  }
  for (let i = k; i <= l; i++) scale[i] = 1;
  // Iterative power-of-two scaling of rows/columns k..l.
  const rowStride = width;
  const colStride = n * width;
  const len = l - k + 1;
  for (let sweep = 0, conv = false; !conv && sweep < 10000; sweep++) {
    conv = true;
    for (let i = k; i <= l; i++) {
      let c = norm2(a, (k * n + i) * width, colStride, len, width);
      let r = norm2(a, (i * n + k) * width, rowStride, len, width);
      let ca = maxEntry(a, i * width, colStride, l + 1, width);
      let ra = maxEntry(a, (i * n + k) * width, rowStride, n - k, width);
      if (c === 0 || r === 0) continue;
      // dgebal stops on NaN; the QR iteration then reports it (its deflation test is NaN-aware).
      if (Number.isNaN(c + ca + r + ra)) return { ilo: k, ihi: l, scale };
      let g = r / 2;
      let f = 1;
      const s = c + r;
      while (c < g && Math.max(f, c, ca) < SFMAX2 && Math.min(r, g, ra) > SFMIN2) {
        f *= 2;
        c *= 2;
        ca *= 2;
        r /= 2;
        g /= 2;
        ra /= 2;
      }
      g = c / 2;
      while (g >= r && Math.max(r, ra) < SFMAX2 && Math.min(f, c, g, ca) > SFMIN2) {
        f /= 2;
        c /= 2;
        g /= 2;
        ca /= 2;
        r *= 2;
        ra *= 2;
      }
      if (c + r >= FACTOR * s) continue;
      if (f < 1 && scale[i]! < 1 && f * scale[i]! <= SFMIN1) continue;
      if (f > 1 && scale[i]! > 1 && scale[i]! >= SFMAX1 / f) continue;
      scale[i] = scale[i]! * f;
      conv = false;
      const gi = 1 / f;
      for (let p = (i * n + k) * width; p < (i + 1) * n * width; p++) a[p] = a[p]! * gi;
      for (let rr = 0; rr <= l; rr++) {
        const p = (rr * n + i) * width;
        a[p] = a[p]! * f;
        if (width === 2) a[p + 1] = a[p + 1]! * f;
      }
    }
  }
  return { ilo: k, ihi: l, scale };
}

/**
 * Undoes the balancing on right eigenvectors (dgebak/zgebak, side 'R'): v is row-major n×cols
 * interleaved complex, each column an eigenvector of the balanced matrix.
 *
 * @example
 * kernels.unbalanceVectors(v, n, n, balancing); // now eigenvectors of the original matrix
 */
export function unbalanceVectors(v: Float64Array, n: number, cols: number, bal: Balancing): void {
  const { ilo, ihi, scale } = bal;
  const w = 2 * cols;
  // As dgebak: with ilo = ihi there was no scaling (scale[ilo] may hold a permutation index).
  for (let i = ilo; i < ihi + (ilo === ihi ? 0 : 1); i++) {
    const s = scale[i]!;
    if (s === 1) continue;
    for (let p = i * w; p < (i + 1) * w; p++) v[p] = v[p]! * s;
  }
  for (let ii = 0; ii < n; ii++) {
    let i = ii;
    if (i >= ilo && i <= ihi) continue;
    if (i < ilo) i = ilo - 1 - ii;
    const k = scale[i]!;
    if (k === i) continue;
    for (let c = 0; c < w; c++) {
      const x = v[i * w + c]!;
      v[i * w + c] = v[k * w + c]!;
      v[k * w + c] = x;
    }
  }
}
