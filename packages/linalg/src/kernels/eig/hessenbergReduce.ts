import { generateComplexReflector } from '../complex/complexHouseholderReflector.js';
import { hermitianBackTransform } from '../complex/hermitianBackTransform.js';
import { generateReflector } from '../householderReflector.js';
import { symmetricBackTransform } from '../symmetricBackTransform.js';
import { blockedHessenbergPanels } from './blockedHessenbergReduce.js';
import { complexBlockedHessenbergPanels } from './complexBlockedHessenbergReduce.js';

/*
 * Reduction to upper Hessenberg form A = Q·H·Qᴴ by Householder reflectors (LAPACK dgehd2 /
 * zgehd2; for real input with an active block over HESSENBERG_NX columns the leading columns go
 * through the blocked dgehrd panels of blockedHessenbergReduce.ts first), acting only on the
 * balanced block ilo..ihi, followed by the explicit Q (dorghr) when
 * eigenvectors are wanted. Row-major; both sides of each reflector are applied row by row
 * (a contiguous dot product then a contiguous update), which keeps the inner loops unit-stride.
 * Entries below the subdiagonal are set to exact zeros. Q is not accumulated reflector by
 * reflector: the reflectors are kept (below the subdiagonal of a separate n×n buffer, the layout
 * of the tridiagonal reductions) and applied to the identity at the end in compact-WY blocks on
 * the GEMM (dorghr via the eigh back-transformations).
 */

/**
 * Real Hessenberg reduction in place; returns Q (row-major n×n, orthogonal) or null. `blocked`
 * false forces the unblocked dgehd2 throughout (tests compare the two).
 *
 * @example
 * const q = kernels.hessenbergReduce(a, n, 0, n - 1, true); // a now Hessenberg, A = Q·H·Qᵀ
 */
export function hessenbergReduce(
  a: Float64Array,
  n: number,
  ilo: number,
  ihi: number,
  wantQ: boolean,
  blocked = true,
): Float64Array | null {
  const reflectors = wantQ ? new Float64Array(n * n) : null;
  const taus = new Float64Array(Math.max(n - 1, 0));
  const v = new Float64Array(n);
  const w = new Float64Array(n);
  // dgehrd: panels of NB columns with GEMM trailing updates while the block is large, then dgehd2.
  const from = blocked ? blockedHessenbergPanels(a, n, ilo, ihi, reflectors, taus) : ilo;
  for (let k = from; k < ihi - 1; k++) {
    const len = ihi - k; // reflector length: rows k+1..ihi
    const tau = generateReflector(a, (k + 1) * n + k, (k + 2) * n + k, n, len - 1);
    taus[k] = tau;
    v[0] = 1;
    for (let i = 1; i < len; i++) {
      v[i] = a[(k + 1 + i) * n + k]!;
      if (reflectors) reflectors[(k + 1 + i) * n + k] = v[i]!;
      a[(k + 1 + i) * n + k] = 0;
    }
    if (tau === 0) continue;
    // A := A·H on rows 0..ihi, columns k+1..ihi.
    let r = 0;
    for (; r + 3 <= ihi; r += 4) applyFourRowsReal(a, r * n + k + 1, n, v, len, tau);
    for (; r <= ihi; r++) applyRowReal(a, r * n + k + 1, v, len, tau);
    // A := H·A on rows k+1..ihi, columns k+1..n-1.
    const cols = n - k - 1;
    w.fill(0, 0, cols);
    for (let i = 0; i < len; i++) {
      const vi = v[i]!;
      const row = (k + 1 + i) * n + k + 1;
      for (let j = 0; j < cols; j++) w[j] = w[j]! + vi * a[row + j]!;
    }
    for (let i = 0; i < len; i++) {
      const f = tau * v[i]!;
      const row = (k + 1 + i) * n + k + 1;
      for (let j = 0; j < cols; j++) a[row + j] = a[row + j]! - f * w[j]!;
    }
  }
  if (!reflectors) return null;
  // Qᵀ = I·H_{n−2}⋯H₀ (each Hₖ symmetric), then Q.
  const qt = identity(n, 1);
  symmetricBackTransform(reflectors, n, taus, qt);
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) q[j * n + i] = qt[i * n + j]!;
  return q;
}

/** applyRowReal on four consecutive rows at once (independent sums; same bits per row). */
function applyFourRowsReal(a: Float64Array, start: number, n: number, v: Float64Array, len: number, tau: number): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < len; i++) {
    const x = v[i]!;
    s0 += a[start + i]! * x;
    s1 += a[start + n + i]! * x;
    s2 += a[start + 2 * n + i]! * x;
    s3 += a[start + 3 * n + i]! * x;
  }
  s0 *= tau;
  s1 *= tau;
  s2 *= tau;
  s3 *= tau;
  for (let i = 0; i < len; i++) {
    const x = v[i]!;
    a[start + i] = a[start + i]! - s0 * x;
    a[start + n + i] = a[start + n + i]! - s1 * x;
    a[start + 2 * n + i] = a[start + 2 * n + i]! - s2 * x;
    a[start + 3 * n + i] = a[start + 3 * n + i]! - s3 * x;
  }
}

function applyRowReal(a: Float64Array, start: number, v: Float64Array, len: number, tau: number): void {
  let s = 0;
  for (let i = 0; i < len; i++) s += a[start + i]! * v[i]!;
  s *= tau;
  for (let i = 0; i < len; i++) a[start + i] = a[start + i]! - s * v[i]!;
}

/**
 * Complex Hessenberg reduction in place (interleaved, zgehd2, after zgehrd panels for large
 * active blocks; `blocked` false forces zgehd2 throughout); returns Q (unitary) or null. The
 * subdiagonal comes out real (zlarfg's β is real).
 *
 * @example
 * const q = kernels.complexHessenbergReduce(a, n, 0, n - 1, true); // A = Q·H·Qᴴ
 */
export function complexHessenbergReduce(
  a: Float64Array,
  n: number,
  ilo: number,
  ihi: number,
  wantQ: boolean,
  blocked = true,
): Float64Array | null {
  const reflectors = wantQ ? new Float64Array(2 * n * n) : null;
  const taus = new Float64Array(2 * Math.max(n - 1, 0));
  const v = new Float64Array(2 * n);
  const w = new Float64Array(2 * n);
  const tau = new Float64Array(2);
  // zgehrd: panels with complex-GEMM trailing updates while the block is large, then zgehd2.
  const from = blocked ? complexBlockedHessenbergPanels(a, n, ilo, ihi, reflectors, taus) : ilo;
  for (let k = from; k < ihi - 1; k++) {
    const len = ihi - k;
    for (let i = 0; i < len; i++) {
      const p = 2 * ((k + 1 + i) * n + k);
      v[2 * i] = a[p]!;
      v[2 * i + 1] = a[p + 1]!;
    }
    generateComplexReflector(v, 0, len - 1, tau, 0);
    const p0 = 2 * ((k + 1) * n + k);
    a[p0] = v[0]!;
    a[p0 + 1] = v[1]!;
    v[0] = 1;
    v[1] = 0;
    for (let i = 1; i < len; i++) {
      const p = 2 * ((k + 1 + i) * n + k);
      if (reflectors) {
        reflectors[p] = v[2 * i]!;
        reflectors[p + 1] = v[2 * i + 1]!;
      }
      a[p] = 0;
      a[p + 1] = 0;
    }
    const tr = tau[0]!;
    const ti = tau[1]!;
    taus[2 * k] = tr;
    taus[2 * k + 1] = ti;
    if (tr === 0 && ti === 0) continue;
    // A := A·H, H = I − τ·v·vᴴ: each row x gets x − (τ·x·v)·vᴴ.
    for (let r = 0; r <= ihi; r++) applyRowComplex(a, 2 * (r * n + k + 1), v, len, tr, ti);
    // A := Hᴴ·A: w = vᴴ·A, then A −= conj(τ)·v·w.
    const cols = n - k - 1;
    w.fill(0, 0, 2 * cols);
    for (let i = 0; i < len; i++) {
      const vr = v[2 * i]!;
      const vi = -v[2 * i + 1]!;
      const row = 2 * ((k + 1 + i) * n + k + 1);
      for (let j = 0; j < cols; j++) {
        const xr = a[row + 2 * j]!;
        const xi = a[row + 2 * j + 1]!;
        w[2 * j] = w[2 * j]! + vr * xr - vi * xi;
        w[2 * j + 1] = w[2 * j + 1]! + vr * xi + vi * xr;
      }
    }
    for (let i = 0; i < len; i++) {
      // f = conj(τ)·v_i
      const fr = tr * v[2 * i]! + ti * v[2 * i + 1]!;
      const fi = tr * v[2 * i + 1]! - ti * v[2 * i]!;
      const row = 2 * ((k + 1 + i) * n + k + 1);
      for (let j = 0; j < cols; j++) {
        const wr = w[2 * j]!;
        const wi = w[2 * j + 1]!;
        a[row + 2 * j] = a[row + 2 * j]! - (fr * wr - fi * wi);
        a[row + 2 * j + 1] = a[row + 2 * j + 1]! - (fr * wi + fi * wr);
      }
    }
  }
  if (!reflectors) return null;
  // Q = H₀⋯H_{n−2}·I, applied in blocks.
  return hermitianBackTransform(reflectors, n, taus, identity(n, 1));
}

function applyRowComplex(a: Float64Array, start: number, v: Float64Array, len: number, tr: number, ti: number): void {
  let sr = 0;
  let si = 0;
  for (let i = 0; i < len; i++) {
    const xr = a[start + 2 * i]!;
    const xi = a[start + 2 * i + 1]!;
    const vr = v[2 * i]!;
    const vi = v[2 * i + 1]!;
    sr += xr * vr - xi * vi;
    si += xr * vi + xi * vr;
  }
  const gr = tr * sr - ti * si;
  const gi = tr * si + ti * sr;
  for (let i = 0; i < len; i++) {
    // x_i −= g·conj(v_i)
    const vr = v[2 * i]!;
    const vi = v[2 * i + 1]!;
    a[start + 2 * i] = a[start + 2 * i]! - (gr * vr + gi * vi);
    a[start + 2 * i + 1] = a[start + 2 * i + 1]! - (gi * vr - gr * vi);
  }
}

function identity(n: number, width: 1 | 2): Float64Array {
  const q = new Float64Array(n * n * width);
  for (let i = 0; i < n; i++) q[(i * n + i) * width] = 1;
  return q;
}
