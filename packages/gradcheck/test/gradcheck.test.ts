import { type Var, exp, matmul, mul, sin, sum } from '@svd/tape';
import { randn, tensor } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { GradcheckError, assertGradcheck, gradcheck } from '../src/index.js';
import * as R from './rules.js';

const real3 = () => randn([3, 3], { seed: 1 });
const realB = () => randn([3, 3], { seed: 2 });
const cplx = (seed: number) => randn([2, 3], { seed, dtype: 'complex128' });

/** [name, function, inputs, index of an input the bug shows in] for each bug and its fix. */
const cases: [
  string,
  (...xs: Var[]) => Var | Var[],
  () => ReturnType<typeof randn>[],
  (...xs: Var[]) => Var | Var[],
  number,
][] = [
  ['sign error', (x) => R.sinSignError(x), () => [randn([4], { seed: 3 })], (x) => R.sinRule(x), 0],
  [
    'transposed cotangent',
    (a, b) => R.matmulTransposed(a, b),
    () => [real3(), realB()],
    (a, b) => R.matmulRule(a, b),
    0,
  ],
  ['missing product-rule term', (x) => R.xSinXMissingTerm(x), () => [randn([5], { seed: 4 })], (x) => R.xSinX(x), 0],
  ['wrong complex conjugation', (a, b) => R.cmulNoConj(a, b), () => [cplx(5), cplx(6)], (a, b) => R.cmul(a, b), 0],
  [
    'cotangent ignoring one output',
    (x) => R.squareAndTripleIgnoresSecond(x),
    () => [randn([3], { seed: 7 })],
    (x) => R.squareAndTriple(x),
    0,
  ],
];

describe('gradcheck catches wrong rules and passes their fixes', () => {
  for (const [name, wrong, inputs, right, bad] of cases) {
    it(`${name}: caught in full mode, with a table naming the input`, () => {
      const report = gradcheck(wrong, inputs());
      expect(report.ok).toBe(false);
      expect(report.inputs[bad]!.ok).toBe(false);
      expect(report.inputs[bad]!.maxAbsError).toBeGreaterThan(1e-2);
      expect(() => assertGradcheck(wrong, inputs())).toThrow(GradcheckError);
      try {
        assertGradcheck(wrong, inputs());
      } catch (e) {
        expect((e as GradcheckError).code).toBe('GRADCHECK');
        expect((e as Error).message).toMatch(new RegExp(`\\n${bad}\\s+\\| \\[[^\\n]*FAIL`));
      }
    });
    it(`${name}: the correct rule passes`, () => {
      const report = assertGradcheck(right, inputs());
      expect(report.ok).toBe(true);
      for (const r of report.inputs) expect(r.maxRelError).toBeLessThan(1e-6);
    });
  }

  it('the transposed cotangent is caught only in input 0 (B is right)', () => {
    const report = gradcheck((a, b) => R.matmulTransposed(a, b), [real3(), realB()]);
    expect(report.inputs.map((r) => r.ok)).toEqual([false, true]);
  });

  it('the wrong conjugation is caught through an imaginary part', () => {
    const report = gradcheck((a, b) => R.cmulNoConj(a, b), [cplx(5), cplx(6)]);
    expect(report.inputs[0]!.worstPart).not.toBeNull();
  });

  it('the ignored output is named as the worst output coordinate', () => {
    const report = gradcheck((x) => R.squareAndTripleIgnoresSecond(x), [randn([3], { seed: 7 })]);
    expect(report.inputs[0]!.worstOutput?.output).toBe(1);
    expect(report.inputs[0]!.analytic).toBe(0);
    expect(report.inputs[0]!.numeric).toBeCloseTo(3, 6);
  });
});

describe('gradcheck mechanics', () => {
  it('counts evaluations: 1 recorded + 2 per input coordinate (4 with Richardson)', () => {
    const f = (a: Var, b: Var) => matmul(a, b);
    expect(gradcheck(f, [real3(), realB()]).evaluations).toBe(1 + 2 * 18);
    expect(gradcheck(f, [real3(), realB()], { richardson: true }).evaluations).toBe(1 + 4 * 18);
    expect(gradcheck(f, [real3(), realB()]).pullbacks).toBe(9);
    expect(gradcheck(f, [cplx(1), randn([3, 2], { seed: 2, dtype: 'complex128' })]).evaluations).toBe(1 + 2 * 24);
  });

  it('Richardson extrapolation is more accurate on a curved function', () => {
    const f = (x: Var) => exp(mul(x, x));
    const x = [tensor([0.7, -1.3, 1.9])];
    const plain = gradcheck(f, x, { eps: 1e-3 });
    const rich = gradcheck(f, x, { eps: 1e-3, richardson: true });
    expect(rich.inputs[0]!.maxRelError).toBeLessThan(plain.inputs[0]!.maxRelError / 100);
  });

  it('checks only the inputs in wrt', () => {
    const report = gradcheck((a, b) => R.matmulTransposed(a, b), [real3(), realB()], { wrt: [1] });
    expect(report.ok).toBe(true);
    expect(report.inputs.map((r) => r.index)).toEqual([1]);
    expect(report.evaluations).toBe(1 + 2 * 9);
  });

  it('handles mixed real/complex inputs and several outputs', () => {
    const f = (x: Var, z: Var) => [mul(x, z), sum(sin(x))];
    const report = gradcheck(f, [randn([2, 3], { seed: 8 }), cplx(9)]);
    expect(report.ok).toBe(true);
  });

  it('refuses single precision with a clear error', () => {
    expect(() => gradcheck((x) => sin(x), [randn([3], { seed: 1, dtype: 'float32' })])).toThrow(
      /input 0 has dtype float32.*float64/,
    );
  });

  it('refuses functions that do not return Vars', () => {
    const bad = (() => [tensor([1])]) as unknown as (x: Var) => Var;
    expect(() => gradcheck(bad, [tensor([1])])).toThrow(/expected a Var/);
  });

  it('a tolerance of zero still passes exact linear functions and fails noisy ones', () => {
    expect(gradcheck((x) => mul(x, 2), [tensor([1, 2])], { eps: 2 ** -20, atol: 0, rtol: 0 }).ok).toBe(true);
    expect(gradcheck((x) => sin(x), [tensor([1, 2])], { atol: 0, rtol: 0 }).ok).toBe(false);
  });
});
