import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import { type Var, max, min, permute, reshape, slice, sum } from '@svd/tape';
import { checkTensorOrVar } from './checkArgs.js';
import { svdvals } from './svd.js';
import { vectorNormVar } from './vectorNorm.js';

/*
 * Each matrix norm is a composition of differentiable pieces, so its gradient and Hessian follow:
 *   'fro'       the 2-norm of all entries (gradient A/‖A‖_F, 0 at A = 0);
 *   'nuc'       Σ sᵢ through the SVD rule (gradient U·Vᴴ over all k = min(m, n) singular pairs);
 *   2, −2       s_max, s_min through the SVD rule (gradient u₁v₁ᴴ, u_k v_kᴴ);
 *   1, −1       max / min over columns of the column 1-norms Σᵢ|aᵢⱼ|;
 *   ∞, −∞       max / min over rows of the row 1-norms Σⱼ|aᵢⱼ|.
 * max / min split the cotangent evenly between tied columns / rows, and the 1-norm sends
 * sgn(aᵢⱼ) (0 at aᵢⱼ = 0), as torch's amax / amin and abs backward do.
 */

/** A matrix norm of `x` on `axes`; `op` names the public function in errors. */
export function matrixNormVar(
  op: string,
  x: Var,
  ord: L.MatrixNormOrd,
  axes: readonly [number, number],
  keepdims: boolean,
): Var {
  // Validates finiteness (and wording) once, in O(mn), before any SVD.
  L.kernels.matrixNormAlong(op, x.value, 'fro', axes, false);
  const nd = x.ndim;
  const [r, c] = axes;
  const batch = [...Array(nd).keys()].filter((a) => a !== r && a !== c);
  const A = r === nd - 2 && c === nd - 1 ? x : permute(x, [...batch, r, c]);
  const m = A.shape[nd - 2]!;
  const n = A.shape[nd - 1]!;
  let out: Var;
  if (ord === 'fro' || m === 0 || n === 0) {
    out = vectorNormVar(op, A, 2, [nd - 2, nd - 1], false); // every norm of an empty matrix is 0
  } else if (ord === 'nuc' || ord === 2 || ord === -2) {
    const s = svdvals(A);
    if (ord === 'nuc') out = sum(s, { axes: -1 });
    else out = slice(s, ...batch.map(() => null), ord === 2 ? 0 : Math.min(m, n) - 1);
  } else {
    const columns = ord === 1 || ord === -1;
    const sums = vectorNormVar(op, A, 1, [columns ? nd - 2 : nd - 1], false);
    out = ord === 1 || ord === Number.POSITIVE_INFINITY ? max(sums, { axes: -1 }) : min(sums, { axes: -1 });
  }
  return keepdims
    ? reshape(
        out,
        x.shape.map((d, a) => (a === r || a === c ? 1 : d)),
      )
    : out;
}

/**
 * Matrix norm of the matrices on `axes` (default the last two), batched, differentiable: the
 * same signature and semantics as `@svd/linalg`'s `matrixNorm` (torch.linalg.matrix_norm).
 * Gradients: 'fro' A/‖A‖_F (0 at A = 0); 'nuc' U·Vᴴ over all min(m, n) singular pairs of the thin
 * SVD (at rank-deficient input one subgradient, the null pairs included: diag(1, 0) gives I);
 * 2 / −2 u₁v₁ᴴ / u_k v_kᴴ through the SVD rule; ±1 / ±∞ sgn(aᵢⱼ) on the maximal (minimal)
 * column / row, the cotangent split evenly between tied columns / rows (as torch). Second order
 * works. Accepts a Tensor or a Var.
 *
 * @example
 * const g = grad((a: Var) => matrixNorm(a, { ord: 'nuc' }))(tensor([[2, 0], [0, 1]])); // U·Vᴴ = I
 */
export function matrixNorm(A: T.Tensor, options?: L.MatrixNormOptions): T.Tensor;
export function matrixNorm(A: Var, options?: L.MatrixNormOptions): Var;
export function matrixNorm(A: T.Tensor | Var, options: L.MatrixNormOptions = {}): T.Tensor | Var {
  checkTensorOrVar('matrixNorm', 'the input', A);
  if (T.isTensor(A)) return L.matrixNorm(A, options);
  const { ord, axes, keepdims } = L.kernels.resolveMatrixNormArgs('matrixNorm', A.ndim, options);
  return matrixNormVar('matrixNorm', A, ord, axes, keepdims);
}
