import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import { type Var, add, adjoint, defineRule, matmul, mul } from '@svd/tape';
import { hermitianPart } from './hermitianCotangent.js';

/**
 * Ω = Syl_P(C), the solution of P·Ω + Ω·P = C for Hermitian positive semi-definite P (read as
 * (P + Pᴴ)/2). Forward in P's eigenbasis: Ω = V·[(VᴴCV)ᵢⱼ/(wᵢ + wⱼ)]·Vᴴ, a sum never a
 * difference of eigenvalues, so repeated eigenvalues are harmless; pairs with wᵢ + wⱼ = 0 (P
 * singular twice over, no unique solution) give 0.
 *
 * Its own rule, so derivatives of every order avoid the eigenvectors' derivative (which is
 * singular at repeated eigenvalues): dΩ = Syl_P(dC − dP·Ω − Ω·dP), and, Syl being self-adjoint,
 * C̄ = Syl_P(Ω̄), P̄ = −(C̄·Ωᴴ + Ωᴴ·C̄) (its Hermitian part).
 */
export const hermitianSylvester = defineRule({
  name: 'hermitianSylvester',
  forward: (p: T.Tensor, c: T.Tensor) => {
    const [w, V] = L.eigh(T.scale(T.add(p, T.adjoint(p)), 0.5));
    const sums = T.add(T.unsqueeze(w, -1), T.unsqueeze(w, -2));
    const keep = T.greater(sums, 0);
    const inv = T.where(keep, T.reciprocal(T.where(keep, sums, 1)), 0);
    const inner = T.mul(T.matmul(T.matmul(T.adjoint(V), c), V), inv);
    return T.matmul(T.matmul(V, inner), T.adjoint(V));
  },
  backward: ([g], ctx) => {
    if (!g) return [null, null];
    const P = ctx.inputs[0]!;
    const Om = ctx.outputs[0]!;
    const gC = hermitianSylvester(P, g) as Var;
    const Omh = adjoint(Om);
    return [mul(hermitianPart(add(matmul(gC, Omh), matmul(Omh, gC))), -1), gC];
  },
});
