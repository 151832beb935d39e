import fc from 'fast-check';
import { type Tensor, tensor } from '../src/index.js';

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
export const broadcastPair = fc
  .array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 4 })
  .chain((base) =>
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
