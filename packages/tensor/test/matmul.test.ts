import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DType,
  ShapeError,
  Tensor,
  adjoint,
  broadcastTo,
  conj,
  dot,
  matmul,
  matrixTranspose,
  slice,
  tensor,
  transpose,
  vdot,
  zeros,
} from '../src/index.js';
import { entries, intTensor, maxDiff, naiveEinsum, randBuffer } from './helpers.js';

const DTYPES: DType[] = ['float64', 'float32', 'complex128', 'complex64'];
const letters = 'abcdefgh';

/** Reference matmul by index loops, following NumPy's rules for 1-D and batch broadcasting. */
function refMatmul(a: Tensor, b: Tensor): { shape: number[]; values: [number, number][] } {
  const A =
    a.ndim === 1 ? new Tensor(a.data, a.dtype, [1, a.shape[0]!], [0, a.strides[0]!], a.offset, a.conjugated) : a;
  const B =
    b.ndim === 1 ? new Tensor(b.data, b.dtype, [b.shape[0]!, 1], [b.strides[0]!, 0], b.offset, b.conjugated) : b;
  const ba = A.shape.slice(0, -2);
  const bb = B.shape.slice(0, -2);
  const nb = Math.max(ba.length, bb.length);
  const batch: number[] = [];
  for (let i = 0; i < nb; i++) {
    const x = ba[ba.length - nb + i] ?? 1;
    const y = bb[bb.length - nb + i] ?? 1;
    batch.push(x === 1 ? y : x);
  }
  const Ab = broadcastTo(A, [...batch, A.shape[A.ndim - 2]!, A.shape[A.ndim - 1]!]);
  const Bb = broadcastTo(B, [...batch, B.shape[B.ndim - 2]!, B.shape[B.ndim - 1]!]);
  const bl = letters.slice(0, nb).split('');
  const ref = naiveEinsum(
    [
      [...bl, 'x', 'y'],
      [...bl, 'y', 'z'],
    ],
    [Ab, Bb],
    [...bl, 'x', 'z'],
  );
  const shape = [...batch];
  if (a.ndim > 1) shape.push(A.shape[A.ndim - 2]!);
  if (b.ndim > 1) shape.push(B.shape[B.ndim - 1]!);
  return { shape, values: ref.values };
}

const tol = (dt: DType): number => (dt === 'float32' || dt === 'complex64' ? 1e-4 : 1e-10);

describe('matmul', () => {
  it('matches naive loops on random shapes, batches (broadcast) and dtypes, zero sizes included', () => {
    const dim = fc.integer({ min: 0, max: 5 });
    const batchDim = fc.constantFrom(1, 1, 2, 3, 0);
    fc.assert(
      fc.property(
        dim,
        dim,
        dim,
        fc.array(batchDim, { maxLength: 2 }),
        fc.array(batchDim, { maxLength: 2 }),
        fc.constantFrom(...DTYPES),
        fc.constantFrom(...DTYPES),
        fc.integer(),
        (m, k, n, ba, bb, da, db, seed) => {
          // make the batch shapes broadcast-compatible: where both have an axis, equal or 1
          const nb = Math.min(ba.length, bb.length);
          for (let i = 1; i <= nb; i++) {
            const x = ba[ba.length - i]!;
            const y = bb[bb.length - i]!;
            if (x !== y && x !== 1 && y !== 1) bb[bb.length - i] = 1;
          }
          const a = intTensor([...ba, m, k], da, seed);
          const b = intTensor([...bb, k, n], db, seed + 1);
          const c = matmul(a, b);
          const ref = refMatmul(a, b);
          expect(c.shape).toEqual(ref.shape);
          expect(maxDiff(c, ref)).toBe(0);
          const bothSingle = (da === 'float32' || da === 'complex64') && (db === 'float32' || db === 'complex64');
          const cplx = da.startsWith('complex') || db.startsWith('complex');
          expect(c.dtype).toBe(cplx ? (bothSingle ? 'complex64' : 'complex128') : bothSingle ? 'float32' : 'float64');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('promotes 1-D operands (NumPy rules)', () => {
    const A = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const u = tensor([1, 0, -1]);
    const w = tensor([2, 1]);
    expect(matmul(A, u).toArray()).toEqual([-2, -2]);
    expect(matmul(w, A).toArray()).toEqual([6, 9, 12]);
    const d = matmul(u, tensor([3, 4, 5]));
    expect(d.shape).toEqual([]);
    expect(d.item()).toBe(-2);
    // a vector against a batch of matrices
    const S = intTensor([4, 3, 2], 'float64', 9);
    const r = matmul(u, S);
    expect(r.shape).toEqual([4, 2]);
    expect(maxDiff(r, refMatmul(u, S))).toBe(0);
    const r2 = matmul(S, w);
    expect(r2.shape).toEqual([4, 3]);
    expect(maxDiff(r2, refMatmul(S, w))).toBe(0);
  });

  it('k = 0 gives zeros, other zero sizes give empty results', () => {
    const c = matmul(zeros([3, 0]), zeros([0, 2]));
    expect(c.shape).toEqual([3, 2]);
    expect(Array.from(c.toTypedArray())).toEqual([0, 0, 0, 0, 0, 0]);
    expect(matmul(zeros([0, 4]), zeros([4, 2])).shape).toEqual([0, 2]);
    expect(matmul(zeros([2, 0, 4]), zeros([4, 2])).shape).toEqual([2, 0, 2]);
    expect(matmul(zeros([0, 3, 4]), zeros([1, 4, 2])).shape).toEqual([0, 3, 2]);
    expect(matmul(zeros([0]), zeros([0])).item()).toBe(0);
  });

  it('transposed, sliced, broadcast and conjugated views give the same result as contiguous copies', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom<DType>('float64', 'complex128'),
        fc.constantFrom<DType>('float64', 'complex128'),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer(),
        (m, k, n, da, db, va, vb, seed) => {
          const view = (shape: [number, number], dt: DType, kind: number, s: number): Tensor => {
            const [r, c] = shape;
            switch (kind) {
              case 0:
                return intTensor([r, c], dt, s);
              case 1: // transposed
                return transpose(intTensor([c, r], dt, s));
              case 2: // every other row and column of a bigger matrix, reversed columns
                return slice(intTensor([2 * r, 2 * c + 1], dt, s), [null, null, 2], [2 * c - 1, null, -2]);
              case 3: // adjoint of a contiguous matrix
                return adjoint(intTensor([c, r], dt, s));
              case 4: // conjugated, not transposed
                return conj(intTensor([r, c], dt, s));
              default: // a matrix of a batch, with a broadcast row
                return slice(broadcastTo(intTensor([1, c], dt, s), [3, r, c]), 1);
            }
          };
          const a = view([m, k], da, va, seed);
          const b = view([k, n], db, vb, seed + 7);
          const got = matmul(a, b);
          const want = matmul(a.contiguous(), b.contiguous());
          expect(entries(got)).toEqual(entries(want));
          expect(maxDiff(got, refMatmul(a, b))).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('batched adjoint views (no copy path) match', () => {
    const Z = intTensor([3, 5, 4], 'complex128', 1);
    const W = intTensor([3, 5, 6], 'complex64', 2);
    const got = matmul(adjoint(Z), W);
    expect(got.shape).toEqual([3, 4, 6]);
    expect(maxDiff(got, refMatmul(adjoint(Z), W))).toBe(0);
    const got2 = matmul(matrixTranspose(W), Z);
    expect(maxDiff(got2, refMatmul(matrixTranspose(W), Z))).toBe(0);
  });

  it('complex matmul agrees with a naive complex loop on random (non-integer) data', () => {
    const m = 37;
    const k = 41;
    const n = 29;
    const a = new Tensor(randBuffer(2 * m * k, 1), 'complex128', [m, k]);
    const b = new Tensor(randBuffer(2 * k * n, 2), 'complex128', [k, n]);
    const c = matmul(a, b);
    const ad = a.data;
    const bd = b.data;
    let err = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sr = 0;
        let si = 0;
        for (let p = 0; p < k; p++) {
          const ar = ad[2 * (i * k + p)]!;
          const ai = ad[2 * (i * k + p) + 1]!;
          const br = bd[2 * (p * n + j)]!;
          const bi = bd[2 * (p * n + j) + 1]!;
          sr += ar * br - ai * bi;
          si += ar * bi + ai * br;
        }
        err = Math.max(err, Math.abs(c.data[2 * (i * n + j)]! - sr), Math.abs(c.data[2 * (i * n + j) + 1]! - si));
      }
    }
    expect(err).toBeLessThan(1e-12);
  });

  it('float32 products stay float32 and are accurate to single precision', () => {
    const a = new Tensor(new Float32Array(randBuffer(40 * 30, 3)), 'float32', [40, 30]);
    const b = new Tensor(new Float32Array(randBuffer(30 * 20, 4)), 'float32', [30, 20]);
    const c = matmul(a, b);
    expect(c.dtype).toBe('float32');
    expect(c.data).toBeInstanceOf(Float32Array);
    expect(maxDiff(c, refMatmul(a, b))).toBeLessThan(tol('float32'));
  });

  it('never mutates or aliases its inputs', () => {
    const a = intTensor([4, 4], 'float64', 5);
    const b = intTensor([4, 4], 'float64', 6);
    const a0 = a.data.slice();
    const b0 = b.data.slice();
    const c = matmul(a, b);
    expect(a.data).toEqual(a0);
    expect(b.data).toEqual(b0);
    expect(c.data).not.toBe(a.data);
  });

  it('reports mismatched and invalid shapes', () => {
    const a = zeros([2, 3]);
    expect(() => matmul(a, zeros([4, 5]))).toThrow(ShapeError);
    expect(() => matmul(a, zeros([4, 5]))).toThrow(
      'matmul: contraction sizes differ: a [2, 3] has 3 along its last axis but b [4, 5] has 4 along its second-to-last axis',
    );
    expect(() => matmul(a, zeros([4]))).toThrow('b [4] has 4 along its only axis');
    expect(() => matmul(zeros([2, 2, 3]), zeros([3, 3, 1]))).toThrow('cannot be broadcast together');
    expect(() => matmul(zeros([]), a)).toThrow('operands must have rank ≥ 1');
  });
});

describe('dot and vdot', () => {
  const z = tensor(
    [
      [1, 2],
      [0, -1],
    ],
    { dtype: 'complex128' },
  ); // entries 1+2i, -i
  const w = tensor(
    [
      [3, 0],
      [1, 1],
    ],
    { dtype: 'complex128' },
  ); // 3, 1+i

  it('dot does not conjugate; vdot conjugates the first operand', () => {
    // (1+2i)·3 + (-i)(1+i) = 3+6i + 1 - i = 4+5i
    expect(dot(z, w).getComplex()).toEqual([4, 5]);
    // (1-2i)·3 + (i)(1+i) = 3-6i + i - 1 = 2-5i
    expect(vdot(z, w).getComplex()).toEqual([2, -5]);
    expect(vdot(conj(z), w).getComplex()).toEqual([4, 5]);
    expect(dot(tensor([1, 2, 3]), tensor([4, 5, 6])).item()).toBe(32);
  });

  it('vdot flattens; dot follows NumPy for matrices, N-d and scalars', () => {
    const A = intTensor([2, 3], 'float64', 1);
    const B = intTensor([2, 3], 'float64', 2);
    let s = 0;
    for (let i = 0; i < 6; i++) s += A.data[i]! * B.data[i]!;
    expect(vdot(A, B).item()).toBe(s);
    expect(vdot(A, transpose(B)).item()).toBe(
      Array.from(A.toTypedArray()).reduce((acc, x, i) => acc + x * transpose(B).toTypedArray()[i]!, 0),
    );
    const C = intTensor([3, 4], 'float64', 3);
    expect(maxDiff(dot(A, C), refMatmul(A, C))).toBe(0);
    const T = intTensor([2, 2, 3], 'float64', 4);
    const U = intTensor([5, 3, 4], 'float64', 5);
    expect(
      maxDiff(
        dot(T, U),
        naiveEinsum(
          [
            ['i', 'j', 'k'],
            ['l', 'k', 'm'],
          ],
          [T, U],
          ['i', 'j', 'l', 'm'],
        ),
      ),
    ).toBe(0);
    expect(Array.from(dot(tensor(2), A).toTypedArray())).toEqual(Array.from(A.toTypedArray()).map((x) => 2 * x));
    expect(() => dot(A, A)).toThrow('dot: shapes [2, 3] and [2, 3] are not aligned: 3 (a axis 1) vs 2 (b axis 0)');
    expect(() => vdot(A, C)).toThrow('vdot: operands must have the same size');
  });
});
