/**
 * Complex gauge check (ad-rules §4 case 10, §3 item 7): a loss that depends on the phase of a
 * singular pair (Re U₀₀, Im U₀₀, Σ Re U, Im V₀₀) or of an eigenvector (Im V₀₀, Re V₁₀) is flagged —
 * GaugeError with gauge 'throw', one warning with 'warn' — while phase-free losses (|U₀₀|², |V₀₀|²,
 * Re(conj(U₀₀)·V₀₀)) never are, at input scales 1e-10, 1, 1e10 (the tolerance is relative to the
 * cotangents' own scale, never absolute).
 *
 * The check is first order: it measures ∂L/∂θ along the phase freedom uᵢ → uᵢe^{iθ}, vᵢ → vᵢe^{iθ}.
 * Where the backend's own convention makes an entry real (linalg's wide SVD returns U with a real
 * first row, tall/square SVD V with a real first row, eigh makes each eigenvector's largest
 * component real positive), Re of that entry is locally ±|entry| — a genuine function of A, not
 * flagged, with a gradient that matches finite differences. Tests use entries that really are
 * phase-dependent, and the last block pins down that behaviour.
 */
import { formatReport, gradcheck } from '@svd/gradcheck';
import { GaugeError, eigh, hermitianPart, svd } from '@svd/ops-svd';
import { type Var, adjoint, conj, grad, imag, matmul, mul, real, slice, sum, trace } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';
import { captureGaugeWarnings, expectFinite, thrown } from './helpers.js';

const C = 'complex128' as const;

const abs2 = (x: Var) => real(mul(x, conj(x)));
const at = (x: Var, i: number, j: number) => slice(x, i, j);

/** A random Hermitian n×n complex matrix. */
function hermitian(n: number, seed: number): T.Tensor {
  const B = T.randn([n, n], { dtype: C, seed });
  return T.scale(T.add(B, T.adjoint(B)), 0.5);
}

const svdU = (mode: 'throw' | 'warn') => (a: Var) => svd(a, { gauge: mode })[0];
const svdV = (a: Var) => svd(a, { gauge: 'throw' })[2];
const eighV = (a: Var) => eigh(hermitianPart(a), { gauge: 'throw' })[1];

const shapes: [string, number[]][] = [
  ['tall 5×3', [5, 3]],
  ['wide 3×5', [3, 5]],
  ['square 4×4', [4, 4]],
];

describe.each([1e-10, 1, 1e10])('input scale %s', (c) => {
  for (const [name, shape] of shapes) {
    const A = T.scale(T.randn(shape, { dtype: C, seed: 500 + shape[0]! }), c);
    // Re U₀₀ for tall/square (U₀₀ is not real there); Re U₁₀ for wide (U's first row is real there).
    const reRow = shape[0]! < shape[1]! ? 1 : 0;

    test(`svd ${name}: Re U${reRow}₀, Im U₀₀, Σ Re U and Im V₀₀ throw a GaugeError`, () => {
      for (const L of [
        (a: Var) => real(at(svdU('throw')(a), reRow, 0)),
        (a: Var) => imag(at(svdU('throw')(a), 0, 0)),
        (a: Var) => sum(real(svdU('throw')(a))),
        (a: Var) => imag(at(svdV(a), 0, 0)),
      ]) {
        const err = thrown(() => grad(L)(A));
        expect(err).toBeInstanceOf(GaugeError);
        expect((err as GaugeError).op).toBe('svd');
        expect((err as GaugeError).message).toMatch(/phase or the basis/);
        expect((err as GaugeError).violation).toBeGreaterThan(1e-3);
      }
    });

    test(`svd ${name}: with 'warn' the handler is called once and a finite gradient is still returned`, () => {
      const { result, warnings } = captureGaugeWarnings(
        () => grad((a: Var) => real(at(svdU('warn')(a), reRow, 0)))(A).value,
      );
      expect(warnings).toHaveLength(1);
      expectFinite(result);
    });

    test(`svd ${name}: |U₀₀|², |V₀₀|² and Re(conj(U₀₀)·V₀₀) are never flagged`, () => {
      for (const L of [
        (a: Var) => abs2(at(svdU('throw')(a), 0, 0)),
        (a: Var) => abs2(at(svdV(a), 0, 0)),
        (a: Var) => {
          const [U, , V] = svd(a, { gauge: 'throw' });
          return real(mul(conj(at(U, 0, 0)), at(V, 0, 0)));
        },
      ]) {
        const { result, warnings } = captureGaugeWarnings(() => grad(L)(A).value);
        expect(warnings).toEqual([]);
        expectFinite(result);
      }
    });
  }

  const H = T.scale(hermitian(4, 510), c);

  test('eigh: Im V₀₀ and Re V₁₀ throw a GaugeError; |V₀₀|² and |V₁₀|² do not', () => {
    for (const L of [(a: Var) => imag(at(eighV(a), 0, 0)), (a: Var) => real(at(eighV(a), 1, 0))]) {
      const err = thrown(() => grad(L)(H));
      expect(err).toBeInstanceOf(GaugeError);
      expect((err as GaugeError).op).toBe('eigh');
    }
    const M = T.randn([4, 4], { dtype: C, seed: 511 });
    for (const L of [
      (a: Var) => abs2(at(eighV(a), 0, 0)),
      (a: Var) => abs2(at(eighV(a), 1, 0)),
      // Regression (src/eigh.ts): Re tr(M·VVᴴ) = Re tr M is constant; its Jₐ is rounding noise, which
      // the check used to measure against itself (relative size 1.0, flagged).
      (a: Var) => {
        const V = eighV(a);
        return real(trace(matmul(M, matmul(V, adjoint(V)))));
      },
    ]) {
      const { result, warnings } = captureGaugeWarnings(() => grad(L)(H).value);
      expect(warnings).toEqual([]);
      expectFinite(result);
    }
  });
});

describe('entries the backend keeps real are genuine functions of A (not flagged, FD-correct)', () => {
  test('wide 3×5 svd: U₀₀ is real by convention, so Re U₀₀ = ±|U₀₀| locally', () => {
    const A = T.randn([3, 5], { dtype: C, seed: 503 });
    const U = svd(A)[0];
    expect(Math.abs(T.imag(T.slice(U, 0, 0)).item())).toBe(0);
    const L = (a: Var) => real(at(svdU('throw')(a), 0, 0));
    const r = gradcheck(L, [A]);
    if (!r.ok) throw new Error(formatReport(r, null));
  });

  test('eigh: V₀₀ is the largest component of v₀, real positive by convention: Re V₀₀ = |V₀₀|', () => {
    const H = hermitian(4, 510);
    const V = eigh(H)[1];
    expect(Math.abs(T.imag(T.slice(V, 0, 0)).item())).toBe(0);
    const L = (a: Var) => real(at(eighV(a), 0, 0));
    const r = gradcheck(L, [H]);
    if (!r.ok) throw new Error(formatReport(r, null));
  });
});
