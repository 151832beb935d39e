import * as T from '@svd/tensor';
import { type Var, defineRule } from '@svd/tape';
import { type PlainOperator, plainFromDense as denseOf } from './krylovOperator.js';
import { shiftedMinres } from './shiftedMinres.js';

/**
 * The complement part of the truncated SVD's reverse rule (the coupling to the discarded part of
 * A). With U (m×p), V (n×p) the kept singular vectors (p ≥ k: degenerate ones beyond the cut are
 * kept too), P⊥ = I − UUᴴ, Q⊥ = I − VVᴴ and A⊥ = P⊥AQ⊥, column i (i < k) solves
 *
 *   sᵢ·xᵢ − A⊥·yᵢ = rᵤᵢ,   sᵢ·yᵢ − A⊥ᴴ·xᵢ = rᵥᵢ
 *
 * (X·S − A⊥·Y = Ū⊥, Y·S − A⊥ᴴ·X = V̄⊥ for rᵤ = (I − UUᴴ)Ū, rᵥ = (I − VVᴴ)V̄). The stacked matrix
 * [[sᵢ, −A⊥], [−A⊥ᴴ, sᵢ]] is Hermitian with eigenvalues sᵢ ± σ (σ the discarded singular values) and
 * sᵢ, so MINRES solves each column with applications of A and Aᴴ only; it is positive definite
 * when sᵢ > s_{p+1}. This is the system of KrylovKit.jl's `svdsolve` rrule (J. Haegeman et al.;
 * Francuz, Schuch, Vanhecke, "Stable and efficient differentiation of tensor network algorithms",
 * PRR 7, 013237 (2025)), written anew here. On span(U) × span(V) the stacked matrix is sᵢ·I, so the map
 * r ↦ z is defined on the whole space — which the second-order rule below uses.
 */
export interface SvdsSolveSettings {
  readonly tol: number;
  readonly maxIter: number;
  readonly op: string;
}

/** (I − QQᴴ)·Y, applied, never formed. */
function perp(Q: T.Tensor, Y: T.Tensor): T.Tensor {
  return T.sub(Y, T.matmul(Q, T.matmul(T.adjoint(Q), Y)));
}

/** z = M⁻¹ r on the whole space: MINRES on the complement, 1/sᵢ on span(U) × span(V). */
export function solveSvdsSystem(
  A: PlainOperator,
  U: T.Tensor,
  V: T.Tensor,
  s: Float64Array,
  ru: T.Tensor,
  rv: T.Tensor,
  st: SvdsSolveSettings,
): [T.Tensor, T.Tensor] {
  const cu = perp(U, ru);
  const cv = perp(V, rv);
  const [x, y] = shiftedMinres(
    {
      // P⊥·A·y for y in the complement: the iterates stay there, and a rounding component along V
      // is mapped by A to U·S·(Vᴴy), which P⊥ removes — so no projection of the input is needed.
      apply: ([a, b]) => [perp(U, A.apply(b!)), perp(V, A.applyAdjoint(a!))],
      shifts: s,
      tol: st.tol,
      maxIter: st.maxIter,
      op: st.op,
    },
    [cu, cv],
  ) as [T.Tensor, T.Tensor];
  const inv = T.tensor(
    s.map((v) => (v === 0 ? 0 : 1 / v)),
    { shape: [1, s.length], dtype: T.realDType(U.dtype) },
  );
  // Span parts (zero in the first-order rule, where r is already projected).
  const su = T.mul(T.sub(ru, cu), inv);
  const sv = T.mul(T.sub(rv, cv), inv);
  return [T.add(x, su), T.add(y, sv)];
}

/**
 * (A, U, V, s, rᵤ, rᵥ) ↦ (X, Y) as a tape rule for a dense A, so the truncated SVD's backward can be
 * differentiated again (hvp). Its own backward is the implicit-function rule: with z̄ = (X̄, Ȳ),
 * (ξ, η) = M⁻¹ z̄ (M is Hermitian: one more solve), r̄ = (ξ, η) and θ̄ = −∂θ Re⟨(ξ, η), M(θ)(x, y)⟩,
 * written out below with a = P⊥ξ, b = Q⊥y, c = P⊥x, d = Q⊥η:
 *   Ā = a·bᴴ + c·dᴴ,  s̄ᵢ = −Re(ξᵢᴴxᵢ + ηᵢᴴyᵢ),
 *   Ū = −(ξ·w₁ᴴ + w₁·ξᴴ + x·w₂ᴴ + w₂·xᴴ)·U, w₁ = A·b, w₂ = A·d,
 *   V̄ = −(y·z₁ᴴ + z₁·yᴴ + η·z₂ᴴ + z₂·ηᴴ)·V, z₁ = Aᴴ·a, z₂ = Aᴴ·c.
 * That backward returns plain tensors: third derivatives through it are refused by the tape.
 */
function makeRule(st: SvdsSolveSettings) {
  return defineRule({
    name: 'svdsComplementSolve',
    forward: (A: T.Tensor, U: T.Tensor, s: T.Tensor, V: T.Tensor, ru: T.Tensor, rv: T.Tensor) => {
      const sv = Float64Array.from(s.toTypedArray(false));
      return solveSvdsSystem(denseOf(A), U, V, sv, ru, rv, st);
    },
    backward: ([gX, gY], ctx) => {
      const [Av, Uv, sVar, Vv] = ctx.inputs;
      const [X, Y] = ctx.outputs;
      const A = Av!.value;
      const U = Uv!.value;
      const V = Vv!.value;
      const x = X.value;
      const y = Y.value;
      const zx = gX?.value ?? T.zeros(x.shape, { dtype: x.dtype });
      const zy = gY?.value ?? T.zeros(y.shape, { dtype: y.dtype });
      const s = Float64Array.from(sVar!.value.toTypedArray(false));
      const [xi, eta] = solveSvdsSystem(denseOf(A), U, V, s, zx, zy, st);
      const a = perp(U, xi);
      const b = perp(V, y);
      const c = perp(U, x);
      const d = perp(V, eta);
      const Ah = T.adjoint(A);
      const outer = (p: T.Tensor, q: T.Tensor) => T.matmul(p, T.adjoint(q));
      const gA = T.add(outer(a, b), outer(c, d));
      const w1 = T.matmul(A, b);
      const w2 = T.matmul(A, d);
      const z1 = T.matmul(Ah, a);
      const z2 = T.matmul(Ah, c);
      const sym = (p: T.Tensor, q: T.Tensor) => T.add(outer(p, q), outer(q, p));
      const gU = T.neg(T.matmul(T.add(sym(xi, w1), sym(x, w2)), U));
      const gV = T.neg(T.matmul(T.add(sym(y, z1), sym(eta, z2)), V));
      const dots = T.add(
        T.sum(T.real(T.mul(T.conj(xi), x)), { axes: 0 }),
        T.sum(T.real(T.mul(T.conj(eta), y)), { axes: 0 }),
      );
      return [gA, gU, T.neg(dots), gV, xi, eta];
    },
  });
}

const rules = new Map<string, ReturnType<typeof makeRule>>();

/** The complement solve on Vars (dense A), differentiable once more through its implicit rule. */
export function svdsComplementSolve(
  A: Var,
  U: Var,
  s: Var,
  V: Var,
  ru: Var,
  rv: Var,
  st: SvdsSolveSettings,
): [Var, Var] {
  const key = JSON.stringify(st);
  let r = rules.get(key);
  if (!r) {
    r = makeRule(st);
    rules.set(key, r);
  }
  return r(A, U, s, V, ru, rv) as [Var, Var];
}
