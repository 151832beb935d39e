/**
 * matrixExp's choice of degree and scaling tries bounds on ‖A⁸‖₁ and ‖A⁴A⁶‖₁ before forming those
 * products (src/expmDegree.ts). The decisions must be exactly those made from the formed products,
 * whichever way they were reached; these cases also check that the bounds do save the products
 * in the common case and that the fallback is taken where they cannot decide.
 */
import { describe, expect, it } from 'vitest';
import { EvenPowerNorms, THETA, THETA_13, onenorm } from '../src/expmDegree.js';
import { matmul, mulberry32 } from './support/index.js';

type Kind = 'dense' | 'upper' | 'nonnormal';

function testMatrix(n: number, norm: number, kind: Kind, seed: number): Float64Array {
  const rand = mulberry32(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = 2 * rand() - 1;
      if (kind === 'dense' || j >= i) a[i * n + j] = x;
      // far from normal: small diagonal, a large superdiagonal band
      if (kind === 'nonnormal') a[i * n + j] = j === i ? 0.01 * x : j === i + 1 ? 50 * x : j > i ? x : 0;
    }
  }
  const scale = norm / onenorm(a, n, 1);
  for (let p = 0; p < a.length; p++) a[p] = a[p]! * scale;
  return a;
}

/** The decisions from the formed products, as matrixExp made them before the bounds. */
function exactDecisions(A4: Float64Array, A6: Float64Array, n: number) {
  const d6 = onenorm(A6, n, 1) ** (1 / 6);
  const d8 = onenorm(matmul(A4, A4, n, n, n), n, 1) ** (1 / 8);
  const d10 = onenorm(matmul(A4, A6, n, n, n), n, 1) ** (1 / 10);
  const eta3 = Math.max(d6, d8);
  const eta5 = Math.min(eta3, Math.max(d8, d10));
  return {
    below7: eta3 < THETA[7],
    below9: eta3 < THETA[9],
    s: eta5 === 0 ? 0 : Math.max(Math.ceil(Math.log2(eta5 / THETA_13)), 0),
  };
}

describe('EvenPowerNorms: bounded decisions equal the exact ones', () => {
  const cases: [number, number, Kind][] = [];
  for (const n of [6, 24]) {
    for (const norm of [0.5, 1.5, 3, 5, 8, 12, 40, 1e3])
      for (const kind of ['dense', 'upper', 'nonnormal'] as const) {
        cases.push([n, norm, kind]);
      }
  }
  let formedNone = 0;
  let formedSome = 0;
  for (const [index, [n, norm, kind]] of cases.entries()) {
    it(`${kind} ${n}×${n}, ‖A‖₁ = ${norm}`, () => {
      const a = testMatrix(n, norm, kind, 100 + index);
      const A2 = matmul(a, a, n, n, n);
      const A4 = matmul(A2, A2, n, n, n);
      const A6 = matmul(A2, A4, n, n, n);
      const exact = exactDecisions(A4, A6, n);
      let products = 0;
      const mm = (x: Float64Array, y: Float64Array) => {
        products++;
        return matmul(x, y, n, n, n);
      };
      // A fresh instance per question: each must be right on its own, whatever was formed before.
      expect(new EvenPowerNorms(A4, A6, n, 1, mm).eta3Below(THETA[7])).toBe(exact.below7);
      expect(new EvenPowerNorms(A4, A6, n, 1, mm).eta3Below(THETA[9])).toBe(exact.below9);
      const before = products;
      expect(new EvenPowerNorms(A4, A6, n, 1, mm).scaling()).toBe(exact.s);
      if (products === before) formedNone++;
      else formedSome++;
      // all three questions on one instance, in matrixExp's order
      const one = new EvenPowerNorms(A4, A6, n, 1, mm);
      expect([one.eta3Below(THETA[7]), one.eta3Below(THETA[9]), one.scaling()]).toEqual([
        exact.below7,
        exact.below9,
        exact.s,
      ]);
    });
  }
  it('the bounds settle s without a product for small norms, and the products are formed for large ones', () => {
    expect(formedNone).toBeGreaterThan(0);
    expect(formedSome).toBeGreaterThan(0);
  });
});
