import { type DifferentiableOperator, svds } from '@svd/ops-svd';
import { type Var, adjoint, einsum, matmul, mul, permute, reshape, slice, sqrt } from '@svd/tape';
import type * as T from '@svd/tensor';
import { SINGULAR_CUTOFF, type StepInfo } from './trg.js';

/**
 * The TRG step of trg.ts with the two splits done by `svds` on contraction operators instead of
 * full SVDs: only the χ kept triplets are computed (Golub–Kahan–Lanczos in @svd/linalg), and the
 * gradient comes from @svd/ops-svd's truncated rule, whose coupling to the discarded spectrum is
 * solved by MINRES with applications of the operator only. The operators are written with tape
 * ops, so the gradient reaches T through them (two tracked applications per split); no SVD of a
 * χ²×χ² matrix is ever formed, and neither is anything larger than T itself.
 */

/**
 * The split matrix as an operator: x ↦ M·x and y ↦ Mᴴ·y, contractions of the tensor with a block
 * of vectors over two of its legs. `m` is a reshape of T (Ma: a view) or of its permuted copy (Mb:
 * one tape-tracked copy per step — the Lanczos iteration applies the operator to one vector at a
 * time, and a contraction that permuted T on every call would dominate).
 */
function contraction(m: Var): DifferentiableOperator {
  const n = m.shape[0]!;
  return {
    shape: [n, n],
    dtype: m.dtype,
    apply: (x) => matmul(m, x),
    applyAdjoint: (y) => matmul(adjoint(m), y),
  };
}

function keep(x: Var, p: number): Var {
  return x.ndim === 1 ? slice(x, [0, p]) : slice(x, null, [0, p]);
}

function countAbove(s: T.Tensor, cutoff: number): number {
  let n = 0;
  for (const x of s.toTypedArray(false)) if (x > cutoff) n++;
  return n;
}

/**
 * One RG step like `renormalize` (same cutoff rule, same contraction), with `svds` on the operators.
 * While D² ≤ χ the split is the whole matrix, and @svd/linalg's svds takes its dense path.
 */
export function renormalizeKrylov(t: Var, chi: number, info?: StepInfo[]): Var {
  const D = t.shape[0]!;
  const k = Math.min(D * D, chi);
  // Ma: rows (u, l), columns (d, r); Mb: rows (l, d), columns (u, r) — as in trg.ts.
  const [Ua, Sa, Va] = svds(contraction(reshape(t, [D * D, D * D])), k);
  const [Ub, Sb, Vb] = svds(contraction(reshape(permute(t, [1, 2, 0, 3]), [D * D, D * D])), k);
  const Dn = Math.min(k, countAbove(Sa.value, SINGULAR_CUTOFF), countAbove(Sb.value, SINGULAR_CUTOFF));
  info?.push({ bond: Dn, spectrumA: Sa.value });
  const ra = sqrt(keep(Sa, Dn));
  const rb = sqrt(keep(Sb, Dn));
  const S1 = reshape(mul(keep(Ua, Dn), ra), [D, D, Dn]);
  const S3 = reshape(mul(keep(Va, Dn), ra), [D, D, Dn]);
  const S2 = reshape(mul(keep(Ub, Dn), rb), [D, D, Dn]);
  const S4 = reshape(mul(keep(Vb, Dn), rb), [D, D, Dn]);
  return einsum('xwu,yxl,yzd,wzr->uldr', S2, S3, S4, S1);
}
