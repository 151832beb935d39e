import * as T from '@svd/tensor';
import { svd } from '@svd/ops-svd';
import {
  type Var,
  add,
  asVar,
  div,
  einsum,
  exp,
  log,
  mul,
  permute,
  reshape,
  slice,
  sqrt,
  stack,
  stopGradient,
  sub,
} from '@svd/tape';

/**
 * Levin–Nave tensor renormalisation of the 2D Ising model (J = 1, h = 0), written with tape ops so
 * that ln Z/N can be differentiated once (energy) and twice (specific heat) through every SVD.
 * It follows tensorgrad's conventions (see ../../../shared/reference/trg.md): legs (u, l, d, r),
 * row-major reshapes, √S shared between the two halves, a 1e-15 cutoff on singular values.
 */

/** Singular values at or below this (of the normalised tensor) are dropped, as in tensorgrad. */
export const SINGULAR_CUTOFF = 1e-15;

/**
 * The rank-4 site tensor Tᵢⱼₖₗ = Σₛ W[s,i]W[s,j]W[s,k]W[s,l] with W[s,0] = √cosh β,
 * W[s,1] = s·√sinh β, so that contracting one tensor per site gives Z exactly.
 */
export function isingTensor(beta: Var): Var {
  // @svd/tensor's exp and log are engine-independent (built from IEEE basic operations), so the live
  // page computes Node's bits.
  const ch = mul(add(exp(beta), exp(mul(beta, -1))), 0.5);
  const sh = mul(sub(exp(beta), exp(mul(beta, -1))), 0.5);
  const c = sqrt(ch);
  const s = sqrt(sh);
  const W = stack([stack([c, s]), stack([c, mul(s, -1)])]);
  return einsum('si,sj,sk,sl->ijkl', W, W, W, W);
}

function countAbove(s: T.Tensor, cutoff: number): number {
  const d = s.toTypedArray(false);
  let n = 0;
  for (const x of d) if (x > cutoff) n++;
  return n;
}

/** Columns [0, p) of a matrix or entries [0, p) of a vector. */
function keep(x: Var, p: number): Var {
  const specs: T.SliceSpec[] = x.shape.map((_, i) => (i === x.ndim - 1 ? [0, p] : null));
  return slice(x, ...specs);
}

export interface StepInfo {
  bond: number;
  spectrumA: T.Tensor;
}

/**
 * One RG step: split T two ways by truncated SVDs and contract the four 3-leg pieces around a
 * plaquette. The truncated gradient is exact: the SVD rule sees all singular triplets, the
 * discarded ones with zero cotangents (see @svd/ops-svd's README).
 */
export function renormalize(t: Var, chi: number, info?: StepInfo[]): Var {
  const D = t.shape[0]!;
  const Ma = reshape(t, [D * D, D * D]);
  const Mb = reshape(permute(t, [1, 2, 0, 3]), [D * D, D * D]);
  // Default gauge policy: reports aggregate into one warning per flush; a repeated 'may depend' summary is shown once.
  const [Ua, Sa, Va] = svd(Ma);
  const [Ub, Sb, Vb] = svd(Mb);
  const Dn = Math.min(D * D, chi, countAbove(Sa.value, SINGULAR_CUTOFF), countAbove(Sb.value, SINGULAR_CUTOFF));
  info?.push({ bond: Dn, spectrumA: Sa.value });
  const ra = sqrt(keep(Sa, Dn));
  const rb = sqrt(keep(Sb, Dn));
  const S1 = reshape(mul(keep(Ua, Dn), ra), [D, D, Dn]);
  const S3 = reshape(mul(keep(Va, Dn), ra), [D, D, Dn]);
  const S2 = reshape(mul(keep(Ub, Dn), rb), [D, D, Dn]);
  const S4 = reshape(mul(keep(Vb, Dn), rb), [D, D, Dn]);
  return einsum('xwu,yxl,yzd,wzr->uldr', S2, S3, S4, S1);
}

export interface TrgOptions {
  chi: number;
  steps: number;
  info?: StepInfo[];
  /** Called after each RG step with the number of steps done (a progress bar's feed). */
  onStep?: ((done: number) => void) | undefined;
  /** The RG step (default `renormalize`, full SVDs); trgKrylov.ts offers one by `svds`. */
  step?: ((t: Var, chi: number, info?: StepInfo[]) => Var) | undefined;
}

/**
 * ln Z per site of the periodic lattice of N = 2^steps sites:
 * Σₙ 2⁻ⁿ ln mₙ + 2^(−steps) ln Σ T[x,y,x,y], with mₙ = max|Tₙ| the step's normalisation. The
 * normaliser is held constant for differentiation: Z = m^N·Z(T/m) for any m, so this is exact and
 * avoids differentiating a max over tied entries.
 */
export function trgLnZ(beta: Var | number, opts: TrgOptions): Var {
  let t = isingTensor(asVar(beta));
  let lnZ: Var = asVar(0);
  for (let n = 0; n < opts.steps; n++) {
    const m = stopGradient(T.max(T.abs(t.value)));
    t = div(t, m);
    lnZ = add(lnZ, mul(log(m), 2 ** -n));
    t = (opts.step ?? renormalize)(t, opts.chi, opts.info);
    opts.onStep?.(n + 1);
  }
  return add(lnZ, mul(log(einsum('xyxy->', t)), 2 ** -opts.steps));
}
