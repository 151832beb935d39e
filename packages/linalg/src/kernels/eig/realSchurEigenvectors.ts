import { kernels } from '@svd/tensor';
import { SAFE_MIN, ULP, powerOfTwo } from '../machineConstants.js';

const { gemm, rowMajor, transposed } = kernels;

/*
 * Right eigenvectors of a real quasi-triangular Schur form T = Zᵀ·A·Z in real arithmetic (LAPACK
 * dtrevc3, side 'R', back-transformed), replacing the detour through the complex Schur form
 * (realToComplexSchur + ztrevc), which costs four real multiply-adds per complex one and a
 * complex GEMM for the back-transform.
 *
 * For a real eigenvalue λ = T[k,k]: x_k = 1 and (T − λ)·x = 0 is solved upwards, 1×1 diagonal
 * blocks by division and the 2×2 blocks of complex pairs above as 2×2 systems. For a conjugate
 * pair at k, k+1 (standardised block [a b; c a], λ = a + iω, ω > 0) dtrevc's start vector
 * x_k = 1, x_{k+1} = iω/b (or x_k = −ω/c, x_{k+1} = i when |b| < |c|) solves the block, and the
 * rest is the same substitution in complex arithmetic on real T (two real dot products per row).
 * The real part goes to column k of X, the imaginary part to column k+1, so X is real and the
 * back-transform V = Z·X is ONE real GEMM (dtrevc3's blocked back-transform, here with the block
 * = all columns).
 *
 * Small pivots are perturbed to smin = max(ulp·|λ|, smlnum) (dlaln2), so defective (Jordan)
 * matrices give finite, nearly parallel vectors; components are rescaled by 2^−400 when they
 * grow past 2^400, so the substitution does not overflow.
 */

const GROW = powerOfTwo(400);
const SHRINK = powerOfTwo(-400);

/**
 * V = Z·X for the real Schur form t (row-major n×n quasi-triangular, standardised 2×2 blocks)
 * with Schur vectors given as zt = Zᵀ (row-major), eigenvalues (wr, wi) as realSchur returns
 * them. Returns interleaved complex V (n×n), unnormalised; the second column of each conjugate
 * pair (wi < 0) is left zero for the caller to fill with the conjugate of the first.
 *
 * @example
 * const v = realSchurEigenvectors(t, zt, n, wr, wi);
 */
export function realSchurEigenvectors(
  t: Float64Array,
  zt: Float64Array,
  n: number,
  wr: Float64Array,
  wi: Float64Array,
): Float64Array {
  const x = new Float64Array(n * n); // row-major; column k (and k+1 for a pair) = eigenvector k
  const xr = new Float64Array(n);
  const xi = new Float64Array(n);
  const out = new Float64Array(6);
  const smlnum = SAFE_MIN * (n / ULP);
  for (let k = 0; k < n; k++) {
    if (wi[k]! === 0) {
      solveReal(t, n, k, wi, smlnum, xr);
      for (let j = 0; j <= k; j++) x[j * n + k] = xr[j]!;
    } else if (wi[k]! > 0) {
      solvePair(t, n, k, wr, wi, smlnum, xr, xi, out);
      for (let j = 0; j <= k + 1; j++) {
        x[j * n + k] = xr[j]!;
        x[j * n + k + 1] = xi[j]!;
      }
      k++;
    }
  }
  const vr = new Float64Array(n * n);
  if (n > 0) gemm(n, n, n, 1, transposed(rowMajor(zt, n)), rowMajor(x, n), 0, rowMajor(vr, n));
  const v = new Float64Array(2 * n * n);
  for (let r = 0; r < n; r++) {
    const row = r * n;
    for (let k = 0; k < n; k++) {
      if (wi[k]! === 0) {
        v[2 * (row + k)] = vr[row + k]!;
      } else {
        v[2 * (row + k)] = vr[row + k]!;
        v[2 * (row + k) + 1] = vr[row + k + 1]!;
        k++;
      }
    }
  }
  return v;
}

/** Eigenvector of the real eigenvalue T[k,k] into xr[0..k]. */
function solveReal(t: Float64Array, n: number, k: number, wi: Float64Array, smlnum: number, xr: Float64Array): void {
  const lam = t[k * n + k]!;
  const smin = Math.max(ULP * Math.abs(lam), smlnum);
  xr[k] = 1;
  let j = k - 1;
  while (j >= 0) {
    if (wi[j]! < 0) {
      // Rows j−1, j: a 2×2 block of a complex pair above.
      const s1 = -dot(t, (j - 1) * n, xr, j + 1, k) - t[(j - 1) * n + k]!;
      const s2 = -dot(t, j * n, xr, j + 1, k) - t[j * n + k]!;
      const a11 = t[(j - 1) * n + j - 1]! - lam;
      const a12 = t[(j - 1) * n + j]!;
      const a21 = t[j * n + j - 1]!;
      const a22 = t[j * n + j]! - lam;
      solve2x2Real(a11, a12, a21, a22, s1, s2, smin, xr, j - 1);
      if (Math.max(Math.abs(xr[j - 1]!), Math.abs(xr[j]!)) > GROW) scale(xr, j - 1, k, SHRINK);
      j -= 2;
    } else {
      const s = -dot(t, j * n, xr, j + 1, k) - t[j * n + k]!;
      let d = t[j * n + j]! - lam;
      if (Math.abs(d) < smin) d = smin;
      xr[j] = s / d;
      if (Math.abs(xr[j]!) > GROW) scale(xr, j, k, SHRINK);
      j--;
    }
  }
}

/** Eigenvector of wr[k] + i·wi[k] (wi > 0; the pair's block at k, k+1) into xr, xi [0..k+1]. */
function solvePair(
  t: Float64Array,
  n: number,
  k: number,
  wr: Float64Array,
  wi: Float64Array,
  smlnum: number,
  xr: Float64Array,
  xi: Float64Array,
  out: Float64Array,
): void {
  const lr = wr[k]!;
  const li = wi[k]!;
  const smin = Math.max(ULP * (Math.abs(lr) + Math.abs(li)), smlnum);
  const b = t[k * n + k + 1]!;
  const c = t[(k + 1) * n + k]!;
  if (Math.abs(b) >= Math.abs(c)) {
    xr[k] = 1;
    xi[k + 1] = li / b;
    xi[k] = 0;
  } else {
    xr[k] = -li / c;
    xi[k + 1] = 1;
    xi[k] = 0;
  }
  xr[k + 1] = 0;
  const top = k + 1; // last index of the vector
  let j = k - 1;
  while (j >= 0) {
    if (wi[j]! < 0) {
      const r0 = (j - 1) * n;
      const r1 = j * n;
      const s1r = -dot(t, r0, xr, j + 1, top + 1);
      const s1i = -dot(t, r0, xi, j + 1, top + 1);
      const s2r = -dot(t, r1, xr, j + 1, top + 1);
      const s2i = -dot(t, r1, xi, j + 1, top + 1);
      solve2x2Complex(
        t[r0 + j - 1]! - lr,
        t[r0 + j]!,
        t[r1 + j - 1]!,
        t[r1 + j]! - lr,
        -li,
        s1r,
        s1i,
        s2r,
        s2i,
        smin,
        out,
      );
      xr[j - 1] = out[0]!;
      xi[j - 1] = out[1]!;
      xr[j] = out[2]!;
      xi[j] = out[3]!;
      const big = Math.max(Math.abs(out[0]!) + Math.abs(out[1]!), Math.abs(out[2]!) + Math.abs(out[3]!));
      if (big > GROW) {
        scale(xr, j - 1, top, SHRINK);
        scale(xi, j - 1, top, SHRINK);
      }
      j -= 2;
    } else {
      const row = j * n;
      const sr = -dot(t, row, xr, j + 1, top + 1);
      const si = -dot(t, row, xi, j + 1, top + 1);
      let dr = t[row + j]! - lr;
      let di = -li;
      if (Math.abs(dr) + Math.abs(di) < smin) {
        dr = smin;
        di = 0;
      }
      divide(sr, si, dr, di, out);
      xr[j] = out[0]!;
      xi[j] = out[1]!;
      if (Math.abs(out[0]!) + Math.abs(out[1]!) > GROW) {
        scale(xr, j, top, SHRINK);
        scale(xi, j, top, SHRINK);
      }
      j--;
    }
  }
}

/** Σ_{i = from}^{to−1} t[row + i]·x[i]. */
function dot(t: Float64Array, row: number, x: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += t[row + i]! * x[i]!;
  return s;
}

function scale(x: Float64Array, from: number, to: number, f: number): void {
  for (let i = from; i <= to; i++) x[i] = x[i]! * f;
}

/** (sr + i·si)/(dr + i·di) by Smith's algorithm into out[at], out[at + 1]. */
function divide(sr: number, si: number, dr: number, di: number, out: Float64Array, at = 0): void {
  if (Math.abs(dr) >= Math.abs(di)) {
    const r = di / dr;
    const den = dr + di * r;
    out[at] = (sr + si * r) / den;
    out[at + 1] = (si - sr * r) / den;
  } else {
    const r = dr / di;
    const den = di + dr * r;
    out[at] = (sr * r + si) / den;
    out[at + 1] = (si * r - sr) / den;
  }
}

/** Which entry of a 2×2 block pivots (complete pivoting): 0 (1,1), 1 (2,1), 2 (1,2), 3 (2,2). */
function pivotOf(m11: number, m21: number, m12: number, m22: number): number {
  let p = 0;
  let big = m11;
  if (m21 > big) {
    p = 1;
    big = m21;
  }
  if (m12 > big) {
    p = 2;
    big = m12;
  }
  if (m22 > big) p = 3;
  return p;
}

/**
 * [a11 a12; a21 a22]·[x1; x2] = [s1; s2] in real arithmetic with complete pivoting (dlaln2, real
 * case); a pivot below smin is replaced by smin, so a singular block still gives a finite x.
 */
function solve2x2Real(
  a11: number,
  a12: number,
  a21: number,
  a22: number,
  s1: number,
  s2: number,
  smin: number,
  x: Float64Array,
  at: number,
): void {
  const p = pivotOf(Math.abs(a11), Math.abs(a21), Math.abs(a12), Math.abs(a22));
  const big = Math.max(Math.abs(a11), Math.abs(a21), Math.abs(a12), Math.abs(a22));
  if (big < smin) {
    x[at] = s1 / smin;
    x[at + 1] = s2 / smin;
    return;
  }
  // Swap rows and/or columns so the pivot is at (1, 1): B = P·A·Q, y = Qᵀ·x.
  const rowSwap = p === 1 || p === 3;
  const colSwap = p === 2 || p === 3;
  const b11 = rowSwap ? (colSwap ? a22 : a21) : colSwap ? a12 : a11;
  const b12 = rowSwap ? (colSwap ? a21 : a22) : colSwap ? a11 : a12;
  const b21 = rowSwap ? (colSwap ? a12 : a11) : colSwap ? a22 : a21;
  const b22 = rowSwap ? (colSwap ? a11 : a12) : colSwap ? a21 : a22;
  const r1 = rowSwap ? s2 : s1;
  const r2 = rowSwap ? s1 : s2;
  const l = b21 / b11;
  let u22 = b22 - l * b12;
  if (Math.abs(u22) < smin) u22 = smin;
  const y2 = (r2 - l * r1) / u22;
  const y1 = (r1 - b12 * y2) / b11;
  x[at] = colSwap ? y2 : y1;
  x[at + 1] = colSwap ? y1 : y2;
}

/**
 * [a11 + i·d, a12; a21, a22 + i·d]·[x1; x2] = [s1; s2] (a real, the shift's imaginary part d on
 * the diagonal) with complete pivoting (dlaln2, complex case); out = [x1r, x1i, x2r, x2i]
 * (out[4], out[5] are scratch).
 */
function solve2x2Complex(
  a11: number,
  a12: number,
  a21: number,
  a22: number,
  d: number,
  s1r: number,
  s1i: number,
  s2r: number,
  s2i: number,
  smin: number,
  out: Float64Array,
): void {
  const m11 = Math.abs(a11) + Math.abs(d);
  const m22 = Math.abs(a22) + Math.abs(d);
  const p = pivotOf(m11, Math.abs(a21), Math.abs(a12), m22);
  if (Math.max(m11, Math.abs(a21), Math.abs(a12), m22) < smin) {
    out[0] = s1r / smin;
    out[1] = s1i / smin;
    out[2] = s2r / smin;
    out[3] = s2i / smin;
    return;
  }
  const rowSwap = p === 1 || p === 3;
  const colSwap = p === 2 || p === 3;
  // After the swaps the diagonal entries carry i·d exactly when they came from the diagonal.
  const diag = rowSwap === colSwap;
  const b11r = rowSwap ? (colSwap ? a22 : a21) : colSwap ? a12 : a11;
  const b11i = diag ? d : 0;
  const b12r = rowSwap ? (colSwap ? a21 : a22) : colSwap ? a11 : a12;
  const b12i = diag ? 0 : d;
  const b21r = rowSwap ? (colSwap ? a12 : a11) : colSwap ? a22 : a21;
  const b21i = diag ? 0 : d;
  const b22r = rowSwap ? (colSwap ? a11 : a12) : colSwap ? a21 : a22;
  const b22i = diag ? d : 0;
  const r1r = rowSwap ? s2r : s1r;
  const r1i = rowSwap ? s2i : s1i;
  const r2r = rowSwap ? s1r : s2r;
  const r2i = rowSwap ? s1i : s2i;
  divide(b21r, b21i, b11r, b11i, out, 4); // l = b21 / b11
  const lr = out[4]!;
  const li = out[5]!;
  let u22r = b22r - (lr * b12r - li * b12i);
  let u22i = b22i - (lr * b12i + li * b12r);
  if (Math.abs(u22r) + Math.abs(u22i) < smin) {
    u22r = smin;
    u22i = 0;
  }
  // y2 = (r2 − l·r1)/u22, y1 = (r1 − b12·y2)/b11.
  divide(r2r - (lr * r1r - li * r1i), r2i - (lr * r1i + li * r1r), u22r, u22i, out, 4);
  const y2r = out[4]!;
  const y2i = out[5]!;
  divide(r1r - (b12r * y2r - b12i * y2i), r1i - (b12r * y2i + b12i * y2r), b11r, b11i, out, 4);
  const y1r = out[4]!;
  const y1i = out[5]!;
  if (colSwap) {
    out[0] = y2r;
    out[1] = y2i;
    out[2] = y1r;
    out[3] = y1i;
  } else {
    out[0] = y1r;
    out[1] = y1i;
    out[2] = y2r;
    out[3] = y2i;
  }
}
