/**
 * The WebAssembly SIMD float64 GEMM path (kernels/gemmWasm.ts) against a naive reference loop,
 * the JS path, path forcing and the no-SIMD fallback. Every test forces its path explicitly and
 * restores 'auto' afterwards.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getThreads, setThreads } from '../src/threads/threadConfig.js';
import { gemm, lastGemmPath } from '../src/kernels/gemm.js';
import {
  kernelModuleBytes,
  setGemmPath,
  simulateNoWasmSimd,
  wasmGemm,
  wasmGemmAvailable,
} from '../src/kernels/gemmWasm.js';
import { type RealArray, rowMajor } from '../src/kernels/gemmOperand.js';
import { operand, randBuffer } from './helpers.js';

// These tests look inside the serial kernel (its path, its wasm memory): one thread.
const savedThreads = getThreads();
beforeAll(() => setThreads(1));
afterAll(() => setThreads(savedThreads));

afterEach(() => {
  setGemmPath('auto');
  simulateNoWasmSimd(false);
});

interface Case {
  tA: boolean;
  tB: boolean;
  m: number;
  n: number;
  k: number;
  alpha: number;
  a: RealArray;
  aOff: number;
  lda: number;
  b: RealArray;
  bOff: number;
  ldb: number;
  beta: number;
  c: Float64Array;
  cOff: number;
  ldc: number;
}

/** Reference C ← alpha·op(A)·op(B) + beta·C (beta = 0 ignores C), triple loop. */
function reference(x: Case): Float64Array {
  const out = x.c.slice();
  for (let i = 0; i < x.m; i++) {
    for (let j = 0; j < x.n; j++) {
      let s = 0;
      for (let p = 0; p < x.k; p++) {
        const av = x.tA ? x.a[x.aOff + p * x.lda + i]! : x.a[x.aOff + i * x.lda + p]!;
        const bv = x.tB ? x.b[x.bOff + j * x.ldb + p]! : x.b[x.bOff + p * x.ldb + j]!;
        s += av * bv;
      }
      const o = x.cOff + i * x.ldc + j;
      out[o] = x.alpha * s + (x.beta === 0 ? 0 : x.beta * x.c[o]!);
    }
  }
  return out;
}

function run(x: Case): Float64Array {
  const out = x.c.slice();
  const a = operand(x.a, x.aOff, x.lda, x.tA);
  gemm(x.m, x.n, x.k, x.alpha, a, operand(x.b, x.bOff, x.ldb, x.tB), x.beta, rowMajor(out, x.ldc, x.cOff));
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
  const scale = Math.abs(x.alpha) * frob(x.a) * frob(x.b) + (x.beta === 0 ? 0 : Math.abs(x.beta) * frob(x.c));
  return Math.sqrt(d) / (scale === 0 ? 1 : scale);
}

let seed = 1;
/** A dense case with padded leading dimensions and offsets (pad = 0 for tight layouts). */
function makeCase(tA: boolean, tB: boolean, m: number, n: number, k: number, alpha = 1, beta = 0, pad = 0): Case {
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
    tB,
    m,
    n,
    k,
    alpha,
    a: randBuffer(aOff + ar * lda + pad, seed++),
    aOff,
    lda,
    b: randBuffer(bOff + br * ldb + pad, seed++),
    bOff,
    ldb,
    beta,
    c: randBuffer(cOff + m * ldc + pad, seed++),
    cOff,
    ldc,
  };
}

const SIZES = [1, 3, 5, 17, 33, 65, 129, 300];
const TRANSPOSES = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

describe('gemm: wasm SIMD float64 path', () => {
  it('is available in this engine, and its generated module validates and stays small', () => {
    expect(wasmGemmAvailable()).toBe(true);
    const bytes = kernelModuleBytes();
    expect(WebAssembly.validate(bytes)).toBe(true);
    // Chromium refuses synchronous compilation of modules over 4 KiB on the main thread.
    expect(bytes.length).toBeLessThan(4096);
  });

  it('matches the reference loop on odd sizes and every transpose combination', () => {
    setGemmPath('wasm');
    const shapes: [number, number, number][] = SIZES.map((s) => [s, s, s]);
    for (let i = 0; i < SIZES.length; i++) shapes.push([SIZES[i]!, SIZES[(i + 3) % 8]!, SIZES[(i + 5) % 8]!]);
    for (const [m, n, k] of shapes) {
      for (const [tA, tB] of TRANSPOSES) {
        const x = makeCase(tA, tB, m, n, k, 1.25, 0.5);
        const got = run(x);
        expect(lastGemmPath()).toBe('wasm');
        expect(relErr(x, got, reference(x)), `${m}×${n}×${k} tA=${tA} tB=${tB}`).toBeLessThan(1e-13);
      }
    }
  });

  it('gives the same bits as the JS kernel (same blocking and summation order) and on every run', () => {
    for (const [m, n, k] of [
      [65, 129, 300],
      [70, 530, 600],
      [33, 50, 17],
    ] as const) {
      for (const [tA, tB] of TRANSPOSES) {
        const x = makeCase(tA, tB, m, n, k, -0.75, 1.5, 2);
        setGemmPath('js');
        const js = run(x);
        expect(lastGemmPath()).toBe('js');
        setGemmPath('wasm');
        const w1 = run(x);
        const w2 = run(x);
        expect(lastGemmPath()).toBe('wasm');
        expect(w1).toEqual(js);
        expect(w2).toEqual(w1);
      }
    }
  });

  it('crosses every block edge: k > KC, n > NC, m > MC and m > the row chunk staged in wasm memory', () => {
    setGemmPath('wasm');
    for (const [m, n, k] of [
      [1100, 37, 21],
      [67, 530, 261],
      [2, 1030, 9],
    ] as const) {
      const x = makeCase(false, true, m, n, k, 1, 1, 1);
      expect(relErr(x, run(x), reference(x))).toBeLessThan(1e-13);
    }
  });

  it('reads and writes sub-blocks through offsets and leading dimensions, leaving the rest of C alone', () => {
    setGemmPath('wasm');
    for (const [tA, tB] of TRANSPOSES) {
      const x = makeCase(tA, tB, 17, 33, 65, 2, -1, 3);
      const got = run(x);
      const want = reference(x);
      expect(relErr(x, got, want)).toBeLessThan(1e-13);
      // untouched: everything of C outside the m×n block
      for (let o = 0; o < x.c.length; o++) {
        const r = Math.floor((o - x.cOff) / x.ldc);
        const col = o - x.cOff - r * x.ldc;
        const inside = o >= x.cOff && r < x.m && col < x.n;
        if (!inside) expect(got[o]).toBe(x.c[o]);
      }
    }
  });

  it('alpha / beta cases: beta = 0 ignores NaN in C, beta = 1 accumulates, alpha = 0 only scales', () => {
    setGemmPath('wasm');
    for (const alpha of [1, -0.5, 3]) {
      for (const beta of [0, 1, 2.5, -1]) {
        const x = makeCase(false, false, 33, 17, 65, alpha, beta, 1);
        if (beta === 0) x.c.fill(Number.NaN);
        const got = run(x);
        expect(got.slice(x.cOff, x.cOff + x.ldc * x.m).some((v, i) => i % x.ldc < x.n && Number.isNaN(v))).toBe(false);
        expect(relErr(x, got, reference(x)), `alpha=${alpha} beta=${beta}`).toBeLessThan(1e-13);
      }
    }
    const x = makeCase(false, false, 5, 5, 5, 0, 2);
    expect(run(x)).toEqual(reference(x));
  });

  it('broadcasts a row with lda = 0 and walks backwards with a negative lda', () => {
    setGemmPath('wasm');
    const m = 9;
    const k = 7;
    const n = 6;
    const a = randBuffer(m * k, 11);
    const b = randBuffer(k * n, 12);
    const bcast: Case = {
      tA: false,
      tB: false,
      m,
      n,
      k,
      alpha: 1,
      a,
      aOff: 2 * k,
      lda: 0,
      b,
      bOff: 0,
      ldb: n,
      beta: 0,
      c: new Float64Array(m * n),
      cOff: 0,
      ldc: n,
    };
    expect(relErr(bcast, run(bcast), reference(bcast))).toBeLessThan(1e-13);
    const back: Case = { ...bcast, aOff: (m - 1) * k, lda: -k };
    expect(relErr(back, run(back), reference(back))).toBeLessThan(1e-13);
  });

  it('takes float32 A and B into a float64 C; float32 C stays on the JS path', () => {
    setGemmPath('auto');
    const x = makeCase(true, false, 40, 30, 50, 1, 0.5);
    const x32: Case = { ...x, a: new Float32Array(x.a), b: new Float32Array(x.b) };
    const got = run(x32);
    expect(lastGemmPath()).toBe('wasm');
    expect(relErr(x32, got, reference(x32))).toBeLessThan(1e-13);
    const c32 = new Float32Array(x.c);
    const a = operand(x.a, x.aOff, x.lda, x.tA);
    gemm(x.m, x.n, x.k, 1, a, operand(x.b, x.bOff, x.ldb, x.tB), 0.5, rowMajor(c32, x.ldc, x.cOff));
    expect(lastGemmPath()).toBe('js');
  });

  it('grows wasm memory for a larger C block and keeps working', () => {
    setGemmPath('wasm');
    const small = makeCase(false, false, 4, 4, 4);
    run(small);
    const before = wasmGemm(0)!.memory.buffer.byteLength;
    const big = makeCase(false, false, 700, 520, 5);
    expect(relErr(big, run(big), reference(big))).toBeLessThan(1e-13);
    expect(wasmGemm(0)!.memory.buffer.byteLength).toBeGreaterThanOrEqual(before);
    expect(wasmGemm(0)!.cBuf.length).toBeGreaterThanOrEqual(700 * 512);
    expect(relErr(small, run(small), reference(small))).toBeLessThan(1e-13);
  });
});

describe('gemm: path selection', () => {
  it("'auto' uses wasm for float64 products past the crossover and the JS loops for vectors and tiny ones", () => {
    const big = makeCase(false, false, 64, 64, 64);
    run(big);
    expect(lastGemmPath()).toBe('wasm');
    const matVec = makeCase(false, false, 200, 1, 200);
    run(matVec);
    expect(lastGemmPath()).toBe('small');
    const rank1 = makeCase(false, false, 200, 200, 1);
    run(rank1);
    expect(lastGemmPath()).toBe('js');
    const tiny = makeCase(false, false, 2, 2, 2);
    run(tiny);
    expect(lastGemmPath()).toBe('small');
  });

  it("'js' and 'wasm' force either path, for every size", () => {
    for (const s of [1, 3, 65]) {
      const x = makeCase(false, true, s, s, s, 1, 1);
      setGemmPath('js');
      const js = run(x);
      expect(lastGemmPath()).toBe(s === 65 ? 'js' : 'small');
      setGemmPath('wasm');
      const w = run(x);
      expect(lastGemmPath()).toBe('wasm');
      expect(relErr(x, w, js)).toBeLessThan(1e-13);
    }
    expect(setGemmPath('auto')).toBe('wasm');
  });

  it('falls back to the JS kernel when SIMD is unavailable, even when wasm is forced', () => {
    simulateNoWasmSimd(true);
    expect(wasmGemmAvailable()).toBe(false);
    for (const p of ['auto', 'wasm'] as const) {
      setGemmPath(p);
      const x = makeCase(true, true, 129, 65, 33, -1, 0.25);
      const got = run(x);
      expect(lastGemmPath()).toBe('js');
      expect(relErr(x, got, reference(x))).toBeLessThan(1e-13);
    }
    simulateNoWasmSimd(false);
    expect(wasmGemmAvailable()).toBe(true);
  });
});
