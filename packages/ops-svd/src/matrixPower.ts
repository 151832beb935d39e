import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import { type Var, constant, matmul } from '@svd/tape';
import { inv } from './solve.js';

/**
 * Aᵏ for an integer k (k < 0 through the inverse), differentiable: the same binary powering as
 * `@svd/linalg`'s `matrixPower`, recorded as tape matmuls and the differentiable `inv`, so the
 * gradient Σ (Aᴴ)ʲ·Ḡ·(Aᴴ)ᵏ⁻¹⁻ʲ and every higher derivative come from those rules. Accepts a Tensor
 * or a Var.
 *
 * @example
 * const g = grad((a: Var) => trace(matrixPower(a, 3)))(A); // 3·(A²)ᵀ
 */
export function matrixPower(a: T.Tensor, k: number): T.Tensor;
export function matrixPower(a: Var, k: number): Var;
export function matrixPower(a: T.Tensor | Var, k: number): T.Tensor | Var {
  if (a instanceof T.Tensor) return L.matrixPower(a, k);
  L.matrixPower(a.value, k); // validates k, shape, values (and singularity for k < 0)
  const n = a.shape[a.ndim - 1]!;
  if (k === 0) return constant(T.contiguous(T.broadcastTo(T.eye(n, n, { dtype: a.dtype }), a.shape)));
  const base = k < 0 ? inv(a) : a;
  let result: Var | null = null;
  let z = base;
  let e = Math.abs(k);
  for (;;) {
    if (e % 2 === 1) result = result === null ? z : matmul(result, z);
    e = Math.floor(e / 2);
    if (e === 0) break;
    z = matmul(z, z);
  }
  return result!;
}
