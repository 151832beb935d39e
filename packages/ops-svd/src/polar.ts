import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import { type Var, add, adjoint, defineRule, matmul, mul, sub } from '@svd/tape';
import { hermitianSylvester } from './hermitianSylvester.js';
import { hermitianPart } from './hermitianCotangent.js';
import { solve } from './solve.js';

/*
 * A = Q·P with QᴴQ = I and P Hermitian positive definite (A of full column rank, m ≥ n).
 * Differentiating, M := Qᴴ·dA = Ω·P + dP with Ω = Qᴴ·dQ anti-Hermitian, so
 *   P·Ω + Ω·P = M − Mᴴ          (a Sylvester equation; its operator is self-adjoint),
 *   dP = M − Ω·P,   dQ = Q·Ω + (I − QQᴴ)·dA·P⁻¹.
 * In P's eigenbasis P = V·diag(w)·Vᴴ the Sylvester solve divides by wᵢ + wⱼ — never by a
 * difference — so the derivative is exact and smooth at repeated singular values (w = S).
 * Transposing: with Y = Syl(QᴴQ̄ − P̄ₕ·P) (P̄ₕ the Hermitian part of P̄),
 *   Ā = Q·(P̄ₕ + Y − Yᴴ) + (Q̄ − Q·QᴴQ̄)·P⁻¹.
 * The Sylvester solve is its own rule (hermitianSylvester.ts) whose derivatives are Sylvester
 * solves again, so the pullback is differentiable to any order without ever differentiating
 * eigenvectors; P⁻¹ enters only through the differentiable `solve`.
 */

/** Ω with P·Ω + Ω·P = X (differentiable to any order, also at repeated eigenvalues of P). */
function sylvester(P: Var, X: Var): Var {
  return hermitianSylvester(P, X) as Var;
}

/** R·P⁻¹ = (P⁻¹·Rᴴ)ᴴ for Hermitian P, through the differentiable solve. */
function timesInverse(R: Var, P: Var): Var {
  return adjoint(solve(P, adjoint(R)));
}

const isSquare = (x: Var) => x.shape[x.ndim - 2] === x.shape[x.ndim - 1];

const polarRule = defineRule({
  name: 'polar',
  forward: (a: T.Tensor) => {
    const m = a.shape[a.ndim - 2]!;
    const n = a.shape[a.ndim - 1]!;
    if (m < n)
      throw new T.ShapeError(
        'polar',
        `the derivative needs m ≥ n (full column rank), got shape ${T.internal.fmtShape(a.shape)}`,
      );
    return L.polar(a);
  },
  backward: ([gQ, gP], ctx) => {
    const [Q, P] = ctx.outputs as [Var, Var];
    const gPh = gP ? hermitianPart(gP) : null;
    let X: Var | null = gQ ? matmul(adjoint(Q), gQ) : null;
    if (gPh) X = X ? sub(X, matmul(gPh, P)) : mul(matmul(gPh, P), -1);
    const Y = sylvester(P, X!);
    let inner = sub(Y, adjoint(Y));
    if (gPh) inner = add(inner, gPh);
    let gA = matmul(Q, inner);
    // (Q̄ − Q·QᴴQ̄)·P⁻¹: the part of Ā outside Q's range (none for square A).
    if (gQ && !isSquare(Q)) gA = add(gA, timesInverse(sub(gQ, matmul(Q, matmul(adjoint(Q), gQ))), P));
    return [gA];
  },
  jvp: ([dA], ctx) => {
    if (!dA) return [null, null];
    const [Q, P] = ctx.outputs as [Var, Var];
    const M = matmul(adjoint(Q), dA);
    const Omega = sylvester(P, sub(M, adjoint(M)));
    const dP = hermitianPart(sub(M, matmul(Omega, P)));
    let dQ = matmul(Q, Omega);
    if (!isSquare(Q)) dQ = add(dQ, timesInverse(sub(dA, matmul(Q, M)), P));
    return [dQ, dP];
  },
});

/**
 * Right polar decomposition A = Q·P (Q = U·Vᴴ, P = V·S·Vᴴ), differentiable for A of full column
 * rank (m ≥ n). The rule solves the Sylvester equation P·Ω + Ω·P = M − Mᴴ, dividing by
 * sᵢ + sⱼ and never by sᵢ − sⱼ, so it is exact at repeated singular values (A = I, A = c·Q).
 * Accepts a Tensor or a Var.
 *
 * @example
 * const [Q, P] = polar(variable(tensor([[2, 0], [0, 2]]))); // Q = I, P = 2·I; gradients are finite
 */
export function polar(a: T.Tensor): [T.Tensor, T.Tensor];
export function polar(a: Var): [Var, Var];
export function polar(a: T.Tensor | Var): [T.Tensor, T.Tensor] | [Var, Var] {
  if (a instanceof T.Tensor) return L.polar(a);
  return polarRule(a) as [Var, Var];
}
