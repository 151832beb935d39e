import { type Var, abs, adjoint, conj, div, matmul, mul, slice, where } from '@svd/tape';
import { type SliceSpec, equal } from '@svd/tensor';
import { GradcheckError } from './errors.js';
import { outputList } from './evaluate.js';
import type { VarFunction } from './types.js';

/**
 * Gauge-invariant views of decomposition outputs.
 *
 * Why: a decomposition's factors are not functions of its input. For A = U S Vᴴ, the pair
 * (U Λ, V Λ) with Λ = diag(±1) (real) or diag(e^{iθ}) (complex) is an equally valid answer, and
 * inside a block of equal singular values any unitary rotation is. The algorithm picks one by
 * an internal rule (a pivot's sign, a LAPACK convention) that can flip between A + h·E and
 * A − h·E, so a central difference of raw U can be ~1/h wrong while the derivative rule is
 * right. Checks must therefore look at quantities that do not depend on that choice
 * (ad-rules §3 item 12: PyTorch checks |U|, (S, |Vh|), (U·Vh, S); JAX phase-normalises U by a
 * row). Each helper takes the function under test and returns a new function of Vars built
 * from tape ops, so it is differentiable and can go straight into `gradcheck` or be used as
 * `checkRule`'s `outputTransform` (wrap the identity: `absValues((...o) => o)`).
 */

/** A function of Vars that returns a list of Vars. */
export type VarListFunction = (...xs: Var[]) => Var[];

function checkIndex(op: string, i: number, n: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= n) {
    throw new GradcheckError(op, `output index ${i} is out of range for a function with ${n} output(s)`);
  }
}

/** `which`, or every output of rank ≥ 2 (the matrices of a decomposition). */
function selected(op: string, outs: readonly Var[], which: readonly number[] | undefined): Set<number> {
  const list = which ?? outs.flatMap((o, i) => (o.ndim >= 2 ? [i] : []));
  for (const i of list) checkIndex(op, i, outs.length);
  return new Set(list);
}

/**
 * |X| elementwise on the selected outputs (default: all). Removes the sign (real) or phase
 * (complex) freedom of each column and of the whole output. Requires the entries to stay away
 * from 0: |x| has a kink there (use `projector` when a pivot can be near zero).
 *
 * @example
 * gradcheck(absValues((A: Var) => mySvd(A), [0, 2]), [A]); // |U|, S, |V|
 */
export function absValues(f: VarFunction, which?: readonly number[]): VarListFunction {
  return (...xs) => {
    const outs = outputList('absValues', f(...xs));
    const sel = which ? selected('absValues', outs, which) : new Set(outs.keys());
    return outs.map((o, i) => (sel.has(i) ? abs(o) : o));
  };
}

/**
 * Replaces the outputs U (index `u`, default 0) and V (index `v`, default the last) by the single
 * product U·Vᴴ, at U's position; other outputs (S) are kept in order. For A = U S Vᴴ the common
 * phase Λ cancels in U Λ Λᴴ Vᴴ, and so does a common rotation of a degenerate block: U·Vᴴ (the
 * polar factor of a square A) is a genuine function of A.
 *
 * @example
 * gradcheck(uvAdjoint((A: Var) => mySvd(A)), [A]); // [U·Vᴴ, S]
 */
export function uvAdjoint(f: VarFunction, u = 0, v?: number): VarListFunction {
  return (...xs) => {
    const outs = outputList('uvAdjoint', f(...xs));
    const vi = v ?? outs.length - 1;
    checkIndex('uvAdjoint', u, outs.length);
    checkIndex('uvAdjoint', vi, outs.length);
    if (u === vi) throw new GradcheckError('uvAdjoint', `u and v must be different outputs, got ${u} twice`);
    const product = matmul(outs[u]!, adjoint(outs[vi]!));
    return outs.flatMap((o, i) => (i === u ? [product] : i === vi ? [] : [o]));
  };
}

/**
 * Alias of `uvAdjoint`, named for what it computes: replaces the outputs U and V by U·Vᴴ, which
 * does not depend on the SVD's gauge.
 *
 * @example
 * gradcheck(productWithAdjoint((A: Var) => svd(A)), [A]); // checks [U·Vᴴ, S]
 */
export const productWithAdjoint: typeof uvAdjoint = uvAdjoint;

/**
 * X·Xᴴ for the selected outputs (default: every output of rank ≥ 2). The orthogonal projector
 * onto the column space is invariant under X → X·Q for any unitary Q: signs, phases and
 * rotations inside degenerate subspaces all drop out, and it stays smooth where a pivot crosses
 * zero (where |X| has a kink). The strongest of the helpers; it loses only the basis itself.
 *
 * @example
 * gradcheck(projector((A: Var) => myEigh(A), [1]), [A]); // [λ, V·Vᴴ]
 */
export function projector(f: VarFunction, which?: readonly number[]): VarListFunction {
  return (...xs) => {
    const outs = outputList('projector', f(...xs));
    const sel = selected('projector', outs, which);
    return outs.map((o, i) => (sel.has(i) ? matmul(o, adjoint(o)) : o));
  };
}

/** Options of `phaseNormalized`. */
export interface PhaseOptions {
  /** The output whose row fixes the phases (default 0). */
  output?: number;
  /**
   * Outputs whose columns share those phases and get the same factor (for an SVD, V's columns
   * carry U's phase: pass the index of V so A = U S Vᴴ is preserved).
   */
  companions?: readonly number[];
}

/**
 * Multiplies each column k of the chosen output X (and of its companions) by conj(pₖ) with
 * pₖ = X[row, k]/|X[row, k]|, so X[row, k] becomes real and positive — the gauge fix of JAX's SVD
 * tests. Unlike `absValues` and `projector` it keeps the factor itself (with its signs inside
 * each column), so it can test raw U and V and jvps of them. Needs X[row, k] away from 0 and
 * nondegenerate spectra (a rotation inside a block is not a phase). For a rank-1 output, the
 * whole vector is one column.
 *
 * @example
 * gradcheck(phaseNormalized((A: Var) => mySvd(A), 0, { output: 0, companions: [2] }), [A]);
 */
export function phaseNormalized(f: VarFunction, row = 0, options: PhaseOptions = {}): VarListFunction {
  return (...xs) => {
    const outs = outputList('phaseNormalized', f(...xs));
    const oi = options.output ?? 0;
    checkIndex('phaseNormalized', oi, outs.length);
    for (const c of options.companions ?? []) checkIndex('phaseNormalized', c, outs.length);
    const x = outs[oi]!;
    const axis = x.ndim >= 2 ? x.ndim - 2 : 0;
    const m = x.shape[axis] ?? 0;
    const r = row < 0 ? row + m : row;
    if (x.ndim === 0 || r < 0 || r >= m) {
      throw new GradcheckError(
        'phaseNormalized',
        `row ${row} is out of range for output ${oi} of shape [${x.shape.join(', ')}]`,
      );
    }
    const specs: SliceSpec[] = x.shape.map((_, a) => (a === axis ? [r, r + 1] : null));
    const pivot = slice(x, ...specs);
    const size = abs(pivot);
    // |p| = 0 would make the phase undefined; leave such a column alone rather than divide by 0.
    const phase = div(pivot, where(equal(size.value, 0), 1, size));
    const fix = conj(phase);
    const targets = new Set([oi, ...(options.companions ?? [])]);
    return outs.map((o, i) => (targets.has(i) ? mul(o, fix) : o));
  };
}
