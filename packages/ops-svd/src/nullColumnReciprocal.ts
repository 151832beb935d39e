import * as T from '@svd/tensor';

/**
 * Per-column tolerances for the S⁻¹ of the SVD's projector terms (I − UUᴴ)Ū S⁻¹ Vᴴ and
 * U S⁻¹ (V̄ − VK)ᴴ, shaped like S.
 *
 * A column j with sⱼ ≤ rankTol (a numerically zero singular value) keeps its reciprocal only when
 * its cotangents vanish with sⱼ: Ūⱼ/sⱼ and V̄ⱼ/sⱼ no larger than `ratio` times the rest of the
 * gradient (max |S̄ᵢ|, ‖Ūᵢ‖/sᵢ, ‖V̄ᵢ‖/sᵢ over the non-zero sᵢ). Then the loss sees uⱼ and vⱼ only
 * through products like sⱼ·uⱼ (⟨M, U·S·Vᴴ⟩ gives Ūⱼ = M·vⱼ·sⱼ) and the quotient is the exact
 * limit (I − UUᴴ)·M·vⱼ. Otherwise the term has no limit (a loss reading uⱼ itself, or uⱼ·√sⱼ as a
 * TRG does, diverges like 1/sⱼ or 1/√sⱼ) and the column's tolerance stays rankTol, so it is
 * masked to 0. Computed on values: the choice is piecewise constant in the input.
 */
export function nullColumnTolerance(
  S: T.Tensor,
  gU: T.Tensor | null,
  gS: T.Tensor | null,
  gV: T.Tensor | null,
  rankTol: T.Tensor,
  ratio: number,
): T.Tensor {
  const k = S.shape[S.ndim - 1]!;
  const s = S.toTypedArray(false);
  const tolIn = T.broadcastTo(rankTol, S.shape).contiguous().toTypedArray(false);
  const tol = Float64Array.from(tolIn);
  const batches = k === 0 ? 0 : s.length / k;
  const norms = (G: T.Tensor | null) => (G ? columnNorms(G) : null);
  const nu = norms(gU);
  const nv = norms(gV);
  const gs = gS?.toTypedArray(false) ?? null;
  for (let b = 0; b < batches; b++) {
    let ref = 0;
    let hasNull = false;
    for (let i = 0; i < k; i++) {
      const at = b * k + i;
      if (gs) ref = Math.max(ref, Math.abs(gs[at]!));
      if (s[at]! <= tol[at]!) {
        hasNull = true;
        continue;
      }
      if (nu) ref = Math.max(ref, nu[at]! / s[at]!);
      if (nv) ref = Math.max(ref, nv[at]! / s[at]!);
    }
    if (!hasNull || !(ref > 0) || !Number.isFinite(ref)) continue;
    for (let j = 0; j < k; j++) {
      const at = b * k + j;
      if (!(s[at]! > 0) || s[at]! > tol[at]!) continue;
      const q = Math.max(nu ? nu[at]! : 0, nv ? nv[at]! : 0) / s[at]!;
      if (q <= ratio * ref) tol[at] = 0; // determined: keep 1/sⱼ
    }
  }
  return T.tensor(tol, { shape: [...S.shape], dtype: 'float64' });
}

/** ‖Gᵢ‖₂ of every column of a batch of matrices, flattened as [batch·k]. */
function columnNorms(G: T.Tensor): Float64Array {
  const rows = G.shape[G.ndim - 2]!;
  const k = G.shape[G.ndim - 1]!;
  const d = G.contiguous().toTypedArray(false);
  const w = G.isComplex ? 2 : 1;
  const batches = rows * k === 0 ? 0 : d.length / (rows * k * w);
  const out = new Float64Array(batches * k);
  for (let b = 0; b < batches; b++) {
    for (let r = 0; r < rows; r++) {
      const row = (b * rows + r) * k;
      for (let j = 0; j < k; j++) {
        const re = d[(row + j) * w]!;
        const im = w === 2 ? d[(row + j) * w + 1]! : 0;
        out[b * k + j] = Math.hypot(out[b * k + j]!, re, im);
      }
    }
  }
  return out;
}
