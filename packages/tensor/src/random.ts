import { portableLog } from './portableLog.js';
import { describeValue } from './describeValue.js';
import { empty } from './access.js';
import { type DType, isComplex, isSinglePrecision } from './dtype.js';
import { DTypeError, ValueError } from './errors.js';
import { validateShape } from './shape.js';
import type { Tensor } from './Tensor.js';

/**
 * Seeded random numbers that are bit-identical on every platform and engine.
 *
 * Algorithm (this is a compatibility contract: changing any step changes every seeded result):
 * 1. Seeding. A seed is a safe integer. Its low and high 32-bit words (lo = seed mod 2³²,
 *    hi = ⌊seed / 2³²⌋ mod 2³²) feed a SplitMix32-style sequence: x ← x + 0x9E3779B9 (mod 2³²)
 *    starting from x = lo, each output fmix32(x ⊕ fmix32(hi ⊕ 0x85EBCA6B)), where fmix32 is
 *    MurmurHash3's finaliser. The first four outputs are the xoshiro state (fmix32 is a
 *    bijection, so at most one word is zero and the state is never all-zero).
 * 2. Integers. xoshiro128** (Blackman & Vigna, 2018): 32-bit words, period 2¹²⁸ − 1. All
 *    arithmetic is on 32-bit integers through Math.imul, shifts and xor, which are exact.
 * 3. Doubles. uniform() = (a·2²⁶ + b) / 2⁵³ with a = next() >>> 5 (27 bits), b = next() >>> 6
 *    (26 bits): every multiple of 2⁻⁵³ in [0, 1) equally likely, never 1. float32 tensors use
 *    one draw, (next() >>> 8) / 2²⁴, so rounding to float32 can never produce 1.
 * 4. Normals. Marsaglia's polar method on pairs u, v = 2·uniform() − 1 with 0 < s = u² + v² < 1:
 *    u·√(−2 ln s / s) is returned and v·√(−2 ln s / s) is cached for the next call. It needs
 *    only ln and √: √ is correctly rounded by IEEE 754, and ln is `portableLog`, built from
 *    basic IEEE operations only, because Math.log's last bit differs between engines (Node 20
 *    and Chromium 156 were measured to disagree). So a seed gives the same bits everywhere.
 */

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A seeded generator (xoshiro128**; see the module comment for the exact algorithm).
 * @example
 * const rng = new Rng(42);
 * rng.uniform(); // same value on every machine
 * rng.normal();
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new ValueError('Rng', `seed must be a safe integer, got ${seed}`);
    }
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    const salt = fmix32(hi ^ 0x85ebca6b);
    let x = lo;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      return fmix32(x ^ salt);
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** The next 32-bit unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const s1 = this.s1;
    const r = Math.imul(((Math.imul(s1, 5) << 7) | (Math.imul(s1, 5) >>> 25)) >>> 0, 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = ((this.s3 << 11) | (this.s3 >>> 21)) >>> 0;
    return r;
  }

  /** A double in [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A float32-representable value in [0, 1) with 24 random bits. */
  uniform24(): number {
    return (this.nextUint32() >>> 8) / 16777216;
  }

  /** A standard normal N(0, 1) deviate (Marsaglia polar method, pairs cached). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s === 0 || s >= 1) continue;
      const f = Math.sqrt((-2 * portableLog(s)) / s);
      this.spare = v * f;
      return u * f;
    }
  }
}

/** Where random numbers come from: a seed (a fresh Rng), an existing Rng, or neither. */
export interface RandomOptions {
  /** Seed of a fresh generator; ignored when `rng` is given. */
  seed?: number;
  /** A generator to draw from (advances it). */
  rng?: Rng;
  dtype?: DType;
}

function pickRng(opts: RandomOptions): Rng {
  if (opts.rng) return opts.rng;
  // No seed: not reproducible by design; derive one from Math.random.
  return new Rng(opts.seed ?? Math.floor(Math.random() * 2 ** 52));
}

/** Fills a fresh tensor: `draw` gives each real (complex: re then im per entry, row-major). */
function fill(shape: readonly number[], dtype: DType, draw: () => number): Tensor {
  const out = empty(dtype, validateShape('random', shape));
  const d = out.data;
  for (let i = 0; i < d.length; i++) d[i] = draw();
  return out;
}

/**
 * Uniform entries in [0, 1), row-major; complex: real and imaginary parts each uniform.
 * @example rand([2, 3], { seed: 1 })
 */
export function rand(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  const rng = pickRng(opts);
  const dtype = opts.dtype ?? 'float64';
  return fill(shape, dtype, isSinglePrecision(dtype) ? () => rng.uniform24() : () => rng.uniform());
}

/**
 * Uniform entries in [low, high) (up to rounding of low + (high − low)·u).
 * @example randomUniform([3], -1, 1, { seed: 7 })
 */
export function randomUniform(shape: readonly number[], low: number, high: number, opts: RandomOptions = {}): Tensor {
  if (!Number.isFinite(low) || !Number.isFinite(high) || !(low <= high)) {
    throw new ValueError('randomUniform', `expected finite low ≤ high, got low = ${low}, high = ${high}`);
  }
  const u = rand(shape, opts);
  const d = u.data;
  for (let i = 0; i < d.length; i++) d[i] = low + (high - low) * d[i]!;
  return u;
}

/**
 * Standard normal entries; complex entries are standard complex normal (real and imaginary
 * parts each N(0, 1/2), so E|z|² = 1).
 * @example randn([2, 2], { seed: 0, dtype: 'complex128' })
 */
export function randn(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  const rng = pickRng(opts);
  const dtype = opts.dtype ?? 'float64';
  const c = isComplex(dtype) ? Math.SQRT1_2 : 1;
  return fill(shape, dtype, () => c * rng.normal());
}

/**
 * A Haar-distributed random orthogonal (real dtypes) or unitary (complex dtypes) n×n matrix.
 *
 * Method: Gram–Schmidt on the columns of a Gaussian matrix G (drawn in float64, row-major), i.e.
 * G = QR with R's diagonal positive — exactly the sign convention that makes Q Haar-distributed
 * (Mezzadri 2007; Householder QR needs an explicit diag(R) sign fix for the same reason).
 * Modified Gram–Schmidt is applied twice ("twice is enough", Giraud et al. 2005), giving
 * orthogonality to machine precision. float32/complex64 round the float64 result.
 * @example const Q = randomOrthogonal(4, { seed: 3 }); // Qᵀ Q = I
 */
export function randomOrthogonal(n: number, opts: RandomOptions = {}): Tensor {
  if (!Number.isInteger(n) || n < 0)
    throw new ValueError('randomOrthogonal', `n must be a non-negative integer, got ${n}`);
  const dtype = opts.dtype ?? 'float64';
  if (!['float64', 'float32', 'complex128', 'complex64'].includes(dtype)) {
    throw new DTypeError('randomOrthogonal', `unknown dtype ${describeValue(dtype)}`);
  }
  const w = isComplex(dtype) ? 2 : 1;
  const g = randn([n, n], { rng: pickRng(opts), dtype: w === 2 ? 'complex128' : 'float64' }).data;
  // cols[j] holds column j as n interleaved (re, im) pairs (im = 0 for real).
  const cols: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const c = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      c[2 * i] = g[w * (i * n + j)]!;
      if (w === 2) c[2 * i + 1] = g[2 * (i * n + j) + 1]!;
    }
    for (let pass = 0; pass < 2; pass++) {
      for (const q of cols) {
        // h = qᴴ c, then c ← c − q h
        let hr = 0;
        let hi = 0;
        for (let i = 0; i < n; i++) {
          const qr = q[2 * i]!;
          const qi = q[2 * i + 1]!;
          const cr = c[2 * i]!;
          const ci = c[2 * i + 1]!;
          hr += qr * cr + qi * ci;
          hi += qr * ci - qi * cr;
        }
        for (let i = 0; i < n; i++) {
          const qr = q[2 * i]!;
          const qi = q[2 * i + 1]!;
          c[2 * i] = c[2 * i]! - (qr * hr - qi * hi);
          c[2 * i + 1] = c[2 * i + 1]! - (qr * hi + qi * hr);
        }
      }
    }
    let nrm = 0;
    for (let i = 0; i < 2 * n; i++) nrm += c[i]! * c[i]!;
    nrm = Math.sqrt(nrm);
    for (let i = 0; i < 2 * n; i++) c[i] = c[i]! / nrm;
    cols.push(c);
  }
  const out = empty(dtype, [n, n]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const c = cols[j]!;
      out.data[w * (i * n + j)] = c[2 * i]!;
      if (w === 2) out.data[2 * (i * n + j) + 1] = c[2 * i + 1]!;
    }
  }
  return out;
}
