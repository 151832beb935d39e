/**
 * eigsh against NumPy's eigh of the same matrix (tools/fixtures/generate_krylov.py): eigenvalues
 * to 1e-12·‖A‖, eigen-subspaces, residuals and orthonormality for each `which`, real symmetric
 * and complex Hermitian; a never-formed diagonal-plus-low-rank operator also against ARPACK.
 */
import { type DType, type Tensor, add, adjoint, matmul, mul, tensor, tril, triu } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { type LinearOperator, eigsh } from '../src/index.js';
import { frob, loadFixture, orthonormalityError, scaleColumns, subspaceDistance } from './support/index.js';

interface T {
  dtype: 'float64' | 'complex128';
  shape: number[];
  data: number[];
}
type Which = 'largest' | 'smallest' | 'largestMagnitude';
interface EigshCase {
  name: string;
  A: T;
  k: number;
  which: Which;
  W: T;
  V: T;
  Wall: T;
}
interface OperatorCase {
  name: string;
  d: T;
  Ul: T;
  C: T;
  k: number;
  which: Which;
  W: T;
  Warpack: T;
  Wall: T;
}
const fx = loadFixture<{ eigsh: EigshCase[]; eigshOperator: OperatorCase[] }>('krylov.json');
const t = (x: T, dtype: DType = x.dtype): Tensor => tensor(Float64Array.from(x.data), { shape: x.shape, dtype });

/** max |λ| over the whole spectrum. */
const spectralNorm = (w: number[]) => Math.max(...w.map(Math.abs));

describe.each(fx.eigsh.map((c) => [c.name, c] as const))('eigsh: %s', (_, c) => {
  const A = t(c.A);
  const n = c.A.shape[0]!;
  const normA = spectralNorm(c.Wall.data);
  it.each(['krylov', 'dense', 'auto'] as const)('method %s: values, subspace, residual', (method) => {
    const [W, V] = eigsh(A, c.k, { which: c.which, method });
    expect(W.shape).toEqual([c.k]);
    expect(V.shape).toEqual([n, c.k]);
    expect(W.dtype).toBe('float64');
    expect(V.dtype).toBe(c.A.dtype);
    const w = W.toArray() as number[];
    for (let i = 0; i < c.k; i++) expect(Math.abs(w[i]! - c.W.data[i]!)).toBeLessThanOrEqual(1e-12 * normA);
    for (let i = 1; i < c.k; i++) expect(w[i]!).toBeGreaterThanOrEqual(w[i - 1]!);
    expect(orthonormalityError(V)).toBeLessThan(1e-12);
    expect(frob(add(matmul(A, V), mul(scaleColumns(V, W), -1)))).toBeLessThan(1e-12 * normA);
    // The wanted set is separated from the rest in every case, so its subspace is defined.
    const rest = c.Wall.data.filter((x) => !c.W.data.some((y) => Math.abs(x - y) < 1e-9 * normA));
    const gap = Math.min(...c.W.data.map((x) => Math.min(...rest.map((y) => Math.abs(x - y)))));
    expect(subspaceDistance(t(c.V), V)).toBeLessThan(Math.max(1e-13, (4e-14 * normA) / gap));
  });
  it('reads only the uplo triangle, like eigh', () => {
    const nan = tensor(new Float64Array(n * n * (c.A.dtype === 'complex128' ? 2 : 1)).fill(Number.NaN), {
      shape: [n, n],
      dtype: c.A.dtype,
    });
    const lower = add(tril(A), triu(nan, 1));
    const upper = add(triu(A), tril(nan, -1));
    const ref = eigsh(A, c.k, { which: c.which, method: 'krylov' })[0].toArray();
    expect(eigsh(lower, c.k, { which: c.which, method: 'krylov' })[0].toArray()).toEqual(ref);
    const wu = eigsh(upper, c.k, { which: c.which, method: 'krylov', uplo: 'U' })[0].toArray() as number[];
    for (let i = 0; i < c.k; i++) expect(Math.abs(wu[i]! - c.W.data[i]!)).toBeLessThanOrEqual(1e-12 * normA);
  });
});

/** diag(d) + Ul·diag(C)·Ulᴴ, applied only. */
function hermitianOperator(c: OperatorCase): LinearOperator {
  const n = c.d.shape[0]!;
  const d = tensor(Float64Array.from(c.d.data), { shape: [n, 1] });
  const Ul = t(c.Ul);
  const C = tensor(Float64Array.from(c.C.data), { shape: [c.C.shape[0]!, 1] });
  return {
    shape: [n, n],
    dtype: c.Ul.dtype,
    apply: (x) => add(mul(d, x), matmul(Ul, mul(C, matmul(adjoint(Ul), x)))),
    applyAdjoint: () => {
      throw new Error('eigsh must not call applyAdjoint');
    },
  };
}

describe.each(fx.eigshOperator.map((c) => [c.name, c] as const))('eigsh on an operator: %s', (_, c) => {
  it('matches NumPy (formed) to 1e-12 and ARPACK to 1e-10', () => {
    const op = hermitianOperator(c);
    const [W, V] = eigsh(op, c.k, { which: c.which });
    const w = W.toArray() as number[];
    const normA = spectralNorm(c.Wall.data);
    for (let i = 0; i < c.k; i++) {
      expect(Math.abs(w[i]! - c.W.data[i]!)).toBeLessThanOrEqual(1e-12 * normA);
      expect(Math.abs(w[i]! - c.Warpack.data[i]!)).toBeLessThanOrEqual(1e-10 * normA);
    }
    expect(orthonormalityError(V)).toBeLessThan(1e-12);
    expect(frob(add(op.apply(V), mul(scaleColumns(V, W), -1)))).toBeLessThan(1e-12 * normA);
  });
});
