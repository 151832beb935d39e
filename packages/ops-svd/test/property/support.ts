/**
 * Shared support of the property suites (one file per family of rules): the fast-check seed and run
 * counts, random cases (dtype, batch, rows, columns, seed), well-conditioned random inputs with
 * prescribed spectra, and the checks every suite runs:
 * - double precision: gradcheck's `checkRule` (determinism, pullback vs finite differences for
 *   every non-empty subset of used outputs with the others' cotangents null, jvp vs finite
 *   differences and adjoint to the pullback), through a gauge-invariant view where outputs are
 *   defined only up to sign/phase;
 * - single precision (float32/complex64), where finite differences are useless: the rule's outputs
 *   and its pullback of a random subset of outputs (the others null) must agree with the same rule
 *   in double precision at the same input, within a tolerance scaled to single precision, and keep
 *   the input's dtype.
 *
 * `SVD_PROPERTY_SEED` overrides the seed and `SVD_PROPERTY_RUNS` multiplies the run counts (for a
 * longer local hunt); the defaults keep every suite to a few seconds.
 */
import { type CheckRuleOptions, checkRule, formatRuleReport } from '@svd/gradcheck';
import { type Input, type Rule, type Var, vjp } from '@svd/tape';
import * as T from '@svd/tensor';
import fc from 'fast-check';
import { expect } from 'vitest';

/** The fast-check seed (fixed so a run reproduces; `SVD_PROPERTY_SEED` overrides it). */
export const PROPERTY_SEED = Number(process.env.SVD_PROPERTY_SEED ?? 20261205);
const RUN_FACTOR = Number(process.env.SVD_PROPERTY_RUNS ?? 1);

export type DType = T.DType;
export const DOUBLE: readonly DType[] = ['float64', 'complex128'];
export const ALL_DTYPES: readonly DType[] = ['float64', 'complex128', 'float32', 'complex64'];

export const isDouble = (d: DType): boolean => d === 'float64' || d === 'complex128';
export const isComplexDType = (d: DType): boolean => d === 'complex64' || d === 'complex128';
/** The double-precision dtype of the same kind. */
export const doubleOf = (d: DType): DType => (isComplexDType(d) ? 'complex128' : 'float64');

/** Runs a fast-check property with the suite's seed and `runs` cases, no shrinking (a failure reports its case). */
export function forAll<A>(arb: fc.Arbitrary<A>, runs: number, body: (a: A) => void): void {
  fc.assert(
    fc.property(arb, (a) => {
      body(a);
    }),
    { seed: PROPERTY_SEED, numRuns: Math.max(1, Math.round(runs * RUN_FACTOR)), endOnFailure: true },
  );
}

/** One random case: dtype, batch shape, matrix rows m and columns n, a seed for the entries. */
export interface Case {
  dtype: DType;
  batch: number[];
  m: number;
  n: number;
  seed: number;
}

export interface CaseOptions {
  dtypes?: readonly DType[];
  /** 'square' ties n to m; 'any' draws tall, wide and square alike. */
  shape?: 'square' | 'any';
  maxDim?: number;
  minDim?: number;
}

/** Cases over dtypes, batch shapes [] and [2], and matrix sizes minDim..maxDim (default 1..4). */
export function cases(o: CaseOptions = {}): fc.Arbitrary<Case> {
  const lo = o.minDim ?? 1;
  const hi = o.maxDim ?? 4;
  return fc
    .record({
      dtype: fc.constantFrom(...(o.dtypes ?? ALL_DTYPES)),
      batch: fc.constantFrom<number[]>([], [2]),
      m: fc.integer({ min: lo, max: hi }),
      n: fc.integer({ min: lo, max: hi }),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
    })
    .map((c) => (o.shape === 'square' ? { ...c, n: c.m } : c));
}

/** A non-empty random subset of {0..k−1} (which outputs get a cotangent), as a bit mask 1..2^k−1. */
export const outputMask = (k: number): fc.Arbitrary<number> => fc.integer({ min: 1, max: (1 << k) - 1 });

/** Re-types a tensor's entries (interleaved re/im pairs for complex) as another dtype of the same kind. */
export function cast(t: T.Tensor, dtype: DType): T.Tensor {
  const data = t.toTypedArray();
  const typed = dtype === 'float32' || dtype === 'complex64' ? Float32Array.from(data) : Float64Array.from(data);
  return T.tensor(typed, { shape: t.shape, dtype });
}

/** Builds one matrix per batch element (seeds seed, seed+1, …) and stacks them; drawn in double, then cast. */
export function batched(c: Case, one: (seed: number) => T.Tensor): T.Tensor {
  const count = c.batch.reduce((p, q) => p * q, 1);
  const mats = Array.from({ length: count }, (_, i) => one(c.seed + 7919 * i));
  const stacked = c.batch.length === 0 ? mats[0]! : T.reshape(T.stack(mats), [...c.batch, ...mats[0]!.shape]);
  return cast(stacked, c.dtype);
}

/** An m×n Gaussian matrix (per batch element). */
export function gaussian(c: Case, m = c.m, n = c.n): T.Tensor {
  return batched(c, (seed) => T.randn([m, n], { dtype: doubleOf(c.dtype), seed }));
}

/** Q·diag(s)·Pᴴ with Haar Q (m×m), P (n×n) of the case's kind: an m×n matrix with singular values s. */
function withSingularValues(m: number, n: number, s: readonly number[], dtype: DType, seed: number): T.Tensor {
  const k = s.length;
  const Q = T.slice(T.randomOrthogonal(m, { dtype, seed }), null, [0, k]);
  const P = T.slice(T.randomOrthogonal(n, { dtype, seed: seed + 1 }), null, [0, k]);
  return T.matmul(T.mul(Q, T.tensor(s as number[])), T.adjoint(P));
}

/** k descending singular values 1 + 0.5·(k−1−i) + jitter in [0, 0.2): gaps ≥ 0.3, all ≥ 1. */
function separated(k: number, seed: number): number[] {
  const rng = new T.Rng(seed);
  return Array.from({ length: k }, (_, i) => 1 + 0.5 * (k - 1 - i) + 0.2 * rng.uniform());
}

/** m×n with min(m, n) well-separated singular values ≥ 1 (at most 2.7 for n ≤ 4): svd/pinv/lstsq/polar inputs. */
export function separatedSingularValues(c: Case, m = c.m, n = c.n): T.Tensor {
  return batched(c, (seed) => withSingularValues(m, n, separated(Math.min(m, n), seed + 3), doubleOf(c.dtype), seed));
}

/** Square with well-separated singular values ≥ 1 (condition ≤ 2.7 for n ≤ 4): solve/inv/det/lu inputs. */
export function wellConditioned(c: Case, n = c.m): T.Tensor {
  return separatedSingularValues(c, n, n);
}

/** Hermitian Q·diag(λ)·Qᴴ with eigenvalues spaced ≥ 0.5 apart, of both signs: eigh inputs. */
export function hermitianSeparated(c: Case, n = c.m): T.Tensor {
  return batched(c, (seed) => {
    const dtype = doubleOf(c.dtype);
    const rng = new T.Rng(seed + 5);
    const lam = Array.from({ length: n }, (_, i) => i - n / 2 + 0.5 + 0.3 * rng.uniform());
    const Q = T.randomOrthogonal(n, { dtype, seed });
    return T.matmul(T.mul(Q, T.tensor(lam)), T.adjoint(Q));
  });
}

/** Hermitian positive definite B·Bᴴ + n·I: cholesky inputs. */
export function hpd(c: Case, n = c.m): T.Tensor {
  return batched(c, (seed) => {
    const dtype = doubleOf(c.dtype);
    const B = T.randn([n, n], { dtype, seed });
    return T.add(T.matmul(B, T.adjoint(B)), T.scale(T.eye(n, n, { dtype }), n));
  });
}

/**
 * V·D·V⁻¹ with V = I + 0.3·G/√n (well conditioned): eig inputs whose spectrum is separated (real
 * parts ≥ 0.5 apart, or a distinct imaginary part) and genuinely complex. Complex dtypes: D =
 * diag(λ) with complex λ. Real dtypes: D is diagonal except for a 2×2 block [[a, b], [−b, a]]
 * (eigenvalues a ± b·i) when n ≥ 2, so conjugate pairs are exercised too.
 */
export function separatedNonNormal(c: Case, n = c.m): T.Tensor {
  return batched(c, (seed) => {
    const dtype = doubleOf(c.dtype);
    const rng = new T.Rng(seed + 9);
    const re = Array.from({ length: n }, (_, i) => i - n / 2 + 0.5 + 0.3 * rng.uniform());
    let D: T.Tensor;
    if (isComplexDType(dtype)) {
      D = T.diag(T.complex(T.tensor(re), T.tensor(re.map(() => rng.uniform() - 0.5))));
    } else {
      const d = Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? re[k / (n + 1)]! : 0));
      if (n >= 2) {
        d[1] = 0.7;
        d[n] = -0.7;
        d[n + 1] = d[0]!;
      }
      D = T.tensor(d, { shape: [n, n] });
    }
    const V = T.add(T.eye(n, n, { dtype }), T.scale(T.randn([n, n], { dtype, seed }), 0.3 / Math.sqrt(n)));
    const Vinv = T.tensor(Float64Array.from(invertSmall(V)), { shape: [n, n], dtype });
    return T.matmul(T.matmul(V, D), Vinv);
  });
}

/** Gauss–Jordan inverse of a small well-conditioned matrix (real or interleaved complex), test-side only. */
function invertSmall(V: T.Tensor): number[] {
  const n = V.shape[0]!;
  const cx = V.isComplex;
  const data = Array.from(V.toTypedArray());
  const get = (i: number, j: number): [number, number] =>
    cx ? [data[2 * (i * n + j)]!, data[2 * (i * n + j) + 1]!] : [data[i * n + j]!, 0];
  const a = Array.from({ length: n }, (_, i) => [
    ...Array.from({ length: n }, (_, j) => get(i, j)),
    ...Array.from({ length: n }, (_, j): [number, number] => [i === j ? 1 : 0, 0]),
  ]);
  for (let k = 0; k < n; k++) {
    const [pr, pi] = a[k]![k]!;
    const d = pr * pr + pi * pi;
    const inv: [number, number] = [pr / d, -pi / d];
    a[k] = a[k]!.map(([x, y]) => [x * inv[0] - y * inv[1], x * inv[1] + y * inv[0]]);
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const [fr, fi] = a[i]![k]!;
      a[i] = a[i]!.map(([x, y], j) => {
        const [u, v] = a[k]![j]!;
        return [x - (fr * u - fi * v), y - (fr * v + fi * u)];
      });
    }
  }
  return a.flatMap((row) => row.slice(n).flatMap(([x, y]) => (cx ? [x, y] : [x])));
}

/** checkRule passed (every pullback subset, and the jvp when the rule has one). */
export function expectRule(rule: Rule, inputs: readonly Input[], opts: CheckRuleOptions = {}): void {
  const report = checkRule(rule, inputs, { fast: true, ...opts });
  if (!report.ok) throw new Error(formatRuleReport(report));
  expect(report.checks.some((c) => c.name.startsWith('pullback, '))).toBe(true);
  if (rule.spec.jvp) expect(report.checks.map((c) => c.name)).toContain('jvp vs finite differences');
}

/** max|x| over the entries of a tensor (both parts of complex ones). */
function maxAbsOf(t: T.Tensor): number {
  let m = 0;
  for (const v of t.toTypedArray()) m = Math.max(m, Math.abs(v));
  return m;
}

/** max|a − b| / max(max|b|, floor) with the entries compared in double. */
function relDiff(a: T.Tensor, b: T.Tensor, floor = 1): number {
  expect(a.shape).toEqual(b.shape);
  const x = a.toTypedArray();
  const y = b.toTypedArray();
  let d = 0;
  for (let i = 0; i < y.length; i++) {
    const e = Math.abs(x[i]! - y[i]!);
    if (!(e <= d)) d = e;
  }
  return d / Math.max(maxAbsOf(b), floor);
}

/**
 * Single precision against double: f at the 32-bit inputs and at the same values in double agree
 * (every output, and the pullback of random cotangents on the outputs in `mask` with the others
 * absent, i.e. null) to `rtol` relative to each reference's size (floor 1), and every output and
 * gradient keeps the 32-bit dtype. `wrt` lists the differentiated inputs (default all).
 */
export function expectSingleMatchesDouble(
  f: (...xs: Var[]) => Var | readonly Var[],
  inputs32: readonly T.Tensor[],
  mask: number,
  opts: { rtol?: number; wrt?: readonly number[]; seed?: number } = {},
): void {
  const rtol = opts.rtol ?? 2e-3;
  const wrt = opts.wrt ?? inputs32.map((_, i) => i);
  const listed = (...xs: Var[]): Var[] => {
    const o = f(...xs);
    return Array.isArray(o) ? [...(o as Var[])] : [o as Var];
  };
  const [out32, back32] = vjp(listed, ...inputs32);
  const [out64, back64] = vjp(listed, ...inputs32.map((x) => cast(x, doubleOf(x.dtype))));
  const vs = out64.map((o, k) =>
    (mask >> k) & 1 ? T.randn(o.shape, { dtype: o.value.dtype, seed: (opts.seed ?? 0) + 31 * k + 1 }) : null,
  );
  out32.forEach((o, k) => {
    if (isDouble(o.value.dtype)) throw new Error(`output ${k} of the 32-bit call is ${o.value.dtype}`);
    expect(relDiff(o.value, out64[k]!.value)).toBeLessThanOrEqual(rtol);
  });
  const g32 = back32(vs.map((v, k) => (v ? cast(v, out32[k]!.value.dtype) : null)));
  const g64 = back64(vs);
  for (const i of wrt) {
    expect(g32[i]!.value.dtype).toBe(inputs32[i]!.dtype);
    expect(relDiff(g32[i]!.value, g64[i]!.value)).toBeLessThanOrEqual(rtol);
  }
}
