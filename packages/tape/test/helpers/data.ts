/** Random inputs and shapes for the gradient tests. */
import * as T from '@svd/tensor';
import fc from 'fast-check';

export type Shape = number[];

/** Standard normal entries (complex: standard complex normal). */
export function randn(shape: readonly number[], seed: number, dtype: T.DType = 'float64'): T.Tensor {
  return T.randn(shape, { seed, dtype });
}

/** Entries in [0.5, 2): safe for log, sqrt and as a base of pow. */
export function positive(shape: readonly number[], seed: number, dtype: 'float64' | 'float32' = 'float64'): T.Tensor {
  return T.randomUniform(shape, 0.5, 2, { seed, dtype });
}

/** Entries with |x| ≥ 0.5 and random signs (complex: modulus ≥ 0.5): safe for 1/x and |x|. */
export function awayFromZero(shape: readonly number[], seed: number, dtype: T.DType = 'float64'): T.Tensor {
  const z = T.randn(shape, { seed, dtype });
  if (!z.isComplex) return T.mul(T.sign(z), T.add(T.abs(z), 0.5));
  const r = T.abs(z);
  // z/|z| · (|z| + 0.5), written with real tensors so it works for any shape.
  return T.mul(z, T.div(T.add(r, 0.5), T.where(T.equal(r, 0), 1, r)));
}

/**
 * Entries whose absolute values are pairwise at least 0.3 apart (and at least 0.3 from zero),
 * with random signs: no ties for max / min / norm ∞ even after a finite-difference step.
 */
export function distinct(shape: readonly number[], seed: number, signed = true): T.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const rng = new T.Rng(seed);
  const keys = Array.from({ length: n }, () => rng.uniform());
  const order = keys.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]!);
  const out = new Float64Array(n);
  order.forEach((idx, rank) => {
    const sign = signed && rng.uniform() < 0.5 ? -1 : 1;
    out[idx] = sign * 0.3 * (rank + 1);
  });
  return T.tensor(out, { shape });
}

/** A small shape: rank 0..maxRank, each dimension 1..3. */
export function shapeArb(maxRank = 3, maxDim = 3): fc.Arbitrary<Shape> {
  return fc.array(fc.integer({ min: 1, max: maxDim }), { minLength: 0, maxLength: maxRank });
}

/**
 * Two shapes that broadcast together: from a common shape, each operand may drop leading axes
 * and shrink any axis to 1 (so [3,1]×[1,4], [2,3,4]×[4] and scalars all occur).
 */
export function broadcastPairArb(maxRank = 3): fc.Arbitrary<[Shape, Shape]> {
  const variant = (base: Shape) =>
    fc
      .tuple(
        fc.integer({ min: 0, max: base.length }),
        fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length }),
      )
      .map(([drop, ones]) => base.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
  return shapeArb(maxRank).chain((base) => fc.tuple(variant(base), variant(base)));
}

/** The hand-picked broadcasting pairs every binary op must handle. */
export const BROADCAST_CASES: readonly [Shape, Shape][] = [
  [
    [3, 1],
    [1, 4],
  ],
  [[2, 3, 4], [4]],
  [[], [2, 3]],
  [[2, 3], []],
  [[], []],
  [[4], [2, 3, 4]],
  [
    [2, 1, 3],
    [4, 1],
  ],
];

export const seedArb = fc.integer({ min: 1, max: 1_000_000 });

/** fast-check settings for the gradient properties (small: each run does many evaluations). */
export const RUNS = { numRuns: 20 } as const;
