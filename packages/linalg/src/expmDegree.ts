/*
 * The choice of Padé degree m and scaling s for matrixExp (Al-Mohy & Higham 2009, Algorithm 5.1,
 * as SciPy's `expm`): exact 1-norms of A⁴ and A⁶ and, where the decision needs them, of A⁸ and
 * A⁴·A⁶, plus ℓ(A, m) from exact norms of |A|^(2m+1).
 *
 * A⁸ and A⁴·A⁶ are full n³ products that SciPy forms only to read their norms (for n < 400).
 * Here a decision is first tried with rigorous bounds on the norms those products would have:
 * ‖fl(A⁴·A⁴)‖₁ ≤ ‖A⁴‖₁² and ‖fl(A⁴·A⁶)‖₁ ≤ ‖A⁴‖₁‖A⁶‖₁, widened by a margin that covers the
 * rounding of the products and of the norms themselves (|fl(XY)| ≤ (1 + γₙ)|X||Y|). Only the
 * factors actually multiplied give a bound on the computed product (‖A²‖·‖A⁶‖ would bound the
 * exact A⁸, not fl(A⁴·A⁴) when the powers cancel).
 * When the bound already settles the comparison with θₘ (the usual case: for ‖A‖₁ = 8 the bound
 * on η₅ stays below θ₁₃, so s = 0 before ℓ), the product is never formed; otherwise it is, and
 * the comparison is the exact one. Either way m and s are those of the exact computation, so
 * the result is the same, bit for bit, as forming every product.
 */
import { kernels } from '@svd/tensor';

const { addTransposedProduct, gemvWorkspace, wasmSimdSupported } = kernels;

/** θₘ: the largest ‖A‖ for which the degree-m approximant's backward error is ≤ u (Higham 2005, Table 2.3). */
export const THETA = { 3: 1.495585217958292e-2, 5: 2.53939833006323e-1, 7: 9.504178996162932e-1, 9: 2.097847961257068 };
export const THETA_13 = 4.25;

/** 1/|c_{2m+1}| of the Padé error expansion (Higham 2005, eqs. 2.2 and 2.6). */
const ELL_C: Record<number, number> = {
  3: 100800,
  5: 10059033600,
  7: 4487938430976000,
  9: 5.914384781877412e21,
  13: 1.1325077560602111e35,
};

/** Exact 1-norm: the largest column sum of |entries| (interleaved complex when w = 2). */
export function onenorm(x: Float64Array, n: number, w: 1 | 2): number {
  const col = new Float64Array(n);
  if (w === 1) {
    for (let i = 0; i < n; i++) {
      const r = i * n;
      for (let j = 0; j < n; j++) col[j] = col[j]! + Math.abs(x[r + j]!);
    }
  } else {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const p = (i * n + j) * 2;
        col[j] = col[j]! + Math.hypot(x[p]!, x[p + 1]!);
      }
    }
  }
  let best = 0;
  for (let j = 0; j < n; j++) if (col[j]! > best) best = col[j]!;
  return best;
}

/** Largest order whose |A| chain runs in the kept wasm workspace (n² + 2n doubles, ≤ 2 MiB). */
const CHAIN_WASM_MAX_N = 512;

/** The kept workspace of the |A| chain and the instance currently using it. */
let chainWork: Float64Array | null = null;
let chainOwner: AbsPowerNorms | null = null;

/**
 * The exact 1-norms ‖|A|^p‖₁ = max(1ᵀ|A|^p) for increasing p, by continuing ONE chain of
 * vector–matrix products v ← vᵀ·|A| (v₀ = 1): ℓ(A, 7) after ℓ(A, 5) costs 4 more products, not 15
 * (SciPy's pick_pade_structure keeps the same running vector). Each step is the same sum as a
 * fresh chain's, so the norms do not depend on which degrees were tried before.
 *
 * Each step is tensor's `addTransposedProduct` (next = 0 + v₀|A|₀ + v₁|A|₁ + …, rows added in
 * order, four per pass; the f64x2 kernel when |A| and the vectors sit in a wasm workspace), so
 * the sums are the same on both paths. Up to n = 512 the chain keeps one workspace between calls
 * (`workspace: true`; matrixExp is not reentrant, and a second chain opened while one is in use
 * must pass `workspace: false`).
 */
export class AbsPowerNorms {
  private readonly d: Float64Array;
  private vOff: number;
  private nextOff: number;
  private p = 0;
  /** ‖A‖₁. */
  readonly norm1: number;

  constructor(
    a: Float64Array,
    private readonly n: number,
    w: 1 | 2,
    workspace = true,
  ) {
    const nn = n * n;
    let d: Float64Array;
    if (workspace && n <= CHAIN_WASM_MAX_N && wasmSimdSupported()) {
      if (chainWork === null || chainWork.length < nn + 2 * n) {
        chainWork = gemvWorkspace(Math.max(nn + 2 * n, 256 * 256 + 512), { dedicated: true });
      }
      d = chainWork as Float64Array;
      chainOwner = this;
    } else {
      d = new Float64Array(nn + 2 * n);
    }
    if (w === 1) for (let q = 0; q < nn; q++) d[q] = Math.abs(a[q]!);
    else for (let q = 0; q < nn; q++) d[q] = Math.hypot(a[2 * q]!, a[2 * q + 1]!);
    this.d = d;
    this.vOff = nn;
    this.nextOff = nn + n;
    d.fill(1, this.vOff, this.vOff + n);
    // 1ᵀ|A| sums each column in row order from +0, as `onenorm` does: the same ‖A‖₁.
    this.norm1 = this.normOfPower(1);
  }

  /** ‖|A|^p‖₁ (p never below an earlier call's). */
  normOfPower(p: number): number {
    const { n, d } = this;
    if (d === chainWork && chainOwner !== this) throw new Error('matrixExp: the |A| chain workspace was taken over');
    for (; this.p < p; this.p++) {
      // next = 0 + Σᵢ vᵢ·|A|[i, :] (a zero vᵢ adds +0 to a non-negative sum: no rows skipped)
      d.fill(0, this.nextOff, this.nextOff + n);
      addTransposedProduct(d, 0, n, n, n, this.vOff, this.nextOff);
      const t = this.vOff;
      this.vOff = this.nextOff;
      this.nextOff = t;
    }
    let best = 0;
    for (let j = this.vOff; j < this.vOff + n; j++) if (d[j]! > best) best = d[j]!;
    return best;
  }
}

/**
 * ℓ(A, m): extra squarings that keep the relative backward error of the degree-m approximant
 * below u = 2⁻⁵³ (Al-Mohy & Higham 2009, eq. 5.1), from ‖|A|^(2m+1)‖₁ (exact, see AbsPowerNorms).
 */
export function ell(powers: AbsPowerNorms, m: number): number {
  return ellFrom(powers.normOfPower(2 * m + 1), powers.norm1, m);
}

function ellFrom(powNorm: number, norm1: number, m: number): number {
  if (powNorm === 0) return 0;
  const alpha = powNorm / (norm1 * ELL_C[m]!);
  return Math.max(Math.ceil(Math.log2(alpha / 2 ** -53) / (2 * m)), 0);
}

/**
 * ℓ(2⁻ˢA, 13) from the chain of A itself: |2⁻ˢA|^27 = 2⁻²⁷ˢ|A|^27 and ‖2⁻ˢA‖₁ = 2⁻ˢ‖A‖₁ exactly
 * (power-of-two scalings), so the 27 vector–matrix products of a fresh chain on 2⁻ˢA are only
 * needed when that scaling would leave the normal range (there rounding differs).
 */
export function ellScaled13(powers: AbsPowerNorms, a: Float64Array, s: number, n: number, w: 1 | 2): number {
  if (s === 0) return ell(powers, 13);
  const powNorm = powers.normOfPower(27);
  const scaledNorm = powNorm * 2 ** (-27 * s);
  if (powNorm === 0 || (scaledNorm > 2 ** -900 && Number.isFinite(powNorm))) {
    return ellFrom(scaledNorm, powers.norm1 * 2 ** -s, 13);
  }
  const fresh = new Float64Array(a.length);
  const c = 2 ** -s;
  for (let p = 0; p < a.length; p++) fresh[p] = c * a[p]!;
  return ell(new AbsPowerNorms(fresh, n, w, false), 13);
}

/**
 * Relative widening of the product-norm bounds: a computed product's entries exceed |X||Y| by at
 * most γₙ ≈ n·u relatively, each 1-norm (a sum of n magnitudes, hypot for complex) adds about as
 * much again, and the k-th roots a few ulps; 16·n·u + 2⁻⁴⁰ covers all of it with room to spare.
 */
function margin(n: number): number {
  return 1 + 16 * n * 2 ** -53 + 2 ** -40;
}

/** Lazily formed A⁸ and A¹⁰ = A⁴·A⁶ with the bounds used before forming them. */
export class EvenPowerNorms {
  /** The exact d₄ = ‖A⁴‖₁^¼ and d₆ = ‖A⁶‖₁^⅙. */
  readonly d4: number;
  readonly d6: number;
  private readonly n4: number;
  private readonly n6: number;
  private readonly widen: number;
  private a8: Float64Array | null = null;
  private n8 = Number.NaN;
  private n10 = Number.NaN;

  constructor(
    private readonly A4: Float64Array,
    private readonly A6: Float64Array,
    private readonly n: number,
    private readonly w: 1 | 2,
    private readonly mm: (x: Float64Array, y: Float64Array) => Float64Array,
  ) {
    this.n4 = onenorm(A4, n, w);
    this.n6 = onenorm(A6, n, w);
    this.d4 = this.n4 ** (1 / 4);
    this.d6 = this.n6 ** (1 / 6);
    this.widen = margin(n);
  }

  /** A⁸ = A⁴·A⁴ (formed on first use). */
  A8(): Float64Array {
    if (this.a8 === null) {
      this.a8 = this.mm(this.A4, this.A4);
      this.n8 = onenorm(this.a8, this.n, this.w);
    }
    return this.a8;
  }

  /** Exact d₈ = ‖A⁸‖^⅛ (forms A⁸). */
  d8(): number {
    this.A8();
    return this.n8 ** (1 / 8);
  }

  /** Exact d₁₀ = ‖A⁴A⁶‖^⅒ (forms the product). */
  d10(): number {
    if (Number.isNaN(this.n10)) this.n10 = onenorm(this.mm(this.A4, this.A6), this.n, this.w);
    return this.n10 ** (1 / 10);
  }

  /** An upper bound on the computed d₈ (exact once A⁸ is formed). */
  d8Upper(): number {
    if (this.a8 !== null) return this.d8();
    return (this.n4 * this.n4) ** (1 / 8) * this.widen;
  }

  /** An upper bound on the computed d₁₀ (exact once A⁴A⁶ is formed). */
  d10Upper(): number {
    if (!Number.isNaN(this.n10)) return this.d10();
    return (this.n4 * this.n6) ** (1 / 10) * this.widen;
  }

  /** η₃ = max(d₆, d₈) < θ, with A⁸ formed only when the bound d₆ ≤ η₃ ≤ max(d₆, d₈⁺) does not decide. */
  eta3Below(theta: number): boolean {
    if (this.d6 >= theta) return false;
    if (Math.max(this.d6, this.d8Upper()) < theta) return true;
    return Math.max(this.d6, this.d8()) < theta;
  }

  /**
   * s₀ = max(⌈log₂(η₅/θ₁₃)⌉, 0) with η₅ = min(max(d₆, d₈), max(d₈, d₁₀)): 0 without forming
   * anything when the upper bound on η₅ is ≤ θ₁₃, else from the exact norms.
   */
  scaling(): number {
    const upper = Math.min(Math.max(this.d6, this.d8Upper()), Math.max(this.d8Upper(), this.d10Upper()));
    if (upper <= THETA_13) return 0;
    const d8 = this.d8();
    const eta5 = Math.min(Math.max(this.d6, d8), Math.max(d8, this.d10()));
    return eta5 === 0 ? 0 : Math.max(Math.ceil(Math.log2(eta5 / THETA_13)), 0);
  }
}
