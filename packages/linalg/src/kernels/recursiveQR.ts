import { kernels } from '@svd/tensor';
import { generateReflectorNonNegative } from './householderReflector.js';

const { gemm, rowMajor, transposed } = kernels;

/*
 * Recursive Householder QR of a tall matrix held TRANSPOSED, with the compact WY factor T of all
 * its reflectors (LAPACK dgeqrt3; Elmroth & Gustavson 2000):
 *
 *   A = Q·R,   Q = H_0·H_1⋯H_{N−1} = I − V·T·Vᵀ,
 *
 * for the M×N matrix A (M ≥ N) given as Aᵀ (N×M row-major, one column of A per contiguous row).
 * The columns are split in two halves; the left half is factored (recursively), its reflectors
 * are applied to the right half in compact WY form by three GEMMs, the right half is factored,
 * and the two halves' T factors are joined by T₁₂ = −T₁·(V₁ᵀ·V₂)·T₂. Only leaves of ≤ LEAF
 * columns run reflector by reflector. Unlike blocked dgeqrf there is no fixed panel width: for
 * a tall-skinny A (2000×100) the whole factorisation is one recursive panel, all of it on the
 * GEMM, and T for all N reflectors comes out for free — which lets the tall-skinny SVD form
 * U = Q·[U_R; 0] as ONE product with V instead of block after block (tallSkinnySvd.ts).
 *
 * Why transposed: a column of a row-major matrix is strided (a cache line per entry), while here
 * every reflector generation and application is a contiguous dot product and axpy, and Vᵀ is
 * exactly the operand layout of the products above.
 *
 * Storage on exit: the input buffer holds Vᵀ explicitly (row q: zeros before q, 1 at q, vq's
 * tail after), ready to be used as a GEMM operand with no gather; R (N×N, row-major, upper
 * triangular) is moved out as it is finished. Sign convention as householderQR.ts (DLARFGP,
 * diag(R) ≥ 0), so R agrees with the blocked QR up to rounding.
 */

/** Columns at or below which a block is factored reflector by reflector. */
const LEAF = 6;

/** The factorisation: Vᵀ in the input buffer, and R, τ, T aside. */
export interface TransposedQR {
  /** Vᵀ (N×M row-major, the input buffer): row q is reflector q, unit at q, zeros before. */
  vt: Float64Array;
  /** R, N×N row-major, upper triangular, non-negative diagonal. */
  r: Float64Array;
  /** τ_q of H_q = I − τ_q·v_q·v_qᵀ. */
  tau: Float64Array;
  /** T, N×N row-major upper triangular: H_0⋯H_{N−1} = I − V·T·Vᵀ. */
  t: Float64Array;
}

/** GEMM scratch of one recursion (the largest W = Cᵀ·V and W·T blocks, half × half). */
interface Scratch {
  w: Float64Array;
  w2: Float64Array;
}

/**
 * QR of the M×N matrix A (M ≥ N ≥ 1) given as `at` = Aᵀ (N×M row-major), which is overwritten
 * by Vᵀ.
 *
 * @example
 * // A = [[3, 1], [4, 2], [0, 0]] (3×2), transposed:
 * const { r, tau, t } = recursiveQRTransposed(Float64Array.of(3, 4, 0, 1, 2, 0), 3, 2);
 * // r ≈ [5, 2.2, 0, 0.4]; I − V·T·Vᵀ is the Q of numpy's qr up to column signs
 */
export function recursiveQRTransposed(at: Float64Array, M: number, N: number): TransposedQR {
  if (!Number.isInteger(M) || !Number.isInteger(N) || N < 1 || M < N || at.length < M * N) {
    throw new RangeError(`recursiveQRTransposed: needs M ≥ N ≥ 1 and an N×M buffer, got ${M}×${N}`);
  }
  const r = new Float64Array(N * N);
  const tau = new Float64Array(N);
  const t = new Float64Array(N * N);
  // n₁·n₂ of the top split bounds every level's (n₁ ≤ ⌈n/2⌉ + 3).
  const half = (N + 1) >> 1;
  const size = (half + 4) * half;
  const scratch: Scratch = { w: new Float64Array(size), w2: new Float64Array(size) };
  factorRange(at, M, N, 0, N, r, tau, t, scratch);
  return { vt: at, r, tau, t };
}

/**
 * Factors columns [q0, q1) (rows q0..q1−1 of p, row length L), whose entries left of column q0
 * have already been moved to R. Leaves T[q0:q1, q0:q1] in t.
 */
function factorRange(
  p: Float64Array,
  L: number,
  N: number,
  q0: number,
  q1: number,
  r: Float64Array,
  tau: Float64Array,
  t: Float64Array,
  s: Scratch,
): void {
  const n = q1 - q0;
  if (n <= LEAF) {
    factorLeaf(p, L, N, q0, q1, r, tau, t);
    return;
  }
  // Left half a multiple of 4 columns when it can be (the GEMM's 4×4 tiles), at least one.
  const n1 = Math.min(n - 1, ((n + 7) >> 3) << 2);
  const n2 = n - n1;
  const h = q0 + n1;
  const Lq = L - q0;
  factorRange(p, L, N, q0, h, r, tau, t, s);

  // Right half ← Q₁ᵀ·(right half), Q₁ = I − V₁·T₁·V₁ᵀ over coordinates q0..L−1. Transposed
  // (rows of p): Cᵀ ← Cᵀ − ((Cᵀ·V₁)·T₁)·V₁ᵀ.
  const V1t = rowMajor(p, L, q0 * L + q0);
  const Ct = rowMajor(p, L, h * L + q0);
  const T1 = rowMajor(t, N, q0 * N + q0);
  gemm(n2, n1, Lq, 1, Ct, transposed(V1t), 0, rowMajor(s.w, n1));
  gemm(n2, n1, n1, 1, rowMajor(s.w, n1), T1, 0, rowMajor(s.w2, n1));
  gemm(n2, Lq, n1, -1, rowMajor(s.w2, n1), V1t, 1, Ct);
  // Columns q0..h−1 of those rows are now R[q0:h, h:q1], final: move them out (V₂ is zero there).
  for (let q = h; q < q1; q++) {
    const row = q * L;
    for (let i = q0; i < h; i++) {
      r[i * N + q] = p[row + i]!;
      p[row + i] = 0;
    }
  }

  factorRange(p, L, N, h, q1, r, tau, t, s);

  // T₁₂ = −T₁·(V₁ᵀ·V₂)·T₂, with V₁ᵀ·V₂ over coordinates h..L−1 (V₂ is zero before h).
  const Lh = L - h;
  const Y = rowMajor(s.w, n2);
  const Z = rowMajor(s.w2, n2);
  gemm(n1, n2, Lh, 1, rowMajor(p, L, q0 * L + h), transposed(rowMajor(p, L, h * L + h)), 0, Y);
  gemm(n1, n2, n1, 1, T1, Y, 0, Z);
  gemm(n1, n2, n2, -1, Z, rowMajor(t, N, h * N + h), 0, rowMajor(t, N, q0 * N + h));
}

/**
 * Reflector by reflector on columns [q0, q1) (DGEQR2 on the transposed block), then the rows
 * made explicit (unit diagonal, R entries moved out) and T of the block (DLARFT: T[s, q] =
 * −τ_q·Σₖ T[s, k]·(v_kᵀ·v_q)).
 */
function factorLeaf(
  p: Float64Array,
  L: number,
  N: number,
  q0: number,
  q1: number,
  r: Float64Array,
  tau: Float64Array,
  t: Float64Array,
): void {
  for (let q = q0; q < q1; q++) {
    const oq = q * L;
    const tq = generateReflectorNonNegative(p, oq + q, oq + q + 1, 1, L - q - 1);
    tau[q] = tq;
    if (tq === 0) continue;
    // Later columns c ← (I − τ·v·vᵀ)·c, v = [1; p[oq+q+1 .. oq+L)], two at a time.
    let c = q + 1;
    for (; c + 1 < q1; c += 2) reflectTwoRows(p, oq + q, c * L + q, (c + 1) * L + q, L - q, tq);
    if (c < q1) reflectTwoRows(p, oq + q, c * L + q, -1, L - q, tq);
  }
  // R entries (row q, columns q0..q) out; the unit diagonal and zeros in.
  for (let q = q0; q < q1; q++) {
    const oq = q * L;
    for (let i = q0; i <= q; i++) {
      r[i * N + q] = p[oq + i]!;
      p[oq + i] = 0;
    }
    p[oq + q] = 1;
  }
  for (let q = q0; q < q1; q++) {
    const tq = tau[q]!;
    t[q * N + q] = tq;
    if (tq === 0) continue;
    // t[s, q] = Σₖ T[s, k]·gₖ with gₖ = v_kᵀ·v_q over coordinates q..L−1 (v_q is zero before q).
    for (let k = q0; k < q; k++) {
      const g = dot(p, k * L + q, q * L + q, L - q);
      for (let s = q0; s <= k; s++) t[s * N + q] = t[s * N + q]! + t[s * N + k]! * g;
    }
    for (let s = q0; s < q; s++) t[s * N + q] = -tq * t[s * N + q]!;
  }
}

/**
 * Rows x ← (I − τ·v·vᵀ)·x for the length-`len` rows at `x0` and `x1` (x1 = −1: one row) with
 * v = [1; p[v0+1 .. v0+len)]: both dot products share each load of v, then both axpys do.
 */
function reflectTwoRows(p: Float64Array, v0: number, x0: number, x1: number, len: number, tau: number): void {
  const two = x1 >= 0;
  let a0 = 0;
  let a1 = 0;
  let b0 = 0;
  let b1 = 0;
  let i = 1;
  if (two) {
    for (; i + 1 < len; i += 2) {
      const v = p[v0 + i]!;
      const w = p[v0 + i + 1]!;
      a0 += v * p[x0 + i]!;
      a1 += w * p[x0 + i + 1]!;
      b0 += v * p[x1 + i]!;
      b1 += w * p[x1 + i + 1]!;
    }
  } else {
    for (; i + 1 < len; i += 2) {
      a0 += p[v0 + i]! * p[x0 + i]!;
      a1 += p[v0 + i + 1]! * p[x0 + i + 1]!;
    }
  }
  for (; i < len; i++) {
    a0 += p[v0 + i]! * p[x0 + i]!;
    if (two) b0 += p[v0 + i]! * p[x1 + i]!;
  }
  const fa = tau * (p[x0]! + (a0 + a1));
  const fb = two ? tau * (p[x1]! + (b0 + b1)) : 0;
  p[x0] = p[x0]! - fa;
  if (two) {
    p[x1] = p[x1]! - fb;
    for (let j = 1; j < len; j++) {
      const v = p[v0 + j]!;
      p[x0 + j] = p[x0 + j]! - fa * v;
      p[x1 + j] = p[x1 + j]! - fb * v;
    }
  } else {
    for (let j = 1; j < len; j++) p[x0 + j] = p[x0 + j]! - fa * p[v0 + j]!;
  }
}

/** Σ x[a+i]·x[b+i], i < len, in four partial sums (one accumulator would be latency-bound). */
function dot(x: Float64Array, a: number, b: number, len: number): number {
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    d0 += x[a + i]! * x[b + i]!;
    d1 += x[a + i + 1]! * x[b + i + 1]!;
    d2 += x[a + i + 2]! * x[b + i + 2]!;
    d3 += x[a + i + 3]! * x[b + i + 3]!;
  }
  for (; i < len; i++) d0 += x[a + i]! * x[b + i]!;
  return d0 + d1 + (d2 + d3);
}
