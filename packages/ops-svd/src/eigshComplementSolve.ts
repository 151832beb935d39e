import * as T from '@svd/tensor';
import { type Var, defineRule } from '@svd/tape';
import type { PlainOperator } from './krylovOperator.js';
import { shiftedMinres } from './shiftedMinres.js';
import type { SvdsSolveSettings } from './svdsComplementSolve.js';

/** (I − QQᴴ)·Y, applied, never formed. */
function perp(Q: T.Tensor, Y: T.Tensor): T.Tensor {
  return T.sub(Y, T.matmul(Q, T.matmul(T.adjoint(Q), Y)));
}

/**
 * The complement part of the truncated Hermitian eigendecomposition's reverse rule: with V (n×p)
 * the kept eigenvectors (p ≥ k, a degenerate block cut by k completed), Q⊥ = I − VVᴴ and
 * A⊥ = Q⊥AQ⊥, column i solves (λᵢ − A⊥)·xᵢ = rᵢ, rᵢ = Q⊥v̄ᵢ — Hermitian, indefinite for
 * 'largestMagnitude', so MINRES, with applications of A only (KrylovKit.jl's `eigsolve` rrule
 * solves the same systems). On span(V) the matrix is λᵢ·I (0 where λᵢ = 0, which a projected
 * right-hand side never reaches), so the map r ↦ x is defined on the whole space.
 */
export function solveEigshSystem(
  A: PlainOperator,
  V: T.Tensor,
  w: Float64Array,
  r: T.Tensor,
  st: SvdsSolveSettings,
): T.Tensor {
  const c = perp(V, r);
  const [x] = shiftedMinres(
    {
      apply: ([z]) => [perp(V, A.apply(z!))], // z stays in the complement; A·V = V·diag(w) is removed by Q⊥
      shifts: w,
      tol: st.tol,
      maxIter: st.maxIter,
      op: st.op,
    },
    [c],
  );
  const inv = T.tensor(
    w.map((v) => (v === 0 ? 0 : 1 / v)),
    { shape: [1, w.length], dtype: T.realDType(V.dtype) },
  );
  return T.add(x!, T.mul(T.sub(r, c), inv));
}

function denseOf(A: T.Tensor): PlainOperator {
  return { m: A.shape[0]!, n: A.shape[1]!, dtype: A.dtype, apply: (x) => T.matmul(A, x), applyAdjoint: (x) => x };
}

/**
 * (A, V, w, r) ↦ X as a tape rule for a dense A, differentiable once more by the implicit-function
 * rule: ξ = M⁻¹X̄ (one more solve; M is Hermitian), r̄ = ξ, and with a = Q⊥ξ, b = Q⊥x,
 *   Ā = a·bᴴ,  w̄ᵢ = −Re(ξᵢᴴxᵢ),  V̄ = −(ξ·pᴴ + p·ξᴴ + x·qᴴ + q·xᴴ)·V, p = A·b, q = Aᴴ·a.
 * The backward returns plain tensors (a third derivative through it is refused by the tape).
 */
function makeRule(st: SvdsSolveSettings) {
  return defineRule({
    name: 'eigshComplementSolve',
    forward: (A: T.Tensor, V: T.Tensor, w: T.Tensor, r: T.Tensor) =>
      solveEigshSystem(denseOf(A), V, Float64Array.from(w.toTypedArray(false)), r, st),
    backward: ([gX], ctx) => {
      if (!gX) return [null, null, null, null];
      const [Av, Vv, wv] = ctx.inputs;
      const A = Av!.value;
      const V = Vv!.value;
      const x = ctx.outputs[0].value;
      const xi = solveEigshSystem(denseOf(A), V, Float64Array.from(wv!.value.toTypedArray(false)), gX.value, st);
      const a = perp(V, xi);
      const b = perp(V, x);
      const outer = (p: T.Tensor, q: T.Tensor) => T.matmul(p, T.adjoint(q));
      const sym = (p: T.Tensor, q: T.Tensor) => T.add(outer(p, q), outer(q, p));
      const gV = T.neg(T.matmul(T.add(sym(xi, T.matmul(A, b)), sym(x, T.matmul(T.adjoint(A), a))), V));
      const gw = T.neg(T.sum(T.real(T.mul(T.conj(xi), x)), { axes: 0 }));
      return [outer(a, b), gV, gw, xi];
    },
  });
}

const rules = new Map<string, ReturnType<typeof makeRule>>();

/** The eigsh complement solve on Vars (dense A), differentiable once more. */
export function eigshComplementSolve(A: Var, V: Var, w: Var, r: Var, st: SvdsSolveSettings): Var {
  const key = JSON.stringify(st);
  let rule = rules.get(key);
  if (!rule) {
    rule = makeRule(st);
    rules.set(key, rule);
  }
  return rule(A, V, w, r) as Var;
}
