import { type Var, abs } from '@svd/tape';
import { randn } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { GradcheckError, assertRule, checkRule, formatRuleReport } from '../src/index.js';
import * as R from './rules.js';

const names = (r: ReturnType<typeof checkRule>) => Object.fromEntries(r.checks.map((c) => [c.name, c.ok]));
const sq = () => [randn([3, 3], { seed: 1 }), randn([3, 3], { seed: 2 })];
const cx = () => [randn([2, 2], { seed: 3, dtype: 'complex128' }), randn([2, 2], { seed: 4, dtype: 'complex128' })];

describe('checkRule', () => {
  it('passes correct rules', () => {
    const reports = [
      assertRule(R.sinRule, [randn([4], { seed: 1 })]),
      assertRule(R.matmulRule, sq()),
      assertRule(R.xSinX, [randn([4], { seed: 1 })]),
      assertRule(R.cmul, cx()),
      assertRule(R.squareAndTriple, [randn([3], { seed: 5 })]),
    ];
    for (const report of reports) {
      expect(report.ok).toBe(true);
      expect(names(report).determinism).toBe(true);
    }
  });

  it('catches each wrong pullback', () => {
    expect(checkRule(R.sinSignError, [randn([4], { seed: 1 })]).ok).toBe(false);
    expect(checkRule(R.matmulTransposed, sq()).ok).toBe(false);
    expect(checkRule(R.xSinXMissingTerm, [randn([4], { seed: 1 })]).ok).toBe(false);
    expect(checkRule(R.cmulNoConj, cx()).ok).toBe(false);
  });

  it('checks every subset of used outputs: an ignored output fails exactly the subsets using it', () => {
    const report = checkRule(R.squareAndTripleIgnoresSecond, [randn([3], { seed: 5 })]);
    expect(names(report)).toMatchObject({
      'pullback, outputs {0} used (others null)': true,
      'pullback, outputs {1} used (others null)': false,
      'pullback, outputs {0, 1} used (others null)': false,
    });
    expect(() => assertRule(R.squareAndTripleIgnoresSecond, [randn([3], { seed: 5 })])).toThrow(
      /checkRule: rule 'squareAndTripleIgnoresSecond': 2 of 5 checks failed[\s\S]*FAIL pullback, outputs \{1\}/,
    );
  });

  it('reports a wrongly shaped cotangent as a failed check with the rule message, not an exception', () => {
    const report = checkRule(R.wrongShape, [randn([3], { seed: 1 })]);
    const shape = report.checks.find((c) => c.name === 'pullback shapes and dtypes')!;
    expect(shape.ok).toBe(false);
    expect(shape.message).toContain("rule 'wrongShape'");
    expect(shape.message).toContain('expected [3]');
    expect(report.checks.find((c) => c.name.startsWith('pullback, outputs'))!.ok).toBe(false);
  });

  it('reports a nondeterministic forward', () => {
    const report = checkRule(R.nondeterministic, [randn([3], { seed: 1 })]);
    const det = report.checks.find((c) => c.name === 'determinism')!;
    expect(det.ok).toBe(false);
    expect(det.message).toMatch(/output 0 differs between two forward calls at \[0\]/);
  });

  it('applies an output transform before the loss', () => {
    // |x²| and |3x|: still a two-output loss, so both subsets are checked through the transform.
    const report = checkRule(R.squareAndTriple, [randn([3], { seed: 5 })], {
      outputTransform: (...o: Var[]) => o.map((v) => abs(v)),
    });
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toContain('pullback, transformed outputs {0, 1} used (others null)');
  });

  it('supports fast mode and refuses single precision', () => {
    const fast = checkRule(R.matmulTransposed, sq(), { fast: true });
    expect(fast.ok).toBe(false);
    expect(checkRule(R.matmulRule, sq(), { fast: true }).evaluations).toBeLessThan(
      checkRule(R.matmulRule, sq()).evaluations,
    );
    expect(() => checkRule(R.sinRule, [randn([3], { seed: 1, dtype: 'float32' })])).toThrow(GradcheckError);
  });

  it('formats a readable summary', () => {
    const text = formatRuleReport(checkRule(R.sinRule, [randn([2], { seed: 1 })]));
    expect(text).toBe(
      [
        "checkRule: rule 'sin': all 6 checks passed",
        'ok   determinism',
        'ok   pullback shapes and dtypes',
        'ok   pullback, outputs {0} used (others null)',
        'ok   jvp shapes and dtypes',
        'ok   jvp vs finite differences',
        'ok   jvp adjoint to pullback',
      ].join('\n'),
    );
  });
});
