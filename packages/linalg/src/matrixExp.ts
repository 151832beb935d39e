import { type Tensor, kernels } from '@svd/tensor';
import { Stack, complexOutputTensor, forEachMatrix, outputTensor, readMatrixBatch } from './batch.js';
import { checkFinite } from './checkInput.js';
import { AbsPowerNorms, EvenPowerNorms, THETA, ell, ellScaled13 } from './expmDegree.js';
import { complexLuSolve, luSolve } from './solve.js';

const { gemm, complexGemm, rowMajor } = kernels;

/*
 * Scaling and squaring with Padé approximants of degree 3, 5, 7, 9 or 13 (Higham 2005, with the
 * backward-error refinement of Al-Mohy & Higham 2009 that SciPy's `expm` implements). The
 * 1-norms of A⁴, A⁶, A⁸, A¹⁰ are computed exactly rather than estimated, so the choice of degree
 * and of s never depends on a random start vector; ℓ(A, m) uses ‖|A|^(2m+1)‖₁ by exact
 * vector-matrix products. Upper-triangular real input gets Code Fragment 2.1: after every
 * squaring the diagonal and first superdiagonal are recomputed from closed forms, which keeps
 * triangular and nilpotent inputs accurate.
 */

const PADE: Record<number, readonly number[]> = {
  3: [120, 60, 12, 1],
  5: [30240, 15120, 3360, 420, 30, 1],
  7: [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1],
  9: [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1],
  13: [
    64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000, 10559470521600,
    670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
  ],
};

/**
 * The matrix exponential exp(A) = Σ Aᵏ/k! of each square matrix on the last two axes.
 *
 * The algorithm is SciPy's `expm`: scaling and squaring with a Padé approximant of degree 3–13
 * chosen from exact 1-norms of powers of A (Higham 2005; Al-Mohy & Higham 2009). Large norms
 * (‖A‖ ~ 1e3) cost about log₂‖A‖ extra squarings. Upper-triangular real input (nilpotent
 * included) has its diagonal and superdiagonal recomputed in closed form after each squaring.
 * Complex input gives a complex result; float32 / complex64 are computed in double precision
 * and rounded once.
 *
 * @throws LinAlgError on NaN/±Inf in A; ShapeError for non-square input.
 *
 * @example
 * matrixExp(tensor([[0, 1], [0, 0]])).toArray(); // [[1, 1], [0, 1]]
 * matrixExp(tensor([[0, -Math.PI], [Math.PI, 0]])); // ≈ −I (a rotation by π)
 */
export function matrixExp(A: Tensor): Tensor {
  const op = 'matrixExp';
  const b = readMatrixBatch(op, A, { square: true });
  const { rows: n, count, batchShape, width: w } = b;
  checkFinite(op, b.data, count, n, n, 'all', 'the input', w);
  const E = new Stack(count, n * n * w);
  forEachMatrix(b, (a, k) => E.put(k, expm(op, a, n, w)));
  return (w === 2 ? complexOutputTensor : outputTensor)(E.data(), [...batchShape, n, n], b.dtype);
}

/** exp of one dense row-major n×n matrix (interleaved complex when w = 2). */
export function expm(op: string, a: Float64Array, n: number, w: 1 | 2): Float64Array {
  if (n === 0) return new Float64Array(0);
  if (n === 1) return expScalar(a, w);
  const mm = (x: Float64Array, y: Float64Array) => product(x, y, n, w, 1);
  const A2 = mm(a, a);
  const A4 = mm(A2, A2);
  const A6 = mm(A2, A4);
  const upper = w === 1 && isUpperTriangular(a, n);
  const even = new EvenPowerNorms(A4, A6, n, w, mm);
  const eta1 = Math.max(even.d4, even.d6);
  const solveUV = (U: Float64Array, V: Float64Array) => padeQuotient(op, U, V, n, w);
  // ‖|A|^(2m+1)‖₁ for m = 3, 5, 7, 9, 13 from one chain of vector–matrix products (as SciPy).
  // ℓ first: it is O(n²) per step, while η₃ may need the n³ product A⁸.
  const powers = new AbsPowerNorms(a, n, w);
  if (eta1 < THETA[3] && ell(powers, 3) === 0) return solveUV(...padeLow(3, a, [A2], n, w));
  if (eta1 < THETA[5] && ell(powers, 5) === 0) return solveUV(...padeLow(5, a, [A2, A4], n, w));
  if (ell(powers, 7) === 0 && even.eta3Below(THETA[7])) return solveUV(...padeLow(7, a, [A2, A4, A6], n, w));
  if (ell(powers, 9) === 0 && even.eta3Below(THETA[9])) {
    return solveUV(...padeLow(9, a, [A2, A4, A6, even.A8()], n, w));
  }
  let s = even.scaling();
  s += ellScaled13(powers, a, s, n, w);
  let X = solveUV(...pade13(a, A2, A4, A6, s, n, w));
  if (upper) return fragment21(X, a, s, n, mm);
  for (let i = 0; i < s; i++) X = mm(X, X);
  return X;
}

function expScalar(a: Float64Array, w: 1 | 2): Float64Array {
  if (w === 1) return Float64Array.of(Math.exp(a[0]!));
  const r = Math.exp(a[0]!);
  return Float64Array.of(r * Math.cos(a[1]!), r * Math.sin(a[1]!));
}

/** alpha·X·Y on the packed GEMM kernels, straight on the work buffers (no Tensor round trip). */
function product(x: Float64Array, y: Float64Array, n: number, w: 1 | 2, alpha: number): Float64Array {
  const out = new Float64Array(n * n * w);
  if (w === 1) gemm(n, n, n, alpha, rowMajor(x, n), rowMajor(y, n), 0, rowMajor(out, n));
  else complexGemm(n, n, n, [alpha, 0], rowMajor(x, n), rowMajor(y, n), [0, 0], rowMajor(out, n));
  return out;
}

/** Σ cᵢ·Xᵢ (+ c·I): real coefficients, so it works on interleaved complex data too. */
function combine(terms: readonly [number, Float64Array][], identity: number, n: number, w: 1 | 2): Float64Array {
  const out = new Float64Array(n * n * w);
  for (const [c, x] of terms) for (let p = 0; p < out.length; p++) out[p] = out[p]! + c * x[p]!;
  for (let i = 0; i < n; i++) out[(i * n + i) * w] = out[(i * n + i) * w]! + identity;
  return out;
}

/** U (odd part) and V (even part) of the degree-m Padé approximant, m ≤ 9, from A and A², A⁴, …. */
function padeLow(m: 3 | 5 | 7 | 9, a: Float64Array, powers: Float64Array[], n: number, w: 1 | 2) {
  const c = PADE[m]!;
  const odd: [number, Float64Array][] = powers.map((P, i) => [c[2 * i + 3]!, P]);
  const even: [number, Float64Array][] = powers.map((P, i) => [c[2 * i + 2]!, P]);
  const U = product(a, combine(odd, c[1]!, n, w), n, w, 1);
  const V = combine(even, c[0]!, n, w);
  return [U, V] as const;
}

/**
 * U and V of the degree-13 approximant at B = A/2ˢ (Higham 2005, eq. 2.11 arrangement: 3
 * products). The powers of B are never formed: Bᵏ = 2⁻ᵏˢAᵏ, and scaling by a power of two is
 * exact, so 2⁻ᵏˢ goes into the combination coefficients (bⱼ·2⁻ᵏˢ is exact too) and into the
 * GEMM's alpha — the same numbers as scaling first (outside the subnormal range). The two
 * combinations that feed U₂ and V₂ are formed in one pass over A², A⁴, A⁶.
 */
function pade13(a: Float64Array, A2: Float64Array, A4: Float64Array, A6: Float64Array, s: number, n: number, w: 1 | 2) {
  const b = PADE[13]!;
  const t1 = 2 ** (-2 * s);
  const t2 = 2 ** (-4 * s);
  const t3 = 2 ** (-6 * s);
  const len = n * n * w;
  // W₁ = b₁₃B⁶ + b₁₁B⁴ + b₉B², W₂ = b₁₂B⁶ + b₁₀B⁴ + b₈B² (left to right, from +0, as `combine`).
  const W1 = new Float64Array(len);
  const W2 = new Float64Array(len);
  {
    const [u6, u4, u2] = [b[13]! * t3, b[11]! * t2, b[9]! * t1];
    const [v6, v4, v2] = [b[12]! * t3, b[10]! * t2, b[8]! * t1];
    for (let p = 0; p < len; p++) {
      const x6 = A6[p]!;
      const x4 = A4[p]!;
      const x2 = A2[p]!;
      W1[p] = 0 + u6 * x6 + u4 * x4 + u2 * x2;
      W2[p] = 0 + v6 * x6 + v4 * x4 + v2 * x2;
    }
  }
  const U2 = product(A6, W1, n, w, t3);
  const V2 = product(A6, W2, n, w, t3);
  // Z = U₂ + b₇B⁶ + b₅B⁴ + b₃B² + b₁I, then U = B·Z; V = V₂ + b₆B⁶ + b₄B⁴ + b₂B² + b₀I.
  const [z6, z4, z2] = [b[7]! * t3, b[5]! * t2, b[3]! * t1];
  const [y6, y4, y2] = [b[6]! * t3, b[4]! * t2, b[2]! * t1];
  for (let p = 0; p < len; p++) {
    const x6 = A6[p]!;
    const x4 = A4[p]!;
    const x2 = A2[p]!;
    U2[p] = 0 + U2[p]! + z6 * x6 + z4 * x4 + z2 * x2;
    V2[p] = 0 + V2[p]! + y6 * x6 + y4 * x4 + y2 * x2;
  }
  for (let i = 0; i < n; i++) {
    const d = (i * n + i) * w;
    U2[d] = U2[d]! + b[1]!;
    V2[d] = V2[d]! + b[0]!;
  }
  const U = product(a, U2, n, w, 2 ** -s);
  return [U, V2] as const;
}

/**
 * r(A) = (V − U)⁻¹(V + U). V − U is nonsingular for the chosen degree and scaling (Higham 2005).
 * U and V are work buffers of this call: P = V + U overwrites V and Q = V − U overwrites U.
 */
function padeQuotient(op: string, U: Float64Array, V: Float64Array, n: number, w: 1 | 2): Float64Array {
  for (let p = 0; p < U.length; p++) {
    const v = V[p]!;
    const u = U[p]!;
    V[p] = v + u;
    U[p] = v - u;
  }
  return (w === 2 ? complexLuSolve : luSolve)(op, U, n, V, n);
}

function isUpperTriangular(a: Float64Array, n: number): boolean {
  for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) if (a[i * n + j] !== 0) return false;
  return true;
}

/**
 * Code Fragment 2.1 of Al-Mohy & Higham 2009: squaring r(2⁻ˢT) with the diagonal set to
 * exp(2⁻ⁱ·tₖₖ) and the superdiagonal to the closed form of exp of a 2×2 triangular block
 * (Higham 2008, eq. 10.42, through sinch to avoid cancellation) after every squaring.
 */
function fragment21(
  X: Float64Array,
  t: Float64Array,
  s: number,
  n: number,
  mm: (x: Float64Array, y: Float64Array) => Float64Array,
): Float64Array {
  const setDiagonal = (x: Float64Array, scale: number) => {
    for (let k = 0; k < n; k++) x[k * n + k] = Math.exp(scale * t[k * n + k]!);
  };
  let out = X;
  setDiagonal(out, 2 ** -s);
  for (let i = s - 1; i >= 0; i--) {
    out = mm(out, out);
    const scale = 2 ** -i;
    setDiagonal(out, scale);
    for (let k = 0; k < n - 1; k++) {
      const l1 = scale * t[k * n + k]!;
      const l2 = scale * t[(k + 1) * n + k + 1]!;
      const mid = 0.5 * (l1 + l2);
      const half = 0.5 * (l1 - l2);
      out[k * n + k + 1] = scale * t[k * n + k + 1]! * Math.exp(mid) * sinch(half);
    }
  }
  return out;
}

/** sinh(x)/x, accurate near 0. */
function sinch(x: number): number {
  const x2 = x * x;
  if (x2 === 0) return 1;
  if (Math.abs(x) < 1e-4) return 1 + x2 / 6 + (x2 * x2) / 120;
  return Math.sinh(x) / x;
}
