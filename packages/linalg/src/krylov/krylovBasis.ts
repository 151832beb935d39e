import { type Rng, kernels as tensorKernels } from '@svd/tensor';
import { safeNorm2 } from '../kernels/safeNorm2.js';

const { gemm, complexGemm, rowMajor, transposed, conjugated } = tensorKernels;
const ONE = [1, 0] as const;
const MINUS_ONE = [-1, 0] as const;
const ZERO = [0, 0] as const;

/**
 * An orthonormal set of Krylov vectors of length `len` (real, or interleaved complex when width is
 * 2), stored as the ROWS of one row-major buffer so that a vector is contiguous (it is passed to
 * the operator as an len×1 block without copying) and every projection is one GEMM.
 *
 * Orthogonalisation is classical Gram–Schmidt applied twice (DGKS: Daniel, Gragg, Kaufman and
 * Stewart, Math. Comp. 30 (1976); "twice is enough", Giraud, Langou, Rozložník, Comput. Math. Appl.
 * 50 (2005)), each pass two GEMMs (h = Bᴴx, x ← x − B·h), so the summation order of every dot
 * product is the GEMM's and does not depend on how many vectors are stored.
 */
export class KrylovBasis {
  readonly data: Float64Array;
  count = 0;

  constructor(
    readonly len: number,
    readonly capacity: number,
    readonly width: 1 | 2,
  ) {
    this.data = new Float64Array(len * capacity * width);
  }

  /** Vector i (a view). */
  row(i: number): Float64Array {
    const s = this.len * this.width;
    return this.data.subarray(i * s, (i + 1) * s);
  }

  push(x: Float64Array): void {
    this.data.set(x, this.count * this.len * this.width);
    this.count++;
  }

  /**
   * x ← (I − B·Bᴴ)²·x against the first `count` vectors; returns the accumulated coefficients
   * h = Bᴴx of both passes (count values, interleaved when complex).
   */
  orthogonalize(x: Float64Array, count = this.count): Float64Array {
    const w = this.width;
    const h = new Float64Array(count * w);
    if (count === 0) return h;
    const g = new Float64Array(count * w);
    for (let pass = 0; pass < 2; pass++) {
      this.project(x, count, g);
      for (let i = 0; i < g.length; i++) h[i] = h[i]! + g[i]!;
      this.subtract(x, count, g);
    }
    return h;
  }

  /** g ← Bᴴ·x over the first `count` vectors. */
  private project(x: Float64Array, count: number, g: Float64Array): void {
    const B = rowMajor(this.data, this.len);
    if (this.width === 2) complexGemm(count, 1, this.len, ONE, conjugated(B), rowMajor(x, 1), ZERO, rowMajor(g, 1));
    else gemm(count, 1, this.len, 1, B, rowMajor(x, 1), 0, rowMajor(g, 1));
  }

  /** x ← x − B·g over the first `count` vectors. */
  private subtract(x: Float64Array, count: number, g: Float64Array): void {
    const B = rowMajor(this.data, this.len);
    if (this.width === 2) complexGemm(1, this.len, count, MINUS_ONE, rowMajor(g, count), B, ONE, rowMajor(x, this.len));
    else gemm(1, this.len, count, -1, rowMajor(g, count), B, 1, rowMajor(x, this.len));
  }

  /**
   * Replaces the stored vectors by the `kept` combinations B·C[:, :kept] (C is count×ld,
   * row-major, interleaved when complex): the thick restart's Ritz vectors. Afterwards count = kept.
   */
  combine(c: Float64Array, ld: number, kept: number): void {
    const out = new Float64Array(kept * this.len * this.width);
    const Ct = transposed(rowMajor(c, ld));
    const B = rowMajor(this.data, this.len);
    if (this.width === 2) complexGemm(kept, this.len, this.count, ONE, Ct, B, ZERO, rowMajor(out, this.len));
    else gemm(kept, this.len, this.count, 1, Ct, B, 0, rowMajor(out, this.len));
    this.data.set(out);
    this.count = kept;
  }

  /** The first `k` vectors as the columns of a row-major len×k matrix (interleaved when complex). */
  columns(k: number): Float64Array {
    const w = this.width;
    const out = new Float64Array(this.len * k * w);
    for (let j = 0; j < k; j++) {
      const r = this.row(j);
      for (let i = 0; i < this.len; i++) {
        out[(i * k + j) * w] = r[i * w]!;
        if (w === 2) out[(i * k + j) * w + 1] = r[i * w + 1]!;
      }
    }
    return out;
  }
}

/** ‖x‖₂ (complex: over both parts), without overflow. */
export function vectorNorm(x: Float64Array): number {
  return safeNorm2(x, 0, x.length, 1);
}

/** x ← x / s. */
export function divide(x: Float64Array, s: number): void {
  for (let i = 0; i < x.length; i++) x[i] = x[i]! / s;
}

/** A standard normal vector of `len` entries (complex: independent real and imaginary parts). */
export function randomVector(rng: Rng, len: number, width: 1 | 2): Float64Array {
  const x = new Float64Array(len * width);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  return x;
}

/**
 * A unit vector orthogonal to the first `count` vectors of `basis`, from random draws: used when
 * the Krylov recurrence breaks down (an invariant subspace was found, or A maps the new vector
 * into the span already built). Returns null when the basis already spans the whole space.
 */
export function randomOrthogonalVector(rng: Rng, basis: KrylovBasis, count = basis.count): Float64Array | null {
  if (count >= basis.len) return null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const x = randomVector(rng, basis.len, basis.width);
    const before = vectorNorm(x);
    basis.orthogonalize(x, count);
    const after = vectorNorm(x);
    // A random vector keeps a fraction ≈ √((len − count)/len) of its norm; far less means it was
    // numerically inside the span (only possible when count ≈ len) — draw again.
    if (after > 1e-8 * before) {
      divide(x, after);
      return x;
    }
  }
  return null;
}
