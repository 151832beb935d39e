/**
 * The @svd/ops-svd test support module: fixture loading, comparisons of plain tensors, a few small
 * losses, `thrown`, and (for the jvp tests) reaching a rule's spec through a tracked output and
 * re-wrapping it for gradcheck's checkRule. Finite differences are always done by @svd/gradcheck,
 * never here.
 */
import { readFileSync } from 'node:fs';
import { type checkRule, formatRuleReport } from '@svd/gradcheck';
import { type GaugeWarningHandler, flushGaugeWarnings, setGaugeWarningHandler } from '@svd/ops-svd';
import { type Rule, type RuleSpec, type Var, constant, defineRule, variable } from '@svd/tape';
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

/** Runs fn and returns what it threw (fails the test if nothing was thrown). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to throw');
}

/** The rule spec behind a tracked output (the ops-svd rules are not exported themselves). */
export function specOf(out: Var): RuleSpec {
  const spec = out.node?.spec;
  if (!spec) throw new Error('no rule behind this Var');
  return spec;
}

/** Re-wraps a spec as a Rule; `symmetrize` feeds the forward (X + Xᴴ)/2 (eigh and cholesky read one triangle). */
export function asRule(spec: RuleSpec, symmetrize = false): Rule {
  if (!symmetrize) return defineRule(spec);
  return defineRule({
    ...spec,
    name: `${spec.name}∘hermitianPart`,
    forward: (a: T.Tensor) => spec.forward(T.scale(T.add(a, T.adjoint(a)), 0.5)),
  });
}

/** Σ Re⟨a_i, b_i⟩ = Σ Re tr(a_iᴴ b_i) over paired tensors (nulls count as 0): the real inner product of cotangents. */
export function inner(as: readonly (Var | T.Tensor | null)[], bs: readonly (Var | T.Tensor | null)[]): number {
  let s = 0;
  as.forEach((a, i) => {
    const b = bs[i];
    if (!a || !b) return;
    const x = a instanceof T.Tensor ? a : a.value;
    const y = b instanceof T.Tensor ? b : b.value;
    s += T.sum(T.real(T.mul(T.conj(x), y))).item();
  });
  return s;
}

/** The context a rule's backward/jvp sees, built from a forward on plain values. */
export function contextOf(spec: RuleSpec, A: T.Tensor) {
  const raw = spec.forward(A);
  const outs = (Array.isArray(raw) ? raw : [raw]) as T.Tensor[];
  return { name: spec.name, inputs: [variable(A)], outputs: outs.map((o) => constant(o)), saved: undefined };
}

/** checkRule passed, and it really compared the jvp (against FD and for adjointness). */
export function expectAllChecksPass(report: ReturnType<typeof checkRule>): void {
  if (!report.ok) throw new Error(formatRuleReport(report));
  const names = report.checks.map((c) => c.name);
  expect(names).toContain('jvp vs finite differences');
  expect(names).toContain('jvp adjoint to pullback');
}
