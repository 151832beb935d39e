import { describe, expect, it } from 'vitest';
import {
  Rng,
  ValueError,
  adjoint,
  allclose,
  eye,
  mean,
  mul,
  rand,
  randn,
  randomOrthogonal,
  randomUniform,
  sum,
  transpose,
} from '../src/index.js';
import { vals } from './helpers.js';

/** Q^H Q computed naively from the row-major buffer (independent of any matmul kernel). */
function gram(q: ReturnType<typeof randomOrthogonal>): number[] {
  const n = q.shape[0]!;
  const w = q.isComplex ? 2 : 1;
  const d = q.toTypedArray();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let re = 0;
      let im = 0;
      for (let k = 0; k < n; k++) {
        const ar = d[w * (k * n + i)]!;
        const ai = w === 2 ? -d[w * (k * n + i) + 1]! : 0;
        const br = d[w * (k * n + j)]!;
        const bi = w === 2 ? d[w * (k * n + j) + 1]! : 0;
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
      out.push(re, im);
    }
  }
  return out;
}

describe('Rng', () => {
  it('pins the documented algorithm (SplitMix32-seeded xoshiro128**, 53-bit doubles, polar normals)', () => {
    // These constants are what the algorithm described in random.ts produces for seed 42; they were
    // cross-checked against the reference C xoshiro128** seeded with the same state words. If they
    // change, every seeded result in every downstream test and fixture changes too.
    const r = new Rng(42);
    expect([r.nextUint32(), r.nextUint32(), r.nextUint32(), r.nextUint32()]).toEqual([
      1934595391, 582721768, 2218453472, 1540922049,
    ]);
    const u = new Rng(42);
    expect([u.uniform(), u.uniform()]).toEqual([0.4504330838894507, 0.5165239524749955]);
    const g = new Rng(42);
    expect([g.normal(), g.normal(), g.normal()]).toEqual([
      -2.8514517823460848, 0.9505786809722454, -1.6422363314676727,
    ]);
    const big = new Rng(2 ** 40 + 5); // the high word of the seed matters
    expect([big.nextUint32(), big.nextUint32()]).toEqual([2006290489, 2001295887]);
  });

  it('same seed → same numbers; different seeds differ', () => {
    expect(vals(randn([5], { seed: 3 }))).toEqual(vals(randn([5], { seed: 3 })));
    expect(vals(rand([5], { seed: 3 }))).not.toEqual(vals(rand([5], { seed: 4 })));
    const rng = new Rng(9);
    const a = rand([3], { rng });
    const b = rand([3], { rng }); // continues the stream
    const both = rand([6], { seed: 9 });
    expect([...vals(a), ...vals(b)]).toEqual(vals(both));
  });

  it('rejects non-integer seeds', () => {
    expect(() => new Rng(1.5)).toThrow(ValueError);
    expect(() => new Rng(2 ** 53)).toThrow('Rng: seed must be a safe integer, got 9007199254740992');
  });

  it('uniforms stay in [0, 1) (also in float32) and have the right moments', () => {
    const x = rand([20000], { seed: 1 });
    const v = vals(x);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThan(1);
    expect(mean(x).item()).toBeCloseTo(0.5, 2);
    const f = rand([5], { seed: 1, dtype: 'float32' });
    expect(f.dtype).toBe('float32');
    expect(vals(f).every((y) => y >= 0 && y < 1)).toBe(true);
    const u = randomUniform([1000], -2, 3, { seed: 2 });
    expect(vals(u).every((y) => y >= -2 && y < 3)).toBe(true);
    expect(() => randomUniform([1], 1, 0)).toThrow(ValueError);
  });

  it('normals: real N(0,1); complex parts N(0,1/2) so E|z|² = 1', () => {
    const g = randn([40000], { seed: 5 });
    expect(mean(g).item()).toBeCloseTo(0, 1);
    expect(mean(mul(g, g)).item()).toBeCloseTo(1, 1);
    const z = randn([40000], { seed: 6, dtype: 'complex128' });
    const parts = vals(z);
    const re2 = parts.filter((_, i) => i % 2 === 0).reduce((s, y) => s + y * y, 0) / 40000;
    const im2 = parts.filter((_, i) => i % 2 === 1).reduce((s, y) => s + y * y, 0) / 40000;
    expect(re2).toBeCloseTo(0.5, 1);
    expect(im2).toBeCloseTo(0.5, 1);
  });
});

describe('randomOrthogonal', () => {
  for (const dtype of ['float64', 'complex128'] as const) {
    it(`${dtype}: QᴴQ = I to machine precision, reproducible`, () => {
      const q = randomOrthogonal(6, { seed: 11, dtype });
      expect(q.dtype).toBe(dtype);
      const gq = gram(q);
      const id = vals(eye(6)).flatMap((y) => [y, 0]);
      expect(Math.max(...gq.map((y, i) => Math.abs(y - id[i]!)))).toBeLessThan(1e-14);
      expect(vals(randomOrthogonal(6, { seed: 11, dtype }))).toEqual(vals(q));
    });
  }

  it('float32 rounds a float64 orthogonal matrix; n = 0 works', () => {
    const q = randomOrthogonal(4, { seed: 1, dtype: 'float32' });
    expect(q.dtype).toBe('float32');
    expect(Math.max(...gram(q).map((y, i) => Math.abs(y - (i % 10 === 0 ? 1 : 0))))).toBeLessThan(1e-6);
    expect(randomOrthogonal(0).shape).toEqual([0, 0]);
  });

  it('is Haar: E[Q] = 0 and E[q11²] = 1/n (no sign bias from the QR convention)', () => {
    const n = 3;
    let s11 = 0;
    let s11sq = 0;
    const rng = new Rng(123);
    const trials = 3000;
    for (let t = 0; t < trials; t++) {
      const q = randomOrthogonal(n, { rng });
      s11 += q.get(0, 0);
      s11sq += q.get(0, 0) ** 2;
    }
    expect(Math.abs(s11 / trials)).toBeLessThan(0.05);
    expect(s11sq / trials).toBeCloseTo(1 / n, 1);
    // sanity: transpose(Q) and adjoint agree for real Q
    const q = randomOrthogonal(3, { seed: 1 });
    expect(allclose(transpose(q), adjoint(q))).toBe(true);
    expect(sum(q).shape).toEqual([]);
  });
});
