/**
 * svds against NumPy's full SVD of the same matrix, truncated (tools/fixtures/generate_krylov.py):
 * values to 1e-12·‖A‖, singular subspaces (not vectors: signs, phases and rotations inside
 * repeated values are free), residuals and orthonormality; real and complex, tall, wide and
 * square, flat / decaying / clustered / repeated spectra and rank deficiency; an operator that
 * is never formed (diagonal plus low rank) also against ARPACK.
 */
import { type DType, type Tensor, add, adjoint, matmul, mul, slice, tensor } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { type LinearOperator, svds } from '../src/index.js';
import { frob, loadFixture, orthonormalityError, scaleColumns, subspaceDistance } from './support/index.js';

interface T {
  dtype: 'float64' | 'complex128';
  shape: number[];
  data: number[];
}
interface SvdsCase {
  name: string;
  A: T;
  k: number;
  S: T;
  U: T;
  V: T;
  Sall: T;
}
interface OperatorCase {
  name: string;
  d: T;
  Ul: T;
  Vl: T;
  k: number;
  S: T;
  Sarpack: T;
}
const fx = loadFixture<{ svds: SvdsCase[]; svdsOperator: OperatorCase[] }>('krylov.json');
const t = (x: T, dtype: DType = x.dtype): Tensor => tensor(Float64Array.from(x.data), { shape: x.shape, dtype });

/** The number of leading singular values separated from the next one (subspace defined). */
function separated(c: SvdsCase): number {
  const s = c.Sall.data;
  let j = c.k;
  while (j > 0 && s[j - 1]! - (s[j] ?? 0) <= 1e-6 * s[0]!) j--;
  return j;
}

describe.each(fx.svds.map((c) => [c.name, c] as const))('svds: %s', (_, c) => {
  const A = t(c.A);
  const [m, n] = c.A.shape as [number, number];
  const normA = c.Sall.data[0]!;
  it.each(['krylov', 'dense', 'auto'] as const)('method %s: values, subspaces, residuals', (method) => {
    const [U, S, V] = svds(A, c.k, { method });
    expect(U.shape).toEqual([m, c.k]);
    expect(S.shape).toEqual([c.k]);
    expect(V.shape).toEqual([n, c.k]);
    expect(U.dtype).toBe(c.A.dtype);
    expect(S.dtype).toBe('float64');
    const s = S.toArray() as number[];
    for (let i = 0; i < c.k; i++) expect(Math.abs(s[i]! - c.S.data[i]!)).toBeLessThanOrEqual(1e-12 * normA);
    for (let i = 1; i < c.k; i++) expect(s[i]!).toBeLessThanOrEqual(s[i - 1]!);
    expect(orthonormalityError(U)).toBeLessThan(1e-12);
    expect(orthonormalityError(V)).toBeLessThan(1e-12);
    expect(frob(add(matmul(A, V), mul(scaleColumns(U, S), -1)))).toBeLessThan(1e-12 * normA);
    expect(frob(add(matmul(adjoint(A), U), mul(scaleColumns(V, S), -1)))).toBeLessThan(1e-12 * normA);
    const j = separated(c);
    expect(j).toBeGreaterThan(0);
    const cols = [0, j] as const;
    const gap = c.Sall.data[j - 1]! - c.Sall.data[j]!;
    const bound = Math.max(1e-13, (4e-14 * normA) / gap);
    expect(subspaceDistance(slice(t(c.U), null, cols), slice(U, null, cols))).toBeLessThan(bound);
    expect(subspaceDistance(slice(t(c.V), null, cols), slice(V, null, cols))).toBeLessThan(bound);
  });
  it('krylov and dense agree where the vectors are unique (same phase convention)', () => {
    const gaps = c.Sall.data.slice(0, c.k + 1);
    const unique = gaps.every((x, i) => i === 0 || gaps[i - 1]! - x > 1e-3 * normA);
    if (!unique) return;
    const [Uk, , Vk] = svds(A, c.k, { method: 'krylov' });
    const [Ud, , Vd] = svds(A, c.k, { method: 'dense' });
    expect(frob(add(Uk, mul(Ud, -1)))).toBeLessThan(1e-10);
    expect(frob(add(Vk, mul(Vd, -1)))).toBeLessThan(1e-10);
  });
});

describe('svds in single precision (float32 / complex64: float64 inside, rounded once)', () => {
  it.each(fx.svds.filter((c) => c.name.includes('decaying')).map((c) => [c.name, c] as const))('%s', (_, c) => {
    const dtype = c.A.dtype === 'complex128' ? 'complex64' : 'float32';
    const A = t(c.A, dtype);
    const [U, S, V] = svds(A, c.k, { method: 'krylov' });
    expect([U.dtype, S.dtype, V.dtype]).toEqual([dtype, 'float32', dtype]);
    const s = S.toArray() as number[];
    // A itself was rounded to float32 (relative perturbation ≤ 2⁻²⁴ per entry).
    for (let i = 0; i < c.k; i++) expect(Math.abs(s[i]! - c.S.data[i]!)).toBeLessThan(1e-6 * c.S.data[0]!);
    expect(orthonormalityError(U)).toBeLessThan(1e-6);
  });
});

/** diag(d) + Ul·Vlᴴ as an operator that counts its applications and never forms the matrix. */
function diagPlusLowRank(c: OperatorCase): LinearOperator & { calls: number; widths: Set<number> } {
  const n = c.d.shape[0]!;
  const d = tensor(Float64Array.from(c.d.data), { shape: [n, 1] });
  const Ul = t(c.Ul);
  const Vl = t(c.Vl);
  const state = { calls: 0, widths: new Set<number>() };
  return {
    shape: [n, n],
    dtype: c.Ul.dtype,
    get calls() {
      return state.calls;
    },
    widths: state.widths,
    apply(x) {
      state.calls++;
      state.widths.add(x.shape[1]!);
      return add(mul(d, x), matmul(Ul, matmul(adjoint(Vl), x)));
    },
    applyAdjoint(y) {
      state.calls++;
      return add(mul(d, y), matmul(Vl, matmul(adjoint(Ul), y)));
    },
  };
}

describe.each(fx.svdsOperator.map((c) => [c.name, c] as const))('svds on an operator: %s', (_, c) => {
  it('matches NumPy (formed) to 1e-12 and ARPACK to 1e-10, through blocks of one vector', () => {
    const op = diagPlusLowRank(c);
    const [U, S, V] = svds(op, c.k);
    const s = S.toArray() as number[];
    const top = c.S.data[0]!;
    for (let i = 0; i < c.k; i++) {
      expect(Math.abs(s[i]! - c.S.data[i]!)).toBeLessThanOrEqual(1e-12 * top);
      expect(Math.abs(s[i]! - c.Sarpack.data[i]!)).toBeLessThanOrEqual(1e-10 * top);
    }
    expect(op.widths).toEqual(new Set([1]));
    expect(op.calls).toBeLessThan(2000);
    expect(orthonormalityError(U)).toBeLessThan(1e-12);
    expect(frob(add(op.apply(V), mul(scaleColumns(U, S), -1)))).toBeLessThan(1e-12 * top);
    expect(frob(add(op.applyAdjoint(U), mul(scaleColumns(V, S), -1)))).toBeLessThan(1e-12 * top);
  });
  it('method dense forms the matrix from A·I and agrees', () => {
    const [, S] = svds(diagPlusLowRank(c), c.k, { method: 'dense' });
    const s = S.toArray() as number[];
    for (let i = 0; i < c.k; i++) expect(Math.abs(s[i]! - c.S.data[i]!)).toBeLessThanOrEqual(1e-12 * c.S.data[0]!);
  });
});

describe('svds on a float32 / complex64 operator', () => {
  it.each(fx.svdsOperator.map((c) => [c.name, c] as const))('%s: blocks of its own dtype, output rounded', (_, c) => {
    const inner = diagPlusLowRank(c);
    const dtype = c.Ul.dtype === 'complex128' ? 'complex64' : 'float32';
    const seen = new Set<string>();
    const round = (y: Tensor) => tensor(y.toTypedArray(), { shape: y.shape, dtype });
    const widen = (x: Tensor) => tensor(Float64Array.from(x.toTypedArray()), { shape: x.shape, dtype: c.Ul.dtype });
    const op: LinearOperator = {
      shape: inner.shape,
      dtype,
      apply(x) {
        seen.add(x.dtype);
        return round(inner.apply(widen(x)));
      },
      applyAdjoint(y) {
        seen.add(y.dtype);
        return round(inner.applyAdjoint(widen(y)));
      },
    };
    const [U, S, V] = svds(op, c.k, { method: 'krylov' });
    expect(seen).toEqual(new Set([dtype]));
    expect([U.dtype, S.dtype, V.dtype]).toEqual([dtype, 'float32', dtype]);
    const s = S.toArray() as number[];
    for (let i = 0; i < c.k; i++) expect(Math.abs(s[i]! - c.S.data[i]!)).toBeLessThan(1e-6 * c.S.data[0]!);
  });
});
