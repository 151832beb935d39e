import { type Var, adjoint, add, mul } from '@svd/tape';

/**
 * (X + Xᴴ)/2. Rules for eigh and Cholesky return the Hermitian part of the cotangent — the
 * convention of PyTorch, JAX and TensorFlow: the input is taken to be Hermitian, and the
 * cotangent lives in the same space. To check such a rule by finite differences, differentiate
 * X ↦ f((X + Xᴴ)/2).
 *
 * @example
 * gradcheck((X: Var) => eigvalsh(hermitianPart(X)), [randn([3, 3], { seed: 3 })]);
 */
export function hermitianPart(x: Var): Var {
  return mul(add(x, adjoint(x)), 0.5);
}
