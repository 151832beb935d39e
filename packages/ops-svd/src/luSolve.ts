import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import {
  type Input,
  type Var,
  add,
  adjoint,
  asVar,
  broadcastTo,
  conj,
  constant,
  defineRule,
  matmul,
  mul,
  reshape,
  sub,
  tril,
  triu,
} from '@svd/tape';
import { permutationFromPivots, splitCompact } from './lu.js';
import { solveTriangular } from './solveTriangular.js';

/*
 * X = U⁻¹·L⁻¹·Pᵀ·B from the compact LU of A = P·L·U. With Y = U⁻ᴴ·X̄ and Z = L⁻ᴴ·Y:
 *   B̄ = P·Z = A⁻ᴴ·X̄,   LŪ = tril₋₁(−Z·(U·X)ᴴ) + triu(−Y·Xᴴ)
 * (L's part strictly below the diagonal, U's on and above, as the compact form stores them).
 * jvp: dX = A⁻¹·(dB − P·(dL·U + L·dU)·X) with dL = tril₋₁(dLU), dU = triu(dLU).
 */
const luSolveRule = defineRule({
  name: 'luSolve',
  forward: (lu: T.Tensor, piv: T.Tensor, b: T.Tensor) => ({
    outputs: L.luSolve(lu, piv, b),
    saved: permutationFromPivots(piv, lu.dtype),
  }),
  backward: ([g], ctx) => {
    if (!g) return [null, null, null];
    const [LU] = ctx.inputs as [Var, Var, Var];
    const X = ctx.outputs[0]!;
    const P = ctx.saved as T.Tensor;
    const [Lf, Uf] = splitCompact(LU);
    const Y = solveTriangular(conj(Uf), g, { lower: false, transpose: true });
    const Z = solveTriangular(conj(Lf), Y, { lower: true, unitDiagonal: true, transpose: true });
    const gLU = mul(add(tril(matmul(Z, adjoint(matmul(Uf, X))), -1), triu(matmul(Y, adjoint(X)))), -1);
    return [gLU, null, matmul(constant(P), Z)];
  },
  jvp: ([dLU, , dB], ctx): [Var | null] => {
    const [LU, piv] = ctx.inputs as [Var, Var, Var];
    const X = ctx.outputs[0]!;
    const P = ctx.saved as T.Tensor;
    const [Lf, Uf] = splitCompact(LU);
    let rhs: Var | null = dB ?? null;
    if (dLU) {
      const dA = matmul(constant(P), add(matmul(tril(dLU, -1), Uf), matmul(Lf, triu(dLU))));
      const dAX = matmul(dA, X);
      rhs = rhs ? sub(rhs, dAX) : mul(dAX, -1);
    }
    return [rhs ? (luSolveRule(LU, piv, rhs) as Var) : null];
  },
});

/**
 * Solves A·X = B from `luFactor(A)`'s `[LU, pivots]`, differentiable in LU and B (pivots are a
 * constant). B is a vector [n] or a stack [..., n, k] (batch axes broadcast). Accepts Tensors or
 * Vars.
 *
 * @example
 * const [LU, piv] = luFactor(variable(A));
 * const x = luSolve(LU, piv, b); // gradients reach A through LU
 */
export function luSolve(lu: T.Tensor, pivots: T.Tensor, b: T.Tensor): T.Tensor;
export function luSolve(lu: Input, pivots: Input, b: Input): Var;
export function luSolve(lu: Input, pivots: Input, b: Input): T.Tensor | Var {
  const piv = pivots instanceof T.Tensor ? pivots : asVar(pivots).value;
  if (lu instanceof T.Tensor && b instanceof T.Tensor) return L.luSolve(lu, piv, b);
  const LU = asVar(lu);
  let B = asVar(b);
  L.luSolve(LU.value, piv, B.value); // validates shapes and values with luSolve's messages
  const n = LU.shape[LU.ndim - 1]!;
  const vector = B.ndim === 1;
  if (vector) B = reshape(B, [n, 1]);
  const batch = T.broadcastShapes('luSolve', LU.shape.slice(0, -2), B.shape.slice(0, -2));
  const k = B.shape[B.ndim - 1]!;
  const LUb = sameBatch(LU, batch) ? LU : broadcastTo(LU, [...batch, n, n]);
  const Bb = sameBatch(B, batch) ? B : broadcastTo(B, [...batch, n, k]);
  const pivb = T.contiguous(T.broadcastTo(piv, [...batch, n]));
  const X = luSolveRule(LUb, constant(pivb), Bb) as Var;
  return vector ? reshape(X, X.shape.slice(0, -1)) : X;
}

function sameBatch(x: Var, batch: readonly number[]): boolean {
  const b = x.shape.slice(0, -2);
  return b.length === batch.length && b.every((d, i) => d === batch[i]);
}
