/**
 * fast-check properties of svds and eigsh (Krylov path forced, small Krylov spaces so restarts
 * happen; ncv ≥ k + 4, since k + 2 with one new vector per restart can need thousands of restarts
 * for largestMagnitude) on random real and complex matrices of random shape and scale: orthonormal factors,
 * A·V = U·S and Aᴴ·U = V·S to 1e-12·‖A‖, values equal to the dense decomposition's to
 * 1e-12·‖A‖, descending (svds) / ascending (eigsh) order. Bounded number of runs.
 */
import { add, adjoint, matmul, mul, randn } from '@svd/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eigsh, eigvalsh, svds, svdvals } from '../src/index.js';
import { frob, orthonormalityError, scaleColumns } from './support/index.js';

const cases = fc.record({
  m: fc.integer({ min: 24, max: 48 }),
  n: fc.integer({ min: 24, max: 48 }),
  k: fc.integer({ min: 1, max: 6 }),
  extra: fc.integer({ min: 4, max: 12 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  complex: fc.boolean(),
  mag: fc.constantFrom(1, 1e-150, 1e150, 1e-300, 1e300),
});

describe('svds properties', () => {
  it('orthonormal factors, both residual equations, values of the dense SVD', () => {
    fc.assert(
      fc.property(cases, ({ m, n, k, extra, seed, complex, mag }) => {
        const A = mul(randn([m, n], { seed, dtype: complex ? 'complex128' : 'float64' }), mag);
        const ncv = Math.min(k + extra, Math.min(m, n) - 1);
        const [U, S, V] = svds(A, k, { method: 'krylov', ncv, seed: seed + 1 });
        const ref = svdvals(A).toTypedArray();
        const s = S.toTypedArray();
        const normA = ref[0]!;
        for (let i = 0; i < k; i++) {
          expect(Math.abs(s[i]! - ref[i]!)).toBeLessThanOrEqual(1e-12 * normA);
          if (i > 0) expect(s[i]!).toBeLessThanOrEqual(s[i - 1]!);
        }
        expect(orthonormalityError(U)).toBeLessThan(1e-12);
        expect(orthonormalityError(V)).toBeLessThan(1e-12);
        expect(frob(add(matmul(A, V), mul(scaleColumns(U, S), -1)))).toBeLessThan(1e-12 * normA);
        expect(frob(add(matmul(adjoint(A), U), mul(scaleColumns(V, S), -1)))).toBeLessThan(1e-12 * normA);
      }),
      { numRuns: 25, seed: 1512 },
    );
  });
});

describe('eigsh properties', () => {
  it('orthonormal vectors, A·V = V·W, values of the dense eigh, for every which', () => {
    fc.assert(
      fc.property(cases, fc.constantFrom('largest', 'smallest', 'largestMagnitude' as const), (c, which) => {
        const { n, k, extra, seed, complex, mag } = c;
        const B = randn([n, n], { seed, dtype: complex ? 'complex128' : 'float64' });
        const A = mul(add(B, adjoint(B)), mag);
        const ncv = Math.min(k + extra, n - 1);
        const [W, V] = eigsh(A, k, { which, method: 'krylov', ncv, seed: seed + 1 });
        const all = Array.from(eigvalsh(A).toTypedArray());
        const normA = Math.max(...all.map(Math.abs));
        const wanted =
          which === 'smallest'
            ? all.slice(0, k)
            : which === 'largest'
              ? all.slice(n - k)
              : [...all]
                  .sort((x, y) => Math.abs(y) - Math.abs(x))
                  .slice(0, k)
                  .sort((x, y) => x - y);
        const w = W.toTypedArray();
        for (let i = 0; i < k; i++) {
          expect(Math.abs(w[i]! - wanted[i]!)).toBeLessThanOrEqual(1e-12 * normA);
          if (i > 0) expect(w[i]!).toBeGreaterThanOrEqual(w[i - 1]!);
        }
        expect(orthonormalityError(V)).toBeLessThan(1e-12);
        expect(frob(add(matmul(A, V), mul(scaleColumns(V, W), -1)))).toBeLessThan(1e-12 * normA);
      }),
      { numRuns: 25, seed: 1513 },
    );
  });
});
