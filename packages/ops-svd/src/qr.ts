import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import {
  type Var,
  add,
  adjoint,
  concat,
  constant,
  defineRule,
  diagEmbed,
  diagonal,
  matmul,
  mul,
  real,
  slice,
  sub,
  tril,
  triu,
} from '@svd/tape';
import { checkChoiceOption, checkOptionKeys, checkTensorOrVar } from './checkArgs.js';
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

/** Rows [start, stop) of a batch of matrices. */
function rows(x: Var, start: number, stop: number): Var {
  const specs: T.SliceSpec[] = x.shape.map((_, i) => (i === x.ndim - 2 ? [start, stop] : null));
  return slice(x, ...specs);
}

/**
 * Complete QR of a tall A (m > n): Q = [Q₁ Q₂] m×m, R = [R₁; 0] m×n. Q₁ and R₁ are the reduced
 * factors; Q₂ is any orthonormal basis of the complement of range(A), so only losses invariant
 * under Q₂ → Q₂·W (W unitary) have a gradient. As for the full SVD, the cotangent of Q₂ is folded
 * into Q₁'s: from Q₁ᴴQ₂ = 0, dQ₂ = −Q₁·dQ₁ᴴ·Q₂ (plus a rotation inside the complement, which such
 * losses do not see), so Q̄₁ ← Q̄₁ − Q₂·Q̄₂ᴴ·Q₁. The zero rows of R are constant.
 */
const qrCompleteTallRule = defineRule({
  name: 'qrComplete',
  forward: (a: T.Tensor) => L.qr(a, { mode: 'complete' }) as T.Tensor[],
  backward: (cts, ctx) => {
    const [gQ, gR] = cts as [Var | null, Var | null];
    if (!gQ && !gR) return [null];
    const [Q, R] = ctx.outputs as [Var, Var];
    const n = R.shape[R.ndim - 1]!;
    const m = Q.shape[Q.ndim - 1]!;
    const Q1 = columns(Q, 0, n);
    const R1 = rows(R, 0, n);
    checkFullRank(R1.value);
    const gQ1 = gQ ? sub(columns(gQ, 0, n), matmul(columns(Q, n, m), matmul(adjoint(columns(gQ, n, m)), Q1))) : null;
    return [squareRule(Q1, R1, gQ1, gR ? rows(gR, 0, n) : null)];
  },
  jvp: ([dA], ctx) => {
    if (!dA) return [null, null];
    const [Q, R] = ctx.outputs as [Var, Var];
    const n = R.shape[R.ndim - 1]!;
    const m = Q.shape[Q.ndim - 1]!;
    const Q2 = columns(Q, n, m);
    const [dQ1, dR1] = squareJvp(columns(Q, 0, n), rows(R, 0, n), dA);
    const dQ2 = mul(matmul(columns(Q, 0, n), matmul(adjoint(dQ1), Q2)), -1);
    const zeroRows = constant(T.zeros([...R.shape.slice(0, -2), m - n, n], { dtype: dR1.dtype }));
    return [concat([dQ1, dQ2], -1), concat([dR1, zeroRows], -2)];
  },
});

export interface QrOptions {
  /**
   * 'reduced' (default): Q m×k, R k×n (k = min(m, n)). 'complete': Q m×m, R m×n. 'r': R only,
   * as the one-element tuple `[R]`. The same modes as @svd/linalg's qr.
   */
  mode?: L.QrMode;
}

/**
 * QR, A = Q·R with diag(R) ≥ 0, differentiable for full-rank input (tall, square or wide; for wide
 * input the leading m×m block must be invertible). Rank-deficient R throws a LinAlgError in the
 * backward: the gradient does not exist there. Modes as in @svd/linalg: 'reduced' (default),
 * 'complete' (for tall input the extra columns Q₂ are a basis of the complement, so the gradient
 * assumes the loss is invariant under rotations of Q₂, e.g. reads Q₂ only through Q₂·Q₂ᴴ), and
 * 'r' (`[R]`, whose gradient is that of the reduced R).
 *
 * @example
 * const [Q, R] = qr(variable(A));
 * const [Qc, Rc] = qr(variable(A), { mode: 'complete' });
 * const [R1] = qr(variable(A), { mode: 'r' });
 */
export function qr(x: T.Tensor, options: { mode: 'r' }): [T.Tensor];
export function qr(x: Var, options: { mode: 'r' }): [Var];
export function qr(x: T.Tensor, options?: { mode?: 'reduced' | 'complete' }): [T.Tensor, T.Tensor];
export function qr(x: Var, options?: { mode?: 'reduced' | 'complete' }): [Var, Var];
export function qr(x: T.Tensor | Var, options?: QrOptions): [T.Tensor, T.Tensor] | [T.Tensor] | [Var, Var] | [Var];
export function qr(x: T.Tensor | Var, options: QrOptions = {}): [T.Tensor, T.Tensor] | [T.Tensor] | [Var, Var] | [Var] {
  checkTensorOrVar('qr', 'the input', x);
  checkOptionKeys('qr', options, ['mode']);
  checkChoiceOption('qr', 'mode', options.mode, ['reduced', 'complete', 'r']);
  const mode = options.mode ?? 'reduced';
  if (T.isTensor(x)) return L.qr(x, { mode }) as [T.Tensor, T.Tensor] | [T.Tensor];
  const m = x.shape[x.ndim - 2]!;
  const n = x.shape[x.ndim - 1]!;
  if (mode === 'complete' && m > n) return qrCompleteTallRule(x) as [Var, Var];
  const [Q, R] = qrRule(x) as [Var, Var];
  return mode === 'r' ? [R] : [Q, R];
}
