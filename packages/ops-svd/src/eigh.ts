import * as L from '@svd/linalg';
import * as T from '@svd/tensor';
import {
  type RuleContext,
  type Var,
  add,
  adjoint,
  defineRule,
  diagEmbed,
  diagonal,
  matmul,
  mul,
  real,
  sub,
  unsqueeze,
} from '@svd/tape';
import { type GaugeMode, reportGauge } from './gaugePolicy.js';
import { hermitianPart } from './hermitianCotangent.js';
import { antiHermitian } from './matrixHelpers.js';
import { maskedReciprocal, spectralScale } from './spectralMasks.js';
import { checkChoiceOption, checkOptionKeys, checkTensorOrVar, checkToleranceOption } from './checkArgs.js';

export interface EighOptions {
  /** Which triangle the forward reads (default 'L'). */
  uplo?: 'L' | 'U';
  /** |λⱼ − λᵢ| ≤ degeneracyRtol·max|λ| marks a degenerate pair. Default ε^(3/4). */
  degeneracyRtol?: number;
  gauge?: GaugeMode;
  gaugeRtol?: number;
}

interface Resolved {
  uplo: 'L' | 'U';
  degeneracyRtol: number;
  gauge: GaugeMode;
  gaugeRtol: number;
}

function resolve(o: EighOptions, dtype: T.DType, op = 'eigh'): Resolved {
  checkOptionKeys(op, o, ['uplo', 'degeneracyRtol', 'gauge', 'gaugeRtol']);
  checkChoiceOption(op, 'uplo', o.uplo, ['L', 'U']);
  checkChoiceOption(op, 'gauge', o.gauge, ['off', 'warn', 'throw']);
  checkToleranceOption(op, 'degeneracyRtol', o.degeneracyRtol);
  checkToleranceOption(op, 'gaugeRtol', o.gaugeRtol);
  return {
    uplo: o.uplo ?? 'L',
    degeneracyRtol: o.degeneracyRtol ?? T.epsOf(dtype) ** 0.75,
    gauge: o.gauge ?? 'warn',
    gaugeRtol: o.gaugeRtol ?? 1e-6,
  };
}

/** G with Gᵢⱼ = 1/(λⱼ − λᵢ), 0 on the diagonal and inside degenerate blocks. */
function inverseGaps(W: Var, o: Resolved): Var {
  const scale = spectralScale(W.value);
  return maskedReciprocal(sub(unsqueeze(W, -2), unsqueeze(W, -1)), T.mul(scale, o.degeneracyRtol));
}

/**
 * Flags (Jₐ)ᵢⱼ on degenerate pairs (the diagonal included: i·Im Jᵢᵢ is the phase dependence of a
 * complex eigenvector), relative to the cotangent's own scale max|J| — as the SVD check does. (Not
 * relative to max|Jₐ|: for a gauge-invariant complex loss Jₐ is pure rounding noise, and noise
 * measured against itself is O(1).)
 */
export function checkGauge(
  W: T.Tensor,
  J: T.Tensor,
  Ja: T.Tensor,
  o: Pick<Resolved, 'degeneracyRtol' | 'gauge' | 'gaugeRtol'>,
  op = 'eigh',
): void {
  if (o.gauge === 'off') return;
  const k = W.shape[W.ndim - 1]!;
  // An empty batch (or 0×0 matrices) has no eigenvectors and nothing to check; max would have no identity.
  if (W.size === 0) return;
  const ref = T.max(T.abs(J)).item();
  if (!(ref > 0)) return;
  const w = W.toTypedArray(false);
  const a = T.abs(Ja).toTypedArray(false);
  let worst = 0;
  for (let b = 0; b < w.length / k; b++) {
    let wmax = 0;
    for (let i = 0; i < k; i++) wmax = Math.max(wmax, Math.abs(w[b * k + i]!));
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        if (Math.abs(w[b * k + i]! - w[b * k + j]!) <= o.degeneracyRtol * wmax) {
          worst = Math.max(worst, a[(b * k + i) * k + j]! / ref);
        }
      }
    }
  }
  reportGauge(o.gauge, op, 'the phase or the basis of degenerate eigenvectors', worst, o.gaugeRtol);
}

/**
 * Ā = V (diag(W̄) + Jₐ∘G) Vᴴ with J = VᴴV̄, returned as a Hermitian matrix (see hermitianPart).
 * Degenerate blocks contribute 0 (exact for gauge-invariant losses); only-W̄ costs V diag(W̄) Vᴴ.
 */
function backward(
  o: Resolved,
  cts: readonly [Var | null, Var | null],
  ctx: RuleContext<unknown, readonly [Var, Var]>,
): (Var | null)[] {
  const [W, V] = ctx.outputs;
  const [gW, gV] = cts;
  let inner: Var | null = gW ? diagEmbed(gW) : null;
  if (gV) {
    const J = matmul(adjoint(V), gV);
    const Ja = antiHermitian(J);
    checkGauge(W.value, J.value, Ja.value, o);
    const term = mul(Ja, inverseGaps(W, o));
    inner = inner ? add(inner, term) : term;
  }
  if (!inner) return [null];
  return [hermitianPart(matmul(matmul(V, inner), adjoint(V)))];
}

/** dW = Re diag(Vᴴ dA V), dV = V (G∘(Vᴴ dA V)) for a Hermitian tangent dA. */
function jvp(
  o: Resolved,
  tangents: readonly (Var | null)[],
  ctx: RuleContext<unknown, readonly [Var, Var]>,
): (Var | null)[] {
  const [dA] = tangents;
  if (!dA) return [null, null];
  const [W, V] = ctx.outputs;
  const dP = matmul(matmul(adjoint(V), hermitianPart(dA)), V);
  const dW = real(diagonal(dP));
  const G = inverseGaps(W, o);
  // Gᵢⱼ = 1/(λⱼ − λᵢ) multiplies (VᴴdAV)ᵢⱼ: the standard first-order perturbation of eigenvectors.
  return [dW, matmul(V, mul(G, dP))];
}

const cache = new Map<string, ReturnType<typeof makeRule>>();

function makeRule(o: Resolved) {
  return defineRule({
    name: 'eigh',
    forward: (a: T.Tensor) => L.eigh(a, { uplo: o.uplo }),
    backward: (cts, ctx) => backward(o, cts, ctx),
    jvp: (ts, ctx) => jvp(o, ts, ctx),
  });
}

function ruleFor(o: Resolved) {
  const key = JSON.stringify(o);
  let r = cache.get(key);
  if (!r) {
    r = makeRule(o);
    cache.set(key, r);
  }
  return r;
}

/**
 * Eigen-decomposition of a Hermitian matrix: [W ascending, V] with A = V diag(W) Vᴴ. The forward
 * reads only the `uplo` triangle; the cotangent is the Hermitian one (PyTorch/JAX convention).
 *
 * @example
 * const [W, V] = eigh(variable(A));
 * backward(sum(W)); // A.grad = I (the trace)
 */
export function eigh(x: T.Tensor, options?: EighOptions): [T.Tensor, T.Tensor];
export function eigh(x: Var, options?: EighOptions): [Var, Var];
export function eigh(x: T.Tensor | Var, options: EighOptions = {}): [T.Tensor, T.Tensor] | [Var, Var] {
  checkTensorOrVar('eigh', 'the input', x);
  const o = resolve(options, x.dtype);
  if (T.isTensor(x)) return L.eigh(x, { uplo: o.uplo });
  return ruleFor(o)(x) as [Var, Var];
}

/**
 * Eigenvalues only (ascending) of a Hermitian matrix; the gradient of a loss of W is V diag(W̄) Vᴴ.
 * Accepts a Tensor or a Var, like `eigh`.
 *
 * @example
 * const H = variable(tensor([[2, 1], [1, 2]]));
 * backward(max(eigvalsh(H))); // H.grad = v·vᵀ for the top eigenvector v
 */
export function eigvalsh(x: T.Tensor, options?: EighOptions): T.Tensor;
export function eigvalsh(x: Var, options?: EighOptions): Var;
export function eigvalsh(x: T.Tensor | Var, options: EighOptions = {}): T.Tensor | Var {
  checkTensorOrVar('eigvalsh', 'the input', x);
  const o = resolve(options, x.dtype, 'eigvalsh');
  if (T.isTensor(x)) return L.eigvalsh(x, { uplo: o.uplo });
  return eigh(x, options)[0];
}
