import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import { type Var, norm as tapeNorm, slice, sum } from '@svd/tape';
import { checkTensorOrVar } from './checkArgs.js';
import { type SvdOptions, svdvals } from './svd.js';

/** Matrix norms through the SVD rule: 'nuc' = Σ sᵢ, 2 = s_max, 'fro' = √Σ|aᵢⱼ|². */
export type MatrixNormOrd = 'nuc' | 2 | 'fro';

/**
 * Nuclear, spectral or Frobenius norm of the last two axes. The gradient of the nuclear norm is
 * U·Vᴴ over ALL k = min(m, n) singular pairs of the thin SVD: at rank-deficient input that is one
 * subgradient (it includes the null pairs the SVD happened to return; diag(1, 0) gives I), not
 * the minimum-norm one. The spectral norm's is u₁v₁ᴴ.
 *
 * @example
 * backward(norm(variable(A), 'nuc'));
 */
export function norm(a: T.Tensor, ord: MatrixNormOrd, options?: SvdOptions): T.Tensor;
export function norm(a: Var, ord: MatrixNormOrd, options?: SvdOptions): Var;
export function norm(a: T.Tensor | Var, ord: MatrixNormOrd, options: SvdOptions = {}): T.Tensor | Var {
  checkTensorOrVar('norm', 'the input', a);
  if (T.isTensor(a)) return L.norm(a, ord);
  if (ord === 'fro') return tapeNorm(a, { axes: [-2, -1] });
  if (ord !== 'nuc' && ord !== 2) {
    throw new T.ValueError('norm', `ord must be 'nuc', 2 or 'fro', got ${String(ord)}`);
  }
  const s = svdvals(a, options);
  if (ord === 'nuc') return sum(s, { axes: -1 });
  const specs: T.SliceSpec[] = s.shape.map((_, i) => (i === s.ndim - 1 ? 0 : null));
  return slice(s, ...specs);
}
