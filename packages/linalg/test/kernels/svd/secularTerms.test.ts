import { describe, expect, it } from 'vitest';
import {
  partials,
  poleTermSumAt,
  setAccumulatePoles,
  shiftAccumulatePoles,
} from '../../../src/kernels/svd/secularTerms.js';
import { mulberry32, sameBits } from '../../support/index.js';

// Four poles with exactly representable distances (d ± σ are small integers and halves), so the
// expected sums are exact rationals checked against their decimal values.
const d = Float64Array.of(0, 1, 3, 6);
const z = Float64Array.of(0.5, 0.5, 0.5, 0.5);

/** z²/((d + σ)(d − σ)) summed in the given order, with the running error sum. */
function reference(order: number[], sigma: number, errorStart: number): [number, number, number] {
  let value = 0;
  let slope = 0;
  let err = errorStart;
  for (const j of order) {
    const t = z[j]! / ((d[j]! + sigma) * (d[j]! - sigma));
    value += z[j]! * t;
    slope += t * t;
    err += value;
  }
  return [value, slope, err];
}

describe('secular terms: the fused set / shift + sum passes', () => {
  it('setAccumulatePoles stores d ∓ σ (origin + τ) and sums forward or backward', () => {
    const diff = new Float64Array(6);
    const sum = new Float64Array(6);
    const out = { diff, diffOffset: 2, sum, sumOffset: 1 };
    setAccumulatePoles(0, 2, 1, 0, d, 1, 0.5, z, out); // σ = 1.5, poles 0 and 1
    expect([...partials]).toEqual(reference([0, 1], 1.5, 0));
    expect([...diff.subarray(2, 4)]).toEqual([-1.5, -0.5]);
    expect([...sum.subarray(1, 3)]).toEqual([1.5, 2.5]);
    setAccumulatePoles(3, 1, -1, 0.25, d, 1, 0.5, z, out); // poles 3 then 2, error from 0.25
    expect([...partials]).toEqual(reference([3, 2], 1.5, 0.25));
    expect([...diff.subarray(4, 6)]).toEqual([1.5, 4.5]);
    expect([...sum.subarray(3, 5)]).toEqual([4.5, 7.5]);
    // ψ at σ = 1.5: 0.25/(1.5·−1.5) + 0.25/(2.5·−0.5) = −1/9 − 1/5
    setAccumulatePoles(0, 2, 1, 0, d, 1, 0.5, z, out);
    expect(partials[0]).toBeCloseTo(-14 / 45, 15);
  });

  it('shiftAccumulatePoles moves σ by η and sums at the new σ, as setting it afresh does', () => {
    const a = { diff: new Float64Array(4), diffOffset: 0, sum: new Float64Array(4), sumOffset: 0 };
    const b = { diff: new Float64Array(4), diffOffset: 0, sum: new Float64Array(4), sumOffset: 0 };
    setAccumulatePoles(0, 4, 1, 0, d, 1, 0.5, z, a);
    shiftAccumulatePoles(0, 4, 1, 0, 0.25, z, a); // σ = 1.75
    const shifted = [...partials];
    setAccumulatePoles(0, 4, 1, 0, d, 1, 0.75, z, b);
    expect(shifted).toEqual([...partials]);
    expect(shifted).toEqual(reference([0, 1, 2, 3], 1.75, 0));
    expect([...a.diff]).toEqual([...b.diff]);
    expect([...a.sum]).toEqual([...b.sum]);
  });

  it('poleTermSumAt sums the same terms without storing the distances', () => {
    expect(poleTermSumAt(0, 4, 1, d, 1, 0.5, z)).toBe(reference([0, 1, 2, 3], 1.5, 0)[0]);
    expect(poleTermSumAt(3, 0, -1, d, 1, 0.5, z)).toBe(reference([3, 2, 1], 1.5, 0)[0]);
    expect(poleTermSumAt(2, 2, 1, d, 1, 0.5, z)).toBe(0);
  });

  it('random, non-dyadic poles: the bits of the two-pass form (distances formed, then the terms summed)', () => {
    const rand = mulberry32(17);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + Math.floor(rand() * 40);
      const dd = Float64Array.from({ length: n }, () => rand() * 3);
      dd.sort();
      const zz = Float64Array.from({ length: n }, () => rand() - 0.5);
      const origin = dd[Math.floor(rand() * n)]!;
      const tau = (rand() - 0.5) * 1e-3;
      const eta = (rand() - 0.5) * 1e-4;
      const errorStart = rand();
      const [from, to, step] = rand() < 0.5 ? [0, n, 1] : [n - 1, -1, -1];
      // two passes, the operations of the fused ones written out: the distances, then the sums
      const diff = new Float64Array(n);
      const sum = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        diff[j] = dd[j]! - origin - tau;
        sum[j] = dd[j]! + origin + tau;
      }
      const sums = (): number[] => {
        let value = 0;
        let slope = 0;
        let err = errorStart;
        for (let j = from; j !== to; j += step) {
          const t = zz[j]! / (sum[j]! * diff[j]!);
          value += zz[j]! * t;
          slope += t * t;
          err += value;
        }
        return [value, slope, err];
      };
      const out = { diff: new Float64Array(n), diffOffset: 0, sum: new Float64Array(n), sumOffset: 0 };
      setAccumulatePoles(from, to, step, errorStart, dd, origin, tau, zz, out);
      expect(sameBits(partials, sums()), `set, trial ${trial}`).toBe(true);
      expect(sameBits(out.diff, diff) && sameBits(out.sum, sum)).toBe(true);
      for (let j = 0; j < n; j++) {
        sum[j] = sum[j]! + eta;
        diff[j] = diff[j]! - eta;
      }
      shiftAccumulatePoles(from, to, step, errorStart, eta, zz, out);
      expect(sameBits(partials, sums()), `shift, trial ${trial}`).toBe(true);
      expect(sameBits(out.diff, diff) && sameBits(out.sum, sum)).toBe(true);
    }
  });
});
