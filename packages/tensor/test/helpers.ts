/**
 * The @svd/tensor test support module: plain-array views of tensors, seeded integer and random
 * buffers, and naive reference implementations (broadcasting, einsum) written independently of
 * the code under test.
 */
import fc from 'fast-check';
import { type DType, Tensor, isComplex, itemWidth, kernels, tensor } from '../src/index.js';
import { sizeOf } from '../src/shape.js';

/** Row-major values of t as a plain array (complex: interleaved re, im; conjugation applied). */
export function vals(t: Tensor): number[] {
  return Array.from(t.toTypedArray());
}

/** A tensor of the given shape filled with small distinct-ish integers (exact in any op we test). */
export function filled(shape: readonly number[], seed: number, dtype: 'float64' | 'complex128' = 'float64'): Tensor {
  let n = 1;
  for (const d of shape) n *= d;
  const w = dtype === 'complex128' ? 2 : 1;
  const data = new Float64Array(n * w);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 7 + seed * 13) % 11) - 5;
  return tensor(data, { shape, dtype });
}

/**
 * Naive reference broadcasting, independent of the library: for every output multi-index, the
 * operand index takes 0 on stretched (length-1) axes.
 */
export function naiveBroadcast(
  a: { shape: readonly number[]; values: readonly number[] },
  b: { shape: readonly number[]; values: readonly number[] },
  f: (x: number, y: number) => number,
): { shape: number[]; values: number[] } {
  const n = Math.max(a.shape.length, b.shape.length);
  const pad = (s: readonly number[]) => [...new Array<number>(n - s.length).fill(1), ...s];
  const sa = pad(a.shape);
  const sb = pad(b.shape);
  const shape = sa.map((d, i) => (d === 1 ? sb[i]! : d));
  const size = shape.reduce((p, d) => p * d, 1);
  const flatIndex = (s: number[], idx: number[]) => idx.reduce((acc, j, k) => acc * s[k]! + (s[k] === 1 ? 0 : j), 0);
  const values: number[] = [];
  for (let lin = 0; lin < size; lin++) {
    const idx: number[] = [];
    let r = lin;
    for (let k = n - 1; k >= 0; k--) {
      idx[k] = r % shape[k]!;
      r = Math.floor(r / shape[k]!);
    }
    values.push(f(a.values[flatIndex(sa, idx)]!, b.values[flatIndex(sb, idx)]!));
  }
  return { shape, values };
}

/** Two broadcast-compatible shapes (rank 0–4, axes 0–3 long, including zero-size axes). */
export const broadcastPair = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 4 }).chain((base) =>
  fc
    .tuple(
      fc.array(fc.constantFrom('keep', 'one'), { minLength: base.length, maxLength: base.length }),
      fc.array(fc.constantFrom('keep', 'one'), { minLength: base.length, maxLength: base.length }),
      fc.integer({ min: 0, max: base.length }),
      fc.boolean(),
    )
    .map(([ma, mb, drop, dropFromA]) => {
      let a = base.map((d, i) => (ma[i] === 'one' ? 1 : d));
      let b = base.map((d, i) => (mb[i] === 'one' ? 1 : d));
      if (dropFromA) a = a.slice(drop);
      else b = b.slice(drop);
      return [a, b] as const;
    }),
);

/** A small deterministic generator (mulberry32) so tests need no RNG from the package. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Small integers in [-3, 3]: products and sums stay exact, so results compare exactly. */
export function intBuffer(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(r() * 7) - 3;
  return out;
}

/** A contiguous tensor of `shape` and `dtype` with small integer entries. */
export function intTensor(shape: readonly number[], dtype: DType, seed: number): Tensor {
  const n = sizeOf(shape) * itemWidth(dtype);
  const src = intBuffer(n, seed);
  const buf = dtype === 'float32' || dtype === 'complex64' ? new Float32Array(src) : src;
  return new Tensor(buf, dtype, shape);
}

/** Uniform reals in [-1, 1). */
export function randBuffer(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = 2 * r() - 1;
  return out;
}

/** Entries of any tensor (any strides, lazy conjugation) as [re, im] in row-major order. */
export function entries(t: Tensor): [number, number][] {
  const out: [number, number][] = [];
  const offs = t.offsets();
  const cplx = isComplex(t.dtype);
  for (const o of offs) {
    if (cplx) out.push([t.data[2 * o]!, (t.conjugated ? -1 : 1) * t.data[2 * o + 1]!]);
    else out.push([t.data[o]!, 0]);
  }
  return out;
}

/**
 * Naive Einstein summation over explicit label lists (one per operand, letters may repeat) into
 * `out` labels: loops over every assignment of every label. The reference for matmul, einsum
 * and tensordot.
 */
export function naiveEinsum(
  labels: string[][],
  operands: Tensor[],
  out: string[],
): { shape: number[]; values: [number, number][] } {
  const sizes = new Map<string, number>();
  labels.forEach((ls, i) => {
    ls.forEach((l, ax) => {
      sizes.set(l, operands[i]!.shape[ax]!);
    });
  });
  const all = [...sizes.keys()];
  const dims = all.map((l) => sizes.get(l)!);
  const shape = out.map((l) => sizes.get(l)!);
  const values: [number, number][] = Array.from({ length: sizeOf(shape) }, () => [0, 0]);
  const data = operands.map(entries);
  const opStrides = operands.map((t) => {
    const st: number[] = new Array(t.ndim).fill(1);
    for (let a = t.ndim - 2; a >= 0; a--) st[a] = st[a + 1]! * t.shape[a + 1]!;
    return st;
  });
  const outSt: number[] = new Array(out.length).fill(1);
  for (let a = out.length - 2; a >= 0; a--) outSt[a] = outSt[a + 1]! * shape[a + 1]!;
  const total = sizeOf(dims);
  const idx = new Map<string, number>();
  for (let flat = 0; flat < total; flat++) {
    let rem = flat;
    for (let q = all.length - 1; q >= 0; q--) {
      idx.set(all[q]!, rem % dims[q]!);
      rem = Math.floor(rem / dims[q]!);
    }
    let pr = 1;
    let pi = 0;
    for (let i = 0; i < operands.length; i++) {
      let o = 0;
      labels[i]!.forEach((l, ax) => {
        o += idx.get(l)! * opStrides[i]![ax]!;
      });
      const [xr, xi] = data[i]![o]!;
      const nr = pr * xr - pi * xi;
      pi = pr * xi + pi * xr;
      pr = nr;
    }
    let oo = 0;
    out.forEach((l, ax) => {
      oo += idx.get(l)! * outSt[ax]!;
    });
    values[oo]![0] += pr;
    values[oo]![1] += pi;
  }
  return { shape, values };
}

/** Max |x - y| over entries, with shapes required equal. */
export function maxDiff(t: Tensor, ref: { shape: number[]; values: [number, number][] }): number {
  if (t.shape.length !== ref.shape.length || t.shape.some((d, i) => d !== ref.shape[i])) {
    throw new Error(`shape [${t.shape.join(', ')}] differs from reference [${ref.shape.join(', ')}]`);
  }
  const got = entries(t);
  let m = 0;
  got.forEach(([r, i], q) => {
    m = Math.max(m, Math.abs(r - ref.values[q]![0]), Math.abs(i - ref.values[q]![1]));
  });
  return m;
}

/**
 * The BLAS-style operand "op(X) stored row-major at `offset` with leading dimension `ld`": X itself,
 * or Xᵀ (`trans`), conjugated when `conj` — the gemm tests sweep these flags.
 */
export function operand(
  data: kernels.RealArray,
  offset: number,
  ld: number,
  trans: boolean,
  conj = false,
): kernels.StridedOperand {
  const { conjugated, rowMajor, transposed } = kernels;
  const x = rowMajor(data, ld, offset);
  const t = trans ? transposed(x) : x;
  return conj ? conjugated(t) : t;
}
