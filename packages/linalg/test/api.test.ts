/**
 * Behaviour of the public API beyond the fixture ratios: batching, empty shapes, non-finite
 * input, error types and texts, options, float32 policy, −0, complex.
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, matrixTranspose, tensor, zeros } from '@svd/tensor';
import {
  ConvergenceError,
  LinAlgError,
  NotPositiveDefiniteError,
  cholesky,
  cond,
  det,
  eigh,
  eigvalsh,
  inv,
  lu,
  matrixRank,
  matrixNorm,
  norm,
  pinv,
  qr,
  slogdet,
  solve,
  solveTriangular,
  svd,
  svdvals,
} from '../src/index.js';
import { SvdError, ShapeError, ValueError } from '@svd/tensor';
import {
  f64,
  hasNegativeZero,
  matmul as mul,
  maxAbs,
  mulberry32,
  randomTensor,
  spdBatch,
  thrown,
  transpose,
} from './support/index.js';

/** Matrix k of a batch as its own tensor (copied). */
function matrixOf(t: Tensor, k: number): Tensor {
  const m = t.shape[t.ndim - 2]!;
  const n = t.shape[t.ndim - 1]!;
  return tensor(f64(t).slice(k * m * n, (k + 1) * m * n), { shape: [m, n] });
}
/** Slice k of the leading (flattened) batch axes of an output with `tail` trailing axes. */
function itemOf(t: Tensor, k: number, tail: number): Float64Array {
  let size = 1;
  for (let i = t.ndim - tail; i < t.ndim; i++) size *= t.shape[i]!;
  return f64(t).slice(k * size, (k + 1) * size);
}

describe('batching: shape [2, 3, 5, 4] equals per-matrix results', () => {
  const R = randomTensor([2, 3, 5, 4], 11); // rectangular batch
  const S = spdBatch([2, 3, 4, 4], 12); // square (SPD) batch
  const count = 6;

  it('rectangular ops: svd (thin/full), svdvals, qr (all modes), pinv, matrixRank, norm, cond', () => {
    const [U, Sv, V] = svd(R);
    expect([U.shape, Sv.shape, V.shape]).toEqual([
      [2, 3, 5, 4],
      [2, 3, 4],
      [2, 3, 4, 4],
    ]);
    const [Uf, , Vf] = svd(R, { full: true });
    expect([Uf.shape, Vf.shape]).toEqual([
      [2, 3, 5, 5],
      [2, 3, 4, 4],
    ]);
    const [Q, Rr] = qr(R);
    const [Qc, Rc] = qr(R, { mode: 'complete' });
    const [R1] = qr(R, { mode: 'r' });
    const P = pinv(R);
    expect(P.shape).toEqual([2, 3, 4, 5]);
    const rank = matrixRank(R);
    expect(rank.shape).toEqual([2, 3]);
    for (let k = 0; k < count; k++) {
      const A = matrixOf(R, k);
      const [u, s, v] = svd(A);
      expect(itemOf(U, k, 2)).toEqual(f64(u));
      expect(itemOf(Sv, k, 1)).toEqual(f64(s));
      expect(itemOf(V, k, 2)).toEqual(f64(v));
      expect(itemOf(Uf, k, 2)).toEqual(f64(svd(A, { full: true })[0]));
      expect(itemOf(svdvals(R), k, 1)).toEqual(f64(svdvals(A)));
      const [q, r] = qr(A);
      expect(itemOf(Q, k, 2)).toEqual(f64(q));
      expect(itemOf(Rr, k, 2)).toEqual(f64(r));
      expect(itemOf(Qc, k, 2)).toEqual(f64(qr(A, { mode: 'complete' })[0]));
      expect(itemOf(Rc, k, 2)).toEqual(f64(qr(A, { mode: 'complete' })[1]));
      expect(itemOf(R1, k, 2)).toEqual(f64(r));
      expect(itemOf(P, k, 2)).toEqual(f64(pinv(A)));
      expect(itemOf(rank, k, 0)).toEqual(f64(matrixRank(A)));
      for (const ord of ['fro', 'nuc', 1, -1, 2, -2, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY] as const) {
        expect(itemOf(matrixNorm(R, { ord }), k, 0)).toEqual(f64(norm(A, { ord })));
      }
      expect(itemOf(cond(R), k, 0)).toEqual(f64(cond(A)));
    }
  });

  it('square ops: eigh, eigvalsh, cholesky, lu, solve, solveTriangular, inv, det, slogdet, cond', () => {
    const B = randomTensor([2, 3, 4, 2], 13);
    const b = randomTensor([4], 14);
    const [W, V] = eigh(S, { uplo: 'U' });
    const L = cholesky(S);
    const Uc = cholesky(S, { upper: true });
    const [Pl, Ll, Ul] = lu(S);
    const X = solve(S, B);
    const xv = solve(S, b);
    expect(xv.shape).toEqual([2, 3, 4]);
    const T = solveTriangular(L, B, { lower: true });
    const Tt = solveTriangular(Uc, B, { transpose: true });
    const D = det(S);
    const [sg, la] = slogdet(S);
    const Ai = inv(S);
    expect(D.shape).toEqual([2, 3]);
    for (let k = 0; k < count; k++) {
      const A = matrixOf(S, k);
      const Bk = matrixOf(B, k);
      const [w, v] = eigh(A, { uplo: 'U' });
      expect(itemOf(W, k, 1)).toEqual(f64(w));
      expect(itemOf(V, k, 2)).toEqual(f64(v));
      expect(itemOf(eigvalsh(S), k, 1)).toEqual(f64(eigvalsh(A)));
      expect(itemOf(L, k, 2)).toEqual(f64(cholesky(A)));
      expect(itemOf(Uc, k, 2)).toEqual(f64(cholesky(A, { upper: true })));
      const [p, l, u] = lu(A);
      expect([itemOf(Pl, k, 2), itemOf(Ll, k, 2), itemOf(Ul, k, 2)]).toEqual([f64(p), f64(l), f64(u)]);
      expect(itemOf(X, k, 2)).toEqual(f64(solve(A, Bk)));
      expect(itemOf(xv, k, 1)).toEqual(f64(solve(A, b)));
      expect(itemOf(T, k, 2)).toEqual(f64(solveTriangular(cholesky(A), Bk, { lower: true })));
      expect(itemOf(Tt, k, 2)).toEqual(f64(solveTriangular(cholesky(A, { upper: true }), Bk, { transpose: true })));
      expect(itemOf(D, k, 0)).toEqual(f64(det(A)));
      expect(itemOf(sg, k, 0)).toEqual(f64(slogdet(A)[0]));
      expect(itemOf(la, k, 0)).toEqual(f64(slogdet(A)[1]));
      expect(itemOf(Ai, k, 2)).toEqual(f64(inv(A)));
      expect(itemOf(cond(S, 1), k, 0)).toEqual(f64(cond(A, 1)));
    }
  });

  it('solve broadcasts batch axes of A and B', () => {
    const A = spdBatch([3, 4, 4], 15);
    const B = randomTensor([2, 1, 4, 3], 16);
    const X = solve(A, B);
    expect(X.shape).toEqual([2, 3, 4, 3]);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        expect(itemOf(X, i * 3 + j, 2)).toEqual(f64(solve(matrixOf(A, j), matrixOf(B, i))));
      }
    }
    expect(() => solve(A, randomTensor([2, 4, 3], 1))).toThrow(ShapeError);
  });
});

describe('empty shapes (NumPy / SciPy conventions)', () => {
  it('svd: thin U is m×0, full U = I_m, full V = I_n; svdvals is empty', () => {
    for (const [m, n] of [
      [0, 0],
      [0, 3],
      [3, 0],
    ] as const) {
      const A = zeros([m, n]);
      const [U, S, V] = svd(A);
      expect([U.shape, S.shape, V.shape]).toEqual([[m, 0], [0], [n, 0]]);
      const [Uf, Sf, Vf] = svd(A, { full: true });
      expect(Uf.toArray()).toEqual(eyeArray(m));
      expect(Sf.shape).toEqual([0]);
      expect(Vf.toArray()).toEqual(eyeArray(n));
      expect(svdvals(A).shape).toEqual([0]);
    }
    const [U, S, V] = svd(zeros([0, 3, 4]));
    expect([U.shape, S.shape, V.shape]).toEqual([
      [0, 3, 3],
      [0, 3],
      [0, 4, 3],
    ]);
  });

  it('qr of (3,0), (0,3), (0,0)', () => {
    const [Q, R] = qr(zeros([3, 0]));
    expect([Q.shape, R.shape]).toEqual([
      [3, 0],
      [0, 0],
    ]);
    const [Qc, Rc] = qr(zeros([3, 0]), { mode: 'complete' });
    expect(Qc.toArray()).toEqual(eyeArray(3));
    expect(Rc.shape).toEqual([3, 0]);
    const [Q2, R2] = qr(zeros([0, 3]));
    expect([Q2.shape, R2.shape]).toEqual([
      [0, 0],
      [0, 3],
    ]);
    expect(qr(zeros([0, 0]), { mode: 'r' })[0].shape).toEqual([0, 0]);
  });

  it('0×0 square ops', () => {
    const E = zeros([0, 0]);
    const [W, V] = eigh(E);
    expect([W.shape, V.shape]).toEqual([[0], [0, 0]]);
    expect(cholesky(E).shape).toEqual([0, 0]);
    expect(lu(E).map((t) => t.shape)).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(solve(E, zeros([0])).shape).toEqual([0]);
    expect(solve(E, zeros([0, 2])).shape).toEqual([0, 2]);
    expect(solveTriangular(E, zeros([0])).shape).toEqual([0]);
    expect(inv(E).shape).toEqual([0, 0]);
    expect(det(E).item()).toBe(1);
    expect(slogdet(E).map((t) => t.item())).toEqual([1, 0]);
    expect(det(zeros([2, 0, 0])).toArray()).toEqual([1, 1]);
  });

  it('pinv, matrixRank, norm of empty matrices; cond refuses them', () => {
    expect(pinv(zeros([3, 0])).shape).toEqual([0, 3]);
    expect(matrixRank(zeros([3, 0])).item()).toBe(0);
    for (const ord of ['fro', 'nuc', 1, -1, 2, -2, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY] as const) {
      expect(norm(zeros([0, 4]), { ord }).item()).toBe(0);
    }
    expect(() => cond(zeros([0, 0]))).toThrow(LinAlgError);
    expect(cond(zeros([0, 2, 2])).shape).toEqual([0]);
  });
});

function eyeArray(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

describe('non-finite input throws LinAlgError naming the operation (every entry point)', () => {
  const sq = (x: number) =>
    tensor([
      [4, 1, 0],
      [1, 4, 1],
      [0, 1, x],
    ]);
  const b = tensor([1, 2, 3]);
  const entryPoints: Array<[string, (A: Tensor) => unknown]> = [
    ['svd', (A) => svd(A)],
    ['svdvals', (A) => svdvals(A)],
    ['qr', (A) => qr(A)],
    ['eigh', (A) => eigh(A)],
    ['eigvalsh', (A) => eigvalsh(A)],
    ['cholesky', (A) => cholesky(A)],
    ['lu', (A) => lu(A)],
    ['solve', (A) => solve(A, b)],
    ['solveTriangular', (A) => solveTriangular(A, b)],
    ['inv', (A) => inv(A)],
    ['det', (A) => det(A)],
    ['slogdet', (A) => slogdet(A)],
    ['pinv', (A) => pinv(A)],
    ['matrixRank', (A) => matrixRank(A)],
    ['norm', (A) => norm(A)],
    ['cond', (A) => cond(A)],
  ];
  for (const [op, f] of entryPoints) {
    for (const x of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      it(`${op} with ${x} (on the diagonal, read by every op)`, () => {
        const err = thrown(() => f(sq(x)));
        expect(err).toBeInstanceOf(LinAlgError);
        expect((err as LinAlgError).code).toBe('LINALG');
        expect(err.message).toBe(
          `${op}: the input contains non-finite values (NaN or ±Inf) at batch element 0`.replace(
            'the input',
            op === 'solve' || op === 'solveTriangular' ? 'the coefficient matrix' : 'the input',
          ),
        );
      });
    }
  }

  it('exact text for svd, and the batch element is named', () => {
    expect(() => svd(tensor([[Number.NaN]]))).toThrow(
      'svd: the input contains non-finite values (NaN or ±Inf) at batch element 0',
    );
    const data = new Float64Array(2 * 3 * 2 * 2).fill(1);
    data[5 * 4 + 3] = Number.POSITIVE_INFINITY;
    expect(() => svd(tensor(data, { shape: [2, 3, 2, 2] }))).toThrow(
      'svd: the input contains non-finite values (NaN or ±Inf) at batch element 5',
    );
  });

  it('a non-finite right-hand side is rejected too', () => {
    expect(() => solve(tensor([[1]]), tensor([Number.NaN]))).toThrow(
      'solve: the right-hand side contains non-finite values (NaN or ±Inf) at batch element 0',
    );
  });

  it('NaN in the unread triangle is ignored by eigh, cholesky and solveTriangular', () => {
    const A = tensor([
      [2, Number.NaN],
      [1, 2],
    ]);
    expect(eigvalsh(A).toArray()).toEqual([1, 3]);
    expect(Number.isFinite(cholesky(A).get(1, 1))).toBe(true);
    expect(solveTriangular(A, tensor([2, 4]), { lower: true }).toArray()).toEqual([1, 1.5]);
    expect(() => eigvalsh(A, { uplo: 'U' })).toThrow(LinAlgError);
  });
});

describe('errors: types and texts', () => {
  it('non-square input for the square-only ops', () => {
    const A = zeros([3, 4]);
    for (const [op, f] of [
      ['eigh', () => eigh(A)],
      ['eigvalsh', () => eigvalsh(A)],
      ['cholesky', () => cholesky(A)],
      ['solve', () => solve(A, zeros([3]))],
      ['inv', () => inv(A)],
      ['det', () => det(A)],
      ['slogdet', () => slogdet(A)],
      ['cond', () => cond(A, 1)],
    ] as const) {
      const err = thrown(f);
      expect(err).toBeInstanceOf(ShapeError);
      expect(err.message).toBe(`${op}: expected batches of square matrices, got shape [3, 4]`);
    }
    expect(cond(A).shape).toEqual([]); // the 2-norm condition number takes any shape
  });

  it('rank < 2 throws ShapeError', () => {
    expect(() => svd(tensor([1, 2, 3]))).toThrow(
      'svd: expected the input to have at least 2 dimensions (a matrix or a batch of matrices), got shape [3]',
    );
    for (const f of [() => qr(tensor(1)), () => det(tensor([1])), () => matrixNorm(tensor([1, 2]))]) {
      expect(thrown(f)).toBeInstanceOf(ShapeError);
    }
  });

  it('singular matrices in solve and inv', () => {
    const A = tensor([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
    ]);
    expect(() => solve(A, tensor([1, 1, 1]))).toThrow('solve: the matrix is singular (U[2,2] is exactly zero)');
    const err = thrown(() => inv(A));
    expect(err).toBeInstanceOf(LinAlgError);
    expect(err.message).toBe('inv: the matrix is singular (U[2,2] is exactly zero)');
    expect(() =>
      solveTriangular(
        tensor([
          [1, 2],
          [0, 0],
        ]),
        tensor([1, 1]),
      ),
    ).toThrow('solveTriangular: the matrix is singular (A[1,1] is exactly zero)');
    // Singular is fine for det, slogdet, lu, cond, pinv, matrixRank.
    expect(det(A).item()).toBe(0);
    expect(slogdet(A).map((t) => t.item())).toEqual([0, Number.NEGATIVE_INFINITY]);
    expect(cond(A).item()).toBe(Number.POSITIVE_INFINITY);
    expect(cond(A, 1).item()).toBe(Number.POSITIVE_INFINITY);
    expect(matrixRank(A).item()).toBe(2);
  });

  it('batched failures name the batch element', () => {
    const S = tensor([
      [
        [1, 0],
        [0, 1],
      ],
      [
        [1, 2],
        [2, 1],
      ],
    ]);
    const err = thrown(() => cholesky(S));
    expect(err).toBeInstanceOf(NotPositiveDefiniteError);
    expect(err).toBeInstanceOf(LinAlgError);
    expect(err.message).toBe('cholesky: the leading minor of order 2 is not positive definite at batch element 1');
    expect((err as NotPositiveDefiniteError).order).toBe(2);
    const Z = tensor([[[1]], [[0]]]);
    expect(() => inv(Z)).toThrow('inv: the matrix is singular (U[0,0] is exactly zero) at batch element 1');
  });

  it('bad options throw ValueError naming the option and the allowed values', () => {
    const A = tensor([
      [2, 1],
      [1, 2],
    ]);
    const cases: Array<[() => unknown, string]> = [
      [() => eigh(A, { uplo: 'X' as 'L' }), "eigh: option uplo must be one of 'L', 'U', got 'X'"],
      [() => eigvalsh(A, { uplo: 'l' as 'L' }), "eigvalsh: option uplo must be one of 'L', 'U', got 'l'"],
      [
        () => qr(A, { mode: 'full' as 'complete' }),
        "qr: option mode must be one of 'reduced', 'complete', 'r', got 'full'",
      ],
      [
        () => norm(A, { ord: 3 }),
        "norm: option ord of a matrix norm must be one of 'fro', 'nuc', 1, -1, 2, -2, Infinity, -Infinity, got 3",
      ],
      [
        () => cond(A, 'max' as 'fro'),
        "cond: option ord must be one of 'fro', 'nuc', 1, -1, 2, -2, Infinity, -Infinity, got 'max'",
      ],
      [() => svd(A, { full: 1 as unknown as boolean }), 'svd: option full must be a boolean, got 1'],
      [() => cholesky(A, { lower: true } as never), "cholesky: unknown option 'lower' (allowed: upper)"],
      [() => pinv(A, { rtol: -1 }), 'pinv: option rtol must be a finite number ≥ 0, got -1'],
      [() => matrixRank(A, { tol: Number.NaN }), 'matrixRank: option tol must be a finite number ≥ 0, got NaN'],
    ];
    for (const [f, msg] of cases) {
      const err = thrown(f);
      expect(err).toBeInstanceOf(ValueError);
      expect(err.message).toBe(msg);
    }
  });

  it('all errors are SvdErrors with a code; ConvergenceError is a LinAlgError', () => {
    expect(new ConvergenceError('svd', 'x')).toBeInstanceOf(LinAlgError);
    expect(new ConvergenceError('svd', 'x').code).toBe('CONVERGENCE');
    expect(thrown(() => svd(tensor([[Number.NaN]])))).toBeInstanceOf(SvdError);
  });
});

describe('views and strided input', () => {
  it('a transposed view gives the transposed problem', () => {
    const A = randomTensor([4, 3], 21);
    const At = tensor(transpose(f64(A), 4, 3), { shape: [3, 4] });
    const view = matrixTranspose(A);
    expect(view.isContiguous).toBe(false);
    expect(f64(svdvals(view))).toEqual(f64(svdvals(At)));
    expect(f64(qr(view)[1])).toEqual(f64(qr(At)[1]));
  });
});

describe('no −0 in any output', () => {
  it('signed zeros and negative entries in the input', () => {
    const D = tensor([
      [0.5, 0, 0, 0, 0, 0, 0],
      [0, -3, 0, 0, 0, 0, 0],
      [0, 0, -0, 0, 0, 0, 0],
      [0, 0, 0, 2, 0, 0, 0],
      [0, 0, 0, 0, 1e-300, 0, 0],
      [0, 0, 0, 0, 0, -7, 0],
      [0, 0, 0, 0, 0, 0, 0],
    ]);
    const N = tensor([
      [-0, -0],
      [-0, -1],
    ]);
    const spd = tensor([
      [4, -0],
      [-0, 9],
    ]);
    const outs: Tensor[] = [
      ...svd(D),
      ...svd(D, { full: true }),
      svdvals(D),
      ...qr(N),
      ...qr(N, { mode: 'complete' }),
      ...eigh(N),
      ...eigh(D),
      cholesky(spd),
      cholesky(spd, { upper: true }),
      ...lu(N),
      solve(spd, tensor([-0, -0])),
      solveTriangular(spd, tensor([-0, 1])),
      inv(spd),
      det(N),
      ...slogdet(N),
      pinv(N),
      pinv(D),
      norm(tensor([[-0]])),
      cond(spd),
    ];
    for (const t of outs) expect(hasNegativeZero(t.toTypedArray()), `output of shape [${t.shape}]`).toBe(false);
    expect(f64(svdvals(D))).toEqual(Float64Array.of(7, 3, 2, 0.5, 1e-300, 0, 0));
  });
});

describe('conventions', () => {
  it('cholesky upper returns U = Lᵀ with A = UᵀU, reading only the upper triangle', () => {
    const A = spdBatch([5, 5], 41);
    const L = f64(cholesky(A));
    const U = f64(cholesky(A, { upper: true }));
    expect(U).toEqual(transpose(L, 5, 5));
  });

  it('lu: A = P·L·U with P a permutation (like scipy.linalg.lu)', () => {
    const A = tensor([
      [1, 2],
      [3, 4],
    ]);
    const [P, L, U] = lu(A);
    expect(P.toArray()).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(L.toArray()).toEqual([
      [1, 0],
      [1 / 3, 1],
    ]);
    expect(U.get(0, 0)).toBe(3);
  });

  it('eigh: W ascending, each eigenvector has a positive largest component', () => {
    const [W, V] = eigh(spdBatch([6, 6], 42));
    const v = f64(V);
    for (let c = 0; c < 6; c++) {
      let best = 0;
      for (let i = 0; i < 6; i++) if (Math.abs(v[i * 6 + c]!) > Math.abs(best)) best = v[i * 6 + c]!;
      expect(best).toBeGreaterThan(0);
    }
    const w = f64(W);
    for (let i = 1; i < 6; i++) expect(w[i]!).toBeGreaterThanOrEqual(w[i - 1]!);
  });

  it('svd: deterministic (same input, bitwise same output) and S = |diag| for a diagonal input', () => {
    const A = randomTensor([7, 5], 43);
    expect(svd(A).map(f64)).toEqual(svd(A).map(f64));
    expect(
      f64(
        svdvals(
          tensor([
            [-2, 0],
            [0, 3],
          ]),
        ),
      ),
    ).toEqual(Float64Array.of(3, 2));
  });

  it('solveTriangular: lower/upper, unitDiagonal, transpose', () => {
    const rng = mulberry32(44);
    const n = 5;
    const t = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) t[i * n + j] = i === j ? 2 + rng() : rng() - 0.5;
    const Lt = tensor(t, { shape: [n, n] });
    const B = randomTensor([n, 2], 45);
    const b = f64(B);
    for (const transposeOpt of [false, true]) {
      for (const unitDiagonal of [false, true]) {
        const X = f64(solveTriangular(Lt, B, { lower: true, unitDiagonal, transpose: transposeOpt }));
        const op = t.slice();
        if (unitDiagonal) for (let i = 0; i < n; i++) op[i * n + i] = 1;
        const M = transposeOpt ? transpose(op, n, n) : op;
        const r = mul(M, X, n, n, 2).map((x, i) => x - b[i]!);
        expect(maxAbs(r)).toBeLessThan(1e-14);
      }
    }
    // Upper (the default) via the transposed matrix.
    const Ut = tensor(transpose(t, n, n), { shape: [n, n] });
    const Xu = f64(solveTriangular(Ut, B));
    expect(maxAbs(mul(transpose(t, n, n), Xu, n, n, 2).map((x, i) => x - b[i]!))).toBeLessThan(1e-14);
  });

  it('pinv rtol and matrixRank tol', () => {
    const A = tensor([
      [1, 0],
      [0, 1e-10],
    ]);
    expect(matrixRank(A).item()).toBe(2);
    expect(matrixRank(A, { tol: 1e-8 }).item()).toBe(1);
    expect(pinv(A, { rtol: 1e-8 }).toArray()).toEqual([
      [1, 0],
      [0, 0],
    ]);
    expect(pinv(A).get(1, 1)).toBeCloseTo(1e10, -1);
  });
});
