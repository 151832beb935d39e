/**
 * Empty batches and empty matrices through every ops-svd rule: forward, backward (every non-empty
 * subset of output cotangents, the others absent) and jvp run, in all four dtypes, and return
 * correctly shaped, correctly typed empty results. The reference shapes: for a batch [0, m, n] the
 * op's output shapes on a batch [1, m, n] with the leading 1 replaced by 0; for an empty matrix
 * (0×0, m×0, 0×n, where @svd/linalg supports it) the shapes of the plain-tensor call. (Issue: eigh
 * and eig backward on zeros([0, 3, 3]) threw "zero-size reduction".)
 */
import * as O from '@svd/ops-svd';
import { type Var, jvp, vjp } from '@svd/tape';
import * as T from '@svd/tensor';
import { describe, expect, test } from 'vitest';

type Op = (...x: Var[]) => Var | Var[];
type Make = (shape: number[], dtype: T.DType) => T.Tensor[];
/** [name, op on Vars, inputs of a given matrix shape, square-only, differentiated inputs]. */
type Row = [string, Op, Make, boolean, number[]?];

const one: Make = (s, dtype) => [T.zeros(s, { dtype })];
const withRhs: Make = (s, dtype) => [T.zeros(s, { dtype }), T.zeros([...s.slice(0, -1), 2], { dtype })];
const filled = (s: number[], dtype: T.DType) => T.add(T.zeros(s, { dtype }), T.eye(s.at(-2)!, s.at(-1)!, { dtype }));
const identityLike: Make = (s, dtype) => [filled(s, dtype)];

const rows: Row[] = [
  ['svd', (x) => O.svd(x), identityLike, false],
  ['svd full', (x) => O.svd(x, { full: true }), identityLike, false],
  ['svd gauge throw', (x) => O.svd(x, { gauge: 'throw' }), identityLike, false],
  ['svdvals', (x) => O.svdvals(x), identityLike, false],
  ['eigh', (x) => O.eigh(x), identityLike, true],
  ['eigh gauge throw', (x) => O.eigh(x, { gauge: 'throw' }), identityLike, true],
  ['eigvalsh', (x) => O.eigvalsh(x), identityLike, true],
  ['eig', (x) => O.eig(x), identityLike, true],
  ['eig gauge throw', (x) => O.eig(x, { gauge: 'throw' }), identityLike, true],
  ['eigvals', (x) => O.eigvals(x), identityLike, true],
  ['cholesky', (x) => O.cholesky(x), identityLike, true],
  ['cholesky upper', (x) => O.cholesky(x, { upper: true }), identityLike, true],
  ['qr', (x) => O.qr(x), identityLike, false],
  ['qr complete', (x) => O.qr(x, { mode: 'complete' }), identityLike, false],
  ['qr r', (x) => O.qr(x, { mode: 'r' }), identityLike, false],
  ['solve', (a, b) => O.solve(a, b), (s, d) => [filled(s, d), withRhs(s, d)[1]!], true],
  ['inv', (x) => O.inv(x), identityLike, true],
  ['solveTriangular', (a, b) => O.solveTriangular(a, b), (s, d) => [filled(s, d), withRhs(s, d)[1]!], true],
  ['det', (x) => O.det(x), identityLike, true],
  ['slogdet', (x) => O.slogdet(x), identityLike, true],
  ['pinv', (x) => O.pinv(x), identityLike, false],
  ['lstsq', (a, b) => O.lstsq(a, b)[0], (s, d) => [filled(s, d), withRhs(s, d)[1]!], false],
  ['matrixExp', (x) => O.matrixExp(x), one, true],
  ['matrixPower 3', (x) => O.matrixPower(x, 3), one, true],
  ['matrixPower −2', (x) => O.matrixPower(x, -2), identityLike, true],
  ['polar', (x) => O.polar(x), identityLike, true],
  ['lu', (x) => O.lu(x).slice(1), identityLike, true],
  ['luFactor', (x) => O.luFactor(x)[0], identityLike, true],
  ['choleskySolve', (a, b) => O.choleskySolve(a, b), (s, d) => [filled(s, d), withRhs(s, d)[1]!], true],
  ['choleskyInverse', (a) => O.choleskyInverse(a), identityLike, true],
  ['cond', (x) => O.cond(x), identityLike, true],
];

const dtypes: T.DType[] = ['float64', 'complex128', 'float32', 'complex64'];

function listed(f: Op): (...x: Var[]) => Var[] {
  return (...x) => {
    const o = f(...x);
    return Array.isArray(o) ? o : [o];
  };
}

/** Forward, backward for every non-empty subset of cotangents, and jvp; returns the output shapes. */
function runAll(f: Op, xs: T.Tensor[]): number[][] {
  const g = listed(f);
  const [outs, back] = vjp(g, ...xs);
  for (let mask = 1; mask < 1 << outs.length; mask++) {
    const grads = back(outs.map((o, k) => ((mask >> k) & 1 ? T.onesLike(o.value) : null)));
    grads.forEach((gi, i) => {
      expect(gi.shape).toEqual(xs[i]!.shape);
      expect(gi.dtype).toBe(xs[i]!.dtype);
    });
  }
  const [primal, tangents] = jvp(
    g,
    xs,
    xs.map((x) => T.onesLike(x)),
  );
  tangents.forEach((t, k) => {
    expect(t.shape).toEqual(primal[k]!.shape);
    expect(t.dtype).toBe(primal[k]!.dtype);
  });
  return outs.map((o) => [...o.shape]);
}

describe.each(dtypes)('empty batches, %s', (dtype) => {
  test.each(rows)('%s on a batch of zero matrices', (_name, f, make, square) => {
    const sizes: [number, number][] = square
      ? [[3, 3]]
      : [
          [3, 3],
          [3, 2],
          [2, 3],
        ];
    for (const [m, n] of sizes) {
      const reference = listed(f)(...make([1, m, n], dtype).map((x) => x as unknown as Var));
      const expected = reference.map((o) => [0, ...o.shape.slice(1)]);
      expect(runAll(f, make([0, m, n], dtype))).toEqual(expected);
      // Two batch axes, one of them empty.
      expect(runAll(f, make([2, 0, m, n], dtype))).toEqual(reference.map((o) => [2, 0, ...o.shape.slice(1)]));
    }
  });
});

describe.each(dtypes)('empty matrices, %s', (dtype) => {
  const undefinedOnEmpty = new Set(['cond']);
  test.each(rows.filter((r) => !undefinedOnEmpty.has(r[0])))('%s on 0×0, m×0 and 0×n', (_n, f, make, square) => {
    const shapes = square
      ? [
          [0, 0],
          [2, 0, 0],
        ]
      : [
          [0, 0],
          [2, 0, 0],
          [3, 0],
          [0, 3],
        ];
    for (const s of shapes) {
      const xs = make(s, dtype);
      // The plain-tensor call goes straight to @svd/linalg: the Var path must agree with it.
      const plain = f(...(xs as unknown as Var[]));
      const plainShapes = (Array.isArray(plain) ? plain : [plain]).map((o) => [...o.shape]);
      expect(runAll(f, xs)).toEqual(plainShapes);
    }
  });

  test('cond of an empty matrix is an error that says so (numpy raises too)', () => {
    expect(() => O.cond(T.zeros([0, 0], { dtype }))).toThrow(/empty matrix/);
  });
});

describe.each(dtypes)('multiDot (2-D only, as numpy) with a zero dimension, %s', (dtype) => {
  test.each([
    [
      'zero inner dimension: 3×0 · 0×2 · 2×2',
      [
        [3, 0],
        [0, 2],
        [2, 2],
      ],
      [3, 2],
    ],
    [
      'zero outer dimension: 0×3 · 3×2 · 2×4',
      [
        [0, 3],
        [3, 2],
        [2, 4],
      ],
      [0, 4],
    ],
    [
      'all empty: 0×0 · 0×0',
      [
        [0, 0],
        [0, 0],
      ],
      [0, 0],
    ],
  ] as const)('%s', (_name, shapes, out) => {
    const xs = shapes.map((s) => T.zeros([...s], { dtype }));
    expect(runAll((...v: Var[]) => O.multiDot(v), xs)).toEqual([[...out]]);
    // A zero inner dimension makes a product of zeros, not garbage.
    expect(T.allclose(O.multiDot(xs), T.zeros([...out], { dtype }))).toBe(true);
  });
});
