/**
 * dtype promotion on the four dtypes, through add / mul / matmul / einsum / where / concat, with
 * the values checked against an independent float64 reference; complex views (conj, real, imag),
 * abs / angle of complex input, complex(re, im), and complex printing.
 *
 * Values: inputs are drawn in their own precision (so float32 / complex64 inputs are exact float32
 * numbers). The reference is computed here in float64 from those values. A single-precision
 * result must equal the reference rounded to float32 (elementwise ops: within 1 float32 ulp, since
 * the library may round twice, float64 then float32) or, for products summed over k terms,
 * lie within the usual γₖ = k·u bound with u = 2⁻²⁴; a float64 result must match to within 2⁻⁵²
 * (elementwise) or k·2⁻⁵³·Σ|a||b| (products).
 */
import { describe, expect, it } from 'vitest';
import * as T from '../src/index.js';

const DTYPES: T.DType[] = ['float32', 'float64', 'complex64', 'complex128'];
const U32 = 2 ** -24;
const U64 = 2 ** -53;

/** The promotion table of the issue (and NumPy): result for every ordered pair. */
const TABLE: Record<T.DType, Record<T.DType, T.DType>> = {
  float32: { float32: 'float32', float64: 'float64', complex64: 'complex64', complex128: 'complex128' },
  float64: { float32: 'float64', float64: 'float64', complex64: 'complex128', complex128: 'complex128' },
  complex64: { float32: 'complex64', float64: 'complex128', complex64: 'complex64', complex128: 'complex128' },
  complex128: { float32: 'complex128', float64: 'complex128', complex64: 'complex128', complex128: 'complex128' },
};

/** Entries as separate real and imaginary float64 arrays (imaginary zeros for real dtypes). */
interface Parts {
  re: number[];
  im: number[];
}

function parts(t: T.Tensor): Parts {
  const d = Array.from(t.toTypedArray());
  if (!t.isComplex) return { re: d, im: d.map(() => 0) };
  return { re: d.filter((_, i) => i % 2 === 0), im: d.filter((_, i) => i % 2 === 1) };
}

function rand(shape: readonly number[], dtype: T.DType, seed: number): T.Tensor {
  return T.randn(shape, { seed, dtype });
}

const single = (d: T.DType) => d === 'float32' || d === 'complex64';

/**
 * Checks `got` against the float64 reference `ref` entry by entry: |got − ref| ≤ bound·scale,
 * where scale[i] bounds the magnitude of the terms of entry i, and bound is the dtype's
 * rounding budget. For single precision also checks the data really is float32.
 */
function expectValues(got: T.Tensor, ref: Parts, scale: number[], k = 1): void {
  const g = parts(got);
  expect(g.re.length).toBe(ref.re.length);
  if (single(got.dtype)) {
    expect(got.toTypedArray()).toBeInstanceOf(Float32Array);
  } else {
    expect(got.toTypedArray()).toBeInstanceOf(Float64Array);
  }
  // Elementwise (k = 1): float32 results within 1 ulp of the float64 value (correct rounding or
  // float64-then-float32 double rounding); reductions over k terms: γₖ·Σ|terms|.
  const u = single(got.dtype) ? U32 : U64;
  const budget = k === 1 ? 2 * u : (k + 1) * u;
  for (let i = 0; i < ref.re.length; i++) {
    expect(Math.abs(g.re[i]! - ref.re[i]!), `re[${i}]`).toBeLessThanOrEqual(budget * scale[i]!);
    expect(Math.abs(g.im[i]! - ref.im[i]!), `im[${i}]`).toBeLessThanOrEqual(budget * scale[i]!);
    if (!got.isComplex) expect(ref.im[i] === 0, 'real result of a real reference').toBe(true);
  }
}

function refAdd(a: Parts, b: Parts): [Parts, number[]] {
  const re = a.re.map((x, i) => x + b.re[i]!);
  const im = a.im.map((x, i) => x + b.im[i]!);
  return [
    { re, im },
    re.map((_, i) => Math.abs(a.re[i]!) + Math.abs(b.re[i]!) + Math.abs(a.im[i]!) + Math.abs(b.im[i]!)),
  ];
}

function refMul(a: Parts, b: Parts): [Parts, number[]] {
  const re = a.re.map((x, i) => x * b.re[i]! - a.im[i]! * b.im[i]!);
  const im = a.re.map((x, i) => x * b.im[i]! + a.im[i]! * b.re[i]!);
  return [{ re, im }, re.map((_, i) => Math.hypot(a.re[i]!, a.im[i]!) * Math.hypot(b.re[i]!, b.im[i]!) * 2)];
}

/** (m×k)·(k×n) in float64 with Σ|a||b| per entry. */
function refMatmul(a: Parts, b: Parts, m: number, k: number, n: number): [Parts, number[]] {
  const re: number[] = [];
  const im: number[] = [];
  const sc: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let r = 0;
      let s = 0;
      let mag = 0;
      for (let p = 0; p < k; p++) {
        const ar = a.re[i * k + p]!;
        const ai = a.im[i * k + p]!;
        const br = b.re[p * n + j]!;
        const bi = b.im[p * n + j]!;
        r += ar * br - ai * bi;
        s += ar * bi + ai * br;
        mag += 2 * Math.hypot(ar, ai) * Math.hypot(br, bi);
      }
      re.push(r);
      im.push(s);
      sc.push(mag);
    }
  }
  return [{ re, im }, sc];
}

const pairs = DTYPES.flatMap((a) => DTYPES.map((b) => [a, b] as const));

describe('promoteTypes: the documented table', () => {
  it('matches the table for all 16 ordered pairs and is symmetric', () => {
    for (const [a, b] of pairs) {
      expect(T.promoteTypes(a, b), `${a} + ${b}`).toBe(TABLE[a][b]);
      expect(T.promoteTypes(a, b)).toBe(T.promoteTypes(b, a));
    }
  });

  it('the cases named in the issue', () => {
    expect(T.promoteTypes('float32', 'float64')).toBe('float64');
    expect(T.promoteTypes('float32', 'complex64')).toBe('complex64');
    expect(T.promoteTypes('float64', 'complex64')).toBe('complex128');
    expect(T.promoteTypes('float32', 'complex128')).toBe('complex128');
    expect(T.promoteTypes('complex64', 'complex64')).toBe('complex64');
  });
});

describe('promotion through ops, with values', () => {
  for (const [da, db] of pairs) {
    const want = TABLE[da][db];
    describe(`${da} ∘ ${db} → ${want}`, () => {
      const seed = DTYPES.indexOf(da) * 4 + DTYPES.indexOf(db) + 1;
      const a = rand([2, 3], da, seed);
      const b = rand([2, 3], db, seed + 100);
      const pa = parts(a);
      const pb = parts(b);

      it('add', () => {
        const r = T.add(a, b);
        expect(r.dtype).toBe(want);
        const [ref, sc] = refAdd(pa, pb);
        expectValues(r, ref, sc);
      });

      it('mul', () => {
        const r = T.mul(a, b);
        expect(r.dtype).toBe(want);
        const [ref, sc] = refMul(pa, pb);
        expectValues(r, ref, sc);
      });

      it('matmul (2×3 · 3×4) and einsum ij,jk->ik', () => {
        const bm = rand([3, 4], db, seed + 200);
        const [ref, sc] = refMatmul(pa, parts(bm), 2, 3, 4);
        const r = T.matmul(a, bm);
        expect(r.dtype).toBe(want);
        expectValues(r, ref, sc, 3);
        const e = T.einsum('ij,jk->ik', a, bm);
        expect(e.dtype).toBe(want);
        expectValues(e, ref, sc, 3);
      });

      it('where', () => {
        const cond = T.tensor([
          [1, 0, 1],
          [0, 0, 1],
        ]);
        const r = T.where(cond, a, b);
        expect(r.dtype).toBe(want);
        const c = parts(cond).re;
        const ref = {
          re: c.map((x, i) => (x ? pa.re[i]! : pb.re[i]!)),
          im: c.map((x, i) => (x ? pa.im[i]! : pb.im[i]!)),
        };
        // A selection is exact: representable in the result dtype, so no rounding at all.
        expectValues(
          r,
          ref,
          ref.re.map(() => 0),
        );
      });

      it('concat (axis 0 and 1) and stack', () => {
        const r0 = T.concat([a, b], 0);
        expect(r0.dtype).toBe(want);
        expect(r0.shape).toEqual([4, 3]);
        const ref0 = { re: [...pa.re, ...pb.re], im: [...pa.im, ...pb.im] };
        expectValues(
          r0,
          ref0,
          ref0.re.map(() => 0),
        );
        const r1 = T.concat([a, b], 1);
        expect(r1.dtype).toBe(want);
        expect(r1.shape).toEqual([2, 6]);
        const ref1 = parts(T.concat([T.slice(r0, [0, 2]), T.slice(r0, [2, 4])], 1));
        expectValues(
          r1,
          ref1,
          ref1.re.map(() => 0),
        );
        expect(T.stack([a, b]).dtype).toBe(want);
      });
    });
  }

  it('single precision really rounds: complex64 products are float32 numbers, not float64 ones', () => {
    const a = rand([50], 'complex64', 7);
    const b = rand([50], 'complex64', 8);
    const r = T.mul(a, b);
    const [ref] = refMul(parts(a), parts(b));
    const g = parts(r);
    // Each part equals the float64 value rounded to float32 (up to the 1-ulp double-rounding slack)…
    g.re.forEach((x, i) => {
      expect(Math.abs(x - Math.fround(ref.re[i]!))).toBeLessThanOrEqual(Math.abs(ref.re[i]!) * U32 * 2);
      expect(Math.fround(x)).toBe(x);
    });
    // …and the float64 products of float32 inputs are generally not float32 numbers.
    expect(ref.re.filter((x) => Math.fround(x) !== x).length).toBeGreaterThan(25);
  });

  it('a float32 input promoted to float64 keeps its exact value', () => {
    const a = T.tensor(new Float32Array([0.1, 1 / 3]));
    const b = T.zeros([2]);
    const r = T.add(a, b);
    expect(r.dtype).toBe('float64');
    expect(Array.from(r.toTypedArray())).toEqual([Math.fround(0.1), Math.fround(1 / 3)]);
  });
});

describe('a plain number keeps the tensor’s dtype', () => {
  for (const d of DTYPES) {
    it(d, () => {
      const x = rand([2, 2], d, 31);
      const px = parts(x);
      for (const r of [
        T.add(x, 2),
        T.add(2, x),
        T.mul(x, 0.1),
        T.mul(0.1, x),
        T.sub(x, 1),
        T.div(x, 3),
        T.where(T.tensor([1, 0]), x, 0),
        T.where(T.tensor([1, 0]), 0.5, x),
      ]) {
        expect(r.dtype).toBe(d);
      }
      const two = { re: px.re.map(() => 2), im: px.im.map(() => 0) };
      const [refA, scA] = refAdd(px, two);
      expectValues(T.add(x, 2), refA, scA);
      // 0.1 is read in the tensor's precision: for float32, the operand is fround(0.1).
      const tenth = single(d) ? Math.fround(0.1) : 0.1;
      const [refM, scM] = refMul(px, { re: px.re.map(() => tenth), im: px.im.map(() => 0) });
      expectValues(T.mul(x, 0.1), refM, scM);
      // A number added to a complex tensor is a real number: imaginary parts are untouched.
      expect(parts(T.add(x, 2)).im).toEqual(px.im);
    });
  }

  it('the number-only case is float64', () => {
    expect(T.where(T.tensor([1, 0]), 1, 2).dtype).toBe('float64');
  });
});

describe('complex views and parts', () => {
  const z = T.tensor(new Float64Array([1, 2, -3, 0.5, 0, -4, 2.5, 0]), { shape: [2, 2], dtype: 'complex128' });
  const z64 = T.tensor(new Float32Array([1, 2, -3, 0.5, 0, -4, 2.5, 0]), { shape: [2, 2], dtype: 'complex64' });

  it('conj is a view: same buffer, lazy flag, conjugated values', () => {
    const c = T.conj(z);
    expect(c.data).toBe(z.data);
    expect(c.conjugated).toBe(true);
    expect(z.conjugated).toBe(false);
    // Conjugating a zero imaginary part gives +0 (the library normalizes −0 away, unlike NumPy).
    expect(Array.from(c.toTypedArray())).toEqual([1, -2, -3, -0.5, 0, 4, 2.5, 0]);
    expect(c.getComplex(1, 0)).toEqual([0, 4]);
    // conj twice clears the flag, still without copying.
    const cc = T.conj(c);
    expect(cc.data).toBe(z.data);
    expect(cc.conjugated).toBe(false);
    // conj of real is the tensor itself.
    const r = T.tensor([1, 2]);
    expect(T.conj(r)).toBe(r);
    // Writing through the original is seen by the view (it is a view, not a copy).
    const w = T.tensor(new Float64Array([1, 1]), { shape: [1], dtype: 'complex128' });
    const wc = T.conj(w);
    w.data[1] = 5;
    expect(wc.getComplex(0)).toEqual([1, -5]);
  });

  it('conj views are honoured by ops (add, mul, matmul, einsum) and keep the dtype', () => {
    const c = T.conj(z);
    const phys = T.conjPhysical(z);
    expect(T.conj(z64).dtype).toBe('complex64');
    expect(Array.from(T.add(c, z).toTypedArray())).toEqual([2, 0, -6, 0, 0, 0, 5, 0]);
    const noNegZero = (t: T.Tensor) => Array.from(t.toTypedArray(), (v) => v + 0);
    expect(noNegZero(T.mul(c, T.ones([2, 2])))).toEqual(noNegZero(phys));
    const b = rand([2, 3], 'complex128', 5);
    const byView = T.matmul(c, b);
    const byCopy = T.matmul(phys, b);
    expect(noNegZero(byView)).toEqual(noNegZero(byCopy));
    const e = T.einsum('ij,jk->ik', c, b);
    const [ref, sc] = refMatmul(parts(phys), parts(b), 2, 2, 3);
    expectValues(e, ref, sc, 2);
    // Mixed: conj view of complex64 times float32 stays complex64.
    expect(T.matmul(T.conj(z64), T.ones([2, 2], { dtype: 'float32' })).dtype).toBe('complex64');
  });

  it('real and imag: views of the interleaved buffer, in the real dtype of the same precision', () => {
    const re = T.real(z);
    const im = T.imag(z);
    expect(re.dtype).toBe('float64');
    expect(im.dtype).toBe('float64');
    expect(re.data).toBe(z.data);
    expect(im.data).toBe(z.data);
    expect(Array.from(re.toTypedArray())).toEqual([1, -3, 0, 2.5]);
    expect(Array.from(im.toTypedArray())).toEqual([2, 0.5, -4, 0]);
    expect(re.shape).toEqual([2, 2]);
    expect(T.real(z64).dtype).toBe('float32');
    expect(T.imag(z64).dtype).toBe('float32');
    // Of a conjugated view: real unchanged, imag negated.
    expect(Array.from(T.real(T.conj(z)).toTypedArray())).toEqual([1, -3, 0, 2.5]);
    expect(Array.from(T.imag(T.conj(z)).toTypedArray())).toEqual([-2, -0.5, 4, 0]);
    // Of a real tensor: the tensor itself, and zeros of the same dtype.
    const x = T.tensor(new Float32Array([1, -2]));
    expect(T.real(x)).toBe(x);
    expect(T.imag(x).dtype).toBe('float32');
    expect(Array.from(T.imag(x).toTypedArray())).toEqual([0, 0]);
    // Of a slice (non-contiguous, with offset).
    const s = T.slice(z, 1, [1, 2]);
    expect(Array.from(T.real(s).toTypedArray())).toEqual([2.5]);
    expect(Array.from(T.imag(T.slice(z, null, 0)).toTypedArray())).toEqual([2, -4]);
  });

  it('complex(re, im) builds complex of the promoted precision', () => {
    const a = T.tensor(new Float32Array([1, 2]));
    const b = T.tensor(new Float32Array([3, 4]));
    const c = T.complex(a, b);
    expect(c.dtype).toBe('complex64');
    expect(Array.from(c.toTypedArray())).toEqual([1, 3, 2, 4]);
    expect(T.complex(a, T.tensor([5, 6])).dtype).toBe('complex128');
    expect(T.complex(T.tensor([[1], [2]]), T.tensor([7, 8])).shape).toEqual([2, 2]);
    expect(() => T.complex(z, T.real(z))).toThrow(T.ValueError);
    // Round trip through real / imag.
    expect(Array.from(T.complex(T.real(z), T.imag(z)).toTypedArray())).toEqual(Array.from(z.toTypedArray()));
  });

  it('abs and angle of complex: real dtype, hypot and atan2 values', () => {
    const a = T.abs(z);
    expect(a.dtype).toBe('float64');
    const p = parts(z);
    expect(Array.from(a.toTypedArray())).toEqual(p.re.map((x, i) => Math.hypot(x, p.im[i]!)));
    const ang = T.angle(z);
    expect(ang.dtype).toBe('float64');
    expect(Array.from(ang.toTypedArray())).toEqual(p.re.map((x, i) => Math.atan2(p.im[i]!, x)));
    // conj flips the angle, not the modulus.
    expect(Array.from(T.angle(T.conj(z)).toTypedArray())).toEqual(p.re.map((x, i) => Math.atan2(-p.im[i]! + 0, x)));
    expect(Array.from(T.abs(T.conj(z)).toTypedArray())).toEqual(Array.from(a.toTypedArray()));
    // complex64: float32 results, the float64 values rounded.
    const a32 = T.abs(z64);
    expect(a32.dtype).toBe('float32');
    expect(Array.from(a32.toTypedArray())).toEqual(p.re.map((x, i) => Math.fround(Math.hypot(x, p.im[i]!))));
    expect(T.angle(z64).dtype).toBe('float32');
    expect(Array.from(T.angle(z64).toTypedArray())).toEqual(p.re.map((x, i) => Math.fround(Math.atan2(p.im[i]!, x))));
    // Overflow- and underflow-safe modulus; angle on the axes.
    const big = T.tensor(new Float64Array([1e200, 1e200, 3e-200, 4e-200]), { dtype: 'complex128' });
    const ab = Array.from(T.abs(big).toTypedArray());
    expect(ab[0]! / (Math.SQRT2 * 1e200)).toBeCloseTo(1, 14);
    expect(ab[1]! / 5e-200).toBeCloseTo(1, 14);
    const axes = T.tensor(new Float64Array([0, 1, -1, 0, 0, -1]), { dtype: 'complex128' });
    expect(Array.from(T.angle(axes).toTypedArray())).toEqual([Math.PI / 2, Math.PI, -Math.PI / 2]);
  });
});

describe('complex printing (toString)', () => {
  it('complex128 vector and scalar', () => {
    expect(T.tensor(new Float64Array([1, 2, 3, -4]), { dtype: 'complex128' }).toString()).toBe(
      'tensor([1.+2.j, 3.-4.j], shape=[2], dtype=complex128)',
    );
    expect(T.scalar(2, { dtype: 'complex128' }).toString()).toBe('tensor(2.+0.j, shape=[], dtype=complex128)');
  });

  it('complex64 matrix and its conj view (real and imaginary columns formatted separately)', () => {
    const z = T.tensor(new Float32Array([1.5, -2, 0, 0.25, -3, 1e-3, 2, 0]), { shape: [2, 2], dtype: 'complex64' });
    expect(z.toString()).toBe(
      [
        'tensor([[ 1.5-2.0e+00j,  0. +2.5e-01j],',
        '        [-3. +1.0e-03j,  2. +0.0e+00j]], shape=[2, 2], dtype=complex64)',
      ].join('\n'),
    );
    expect(T.conj(z).toString()).toBe(
      [
        'tensor([[ 1.5+2.0e+00j,  0. -2.5e-01j],',
        '        [-3. -1.0e-03j,  2. +0.0e+00j]], shape=[2, 2], dtype=complex64)',
      ].join('\n'),
    );
  });
});
