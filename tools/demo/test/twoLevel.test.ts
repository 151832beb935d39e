/** The demo's two-level section: Rabi's formula, ∂P/∂b in closed form, decay rates summing to γ. */
import { describe, expect, it } from 'vitest';
import { twoLevelScenario } from '../src/twoLevel.js';

describe('two-level system (demo section 1b)', () => {
  const lines: string[] = [];
  const r = twoLevelScenario((l) => lines.push(l));
  it('P(1→2)(t) from exp(−iHt) equals Rabi’s formula', () => {
    for (const [, p, exact] of r.rabi) expect(Math.abs(p - exact)).toBeLessThan(1e-14);
  });
  it('∂P/∂b through the matrix exponential equals the closed form', () => {
    expect(Math.abs(r.dPdb - r.exactDPdb)).toBeLessThan(1e-13);
  });
  it('the leaky Hamiltonian’s decay rates are positive and sum to γ (trace)', () => {
    expect(r.rates.every((x) => x > 0)).toBe(true);
    expect(Math.abs(r.rates[0]! + r.rates[1]! - r.gamma)).toBeLessThan(1e-14);
  });
  it('prints one line per time, the gradient and the spectrum — no gauge lines', () => {
    expect(lines).toHaveLength(1 + r.rabi.length + 2);
    expect(lines.some((l) => /gauge/i.test(l))).toBe(false);
  });
});
