import { type DType, Rng, Tensor, isComplex, isSinglePrecision } from '@svd/tensor';
import { GradcheckError } from './errors.js';

/**
 * Every check works on real coordinates: a tensor is a vector of reals, row-major, a complex
 * entry contributing (re, im). In these coordinates the conjugate-Wirtinger convention becomes
 * plain real calculus: the real inner product Re⟨a, b⟩ = Re Σ conj(aₖ)bₖ is the dot product of the
 * coordinate vectors, and a pullback is the transpose of the real Jacobian. So the same code
 * checks real and complex functions, perturbing real and imaginary parts separately.
 */

/** The real coordinates of `t` (conjugation applied). Read-only: may share `t`'s buffer. */
export function coordsOf(t: Tensor): Float64Array {
  const raw = t.toTypedArray(false);
  return raw instanceof Float64Array ? raw : Float64Array.from(raw);
}

/** Number of real coordinates of `t`. */
export function coordCount(t: { readonly size: number; readonly dtype: DType }): number {
  return isComplex(t.dtype) ? 2 * t.size : t.size;
}

/** A tensor of `like`'s shape and dtype from real coordinates (takes ownership of `data`). */
export function fromCoords(
  data: Float64Array,
  like: { readonly shape: readonly number[]; readonly dtype: DType },
): Tensor {
  return new Tensor(data, like.dtype, like.shape);
}

/** Σ aₖbₖ: the real inner product Re⟨a, b⟩ in coordinates. */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}

/** Element index and part of real coordinate `k` of a tensor of this shape and dtype. */
export function locate(
  shape: readonly number[],
  dtype: DType,
  k: number,
): { index: number[]; part: 're' | 'im' | null } {
  const complex = isComplex(dtype);
  let e = complex ? k >> 1 : k;
  const index = new Array<number>(shape.length).fill(0);
  for (let a = shape.length - 1; a >= 0; a--) {
    const d = shape[a]!;
    index[a] = e % d;
    e = Math.floor(e / d);
  }
  return { index, part: complex ? (k % 2 === 0 ? 're' : 'im') : null };
}

/** `n` standard normal reals, scaled to unit Euclidean norm when `unit` (a random direction). */
export function randomCoords(rng: Rng, n: number, unit: boolean): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = rng.normal();
  if (unit) {
    const norm = Math.sqrt(dot(out, out));
    if (norm > 0) for (let k = 0; k < n; k++) out[k] = out[k]! / norm;
  }
  return out;
}

/** Largest |entry|, at least 1: the scale a finite-difference step is relative to. */
export function scaleOf(c: Float64Array): number {
  let m = 1;
  for (const x of c) m = Math.max(m, Math.abs(x));
  return m;
}

/**
 * Finite differences need double precision: in float32 the best achievable central-difference
 * error is about ε^(2/3) ≈ 4e-5 relative, the same size as the tolerances, so a check could
 * neither pass reliably nor catch small errors. We refuse instead of silently up-casting, which
 * would test a different (float64) computation than the one the user runs.
 */
export function requireDouble(op: string, what: string, dtypes: readonly DType[]): void {
  dtypes.forEach((d, i) => {
    if (isSinglePrecision(d)) {
      throw new GradcheckError(
        op,
        `${what} ${i} has dtype ${d}; finite-difference checks need float64 or complex128 (single precision rounding, ~1e-7, divided by a step ~1e-3 swamps the tolerances). Cast the inputs (castTensor from @svd/tape) and check the float64 computation.`,
      );
    }
  });
}

/** The cotangent (or tangent) `g` as coordinates of `like`; a real cotangent of a complex value gets zero imaginary parts. */
export function coordsLike(
  op: string,
  g: Tensor,
  like: { readonly size: number; readonly dtype: DType },
  label: string,
): Float64Array {
  const c = coordsOf(g);
  const n = coordCount(like);
  if (c.length === n) return c;
  if (!g.isComplex && isComplex(like.dtype) && c.length * 2 === n) {
    const out = new Float64Array(n);
    for (let k = 0; k < c.length; k++) out[2 * k] = c[k]!;
    return out;
  }
  throw new GradcheckError(
    op,
    `${label} has dtype ${g.dtype} and ${g.size} entries, expected ${like.dtype} with ${like.size}`,
  );
}

export { Rng };
