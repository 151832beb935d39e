/**
 * Shared helpers for the @svd/ops-svd tests: fixture loading, comparisons of plain tensors, and a
 * few small losses. Finite differences are always done by @svd/gradcheck, never here.
 */
import { readFileSync } from 'node:fs';
import { type GaugeWarningHandler, flushGaugeWarnings, setGaugeWarningHandler } from '@svd/ops-svd';
import * as T from '@svd/tensor';
import { expect } from 'vitest';

/** Reads and parses a fixture file from test/fixtures/. */
export function loadFixture<F>(name: string): F {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as F;
}

export interface Mat {
  shape: number[];
  data: number[];
}

/** A float64 tensor from a fixture matrix. */
export function fromMat(a: Mat): T.Tensor {
  return T.tensor(Float64Array.from(a.data), { shape: a.shape });
}

/** Dense float64 copy of a tensor's entries (row-major). */
export function f64(t: T.Tensor): Float64Array {
  return Float64Array.from(t.toTypedArray());
}

/** max |a − b| over all entries (shapes must match). */
export function maxAbsDiff(a: T.Tensor, b: T.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  const x = f64(a);
  const y = f64(b);
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(x[i]! - y[i]!);
    if (!(d <= m)) m = d; // NaN-propagating
  }
  return m;
}

/** max |x| over all entries. */
export function maxAbs(t: T.Tensor): number {
  const x = f64(t);
  let m = 0;
  for (const v of x) if (!(Math.abs(v) <= m)) m = Math.abs(v);
  return m;
}

/** max|a − b| / max|b|: the relative error of a against a reference b. */
export function relErr(a: T.Tensor, b: T.Tensor): number {
  return maxAbsDiff(a, b) / Math.max(maxAbs(b), Number.MIN_VALUE);
}

/** Asserts that every entry is finite (no NaN, no ±Inf). */
export function expectFinite(t: T.Tensor): void {
  expect(T.allFinite(t)).toBe(true);
}

/** Asserts that a is finite and max|a − b| ≤ rtol·max|b| (relative to the reference's size). */
export function expectClose(a: T.Tensor, b: T.Tensor, rtol: number): void {
  expectFinite(a);
  expect(relErr(a, b)).toBeLessThanOrEqual(rtol);
}

/** Runs `body` with gauge warnings captured (restoring the previous handler afterwards). */
export function captureGaugeWarnings<R>(body: () => R): { result: R; warnings: string[] } {
  const warnings: string[] = [];
  const handler: GaugeWarningHandler = (message) => {
    warnings.push(message);
  };
  const prev = setGaugeWarningHandler(handler);
  try {
    const result = body();
    flushGaugeWarnings();
    return { result, warnings };
  } finally {
    setGaugeWarningHandler(prev);
  }
}

/**
 * Q₁·diag(d)·P₁ᵀ with Q₁, P₁ the first d.length columns of the orthogonal Q (m×m) and P (n×n): an
 * m×n matrix with prescribed singular values d (padded with zeros up to min(m, n)).
 */
export function withSingularValues(d: number[], Q: T.Tensor, P: T.Tensor): T.Tensor {
  const k = d.length;
  return T.matmul(T.mul(firstColumns(Q, k), T.tensor(d)), T.adjoint(firstColumns(P, k)));
}

/** A seeded random m×n matrix with prescribed singular values d. */
export function randomWithSingularValues(m: number, n: number, d: number[], seed: number): T.Tensor {
  return withSingularValues(d, T.randomOrthogonal(m, { seed }), T.randomOrthogonal(n, { seed: seed + 1000 }));
}

/** The first p entries along the last axis (the first p columns of a matrix). */
export function firstColumns(t: T.Tensor, p: number): T.Tensor {
  return T.slice(t, ...t.shape.map((_, i): T.SliceSpec => (i === t.ndim - 1 ? [0, p] : null)));
}
