import { flushGaugeWarnings, setGaugeWarningHandler } from '@svd/ops-svd';
import { type Var, valueAndGrad } from '@svd/tape';
import { scalar } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { type StepInfo, trgLnZ } from '../src/trg.js';
import { renormalizeKrylov } from '../src/trgKrylov.js';

describe('TRG with svds on the contraction operators (χ = 24, 6 steps)', () => {
  it('gives the dense path’s ln Z and, by AD through the truncated svds rule, its energy', () => {
    const seen: string[] = [];
    const prev = setGaugeWarningHandler((m) => seen.push(m));
    try {
      const chi = 24;
      const steps = 6;
      const beta = 0.4;
      const dense: StepInfo[] = [];
      const krylov: StepInfo[] = [];
      const [lnZ, dlnZ] = valueAndGrad((b: Var) => trgLnZ(b, { chi, steps, info: dense }))(scalar(beta));
      const [lnZk, dlnZk] = valueAndGrad((b: Var) => trgLnZ(b, { chi, steps, info: krylov, step: renormalizeKrylov }))(
        scalar(beta),
      );
      flushGaugeWarnings();
      // The last step truncates 256 → 24 (the cut is not degenerate here), the others are exact.
      expect(krylov.map((s) => s.bond)).toEqual([2, 4, 4, 16, 16, 24]);
      expect(dense.map((s) => s.bond)).toEqual([2, 4, 4, 16, 16, 24]);
      expect(Math.abs(lnZk.item() - lnZ.item())).toBeLessThan(1e-12);
      // E/N = −∂(ln Z/N)/∂β: the svds rule (complement by MINRES) against the dense truncated rule.
      expect(Math.abs(dlnZk.item() - dlnZ.item())).toBeLessThan(1e-10);
      expect(seen.length).toBeLessThanOrEqual(1);
    } finally {
      setGaugeWarningHandler(prev);
    }
  });
});
