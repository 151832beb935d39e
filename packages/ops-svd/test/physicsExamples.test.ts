// biome-ignore-all format: the definitions mirror the README's ts block line for line (checked by the last test).
/**
 * The README's non-Hermitian physics examples (section "Non-Hermitian physics"), with their
 * closed forms asserted: the PT-symmetric dimer's top mode √(κ² − γ²) and its derivative
 * −γ/√(κ² − γ²); the Hatano–Nelson ring's elliptic spectrum and d(max Im λ)/dg = 2·cosh g; the
 * transient growth ‖exp(A·t)‖₂ of a non-normal A against the closed-form exponential, its gradient
 * against finite differences. The definitions below are the README's lines (checked at the end).
 */
import { readFileSync } from 'node:fs';
import { gradcheck } from '@svd/gradcheck';
import { eigvals, matrixExp, matrixNorm } from '@svd/ops-svd';
import { type Var, add, constant, exp, grad, imag, max, mul, neg, real } from '@svd/tape';
import * as T from '@svd/tensor';
import { complex, tensor, zeros } from '@svd/tensor';
import { describe, expect, test } from 'vitest';

// ---- the README's definitions ----
const kappa = 1;
const gamma = 0.5;
const coupling = constant(complex(tensor([[0, kappa], [kappa, 0]]), zeros([2, 2])));
const gainLoss = constant(complex(zeros([2, 2]), tensor([[1, 0], [0, -1]])));
const topMode = (g: Var) => max(real(eigvals(add(coupling, mul(g, gainLoss)), { gauge: 'throw' })));
const N = 8;
const shift = tensor(Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => (i === (j + 1) % N ? 1 : 0))));
const shiftBack = tensor(Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => (j === (i + 1) % N ? 1 : 0))));
const ring = (g: Var) => add(mul(exp(g), constant(shift)), mul(exp(neg(g)), constant(shiftBack)));
const widestMode = (g: Var) => max(imag(eigvals(ring(g), { gauge: 'throw' })));
const A = tensor([[-1, 10], [0, -2]]);
const amplification = (a: Var) => matrixNorm(matrixExp(mul(a, 0.5)), { ord: 2 });
// ---- end of the README's definitions ----

describe('PT-symmetric dimer', () => {
  test('top mode √(κ² − γ²) and its derivative −γ/√(κ² − γ²) for several γ < κ', () => {
    for (const g of [0.1, 0.5, 0.9]) {
      const root = Math.sqrt(kappa ** 2 - g ** 2);
      expect(topMode(constant(tensor(g))).value.item()).toBeCloseTo(root, 13);
      expect(grad(topMode)(tensor(g)).value.item()).toBeCloseTo(-g / root, 11);
    }
    expect(grad(topMode)(tensor(gamma)).value.item()).toBeCloseTo(-gamma / Math.sqrt(0.75), 12);
  });
});

describe('Hatano–Nelson ring', () => {
  test('the spectrum is the ellipse 2·cosh(g)·cos k − 2i·sinh(g)·sin k, k = 2πj/N', () => {
    const g = 0.3;
    const w = eigvals(ring(constant(tensor(g)))).value.toTypedArray();
    const got = Array.from({ length: N }, (_, i) => [w[2 * i]!, w[2 * i + 1]!] as const);
    for (let j = 0; j < N; j++) {
      const k = (2 * Math.PI * j) / N;
      const re = 2 * Math.cosh(g) * Math.cos(k);
      const im = -2 * Math.sinh(g) * Math.sin(k);
      const nearest = Math.min(...got.map(([a, b]) => Math.hypot(a - re, b - im)));
      expect(nearest, `k = ${k}`).toBeLessThan(1e-13);
    }
  });
  test('d(max Im λ)/dg = 2·cosh g, and gradcheck agrees', () => {
    for (const g of [0.1, 0.3, 0.7]) {
      expect(widestMode(constant(tensor(g))).value.item()).toBeCloseTo(2 * Math.sinh(g), 13);
      expect(grad(widestMode)(tensor(g)).value.item()).toBeCloseTo(2 * Math.cosh(g), 12);
    }
    expect(gradcheck(widestMode, [tensor(0.3)]).ok).toBe(true);
  });
});

describe('transient growth of a non-normal A', () => {
  test('stable eigenvalues, yet ‖exp(A/2)‖₂ > 1: the closed-form exponential and its largest singular value', () => {
    expect(eigvals(A).toArray()).toEqual([
      [-1, 0],
      [-2, 0],
    ]);
    const t = 0.5;
    const [e1, e2] = [Math.exp(-t), Math.exp(-2 * t)];
    const M = [e1, 10 * (e1 - e2), 0, e2]; // exp(A·t) of the upper-triangular A
    const got = Array.from(matrixExp(T.scale(A, t)).toTypedArray());
    for (const [i, x] of got.entries()) expect(Math.abs(x - M[i]!)).toBeLessThan(1e-14);
    const fro2 = M.reduce((s, x) => s + x * x, 0);
    const det = M[0]! * M[3]! - M[1]! * M[2]!;
    const sigmaMax = Math.sqrt((fro2 + Math.sqrt(fro2 * fro2 - 4 * det * det)) / 2);
    const value = amplification(constant(A)).value.item();
    expect(value).toBeCloseTo(sigmaMax, 13);
    expect(value).toBeGreaterThan(2.4);
  });
  test('the gradient of the amplification with respect to A matches finite differences', () => {
    expect(gradcheck(amplification, [A]).ok).toBe(true);
    const g = grad(amplification)(A).value.toTypedArray();
    expect(g[1]).toBeCloseTo(0.2292055131510642, 10); // ∂/∂A₀₁, the README's printed value
  });
});

test('the definitions above are the README block’s lines', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = /### Non-Hermitian physics[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const here = new Set(
    readFileSync(new URL(import.meta.url), 'utf8')
      .split('\n')
      .map((l) => l.trim()),
  );
  const definitions = block!
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^const /.test(l));
  expect(definitions.length).toBeGreaterThan(10);
  for (const line of definitions) expect(here.has(line), line).toBe(true);
});
