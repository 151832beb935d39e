import { flushGaugeWarnings, setGaugeWarningHandler } from '@svd/ops-svd';
import { scalar } from '@svd/tensor';
import { type Var, grad, valueAndGrad } from '@svd/tape';
import { describe, expect, it } from 'vitest';
import { onsagerEnergy, onsagerLnZ, onsagerSpecificHeat } from '../src/onsager.js';
import { isingPoint } from '../src/isingSweep.js';
import { type StepInfo, trgLnZ } from '../src/trg.js';

/** ln Z, ⟨E⟩ and C per site of the L×L periodic Ising model by enumerating every configuration. */
function bruteForceTorus(L: number, beta: number): { lnZ: number; energy: number; specificHeat: number } {
  const N = L * L;
  // Energies are integers in [−2N, 2N]: histogram them, then sum with a shift for stability.
  const counts = new Map<number, number>();
  for (let c = 0; c < 1 << N; c++) {
    let e = 0;
    for (let i = 0; i < L; i++) {
      for (let j = 0; j < L; j++) {
        const s = (c >> (i * L + j)) & 1 ? 1 : -1;
        const r = (c >> (i * L + ((j + 1) % L))) & 1 ? 1 : -1;
        const d = (c >> (((i + 1) % L) * L + j)) & 1 ? 1 : -1;
        e -= s * r + s * d;
      }
    }
    counts.set(e, (counts.get(e) ?? 0) + 1);
  }
  const emin = Math.min(...counts.keys());
  let z = 0;
  let e1 = 0;
  let e2 = 0;
  for (const [e, n] of counts) {
    const w = n * Math.exp(-beta * (e - emin));
    z += w;
    e1 += w * e;
    e2 += w * e * e;
  }
  const mean = e1 / z;
  return {
    lnZ: (Math.log(z) - beta * emin) / N,
    energy: mean / N,
    specificHeat: (beta * beta * (e2 / z - mean * mean)) / N,
  };
}

describe('TRG of the 2D Ising model', () => {
  it('is exact on the 4×4 torus (4 steps, no truncation): ln Z, E and C against enumeration', () => {
    for (const beta of [0.3, 0.44, 0.6]) {
      const f = (b: Var) => trgLnZ(b, { chi: 16, steps: 4 });
      const [lnZ, d1] = valueAndGrad(f)(scalar(beta));
      const d2 = grad((b: Var) => grad(f)(b))(scalar(beta));
      const exact = bruteForceTorus(4, beta);
      expect(lnZ.item()).toBeCloseTo(exact.lnZ, 12);
      expect(-d1.item()).toBeCloseTo(exact.energy, 10);
      expect(beta * beta * d2.item()).toBeCloseTo(exact.specificHeat, 8);
    }
  });

  it('follows the 2 → 2 → 4 → 4 → 16 bond-dimension sequence through exact rank drops', () => {
    const info: StepInfo[] = [];
    trgLnZ(0.3, { chi: 16, steps: 6, info });
    expect(info.map((s) => s.bond)).toEqual([2, 4, 4, 16, 16, 16]);
  });

  it('approaches Onsager at χ = 8 away from β_c', () => {
    for (const beta of [0.3, 0.5]) {
      const f = (b: Var) => trgLnZ(b, { chi: 8, steps: 20 });
      const [lnZ, d1] = valueAndGrad(f)(scalar(beta));
      expect(Math.abs(lnZ.item() - onsagerLnZ(beta)) / onsagerLnZ(beta)).toBeLessThan(2e-5);
      expect(Math.abs(-d1.item() - onsagerEnergy(beta))).toBeLessThan(2e-4);
    }
  });

  it('has AD derivatives equal to finite differences of its own ln Z (χ = 8, 12 steps)', () => {
    // Comparing with Onsager alone cannot see a missing truncation correction (trg.md §5): the
    // decisive check is AD against FD of the same TRG.
    const chi = 8;
    const steps = 12;
    const f = (b: Var) => trgLnZ(b, { chi, steps });
    for (const beta of [0.35, 0.5]) {
      const h = 1e-5;
      const fd1 = (trgLnZ(beta + h, { chi, steps }).item() - trgLnZ(beta - h, { chi, steps }).item()) / (2 * h);
      const ad1 = grad(f)(scalar(beta)).item();
      expect(Math.abs(ad1 - fd1)).toBeLessThan(1e-8);
      const g = (b: number) => grad(f)(scalar(b)).item();
      const fd2 = (g(beta + h) - g(beta - h)) / (2 * h);
      const ad2 = grad((b: Var) => grad(f)(b))(scalar(beta)).item();
      expect(Math.abs(ad2 - fd2)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd2)));
    }
  });
});

describe('TRG with the default gauge policy', () => {
  it('prints at most one gauge warning per flush, i.e. per derivative here (χ = 8, 12 steps, E and C at β = 0.4)', () => {
    const seen: string[] = [];
    const prev = setGaugeWarningHandler((message) => seen.push(message));
    try {
      const f = (b: Var) => trgLnZ(b, { chi: 8, steps: 12 });
      grad(f)(scalar(0.4));
      flushGaugeWarnings();
      expect(seen.length).toBeLessThanOrEqual(1);
      const afterFirst = seen.length;
      grad((b: Var) => grad(f)(b))(scalar(0.4));
      flushGaugeWarnings();
      expect(seen.length - afterFirst).toBeLessThanOrEqual(1);
      // The second-order pass meets degenerate blocks whose S̄ differs (the check cannot judge
      // them): they arrive aggregated into one line, not one line per block.
      expect(seen.length).toBeGreaterThanOrEqual(1);
      for (const m of seen) expect(m).toMatch(/gauge check: \d+ reports? since the last flush/);
      for (const m of seen) expect(m).not.toMatch(/\n/);
    } finally {
      setGaugeWarningHandler(prev);
    }
  });
});

describe('isingPoint', () => {
  it('reports progress that only grows, through every RG step of both forward passes, and ends at 1', () => {
    const seen: number[] = [];
    const p = isingPoint(0.4, 4, 6, (f) => seen.push(f));
    // 6 steps in each of the two forward passes, plus the end of each reverse pass.
    expect(seen).toHaveLength(6 + 1 + 6 + 1);
    expect(seen.every((f, i) => f > 0 && f <= 1 && (i === 0 || f > seen[i - 1]!))).toBe(true);
    expect(seen.at(-1)).toBe(1);
    // The same numbers with or without a progress callback.
    const q = isingPoint(0.4, 4, 6);
    expect([p.lnZ, p.energy, p.specificHeat]).toEqual([q.lnZ, q.energy, q.specificHeat]);
  });
});

describe('Onsager reference values', () => {
  it('matches the closed forms and trg.md checkpoints', () => {
    expect(onsagerSpecificHeat(0.1)).toBeCloseTo(0.0210223, 6);
    expect(onsagerSpecificHeat(0.4406868)).toBeCloseTo(8.612, 3);
    expect(onsagerEnergy(Math.log(1 + Math.SQRT2) / 2)).toBeCloseTo(-Math.SQRT2, 10);
    // scipy.integrate.quad of the 1D form at β = 0.4: 0.8793638207749138
    expect(onsagerLnZ(0.4)).toBeCloseTo(0.8793638207749138, 12);
  });
});
