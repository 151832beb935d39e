import { kernels } from '@svd/tensor';

const { complexGemm, rowMajor, transposed } = kernels;
import { SAFE_MIN, ULP, powerOfTwo } from '../machineConstants.js';

/*
 * Right eigenvectors from a Schur form (LAPACK ztrevc3, side 'R', back-transformed): for each
 * eigenvalue λ_k = T[k,k] of the upper triangular complex T, solve (T − λ_k·I)·x = 0 with
 * x_k = 1 by back substitution, then V = Z·X (one complex GEMM). Near-equal diagonal entries
 * are perturbed to smin = max(ulp·|λ_k|, smlnum) as ztrevc does, so a defective (Jordan)
 * matrix still gives finite, if nearly parallel, vectors. Components are rescaled by powers of
 * two when they grow past 2^400, so the substitution never overflows.
 *
 * A real quasi-triangular Schur form is first made complex triangular (`realToComplexSchur`):
 * each standardised 2×2 block [a b; c a] is split by the unitary G = [[α, iβ], [iβ, α]],
 * α = b/r, β = ω/r, r = hypot(b, ω), whose first column is the eigenvector (b, iω) of
 * a + iω — the block is then [[a+iω, ·], [0, a−iω]] with the conjugate pair in LAPACK's order.
 */

const GROW = powerOfTwo(400);
const SHRINK = powerOfTwo(-400);

/**
 * Complex form of a real Schur decomposition: returns interleaved T and Z (n×n) for the real
 * row-major t, z and the eigenvalues (wr, wi) that realSchur produced with them.
 *
 * @example
 * const { t: tc, z: zc } = kernels.realToComplexSchur(t, z, n, wr, wi);
 */
export function realToComplexSchur(
  t: Float64Array,
  z: Float64Array,
  n: number,
  wr: Float64Array,
  wi: Float64Array,
): { t: Float64Array; z: Float64Array } {
  const T = new Float64Array(2 * n * n);
  const Z = new Float64Array(2 * n * n);
  for (let p = 0; p < n * n; p++) {
    T[2 * p] = t[p]!;
    Z[2 * p] = z[p]!;
  }
  for (let k = 0; k < n - 1; k++) {
    if (!(wi[k]! > 0)) continue;
    const b = t[k * n + k + 1]!;
    const w = wi[k]!;
    const r = Math.hypot(b, w);
    const al = b / r;
    const be = w / r;
    // Rows k, k+1 (columns k..n−1): r0 ← α·r0 − iβ·r1, r1 ← −iβ·r0 + α·r1.
    for (let j = k; j < n; j++) {
      const p = 2 * (k * n + j);
      const q = p + 2 * n;
      const [ar, ai, br, bi] = [T[p]!, T[p + 1]!, T[q]!, T[q + 1]!];
      T[p] = al * ar + be * bi;
      T[p + 1] = al * ai - be * br;
      T[q] = be * ai + al * br;
      T[q + 1] = -be * ar + al * bi;
    }
    // Columns k, k+1 (rows 0..k+1 of T, all rows of Z): c0 ← α·c0 + iβ·c1, c1 ← iβ·c0 + α·c1.
    rotateColumns(T, n, k, k + 1, al, be);
    rotateColumns(Z, n, k, n - 1, al, be);
    const d0 = 2 * (k * n + k);
    const d1 = 2 * ((k + 1) * n + k + 1);
    T[d0] = wr[k]!;
    T[d0 + 1] = w;
    T[d1] = wr[k + 1]!;
    T[d1 + 1] = wi[k + 1]!;
    T[2 * ((k + 1) * n + k)] = 0;
    T[2 * ((k + 1) * n + k) + 1] = 0;
    k++;
  }
  return { t: T, z: Z };
}

function rotateColumns(m: Float64Array, n: number, k: number, lastRow: number, al: number, be: number): void {
  for (let r = 0; r <= lastRow; r++) {
    const p = 2 * (r * n + k);
    const [ar, ai, br, bi] = [m[p]!, m[p + 1]!, m[p + 2]!, m[p + 3]!];
    m[p] = al * ar - be * bi;
    m[p + 1] = al * ai + be * br;
    m[p + 2] = -be * ai + al * br;
    m[p + 3] = be * ar + al * bi;
  }
}

/**
 * V = Z·X, X the upper triangular eigenvector matrix of the complex upper triangular T (both
 * interleaved n×n; with `zTransposed`, `z` holds Zᵀ). Columns with `skip[k]` set are left zero
 * (the caller fills them, e.g. as the conjugate of their pair). Unnormalised.
 *
 * @example
 * const v = kernels.schurEigenvectors(t, z, n, null);
 */
export function schurEigenvectors(
  t: Float64Array,
  z: Float64Array,
  n: number,
  skip: Uint8Array | null,
  zTransposed = false,
): Float64Array {
  const X = new Float64Array(2 * n * n);
  const x = new Float64Array(2 * n);
  const smlnum = SAFE_MIN * (n / ULP);
  for (let k = 0; k < n; k++) {
    if (skip?.[k]) continue;
    const lr = t[2 * (k * n + k)]!;
    const li = t[2 * (k * n + k) + 1]!;
    const smin = Math.max(ULP * (Math.abs(lr) + Math.abs(li)), smlnum);
    x[2 * k] = 1;
    x[2 * k + 1] = 0;
    for (let j = k - 1; j >= 0; j--) {
      const row = 2 * j * n;
      let sr = -t[row + 2 * k]!;
      let si = -t[row + 2 * k + 1]!;
      for (let i = j + 1; i < k; i++) {
        const ar = t[row + 2 * i]!;
        const ai = t[row + 2 * i + 1]!;
        const xr = x[2 * i]!;
        const xi = x[2 * i + 1]!;
        sr -= ar * xr - ai * xi;
        si -= ar * xi + ai * xr;
      }
      let dr = t[row + 2 * j]! - lr;
      let di = t[row + 2 * j + 1]! - li;
      if (Math.abs(dr) + Math.abs(di) < smin) {
        dr = smin;
        di = 0;
      }
      // x_j = s / d (Smith's division).
      let qr: number;
      let qi: number;
      if (Math.abs(dr) >= Math.abs(di)) {
        const r = di / dr;
        const den = dr + di * r;
        qr = (sr + si * r) / den;
        qi = (si - sr * r) / den;
      } else {
        const r = dr / di;
        const den = di + dr * r;
        qr = (sr * r + si) / den;
        qi = (si * r - sr) / den;
      }
      x[2 * j] = qr;
      x[2 * j + 1] = qi;
      if (Math.abs(qr) + Math.abs(qi) > GROW) {
        for (let i = 2 * j; i <= 2 * k + 1; i++) x[i] = x[i]! * SHRINK;
      }
    }
    for (let j = 0; j <= k; j++) {
      X[2 * (j * n + k)] = x[2 * j]!;
      X[2 * (j * n + k) + 1] = x[2 * j + 1]!;
    }
  }
  const V = new Float64Array(2 * n * n);
  // With zTransposed the caller passes Zᵀ (as the QR iteration keeps it): read it transposed.
  const zOp = zTransposed ? transposed(rowMajor(z, n)) : rowMajor(z, n);
  if (n > 0) complexGemm(n, n, n, [1, 0], zOp, rowMajor(X, n), [0, 0], rowMajor(V, n));
  return V;
}

/**
 * Scales each column of the interleaved n×n v to unit 2-norm and multiplies it by the unit
 * complex number that makes its largest-modulus component real and positive (the first such
 * component on exact ties); that component's imaginary part is then exactly 0.
 *
 * @example
 * kernels.normalizeEigenvectors(v, n);
 */
export function normalizeEigenvectors(v: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) {
    let big = 0;
    let p = -1;
    for (let r = 0; r < n; r++) {
      const q = 2 * (r * n + k);
      const m = Math.hypot(v[q]!, v[q + 1]!);
      if (m > big) {
        big = m;
        p = r;
      }
    }
    if (p < 0) continue;
    let ss = 0;
    for (let r = 0; r < n; r++) {
      const q = 2 * (r * n + k);
      const a = v[q]! / big;
      const b = v[q + 1]! / big;
      ss += a * a + b * b;
    }
    const norm = big * Math.sqrt(ss);
    const q0 = 2 * (p * n + k);
    // multiply by conj(v_p)/(|v_p|·‖v‖)
    const cr = v[q0]! / big / norm;
    const ci = -v[q0 + 1]! / big / norm;
    for (let r = 0; r < n; r++) {
      const q = 2 * (r * n + k);
      const a = v[q]!;
      const b = v[q + 1]!;
      v[q] = a * cr - b * ci;
      v[q + 1] = a * ci + b * cr;
    }
    v[q0 + 1] = 0;
  }
}
