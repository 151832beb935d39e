/**
 * A small central-finite-difference checker for the tape, used until @svd/gradcheck lands.
 *
 * Conventions: a loss is a real scalar function of tracked arguments. For a complex argument the
 * reference gradient is the conjugate-Wirtinger cotangent G = ∂L/∂Re z + i·∂L/∂Im z, so that
 * dL = Re Σ conj(G)·dz. Perturbing every real of the interleaved (re, im) buffer separately gives
 * exactly that layout back.
 */
import * as T from '@svd/tensor';
import { expect } from 'vitest';
import {
  type Var,
  backward,
  conj,
  constant,
  grad,
  gradients,
  mul,
  noGrad,
  real,
  sum,
  variable,
  vjp,
} from '../../src/index.js';

export type Loss = (...xs: Var[]) => Var;
export type Via = 'grad' | 'gradients' | 'vjp' | 'backward';
export const ALL_VIAS: readonly Via[] = ['grad', 'gradients', 'vjp', 'backward'];

export interface CheckOptions {
  /** Relative step: h = step·max(1, |x|). Default 1e-6. */
  step?: number;
  /** Tolerance on max|tape − fd| / max(1, max|fd|). Default 1e-6. */
  tol?: number;
  /** Which entry points to compare (default: all four). */
  via?: Via | readonly Via[];
  /** Only these arguments are checked (default: all). */
  argnums?: readonly number[];
}

/** The value of a real scalar loss at plain tensors (nothing recorded). */
export function evaluate(f: Loss, xs: readonly T.Tensor[]): number {
  return noGrad(() => {
    const out = f(...xs.map((x) => constant(x)));
    return out.value.item();
  });
}

/** Central differences of `f` with respect to argument `i`, in the conjugate-Wirtinger layout. */
export function numericGradient(f: Loss, xs: readonly T.Tensor[], i: number, step = 1e-6): T.Tensor {
  const x = xs[i]!;
  const base = x.toTypedArray(true);
  const out = new Float64Array(base.length);
  const at = (buf: T.Buffer): number => {
    const args = [...xs];
    args[i] = new T.Tensor(buf, x.dtype, x.shape);
    return evaluate(f, args);
  };
  for (let k = 0; k < base.length; k++) {
    const orig = base[k]!;
    const h = step * Math.max(1, Math.abs(orig));
    const plus = base.slice();
    const minus = base.slice();
    plus[k] = orig + h;
    minus[k] = orig - h;
    // The actual perturbation after rounding to the buffer's precision (matters for float32).
    const width = plus[k]! - minus[k]!;
    out[k] = (at(plus) - at(minus)) / width;
  }
  return new T.Tensor(out, x.isComplex ? 'complex128' : 'float64', x.shape);
}

/** The tape's gradient of `f` with respect to every argument, through one entry point. */
export function tapeGradients(f: Loss, xs: readonly T.Tensor[], via: Via): T.Tensor[] {
  const zerosOf = (x: T.Tensor) => T.zerosLike(x);
  switch (via) {
    case 'grad':
      return grad(f, { argnums: xs.map((_, i) => i) })(...xs).map((g) => g.value);
    case 'gradients': {
      const vars = xs.map((x) => variable(x));
      const out = f(...vars);
      return gradients(out, vars).map((g, i) => g?.value ?? zerosOf(xs[i]!));
    }
    case 'vjp': {
      const [out, back] = vjp(f, ...xs);
      return back(T.onesLike(out.value)).map((g) => g.value);
    }
    case 'backward': {
      const vars = xs.map((x) => variable(x));
      backward(f(...vars));
      return vars.map((v, i) => v.grad ?? zerosOf(xs[i]!));
    }
  }
}

/** max|a − b| / max(1, max|b|), over the interleaved reals. */
export function relativeError(actual: T.Tensor, expected: T.Tensor): number {
  const a = actual.toTypedArray(false);
  const b = expected.toTypedArray(false);
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let err = 0;
  let scale = 1;
  for (let k = 0; k < a.length; k++) {
    err = Math.max(err, Math.abs(a[k]! - b[k]!));
    scale = Math.max(scale, Math.abs(b[k]!));
  }
  return Number.isNaN(err) ? Number.POSITIVE_INFINITY : err / scale;
}

/** Asserts shape, dtype (the argument's) and values of a gradient against a reference. */
export function expectGradClose(
  actual: T.Tensor,
  expected: T.Tensor,
  like: T.Tensor,
  tol: number,
  label: string,
): void {
  expect(actual.shape, `${label}: shape`).toEqual(like.shape);
  expect(actual.dtype, `${label}: dtype`).toBe(like.dtype);
  const err = relativeError(actual, expected);
  expect(err, `${label}: tape ${fmt(actual)} vs finite differences ${fmt(expected)}`).toBeLessThanOrEqual(tol);
}

function fmt(t: T.Tensor): string {
  return JSON.stringify(Array.from(t.toTypedArray(false)).map((v) => Number(v.toPrecision(8))));
}

/**
 * Checks the tape's gradient of the real scalar loss `f` at `xs` against central finite
 * differences, through `grad`, `gradients`, `vjp` and `backward` (or the ones asked for).
 */
export function checkGradients(f: Loss, xs: readonly T.Tensor[], opts: CheckOptions = {}): void {
  const tol = opts.tol ?? 1e-6;
  const vias = opts.via === undefined ? ALL_VIAS : typeof opts.via === 'string' ? [opts.via] : opts.via;
  const argnums = opts.argnums ?? xs.map((_, i) => i);
  const reference = argnums.map((i) => numericGradient(f, xs, i, opts.step));
  for (const via of vias) {
    const gs = tapeGradients(f, xs, via);
    argnums.forEach((i, k) => {
      expectGradClose(gs[i]!, reference[k]!, xs[i]!, tol, `${via}, argument ${i}`);
    });
  }
}

/**
 * A fixed random linear functional y ↦ Re Σ conj(W)·y, created on first use with the shape and
 * dtype of y: turns any tensor-valued op into a real scalar loss with a generic cotangent W.
 */
export function projector(seed: number): (y: Var) => Var {
  let W: T.Tensor | null = null;
  return (y: Var) => {
    if (W === null || W.shape.join() !== y.shape.join() || W.dtype !== y.dtype) {
      W = T.randn(y.shape, { seed, dtype: y.dtype });
    }
    return sum(real(mul(conj(constant(W)), y)));
  };
}

/** `f` followed by a random projection: a real scalar loss for a tensor-valued function. */
export function projected(f: (...xs: Var[]) => Var, seed = 12345): Loss {
  const p = projector(seed);
  return (...xs: Var[]) => p(f(...xs));
}

/** Re⟨a, b⟩ = Re Σ conj(a)·b of two plain tensors of the same shape. */
export function realInner(a: T.Tensor, b: T.Tensor): number {
  const x = a.toTypedArray(false);
  const y = b.toTypedArray(false);
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k]! * y[k]!;
  return s;
}

/** (F(x + h·t) − F(x − h·t)) / 2h for a tensor-valued F of several arguments. */
export function numericDirectional(
  f: (...xs: Var[]) => Var,
  xs: readonly T.Tensor[],
  ts: readonly T.Tensor[],
  h = 1e-6,
): T.Tensor {
  const shifted = (s: number) =>
    noGrad(() => f(...xs.map((x, i) => constant(T.add(x, T.mul(ts[i]!, s * h)) as T.Tensor))).value.contiguous());
  const plus = shifted(1).toTypedArray(true);
  const minus = shifted(-1).toTypedArray(false);
  const out = new Float64Array(plus.length);
  for (let k = 0; k < out.length; k++) out[k] = (plus[k]! - minus[k]!) / (2 * h);
  const like = shifted(0);
  return new T.Tensor(out, like.isComplex ? 'complex128' : 'float64', like.shape);
}
