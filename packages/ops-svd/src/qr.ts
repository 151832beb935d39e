import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import { type Var, add, adjoint, concat, constant, defineRule, diagEmbed, diagonal, matmul, mul, real, sub, tril, triu } from '@svd/tape';
import { columns } from './matrixHelpers.js';
import { solveTriangularRight } from './solveTriangular.js';

/** copyltu(M): the lower triangle mirrored to the upper one with conjugation, real diagonal. */
function copyLowerToUpper(M: Var): Var {
  const strict = tril(M, -1);
  const d = diagonal(M);
  return add(add(strict, adjoint(strict)), diagEmbed(d.value.isComplex ? real(d) : d));
}

/**
 * Square / tall reduced QR (m ≥ n, R invertible): M = R R̄ᴴ − Q̄ᴴ Q, Ā = (Q̄ + Q·copyltu(M)) R⁻ᴴ.
 */
function squareRule(Q: Var, R: Var, gQ: Var | null, gR: Var | null): Var {
  let M: Var | null = gR ? matmul(R, adjoint(gR)) : null;
  if (gQ) M = M ? sub(M, matmul(adjoint(gQ), Q)) : mul(matmul(adjoint(gQ), Q), -1);
  let X = matmul(Q, copyLowerToUpper(M!));
  if (gQ) X = add(X, gQ);
  // X·R⁻ᴴ as a right triangular solve with the lower-triangular Rᴴ.
  return solveTriangularRight(X, adjoint(R), true);
}

function checkFullRank(R: T.Tensor): void {
  const d = T.abs(T.diagonal(R));
  if (d.size === 0) return;
  const dmax = T.max(d).item();
  const dmin = T.min(d).item();
  if (!(dmin > dmax * 2 ** -52 * Math.max(...R.shape.slice(-2)))) {
    throw new L.LinAlgError(
      'qr',
      `the gradient of QR needs R with a non-zero diagonal (full column rank of the leading block), got |R_ii| down to ${dmin.toExponential(3)} against max ${dmax.toExponential(3)}`,
    );
  }
}

/** ψ(M): the upper triangle with the diagonal halved. */
function upperHalfDiagonal(M: Var): Var {
  return sub(triu(M), mul(diagEmbed(diagonal(M)), 0.5));
}

/**
 * Forward rule for the square/tall block: with C = Qᴴ dA R⁻¹, X = ψ(C + Cᴴ) is dR·R⁻¹ (upper
 * triangular, real diagonal), so dR = X R and dQ = dA R⁻¹ − Q X.
 */
function squareJvp(Q: Var, R: Var, dA: Var): [Var, Var] {
  const dARinv = solveTriangularRight(dA, R, false);
  const C = matmul(adjoint(Q), dARinv);
  const X = upperHalfDiagonal(add(C, adjoint(C)));
  return [sub(dARinv, matmul(Q, X)), matmul(X, R)];
}

const qrRule = defineRule({
  name: 'qr',
  jvp: ([dA], ctx) => {
    if (!dA) return [null, null];
    const [Q, R] = ctx.outputs;
    const A = ctx.inputs[0]!;
    const m = A.shape[A.ndim - 2]!;
    const n = A.shape[A.ndim - 1]!;
    if (m >= n) return squareJvp(Q, R, dA);
    // Wide: X = Q R₁ is square, R₂ = Qᴴ Y, so dR₂ = dQᴴ Y + Qᴴ dY.
    const [dQ, dR1] = squareJvp(Q, columns(R, 0, m), columns(dA, 0, m));
    const Y = columns(A, m, n);
    const dR2 = add(matmul(adjoint(dQ), Y), matmul(adjoint(Q), columns(dA, m, n)));
    return [dQ, concat([dR1, dR2], -1)];
  },
  forward: (a: T.Tensor) => L.qr(a, { mode: 'reduced' }),
  backward: (cts, ctx) => {
    const [gQ, gR] = cts;
    if (!gQ && !gR) return [null];
    const [Q, R] = ctx.outputs;
    const A = ctx.inputs[0]!;
    const m = A.shape[A.ndim - 2]!;
    const n = A.shape[A.ndim - 1]!;
    if (m >= n) {
      checkFullRank(R.value);
      return [squareRule(Q, R, gQ, gR)];
    }
    // Wide: A = [X Y], R = [R₁ R₂]; X's QR is square, Y = Q R₂.
    const R1 = columns(R, 0, m);
    checkFullRank(R1.value);
    const Y = columns(A, m, n);
    const gR1 = gR ? columns(gR, 0, m) : null;
    const gR2 = gR ? columns(gR, m, n) : null;
    let gQeff = gQ;
    if (gR2) {
      const t = matmul(Y, adjoint(gR2));
      gQeff = gQeff ? add(gQeff, t) : t;
    }
    const gX = squareRule(Q, R1, gQeff, gR1);
    const gY = gR2 ? matmul(Q, gR2) : constant(T.zeros(Y.shape, { dtype: gX.dtype }));
    return [concat([gX, gY], -1)];
  },
});

/**
 * Reduced QR, A = Q·R with diag(R) ≥ 0, differentiable for full-rank input (tall, square or wide;
 * for wide input the leading m×m block must be invertible). Rank-deficient R throws a LinAlgError
 * in the backward: the gradient does not exist there.
 *
 * @example
 * const [Q, R] = qr(variable(A));
 */
export function qr(x: T.Tensor): [T.Tensor, T.Tensor];
export function qr(x: Var): [Var, Var];
export function qr(x: T.Tensor | Var): [T.Tensor, T.Tensor] | [Var, Var] {
  if (T.isTensor(x)) return L.qr(x, { mode: 'reduced' }) as [T.Tensor, T.Tensor];
  return qrRule(x) as [Var, Var];
}
