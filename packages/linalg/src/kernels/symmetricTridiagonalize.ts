import { applyReflectorLeft, generateReflector } from './householderReflector.js';

/**
 * Householder reduction of a symmetric matrix to tridiagonal form, T = Qᵀ·A·Q (DSYTD2, 'L').
 *
 * Storage: `w` is a row-major n×n buffer of which only the lower triangle (j ≤ i) is read and
 * updated. Working on one triangle halves the memory traffic of the symmetric rank-2 update,
 * and it is what lets callers honour "read only the UPLO triangle" — the other half of the
 * buffer may hold anything, including NaN.
 *
 * On exit d[0..n) is diag(T), e[0..n−1) its sub-diagonal, and reflector k (acting on indices
 * k+1..n−1) is stored as w[k+2.., k] with an implicit leading 1, plus tau[k].
 *
 * @example
 * const n = 3;
 * const w = Float64Array.of(2, 0, 0, 1, 2, 0, 1, 1, 2); // lower triangle of A; overwritten
 * const d = new Float64Array(n), e = new Float64Array(n - 1), tau = new Float64Array(n - 1);
 * kernels.symmetricTridiagonalize(w, n, d, e, tau);
 * const Q = kernels.formTridiagonalQ(w, n, tau); // A = Q·T·Qᵀ, T = tridiag(e, d, e)
 */
export function symmetricTridiagonalize(
  w: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
): void {
  reduceColumnsFrom(w, n, 0, d, e, tau);
}

/**
 * The unblocked reduction of columns from..n−1, for a `w` whose first `from` columns are already
 * reduced and whose trailing block is up to date (the tail of the blocked reduction).
 */
export function reduceColumnsFrom(
  w: Float64Array,
  n: number,
  from: number,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
): void {
  if (n === 0) return;
  const v = new Float64Array(n);
  const y = new Float64Array(n);
  for (let k = from; k < n - 1; k++) {
    const p = n - k - 1; // order of the trailing block B = A[k+1:, k+1:]
    const base = (k + 1) * n + (k + 1); // B[i, j] = w[base + i*n + j]
    for (let i = 0, q = (k + 1) * n + k; i < p; i++, q += n) v[i] = w[q]!;
    const t = generateReflector(v, 0, 1, 1, p - 1);
    e[k] = v[0]!;
    tau[k] = t;
    for (let i = 1, q = (k + 2) * n + k; i < p; i++, q += n) w[q] = v[i]!;
    v[0] = 1;
    d[k] = w[k * n + k]!;
    if (t === 0) continue;

    // y = τ·B·v from the lower triangle only: row i of the triangle contributes both
    // B[i, :i]·v[:i] (to yᵢ) and vᵢ·B[i, :i] (to y[:i]); both loops are contiguous.
    y.fill(0, 0, p);
    for (let i = 0; i < p; i++) {
      const row = base + i * n;
      const vi = v[i]!;
      let s = 0;
      for (let j = 0; j < i; j++) {
        const bij = w[row + j]!;
        s += bij * v[j]!;
        y[j] = y[j]! + bij * vi;
      }
      y[i] = y[i]! + s + w[row + i]! * vi;
    }
    let yv = 0;
    for (let i = 0; i < p; i++) {
      y[i] = y[i]! * t;
      yv += y[i]! * v[i]!;
    }
    // w := y − (τ/2)(yᵀv)·v, then B := B − v·wᵀ − w·vᵀ = H·B·H.
    const alpha = -0.5 * t * yv;
    for (let i = 0; i < p; i++) y[i] = y[i]! + alpha * v[i]!;
    for (let i = 0; i < p; i++) {
      const row = base + i * n;
      const vi = v[i]!;
      const yi = y[i]!;
      for (let j = 0; j <= i; j++) w[row + j] = w[row + j]! - (vi * y[j]! + yi * v[j]!);
    }
  }
  d[n - 1] = w[(n - 1) * n + (n - 1)]!;
}

/**
 * The orthogonal Q = H₀·H₁·…·H_{n−2} of symmetricTridiagonalize as a row-major n×n matrix
 * (DORGTR, 'L'). Q[0, :] = Q[:, 0] = e₀ because no reflector touches index 0.
 *
 * @example
 * kernels.symmetricTridiagonalize(w, n, d, e, tau);
 * const Q = kernels.formTridiagonalQ(w, n, tau); // row-major n×n, Qᵀ·A·Q = T
 */
export function formTridiagonalQ(w: Float64Array, n: number, tau: Float64Array): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  const v = new Float64Array(n);
  const work = new Float64Array(n);
  // Backward accumulation: H_k only touches the trailing block Q[k+1:, k+1:].
  for (let k = n - 2; k >= 0; k--) {
    const p = n - k - 1;
    v[0] = 1;
    for (let i = 1, q2 = (k + 2) * n + k; i < p; i++, q2 += n) v[i] = w[q2]!;
    applyReflectorLeft(q, n, k + 1, p, k + 1, p, v, tau[k]!, work);
  }
  return q;
}
