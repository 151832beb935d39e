import { type Tensor, Tensor as TensorClass, matmul } from '@svd/tensor';
import { Stack, complexOutputTensor, forEachMatrix, outputTensor, readMatrixBatch } from './batch.js';
import { checkFinite } from './checkInput.js';
import { complexLuSolve, luSolve } from './solve.js';

/*
 * Scaling and squaring with Padé approximants of degree 3, 5, 7, 9 or 13 (Higham 2005, with the
 * backward-error refinement of Al-Mohy & Higham 2009 that SciPy's `expm` implements). The
 * 1-norms of A⁴, A⁶, A⁸, A¹⁰ are computed exactly rather than estimated, so the choice of degree
 * and of s never depends on a random start vector; ℓ(A, m) uses ‖|A|^(2m+1)‖₁ by exact
 * vector-matrix products. Upper-triangular real input gets Code Fragment 2.1: after every
 * squaring the diagonal and first superdiagonal are recomputed from closed forms, which keeps
 * triangular and nilpotent inputs accurate.
 */

const THETA = { 3: 1.495585217958292e-2, 5: 2.53939833006323e-1, 7: 9.504178996162932e-1, 9: 2.097847961257068 };
const THETA_13 = 4.25;

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

/** 1/|c_{2m+1}| of the Padé error expansion (Higham 2005, eqs. 2.2 and 2.6). */
const ELL_C: Record<number, number> = {
  3: 100800,
  5: 10059033600,
  7: 4487938430976000,
  9: 5.914384781877412e21,
  13: 1.1325077560602111e35,
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
  const mm = (x: Float64Array, y: Float64Array) => gemm(x, y, n, w);
  const A2 = mm(a, a);
  const A4 = mm(A2, A2);
  const A6 = mm(A2, A4);
  const upper = w === 1 && isUpperTriangular(a, n);
  const d4 = onenorm(A4, n, w) ** (1 / 4);
  const d6 = onenorm(A6, n, w) ** (1 / 6);
  const eta1 = Math.max(d4, d6);
  const solveUV = (U: Float64Array, V: Float64Array) => padeQuotient(op, U, V, n, w);
  // ‖|A|^(2m+1)‖₁ for m = 3, 5, 7, 9, 13 from one chain of vector–matrix products (as SciPy).
  const powers = new AbsPowerNorms(a, n, w);
  if (eta1 < THETA[3] && ell(powers, 3) === 0) return solveUV(...padeLow(3, a, [A2], n, w));
  if (eta1 < THETA[5] && ell(powers, 5) === 0) return solveUV(...padeLow(5, a, [A2, A4], n, w));
  const A8 = mm(A4, A4);
  const d8 = onenorm(A8, n, w) ** (1 / 8);
  const eta3 = Math.max(d6, d8);
  if (eta3 < THETA[7] && ell(powers, 7) === 0) return solveUV(...padeLow(7, a, [A2, A4, A6], n, w));
  if (eta3 < THETA[9] && ell(powers, 9) === 0) return solveUV(...padeLow(9, a, [A2, A4, A6, A8], n, w));
  const d10 = onenorm(mm(A4, A6), n, w) ** (1 / 10);
  const eta5 = Math.min(eta3, Math.max(d8, d10));
  let s = eta5 === 0 ? 0 : Math.max(Math.ceil(Math.log2(eta5 / THETA_13)), 0);
  s += ell(s === 0 ? powers : new AbsPowerNorms(scaled(a, 2 ** -s), n, w), 13);
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

function gemm(x: Float64Array, y: Float64Array, n: number, w: 1 | 2): Float64Array {
  const dtype = w === 2 ? 'complex128' : 'float64';
  const c = matmul(new TensorClass(x, dtype, [n, n]), new TensorClass(y, dtype, [n, n]));
  const data = c.toTypedArray(false);
  return data instanceof Float64Array ? data : Float64Array.from(data);
}

/** Σ cᵢ·Xᵢ (+ c·I): real coefficients, so it works on interleaved complex data too. */
function combine(terms: readonly [number, Float64Array][], identity: number, n: number, w: 1 | 2): Float64Array {
  const out = new Float64Array(n * n * w);
  for (const [c, x] of terms) for (let p = 0; p < out.length; p++) out[p] = out[p]! + c * x[p]!;
  for (let i = 0; i < n; i++) out[(i * n + i) * w] = out[(i * n + i) * w]! + identity;
  return out;
}

function scaled(x: Float64Array, c: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let p = 0; p < x.length; p++) out[p] = c * x[p]!;
  return out;
}

/** U (odd part) and V (even part) of the degree-m Padé approximant, m ≤ 9, from A and A², A⁴, …. */
function padeLow(m: 3 | 5 | 7 | 9, a: Float64Array, powers: Float64Array[], n: number, w: 1 | 2) {
  const c = PADE[m]!;
  const odd: [number, Float64Array][] = powers.map((P, i) => [c[2 * i + 3]!, P]);
  const even: [number, Float64Array][] = powers.map((P, i) => [c[2 * i + 2]!, P]);
  const U = gemm(a, combine(odd, c[1]!, n, w), n, w);
  const V = combine(even, c[0]!, n, w);
  return [U, V] as const;
}

/** U and V of the degree-13 approximant at A/2ˢ (Higham 2005, eq. 2.11 arrangement: 6 products). */
function pade13(a: Float64Array, A2: Float64Array, A4: Float64Array, A6: Float64Array, s: number, n: number, w: 1 | 2) {
  const b = PADE[13]!;
  const B = scaled(a, 2 ** -s);
  const B2 = scaled(A2, 2 ** (-2 * s));
  const B4 = scaled(A4, 2 ** (-4 * s));
  const B6 = scaled(A6, 2 ** (-6 * s));
  const U2 = gemm(
    B6,
    combine(
      [
        [b[13]!, B6],
        [b[11]!, B4],
        [b[9]!, B2],
      ],
      0,
      n,
      w,
    ),
    n,
    w,
  );
  const U = gemm(
    B,
    combine(
      [
        [1, U2],
        [b[7]!, B6],
        [b[5]!, B4],
        [b[3]!, B2],
      ],
      b[1]!,
      n,
      w,
    ),
    n,
    w,
  );
  const V2 = gemm(
    B6,
    combine(
      [
        [b[12]!, B6],
        [b[10]!, B4],
        [b[8]!, B2],
      ],
      0,
      n,
      w,
    ),
    n,
    w,
  );
  const V = combine(
    [
      [1, V2],
      [b[6]!, B6],
      [b[4]!, B4],
      [b[2]!, B2],
    ],
    b[0]!,
    n,
    w,
  );
  return [U, V] as const;
}

/** r(A) = (V − U)⁻¹(V + U). V − U is nonsingular for the chosen degree and scaling (Higham 2005). */
function padeQuotient(op: string, U: Float64Array, V: Float64Array, n: number, w: 1 | 2): Float64Array {
  const P = new Float64Array(U.length);
  const Q = new Float64Array(U.length);
  for (let p = 0; p < U.length; p++) {
    P[p] = V[p]! + U[p]!;
    Q[p] = V[p]! - U[p]!;
  }
  return (w === 2 ? complexLuSolve : luSolve)(op, Q, n, P, n);
}

/** Exact 1-norm: the largest column sum of |entries|. */
function onenorm(x: Float64Array, n: number, w: 1 | 2): number {
  const col = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const p = (i * n + j) * w;
      col[j] = col[j]! + (w === 2 ? Math.hypot(x[p]!, x[p + 1]!) : Math.abs(x[p]!));
    }
  }
  let best = 0;
  for (let j = 0; j < n; j++) if (col[j]! > best) best = col[j]!;
  return best;
}

/**
 * The exact 1-norms ‖|A|^p‖₁ = max(1ᵀ|A|^p) for increasing p, by continuing ONE chain of
 * vector–matrix products v ← vᵀ·|A| (v₀ = 1): ℓ(A, 7) after ℓ(A, 5) costs 4 more products, not 15
 * (SciPy's pick_pade_structure keeps the same running vector). Each step is the same sum as a
 * fresh chain's, so the norms do not depend on which degrees were tried before.
 */
class AbsPowerNorms {
  private readonly absA: Float64Array;
  private v: Float64Array;
  private next: Float64Array;
  private p = 0;
  /** ‖A‖₁. */
  readonly norm1: number;

  constructor(
    a: Float64Array,
    private readonly n: number,
    w: 1 | 2,
  ) {
    const absA = new Float64Array(n * n);
    for (let q = 0; q < n * n; q++) absA[q] = w === 2 ? Math.hypot(a[2 * q]!, a[2 * q + 1]!) : Math.abs(a[q]!);
    this.absA = absA;
    this.v = new Float64Array(n).fill(1);
    this.next = new Float64Array(n);
    this.norm1 = onenorm(a, n, w);
  }

  /** ‖|A|^p‖₁ (p never below an earlier call's). */
  normOfPower(p: number): number {
    const { n, absA } = this;
    for (; this.p < p; this.p++) {
      const v = this.v;
      const next = this.next;
      next.fill(0);
      // next = vᵀ·|A|, four rows of |A| per pass over next (each next[j] still sums rows in
      // order; a zero vᵢ adds +0 to a non-negative sum, so rows need not be skipped).
      let i = 0;
      for (; i + 3 < n; i += 4) {
        const v0 = v[i]!;
        const v1 = v[i + 1]!;
        const v2 = v[i + 2]!;
        const v3 = v[i + 3]!;
        const r = i * n;
        for (let j = 0; j < n; j++) {
          next[j] =
            next[j]! +
            v0 * absA[r + j]! +
            v1 * absA[r + n + j]! +
            v2 * absA[r + 2 * n + j]! +
            v3 * absA[r + 3 * n + j]!;
        }
      }
      for (; i < n; i++) {
        const vi = v[i]!;
        for (let j = 0; j < n; j++) next[j] = next[j]! + vi * absA[i * n + j]!;
      }
      this.v = next;
      this.next = v;
    }
    let best = 0;
    for (let j = 0; j < n; j++) if (this.v[j]! > best) best = this.v[j]!;
    return best;
  }
}

/**
 * ℓ(A, m): extra squarings that keep the relative backward error of the degree-m approximant
 * below u = 2⁻⁵³ (Al-Mohy & Higham 2009, eq. 5.1), from ‖|A|^(2m+1)‖₁ (exact, see AbsPowerNorms).
 */
function ell(powers: AbsPowerNorms, m: number): number {
  const powNorm = powers.normOfPower(2 * m + 1);
  if (powNorm === 0) return 0;
  const alpha = powNorm / (powers.norm1 * ELL_C[m]!);
  return Math.max(Math.ceil(Math.log2(alpha / 2 ** -53) / (2 * m)), 0);
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
