import * as T from '@svd/tensor';
import { type Var, add, defineRule, mul, square, sub, sum } from '@svd/tape';

/**
 * R = c/(sⱼ − sᵢ) ('difference') or c/(sⱼ + sᵢ) ('sum') for every pair (i, j) of a batch of
 * spectra, with the entries whose denominator is at most `tol` (a per-matrix tolerance, shaped
 * like the batch) set to exactly 0. One pass over k² entries instead of the half-dozen a
 * composition of tape ops would take; the backward is written with tape ops, so second
 * derivatives flow through the spectrum: ∂Rᵢⱼ/∂sⱼ = ∓Rᵢⱼ²/c, ∂Rᵢⱼ/∂sᵢ = ±Rᵢⱼ²/c (masked entries
 * are constant zero).
 */
function makeRule(kind: 'difference' | 'sum', c: number, tol: Float64Array) {
  return defineRule({
    name: kind === 'difference' ? 'pairwiseInverseDifference' : 'pairwiseInverseSum',
    forward: (s: T.Tensor) => {
      const k = s.shape[s.ndim - 1]!;
      const batch = s.shape.slice(0, -1);
      const src = s.toTypedArray(false);
      const out = new Float64Array(src.length * k);
      const sign = kind === 'difference' ? -1 : 1;
      for (let b = 0; b < src.length / Math.max(k, 1); b++) {
        const t = tol[b]!;
        for (let i = 0; i < k; i++) {
          const si = sign * src[b * k + i]!;
          const row = (b * k + i) * k;
          for (let j = 0; j < k; j++) {
            const d = src[b * k + j]! + si;
            out[row + j] = Math.abs(d) > t ? c / d : 0;
          }
        }
      }
      // In s's own (real) precision: a float64 result would promote float32/complex64 cotangents.
      return T.tensor(out, { shape: [...batch, k, k], dtype: s.dtype });
    },
    backward: ([g], ctx) => {
      if (!g) return [null];
      const R = ctx.outputs[0]!;
      const q = mul(g, mul(square(R), 1 / c)); // gᵢⱼ Rᵢⱼ²/c
      const colSums = sum(q, { axes: -2 }); // Σᵢ over rows: the sⱼ derivative
      const rowSums = sum(q, { axes: -1 }); // Σⱼ: the sᵢ derivative
      return [kind === 'difference' ? sub(rowSums, colSums) : mul(add(rowSums, colSums), -1)];
    },
  });
}

/** Per-matrix tolerances of a batch of spectra, as a flat array (one per matrix). */
function tolerances(s: T.Tensor, rtol: number): Float64Array {
  const k = s.shape[s.ndim - 1]!;
  const src = s.toTypedArray(false);
  const batches = k === 0 ? 0 : src.length / k;
  const out = new Float64Array(Math.max(batches, 1));
  for (let b = 0; b < batches; b++) {
    let m = 0;
    for (let i = 0; i < k; i++) m = Math.max(m, Math.abs(src[b * k + i]!));
    out[b] = rtol * m;
  }
  return out;
}

/** c/(sⱼ − sᵢ) with |sⱼ − sᵢ| ≤ rtol·max|s| masked to 0 (the diagonal always is). */
export function pairwiseInverseDifference(s: Var, rtol: number, c = 1): Var {
  return makeRule('difference', c, tolerances(s.value, rtol))(s) as Var;
}

/** c/(sⱼ + sᵢ) with sⱼ + sᵢ ≤ rtol·max|s| masked to 0. */
export function pairwiseInverseSum(s: Var, rtol: number, c = 1): Var {
  return makeRule('sum', c, tolerances(s.value, rtol))(s) as Var;
}
