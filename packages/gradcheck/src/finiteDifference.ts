import type { CheckOptions } from './types.js';

const EPS = 2 ** -52;

/**
 * Base relative step. A central difference has truncation error ~h² and rounding error ~ε/h,
 * balanced at h ~ ε^(1/3) ≈ 6e-6 (total ~ε^(2/3) ≈ 4e-11 relative). Richardson's h, h/2
 * combination has truncation ~h⁴, balanced at h ~ ε^(1/5) ≈ 7e-4.
 */
function baseStep(richardson: boolean): number {
  return richardson ? EPS ** (1 / 5) : EPS ** (1 / 3);
}

/**
 * The step for a coordinate (or direction) of magnitude `scale`: the user's absolute `eps`, or
 * the base step times max(1, scale) so a large coordinate is not perturbed below its own rounding.
 */
export function stepFor(scale: number, opts: CheckOptions): number {
  return opts.eps ?? baseStep(opts.richardson ?? false) * Math.max(1, scale);
}

/**
 * d/dt φ(t) at t = 0, coordinate by coordinate, by central differences with step h; with
 * Richardson extrapolation (4·D(h/2) − D(h))/3, which cancels the h² error term.
 */
export function centralDerivative(phi: (t: number) => Float64Array, h: number, richardson: boolean): Float64Array {
  const d = (step: number): Float64Array => {
    const plus = phi(step);
    const minus = phi(-step);
    const out = new Float64Array(plus.length);
    for (let k = 0; k < out.length; k++) out[k] = (plus[k]! - minus[k]!) / (2 * step);
    return out;
  };
  const dh = d(h);
  if (!richardson) return dh;
  const dh2 = d(h / 2);
  for (let k = 0; k < dh.length; k++) dh[k] = (4 * dh2[k]! - dh[k]!) / 3;
  return dh;
}

/** A copy of coordinates `base` moved by t·u (u a direction) or by t along coordinate `j`. */
export function shifted(base: Float64Array, t: number, along: number | Float64Array): Float64Array {
  const out = base.slice();
  if (typeof along === 'number') out[along] = out[along]! + t;
  else for (let k = 0; k < out.length; k++) out[k] = out[k]! + t * along[k]!;
  return out;
}
