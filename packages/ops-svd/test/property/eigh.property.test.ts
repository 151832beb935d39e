/**
 * Property tests of eigh / eigvalsh (Hermitian input, read through hermitianPart as the README's
 * convention says) and eig / eigvals (general input with separated real eigenvalues): random sizes,
 * batches and all four dtypes, through gauge-invariant views of the eigenvectors (projectors, |V|,
 * and V·diag(W²)·V⁻¹ for eig) — see ./support.ts for what each check covers.
 */
import { absValues, gradcheck, gradgradcheck } from '@svd/gradcheck';
import { eig, eigh, eigvals, eigvalsh, hermitianPart, inv } from '@svd/ops-svd';
import { type Var, abs, add, adjoint, matmul, mul, real, slice, square, sum, unsqueeze, variable } from '@svd/tape';
import * as T from '@svd/tensor';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { asRule, specOf } from '../helpers.js';
import {
  DOUBLE,
  cases,
  expectRule,
  expectSingleMatchesDouble,
  forAll,
  hermitianSeparated,
  isDouble,
  outputMask,
  separatedNonNormal,
} from './support.js';

const list = (...o: Var[]) => o;

/** V₁·V₁ᴴ with V₁ the first j columns (j = 0: the eigenvectors are not looked at). */
function leadingProjector(V: Var, j: number): Var {
  const V1 = slice(V, ...V.shape.slice(0, -1).map(() => null), [0, Math.max(j, 1)]);
  const P = matmul(V1, adjoint(V1));
  return j === 0 ? mul(P, 0) : P;
}

describe('eigh', () => {
  test('random sizes and dtypes: checkRule (eigenvalues and projectors) in double, single against double', () => {
    const arb = fc.record({ c: cases({ shape: 'square' }), mask: outputMask(2), j: fc.integer({ min: 1, max: 3 }) });
    forAll(arb, 10, ({ c, mask, j }) => {
      const A = hermitianSeparated(c);
      // The projector onto the first j < n eigenvectors (all n would give I and hide V's derivative).
      const view = (W: Var, V: Var) => [W, leadingProjector(V, Math.min(j, c.m - 1))];
      if (isDouble(c.dtype)) {
        const rule = asRule(specOf(eigh(variable(A), { gauge: 'off' })[0]), true);
        expectRule(rule, [A], { outputTransform: view, seed: c.seed });
      } else {
        const f = (x: Var) => view(...eigh(hermitianPart(x), { gauge: 'off' }));
        expectSingleMatchesDouble(f, [A], mask, { seed: c.seed });
      }
    });
  });

  test('eigvalsh and uplo U: gradcheck of the eigenvalues and |V|²', () => {
    forAll(
      fc.record({ c: cases({ shape: 'square', dtypes: DOUBLE }), uplo: fc.constantFrom<'L' | 'U'>('L', 'U') }),
      4,
      ({ c, uplo }) => {
        const A = hermitianSeparated(c);
        const f = (x: Var) => {
          const h = hermitianPart(x);
          const [, V] = eigh(h, { uplo, gauge: 'throw' });
          return [eigvalsh(h, { uplo }), square(abs(V))];
        };
        expect(gradcheck(f, [A], { fast: true, seed: c.seed }).ok).toBe(true);
      },
    );
  });

  test('second order: gradgradcheck of eigenvalues and a projector', () => {
    forAll(cases({ shape: 'square', dtypes: DOUBLE, maxDim: 3 }), 2, (c) => {
      const A = hermitianSeparated(c);
      const f = (x: Var) => {
        const [W, V] = eigh(hermitianPart(x), { gauge: 'throw' });
        return [W, leadingProjector(V, c.m - 1)];
      };
      expect(gradgradcheck(f, [A], { fast: true, seed: c.seed }).ok).toBe(true);
    });
  });
});

/** W and V·diag(W²)·V⁻¹ (= A²): both gauge-invariant. */
const reassembled = (W: Var, V: Var) => [W, matmul(mul(V, unsqueeze(mul(W, W), -2)), inv(V))];

describe('eig', () => {
  test('random sizes and dtypes: checkRule (W, |V| or V·diag(W²)·V⁻¹) in double, single against double', () => {
    const viewArb = fc.constantFrom<'abs' | 'reassembled'>('abs', 'reassembled');
    forAll(
      fc.record({ c: cases({ shape: 'square' }), view: viewArb, mask: outputMask(2) }),
      10,
      ({ c, view, mask }) => {
        const A = separatedNonNormal(c);
        const t = view === 'abs' ? absValues(list, [1]) : reassembled;
        if (isDouble(c.dtype)) {
          expectRule(asRule(specOf(eig(variable(A), { gauge: 'off' })[0])), [A], { outputTransform: t, seed: c.seed });
        } else {
          expectSingleMatchesDouble((x: Var) => reassembled(...(eig(x, { gauge: 'off' }) as [Var, Var])), [A], mask, {
            seed: c.seed,
            rtol: 5e-3,
          });
        }
      },
    );
  });

  test('eigvals and second order', () => {
    forAll(cases({ shape: 'square', dtypes: DOUBLE, maxDim: 3 }), 3, (c) => {
      const A = separatedNonNormal(c);
      const f = (x: Var) => {
        const W = eigvals(x, { gauge: 'throw' });
        return sum(add(real(mul(W, W)), real(W)));
      };
      expect(gradcheck(f, [A], { fast: true, seed: c.seed }).ok).toBe(true);
      expect(gradgradcheck(f, [A], { fast: true, seed: c.seed }).ok).toBe(true);
    });
  });
});

test('the random inputs are what the suites assume (eigh gaps ≥ 0.5; eig spectrum separated, complex pairs)', () => {
  forAll(cases({ shape: 'square', dtypes: DOUBLE, minDim: 2 }), 4, (c) => {
    const n = c.m;
    const w = eigvalsh(hermitianSeparated(c)).toTypedArray();
    for (let b = 0; b < w.length / n; b++)
      for (let i = 1; i < n; i++) expect(w[b * n + i]! - w[b * n + i - 1]!).toBeGreaterThan(0.5);
    const W = eigvals(separatedNonNormal(c)) as T.Tensor;
    const re = T.real(W).toTypedArray();
    const im = T.imag(W).toTypedArray();
    let minGap = Number.POSITIVE_INFINITY;
    for (let b = 0; b < re.length / n; b++)
      for (let i = 0; i < n; i++)
        for (let k = 0; k < i; k++)
          minGap = Math.min(minGap, Math.hypot(re[b * n + i]! - re[b * n + k]!, im[b * n + i]! - im[b * n + k]!));
    expect(minGap).toBeGreaterThan(0.3);
    // Some eigenvalue is genuinely complex (a conjugate pair for real input).
    expect(Math.max(...Array.from(im, Math.abs))).toBeGreaterThan(0.05);
  });
});
