/**
 * The WebAssembly SIMD complex128 GEMM path (kernels/complexGemmWasm.ts) against a naive
 * reference loop, bit identity with the JS complex kernel, path forcing and the no-SIMD
 * fallback. Every test forces its path explicitly and restores 'auto' afterwards.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getThreads, setThreads } from '../src/threads/threadConfig.js';
import { complexGemm, lastComplexGemmPath } from '../src/kernels/complexGemm.js';
import { complexKernelModuleBytes, wasmZgemm, wasmZgemmAvailable } from '../src/kernels/complexGemmWasm.js';
import { setGemmPath, simulateNoWasmSimd } from '../src/kernels/gemmWasm.js';
import { type RealArray, rowMajor } from '../src/kernels/gemmOperand.js';
import { Tensor, adjoint, conj, matmul, matrixTranspose } from '../src/index.js';
import { operand, randBuffer } from './helpers.js';

// These tests look inside the serial kernel (its path, its wasm memory): one thread.
const savedThreads = getThreads();
beforeAll(() => setThreads(1));
afterAll(() => setThreads(savedThreads));

afterEach(() => {
  setGemmPath('auto');
  simulateNoWasmSimd(false);
});

/** One complexGemm call; offsets and leading dimensions in complex elements. */
interface Case {
  tA: boolean;
  cA: boolean;
  tB: boolean;
  cB: boolean;
  m: number;
  n: number;
  k: number;
  alpha: [number, number];
  a: RealArray;
  aOff: number;
  lda: number;
  b: RealArray;
  bOff: number;
  ldb: number;
  beta: [number, number];
  c: Float64Array;
  cOff: number;
  ldc: number;
}

/** Reference C ← alpha·op(A)·op(B) + beta·C (beta = 0 ignores C), triple loop. */
function reference(x: Case): Float64Array {
  const out = x.c.slice();
  const [ar, ai] = x.alpha;
  const [br, bi] = x.beta;
  for (let i = 0; i < x.m; i++) {
    for (let j = 0; j < x.n; j++) {
      let sr = 0;
      let si = 0;
      for (let p = 0; p < x.k; p++) {
        const qa = 2 * (x.tA ? x.aOff + p * x.lda + i : x.aOff + i * x.lda + p);
        const qb = 2 * (x.tB ? x.bOff + j * x.ldb + p : x.bOff + p * x.ldb + j);
        const xr = x.a[qa]!;
        const xi = x.cA ? -x.a[qa + 1]! : x.a[qa + 1]!;
        const yr = x.b[qb]!;
        const yi = x.cB ? -x.b[qb + 1]! : x.b[qb + 1]!;
        sr += xr * yr - xi * yi;
        si += xr * yi + xi * yr;
      }
      const o = 2 * (x.cOff + i * x.ldc + j);
      const cr = x.c[o]!;
      const ci = x.c[o + 1]!;
      const zero = br === 0 && bi === 0;
      out[o] = ar * sr - ai * si + (zero ? 0 : br * cr - bi * ci);
      out[o + 1] = ar * si + ai * sr + (zero ? 0 : br * ci + bi * cr);
    }
  }
  return out;
}

function run(x: Case): Float64Array {
  const out = x.c.slice();
  const a = operand(x.a, x.aOff, x.lda, x.tA, x.cA);
  const b = operand(x.b, x.bOff, x.ldb, x.tB, x.cB);
  complexGemm(x.m, x.n, x.k, [x.alpha[0], x.alpha[1]], a, b, [x.beta[0], x.beta[1]], rowMajor(out, x.ldc, x.cOff));
  return out;
}

const frob = (v: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
};

/** ‖C − C_ref‖_F / (|alpha|·‖A‖_F·‖B‖_F + |beta|·‖C₀‖_F); identical entries (incl. NaN) count 0. */
function relErr(x: Case, got: Float64Array, want: Float64Array): number {
  let d = 0;
  for (let i = 0; i < got.length; i++) if (!Object.is(got[i], want[i])) d += (got[i]! - want[i]!) ** 2;
  const betaZero = x.beta[0] === 0 && x.beta[1] === 0;
  const scale = Math.hypot(...x.alpha) * frob(x.a) * frob(x.b) + (betaZero ? 0 : Math.hypot(...x.beta) * frob(x.c));
  return Math.sqrt(d) / (scale === 0 ? 1 : scale);
}

/** Bit patterns, so that +0 / −0 and every last bit count. */
const bits = (v: Float64Array): BigUint64Array => new BigUint64Array(v.buffer, v.byteOffset, v.length);

let seed = 1;
/** A case with padded leading dimensions and offsets (pad = 0 for tight layouts). */
function makeCase(
  flags: number,
  m: number,
  n: number,
  k: number,
  alpha: [number, number] = [1, 0],
  beta: [number, number] = [0, 0],
  pad = 0,
): Case {
  const tA = (flags & 1) !== 0;
  const cA = (flags & 2) !== 0;
  const tB = (flags & 4) !== 0;
  const cB = (flags & 8) !== 0;
  const [ar, ac] = tA ? [k, m] : [m, k];
  const [br, bc] = tB ? [n, k] : [k, n];
  const lda = ac + pad;
  const ldb = bc + 2 * pad;
  const ldc = n + 3 * pad;
  const aOff = pad;
  const bOff = 2 * pad;
  const cOff = 5 * pad;
  return {
    tA,
    cA,
    tB,
    cB,
    m,
    n,
    k,
    alpha,
    a: randBuffer(2 * (aOff + ar * lda + pad), seed++),
    aOff,
    lda,
    b: randBuffer(2 * (bOff + br * ldb + pad), seed++),
    bOff,
    ldb,
    beta,
    c: randBuffer(2 * (cOff + m * ldc + pad), seed++),
    cOff,
    ldc,
  };
}

const SIZES = [1, 2, 3, 5, 17, 33, 65, 129];
const ALL_FLAGS = Array.from({ length: 16 }, (_, f) => f);
const flagName = (f: number): string =>
  `transA=${(f & 1) !== 0} conjA=${(f & 2) !== 0} transB=${(f & 4) !== 0} conjB=${(f & 8) !== 0}`;

describe('complexGemm: wasm SIMD complex128 path', () => {
  it('is available in this engine, and its generated module validates and stays small', () => {
    expect(wasmZgemmAvailable()).toBe(true);
    const bytes = complexKernelModuleBytes();
    expect(WebAssembly.validate(bytes)).toBe(true);
    // Chromium refuses synchronous compilation of modules over 4 KiB on the main thread.
    expect(bytes.length).toBeLessThan(4096);
  });

  it('matches the reference loop on odd sizes and every transpose / conjugate combination', () => {
    setGemmPath('wasm');
    const shapes: [number, number, number][] = SIZES.map((s) => [s, s, s]);
    for (let i = 0; i < SIZES.length; i++) shapes.push([SIZES[i]!, SIZES[(i + 3) % 8]!, SIZES[(i + 5) % 8]!]);
    for (const [m, n, k] of shapes) {
      for (const f of ALL_FLAGS) {
        const x = makeCase(f, m, n, k, [1.25, -0.5], [0.5, 0.75]);
        const got = run(x);
        expect(lastComplexGemmPath()).toBe('wasm');
        expect(relErr(x, got, reference(x)), `${m}×${n}×${k} ${flagName(f)}`).toBeLessThan(1e-13);
      }
    }
  });

  it('gives the same bits as the JS kernel (same packing, k blocking and operation order) and on every run', () => {
    for (const [m, n, k, pad] of [
      [65, 129, 300, 2],
      [33, 50, 17, 0],
      [9, 270, 260, 1],
      [530, 6, 7, 0],
    ] as const) {
      for (const f of ALL_FLAGS) {
        const x = makeCase(f, m, n, k, [-0.75, 1.5], [1.5, -0.25], pad);
        setGemmPath('js');
        const js = run(x);
        expect(lastComplexGemmPath()).toBe('js');
        setGemmPath('wasm');
        const w1 = run(x);
        const w2 = run(x);
        expect(lastComplexGemmPath()).toBe('wasm');
        expect(bits(w1), `${m}×${n}×${k} ${flagName(f)}`).toEqual(bits(js));
        expect(bits(w2)).toEqual(bits(w1));
      }
    }
  });

  it('gives the same bits as the JS kernel for every alpha / beta special case (real, imaginary, 1, 0)', () => {
    const alphas: [number, number][] = [
      [1, 0],
      [0, 1],
      [-2, 0],
      [0.5, -3],
    ];
    const betas: [number, number][] = [
      [0, 0],
      [1, 0],
      [0, -1],
      [2.5, 0.5],
    ];
    for (const alpha of alphas) {
      for (const beta of betas) {
        const x = makeCase(6, 37, 23, 41, alpha, beta, 1);
        setGemmPath('js');
        const js = run(x);
        setGemmPath('wasm');
        expect(bits(run(x)), `alpha=${alpha} beta=${beta}`).toEqual(bits(js));
      }
    }
  });

  it('propagates Inf and NaN in A and B as the JS kernel does', () => {
    const x = makeCase(0, 20, 18, 30, [1, 0.5], [0.5, 0]);
    x.a[2 * 7] = Number.POSITIVE_INFINITY;
    x.a[2 * 100 + 1] = Number.NaN;
    x.b[2 * 50] = Number.NEGATIVE_INFINITY;
    setGemmPath('js');
    const js = run(x);
    setGemmPath('wasm');
    const w = run(x);
    expect(w.some(Number.isNaN)).toBe(true);
    for (let i = 0; i < w.length; i++)
      expect(Number.isNaN(w[i]!) ? Number.NaN : w[i]).toBe(Number.isNaN(js[i]!) ? Number.NaN : js[i]);
  });

  it('crosses every block edge: k > KC, n > NC, m > MC and m > the row chunk staged in wasm memory', () => {
    setGemmPath('wasm');
    for (const [m, n, k, f] of [
      [530, 13, 21, 5],
      [67, 259, 261, 0],
      [2, 520, 9, 15],
      [70, 3, 515, 10],
    ] as const) {
      const x = makeCase(f, m, n, k, [1, -1], [1, 0], 1);
      expect(relErr(x, run(x), reference(x)), `${m}×${n}×${k}`).toBeLessThan(1e-13);
    }
  });

  it('reads and writes sub-blocks through offsets and leading dimensions, leaving the rest of C alone', () => {
    setGemmPath('wasm');
    for (const f of ALL_FLAGS) {
      const x = makeCase(f, 17, 33, 65, [2, 0.5], [-1, 0.25], 3);
      const got = run(x);
      expect(relErr(x, got, reference(x)), flagName(f)).toBeLessThan(1e-13);
      // untouched: everything of C outside the m×n block (both parts of each entry)
      for (let o = 0; o < x.c.length; o++) {
        const e = o >> 1;
        const r = Math.floor((e - x.cOff) / x.ldc);
        const col = e - x.cOff - r * x.ldc;
        const inside = e >= x.cOff && r < x.m && col < x.n;
        if (!inside) expect(got[o]).toBe(x.c[o]);
      }
    }
  });

  it('alpha / beta: beta = 0 ignores NaN in C, beta = 1 accumulates, complex beta scales, alpha = 0 or k = 0 only scales', () => {
    setGemmPath('wasm');
    const alphas: [number, number][] = [
      [1, 0],
      [-0.5, 2],
      [0, 3],
    ];
    const betas: [number, number][] = [
      [0, 0],
      [1, 0],
      [2.5, -1],
      [0, 1],
    ];
    for (const alpha of alphas) {
      for (const beta of betas) {
        const x = makeCase(9, 33, 17, 65, alpha, beta, 1);
        if (beta[0] === 0 && beta[1] === 0) x.c.fill(Number.NaN);
        const got = run(x);
        expect(lastComplexGemmPath()).toBe('wasm');
        for (let i = 0; i < x.m; i++) {
          for (let j = 0; j < 2 * x.n; j++) expect(Number.isNaN(got[2 * (x.cOff + i * x.ldc) + j]!)).toBe(false);
        }
        expect(relErr(x, got, reference(x)), `alpha=${alpha} beta=${beta}`).toBeLessThan(1e-13);
      }
    }
    const zeroAlpha = makeCase(0, 5, 5, 5, [0, 0], [2, 1]);
    expect(run(zeroAlpha)).toEqual(reference(zeroAlpha));
    expect(lastComplexGemmPath()).toBe('none');
    const zeroK = makeCase(0, 5, 5, 0, [1, 1], [0, 0]);
    zeroK.c.fill(Number.NaN);
    expect(run(zeroK).every((v) => v === 0)).toBe(true);
  });

  it('broadcasts a row with lda = 0 and walks backwards with a negative lda', () => {
    setGemmPath('wasm');
    const [m, n, k] = [9, 6, 7];
    const base: Case = {
      tA: false,
      cA: true,
      tB: false,
      cB: false,
      m,
      n,
      k,
      alpha: [1, -1],
      a: randBuffer(2 * m * k, 11),
      aOff: 2 * k,
      lda: 0,
      b: randBuffer(2 * k * n, 12),
      bOff: 0,
      ldb: n,
      beta: [0, 0],
      c: new Float64Array(2 * m * n),
      cOff: 0,
      ldc: n,
    };
    expect(relErr(base, run(base), reference(base))).toBeLessThan(1e-13);
    const back: Case = { ...base, aOff: (m - 1) * k, lda: -k };
    expect(relErr(back, run(back), reference(back))).toBeLessThan(1e-13);
  });

  it('takes complex64 (Float32Array) A and B into a complex128 C; a complex64 C stays on the JS path', () => {
    const x = makeCase(3, 40, 30, 50, [1, 0], [0.5, 0.5]);
    const x32: Case = { ...x, a: new Float32Array(x.a), b: new Float32Array(x.b) };
    setGemmPath('js');
    const js = run(x32);
    setGemmPath('auto');
    const got = run(x32);
    expect(lastComplexGemmPath()).toBe('wasm');
    expect(bits(got)).toEqual(bits(js));
    expect(relErr(x32, got, reference(x32))).toBeLessThan(1e-13);
    const c32 = new Float32Array(x.c);
    const a = operand(x.a, x.aOff, x.lda, x.tA, x.cA);
    const b = operand(x.b, x.bOff, x.ldb, x.tB, x.cB);
    complexGemm(x.m, x.n, x.k, [1, 0], a, b, [0.5, 0.5], rowMajor(c32, x.ldc, x.cOff));
    expect(lastComplexGemmPath()).toBe('js');
  });

  it('grows wasm memory for a larger C block and keeps working', () => {
    setGemmPath('wasm');
    const small = makeCase(0, 4, 4, 4);
    run(small);
    const before = wasmZgemm(0)!.memory.buffer.byteLength;
    const big = makeCase(4, 600, 300, 5, [1, 0], [1, -1]);
    expect(relErr(big, run(big), reference(big))).toBeLessThan(1e-13);
    expect(wasmZgemm(0)!.memory.buffer.byteLength).toBeGreaterThan(before);
    expect(wasmZgemm(0)!.cBuf.length).toBeGreaterThanOrEqual(2 * 512 * 256);
    expect(relErr(small, run(small), reference(small))).toBeLessThan(1e-13);
  });

  it('complex128 matmul runs on it and gives the JS bits (incl. conj / adjoint views)', () => {
    const n = 48;
    const A = new Tensor(randBuffer(2 * n * n, 21), 'complex128', [n, n]);
    const B = new Tensor(randBuffer(2 * n * n, 22), 'complex128', [n, n]);
    for (const [x, y] of [
      [A, B],
      [conj(A), matrixTranspose(B)],
      [adjoint(A), conj(B)],
    ] as const) {
      setGemmPath('auto');
      const w = matmul(x, y).toTypedArray() as Float64Array;
      expect(lastComplexGemmPath()).toBe('wasm');
      setGemmPath('js');
      const js = matmul(x, y).toTypedArray() as Float64Array;
      expect(lastComplexGemmPath()).toBe('js');
      expect(bits(w)).toEqual(bits(js));
    }
  });
});

describe('complexGemm: path selection', () => {
  it("'auto' uses wasm past the crossover and the JS loops for vectors, tiny products and k ≤ 4", () => {
    run(makeCase(0, 64, 64, 64));
    expect(lastComplexGemmPath()).toBe('wasm');
    run(makeCase(0, 6, 6, 6));
    expect(lastComplexGemmPath()).toBe('wasm');
    run(makeCase(0, 200, 1, 200));
    expect(lastComplexGemmPath()).toBe('small');
    run(makeCase(0, 1, 200, 200));
    expect(lastComplexGemmPath()).toBe('small');
    run(makeCase(0, 200, 200, 2));
    expect(lastComplexGemmPath()).toBe('js');
    run(makeCase(0, 3, 3, 3));
    expect(lastComplexGemmPath()).toBe('small');
  });

  it("'js' and 'wasm' force either path, for every size", () => {
    for (const s of [1, 3, 65]) {
      const x = makeCase(10, s, s, s, [1, 1], [1, 0]);
      setGemmPath('js');
      const js = run(x);
      expect(lastComplexGemmPath()).toBe(s === 65 ? 'js' : 'small');
      setGemmPath('wasm');
      const w = run(x);
      expect(lastComplexGemmPath()).toBe('wasm');
      expect(relErr(x, w, js)).toBeLessThan(1e-13);
    }
    expect(setGemmPath('auto')).toBe('wasm');
  });

  it('falls back to the JS kernel when SIMD is unavailable, even when wasm is forced', () => {
    simulateNoWasmSimd(true);
    expect(wasmZgemmAvailable()).toBe(false);
    for (const p of ['auto', 'wasm'] as const) {
      setGemmPath(p);
      const x = makeCase(15, 129, 65, 33, [-1, 0.5], [0.25, 0.25]);
      const got = run(x);
      expect(lastComplexGemmPath()).toBe('js');
      expect(relErr(x, got, reference(x))).toBeLessThan(1e-13);
    }
    simulateNoWasmSimd(false);
    expect(wasmZgemmAvailable()).toBe(true);
  });
});
