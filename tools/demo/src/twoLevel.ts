import { eigvals, matrixExp } from '@svd/ops-svd';
import { type Var, abs, constant, grad, mul, slice, square, sum } from '@svd/tape';
import { type Tensor, complex, tensor, zeros } from '@svd/tensor';

export interface TwoLevelResult {
  /** (t, P(1→2) from exp(−iHt), Rabi's formula) for each time. */
  rabi: [t: number, p: number, exact: number][];
  /** ∂P/∂b at the last time through the tape, and its closed form. */
  dPdb: number;
  exactDPdb: number;
  /** Decay rates Γ = −2·Im λ of the leaky Hamiltonian H − (iγ/2)|2⟩⟨2|, and γ. */
  rates: number[];
  gamma: number;
}

const [a, b] = [0.3, 0.7];
const omega = Math.hypot(a, b);

/** P(1→2)(t) = |⟨2|exp(−iHt)|1⟩|² through ops-svd's matrixExp, differentiable in H. */
function transition(h: Var, t: number): Var {
  const minusIt = tensor([0, -t], { dtype: 'complex128' });
  return sum(square(abs(slice(matrixExp(mul(h, minusIt)), 1, 0))));
}

/** Rabi's formula b²/Ω²·sin²(Ωt) and its derivative in b (H₀₁ and H₁₀ move together). */
const rabi = (t: number) => ((b * b) / (omega * omega)) * Math.sin(omega * t) ** 2;
function rabiDb(t: number): number {
  const s = Math.sin(omega * t);
  return (
    ((2 * b) / omega ** 2) * s * s -
    ((2 * b ** 3) / omega ** 4) * s * s +
    ((2 * b ** 3 * t) / omega ** 3) * s * Math.cos(omega * t)
  );
}

/**
 * A physicist's two-level system: time evolution exp(−iHt) of H = [[a, b], [b, −a]] against
 * Rabi's formula, the gradient of the transition probability with respect to H (through the
 * matrix exponential's Fréchet derivative), and the complex spectrum of the leaky, non-Hermitian
 * H − (iγ/2)|2⟩⟨2| from `eigvals` (decay rates Γ = −2·Im λ, which sum to γ).
 */
export function twoLevelScenario(log: (line: string) => void): TwoLevelResult {
  const H: Tensor = complex(
    tensor([
      [a, b],
      [b, -a],
    ]),
    zeros([2, 2]),
  );
  log(`H = [[${a}, ${b}], [${b}, ${-a}]]; start in |1⟩; P(1→2)(t) = |⟨2|exp(−iHt)|1⟩|² against Rabi's formula`);
  const times = [0.5, 1, 1.9, 3];
  const table: TwoLevelResult['rabi'] = times.map((t) => [t, transition(constant(H), t).value.item(), rabi(t)]);
  for (const [t, p, exact] of table) {
    log(
      `  t = ${t.toFixed(1)}  P = ${p.toFixed(12)}  Rabi ${exact.toFixed(12)}  |Δ| ${Math.abs(p - exact).toExponential(1)}`,
    );
  }
  const t = times[times.length - 1]!;
  const g = grad((h: Var) => transition(h, t))(H).value.toTypedArray(); // real parts are ∂P/∂Hᵢⱼ
  const dPdb = g[2]! + g[4]!;
  log(`∂P/∂b at t = ${t} through exp(−iHt): ${dPdb.toFixed(12)} (closed form ${rabiDb(t).toFixed(12)})`);

  const gamma = 0.4;
  const leaky = complex(
    tensor([
      [a, b],
      [b, -a],
    ]),
    tensor([
      [0, 0],
      [0, -gamma / 2],
    ]),
  );
  const w = eigvals(leaky).toTypedArray();
  const rates = [-2 * w[1]!, -2 * w[3]!];
  log(
    `leaky H − (iγ/2)|2⟩⟨2|, γ = ${gamma}: eigvals ${w[0]!.toFixed(6)}${w[1]! < 0 ? '−' : '+'}${Math.abs(w[1]!).toFixed(6)}i, ${w[2]!.toFixed(6)}${w[3]! < 0 ? '−' : '+'}${Math.abs(w[3]!).toFixed(6)}i; decay rates Γ = ${rates.map((r) => r.toFixed(6)).join(', ')} (sum ${(rates[0]! + rates[1]!).toFixed(12)} = γ)`,
  );
  return { rabi: table, dPdb, exactDPdb: rabiDb(t), rates, gamma };
}
