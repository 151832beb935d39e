import { applyComplexReflectorLeft, generateComplexReflector } from './complexHouseholderReflector.js';

/**
 * Householder reduction of a Hermitian matrix to a REAL symmetric tridiagonal T = Qᴴ·A·Q
 * (LAPACK zhetd2, 'L'), in place on a FULL interleaved row-major n×n Hermitian buffer (both
 * triangles present and consistent, diagonal real). zlarfg's real β makes the sub-diagonal
 * real; the diagonal stays real because the update A − v·wᴴ − w·vᴴ is Hermitian.
 *
 * On exit d = diag(T), e = sub-diagonal, reflector k (on indices k+1..n−1) stored below the
 * sub-diagonal of column k with an implicit unit leading entry, τ_k interleaved in `tau`.
 *
 * @example
 * const w = Float64Array.of(2, 0, 0, -1, 0, 1, 2, 0); // [[2, -i], [i, 2]], both triangles; overwritten
 * const d = new Float64Array(2), e = new Float64Array(1), tau = new Float64Array(2);
 * kernels.hermitianTridiagonalize(w, 2, d, e, tau); // d = [2, 2], e = [-1]
 * const Q = kernels.formHermitianTridiagonalQ(w, 2, tau); // Qᴴ·A·Q = T
 */
export function hermitianTridiagonalize(
  w: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
): void {
  reduceHermitianColumnsFrom(w, n, 0, d, e, tau);
}

/**
 * The unblocked reduction of columns from..n−1, for a `w` whose first `from` columns are already
 * reduced and whose trailing block is up to date (the tail of the blocked reduction).
 */
export function reduceHermitianColumnsFrom(
  w: Float64Array,
  n: number,
  from: number,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
): void {
  if (n === 0) return;
  const v = new Float64Array(2 * n);
  const x = new Float64Array(2 * n);
  for (let k = from; k < n - 1; k++) {
    const p = n - k - 1;
    const b0 = k + 1; // trailing block A[b0:, b0:]
    for (let i = 0; i < p; i++) {
      const q = 2 * ((b0 + i) * n + k);
      v[2 * i] = w[q]!;
      v[2 * i + 1] = w[q + 1]!;
    }
    generateComplexReflector(v, 0, p - 1, tau, k);
    e[k] = v[0]!;
    d[k] = w[2 * (k * n + k)]!;
    for (let i = 1; i < p; i++) {
      const q = 2 * ((b0 + i) * n + k);
      w[q] = v[2 * i]!;
      w[q + 1] = v[2 * i + 1]!;
    }
    const tr = tau[2 * k]!;
    const ti = tau[2 * k + 1]!;
    if (tr === 0 && ti === 0) continue;
    v[0] = 1;
    v[1] = 0;
    // x = τ·B·v (row-wise dot products, contiguous).
    let xvr = 0; // xᴴ·v
    let xvi = 0;
    for (let i = 0; i < p; i++) {
      const row = 2 * ((b0 + i) * n + b0);
      let sr = 0;
      let si = 0;
      for (let j = 0; j < 2 * p; j += 2) {
        const br = w[row + j]!;
        const bi = w[row + j + 1]!;
        const vr = v[j]!;
        const vi = v[j + 1]!;
        sr += br * vr - bi * vi;
        si += br * vi + bi * vr;
      }
      const yr = tr * sr - ti * si;
      const yi = tr * si + ti * sr;
      x[2 * i] = yr;
      x[2 * i + 1] = yi;
      // conj(x_i)·v_i
      xvr += yr * v[2 * i]! + yi * v[2 * i + 1]!;
      xvi += yr * v[2 * i + 1]! - yi * v[2 * i]!;
    }
    // w := x − ½·τ·(xᴴv)·v
    const ar = -0.5 * (tr * xvr - ti * xvi);
    const ai = -0.5 * (tr * xvi + ti * xvr);
    for (let i = 0; i < p; i++) {
      const vr = v[2 * i]!;
      const vi = v[2 * i + 1]!;
      x[2 * i] = x[2 * i]! + ar * vr - ai * vi;
      x[2 * i + 1] = x[2 * i + 1]! + ar * vi + ai * vr;
    }
    // B := B − v·wᴴ − w·vᴴ (full block; the diagonal's imaginary part is reset to exactly 0).
    for (let i = 0; i < p; i++) {
      const row = 2 * ((b0 + i) * n + b0);
      const vir = v[2 * i]!;
      const vii = v[2 * i + 1]!;
      const wir = x[2 * i]!;
      const wii = x[2 * i + 1]!;
      for (let j = 0; j < p; j++) {
        const vjr = v[2 * j]!;
        const vji = v[2 * j + 1]!;
        const wjr = x[2 * j]!;
        const wji = x[2 * j + 1]!;
        // v_i·conj(w_j) + w_i·conj(v_j)
        const re = vir * wjr + vii * wji + (wir * vjr + wii * vji);
        const im = vii * wjr - vir * wji + (wii * vjr - wir * vji);
        w[row + 2 * j] = w[row + 2 * j]! - re;
        w[row + 2 * j + 1] = w[row + 2 * j + 1]! - im;
      }
      w[row + 2 * i + 1] = 0;
    }
  }
  d[n - 1] = w[2 * ((n - 1) * n + (n - 1))]!;
}

/**
 * Q = H₀⋯H_{n−2} of hermitianTridiagonalize as an interleaved row-major n×n matrix (zungtr).
 *
 * @example
 * kernels.hermitianTridiagonalize(w, n, d, e, tau);
 * const Q = kernels.formHermitianTridiagonalQ(w, n, tau); // interleaved n×n, Qᴴ·A·Q = T
 */
export function formHermitianTridiagonalQ(w: Float64Array, n: number, tau: Float64Array): Float64Array {
  const q = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) q[2 * (i * n + i)] = 1;
  const v = new Float64Array(2 * n);
  const work = new Float64Array(2 * n);
  for (let k = n - 2; k >= 0; k--) {
    const p = n - k - 1;
    v[0] = 1;
    v[1] = 0;
    for (let i = 1; i < p; i++) {
      const s = 2 * ((k + 1 + i) * n + k);
      v[2 * i] = w[s]!;
      v[2 * i + 1] = w[s + 1]!;
    }
    applyComplexReflectorLeft(q, n, k + 1, p, k + 1, p, v, tau[2 * k]!, tau[2 * k + 1]!, work);
  }
  return q;
}
