/**
 * Output conventions, per dtype (float64, complex128): cholesky's upper factor is Lᴴ, lu's P·L·U
 * (as scipy.linalg.lu), eigh's ordering and sign / phase convention, svd's determinism and moduli
 * on diagonal input, the tolerances of pinv and matrixRank, and small cases known in closed form.
 */
import { tensor } from '@svd/tensor';
import { describe, expect, it } from 'vitest';
import { cholesky, eigh, eigvalsh, lu, matrixRank, pinv, svd, svdvals } from '../src/index.js';
import { COMPLEX128, FLOAT64, ULP, clampedRatio, f64, maxAbs } from './support/index.js';

// Small matrices known in closed form: the complex ones are the complex twin suite's, the real
// ones real-valued analogues. sym2 has eigenvalues 1 and 3; diag2 has singular values diag2Moduli.
const CASES = [
  {
    ...FLOAT64,
    sym2: FLOAT64.real([
      [2, 1],
      [1, 2],
    ]),
    diag2: FLOAT64.real([
      [-2, 0],
      [0, 3],
    ]),
    diag2Moduli: [3, 2],
  },
  {
    ...COMPLEX128,
    // [[2, i], [−i, 2]]
    sym2: tensor(Float64Array.of(2, 0, 0, 1, 0, -1, 2, 0), { shape: [2, 2], dtype: 'complex128' }),
    // [[3 + 4i, 0], [0, −2i]]
    diag2: tensor(Float64Array.of(3, 4, 0, 0, 0, 0, 0, -2), { shape: [2, 2], dtype: 'complex128' }),
    diag2Moduli: [5, 2],
  },
];

describe.each(CASES)('$dtype conventions', (t) => {
  const { w, kit } = t;

  it('cholesky upper returns U = Lᴴ with A = UᴴU, reading only the upper triangle', () => {
    const A = t.posdef([5, 5], 41);
    const L = f64(cholesky(A));
    const U = f64(cholesky(A, { upper: true }));
    const Lh = kit.adjoint(L, 5, 5);
    // Real: the same bits. Complex: the upper and lower zpotrf recurrences sum in different
    // orders (and conjugating a +0 gives −0), so they agree to rounding only.
    if (w === 1) expect(U).toEqual(Lh);
    else expect(maxAbs(U.map((x, i) => x - Lh[i]!)) / maxAbs(L)).toBeLessThan(4 * ULP);
  });

  it('lu: A = P·L·U with P a permutation (like scipy.linalg.lu)', () => {
    const A = t.real([
      [1, 2],
      [3, 4],
    ]);
    const [P, L, U] = lu(A);
    expect(f64(P)).toEqual(
      f64(
        t.real([
          [0, 1],
          [1, 0],
        ]),
      ),
    );
    expect(f64(L)).toEqual(
      f64(
        t.real([
          [1, 0],
          [1 / 3, 1],
        ]),
      ),
    );
    expect(f64(U)[0]).toBe(3);
  });

  it('eigh: W ascending, each eigenvector has a real positive largest component', () => {
    const [W, V] = eigh(t.posdef([6, 6], 42));
    const v = f64(V);
    for (let c = 0; c < 6; c++) {
      let best = 0;
      for (let i = 1; i < 6; i++)
        if (Math.hypot(...entry(v, i * 6 + c)) > Math.hypot(...entry(v, best * 6 + c))) best = i;
      const [re, im] = entry(v, best * 6 + c);
      expect(re).toBeGreaterThan(0);
      expect(im).toBe(0);
    }
    const x = f64(W);
    for (let i = 1; i < 6; i++) expect(x[i]!).toBeGreaterThanOrEqual(x[i - 1]!);
  });

  it('svd: deterministic (same input, bitwise same output) and S = |diag| for a diagonal input', () => {
    const A = t.random([7, 5], 43);
    expect(svd(A).map(f64)).toEqual(svd(A).map(f64));
    expect(f64(svdvals(t.diag2))).toEqual(Float64Array.from(t.diag2Moduli));
    const [U, S, V] = svd(t.diag2);
    const a = f64(t.diag2);
    expect(
      clampedRatio(kit.svdResidual(a, 2, 2, f64(U), 2, f64(S), f64(V), 2), kit.norm1(a, 2, 2), 2, ULP),
    ).toBeLessThan(10);
  });

  it('eigh of a 2×2 with eigenvalues 1 and 3: W = [1, 3], V unitary, uplo U reads the same matrix', () => {
    const [W, V] = eigh(t.sym2);
    expect(Array.from(f64(W)).map((x) => Math.round(x * 1e12) / 1e12)).toEqual([1, 3]);
    expect(kit.orthRatio(f64(V), 2, 2)).toBeLessThan(10);
    expect(f64(eigvalsh(t.sym2, { uplo: 'U' }))).toEqual(f64(W));
  });

  it('pinv rtol and matrixRank tol', () => {
    const A = t.real([
      [1, 0],
      [0, 1e-10],
    ]);
    expect(matrixRank(A).item()).toBe(2);
    expect(matrixRank(A, { tol: 1e-8 }).item()).toBe(1);
    expect(f64(pinv(A, { rtol: 1e-8 }))).toEqual(
      f64(
        t.real([
          [1, 0],
          [0, 0],
        ]),
      ),
    );
    expect(f64(pinv(A))[3 * w]).toBeCloseTo(1e10, -1);
  });

  /** Entry k of interleaved (w = 2) or real (w = 1) data as [re, im]. */
  function entry(d: Float64Array, k: number): [number, number] {
    return w === 2 ? [d[2 * k]!, d[2 * k + 1]!] : [d[k]!, 0];
  }
});
