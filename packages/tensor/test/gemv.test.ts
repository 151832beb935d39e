/**
 * The workspace matrix–vector kernels (kernels/gemv.ts, gemvWasm.ts): against a naive reference
 * on odd and even shapes and offsets, and the wasm SIMD path against the JavaScript fallback
 * (same summation order, so the same bits).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addTransposedProduct, gemvWorkspace, rowProducts } from '../src/kernels/gemv.js';
import { simulateNoWasmSimd, wasmGemmAvailable } from '../src/kernels/gemmWasm.js';
import { gemvFor } from '../src/kernels/gemvWasm.js';
import { randBuffer } from './helpers.js';

afterEach(() => simulateNoWasmSimd(false));

const SHAPES: Array<[number, number]> = [
  [1, 1],
  [1, 7],
  [3, 2],
  [4, 2],
  [5, 3],
  [8, 8],
  [9, 17],
  [33, 64],
  [64, 33],
  [130, 97],
];

/** Layout in one buffer: A (rows×lda, lda = cols + 3) at aOff, then v (rows), then y (cols). */
function layout(rows: number, cols: number) {
  const lda = cols + 3;
  const aOff = 5;
  const vOff = aOff + rows * lda;
  const yOff = vOff + Math.max(rows, cols) + 1;
  return { lda, aOff, vOff, yOff, size: yOff + Math.max(rows, cols) + 2 };
}

function fill(w: Float64Array, seed: number, size: number): void {
  w.set(randBuffer(size, seed).subarray(0, size));
}

describe('gemv workspace kernels', () => {
  for (const [rows, cols] of SHAPES) {
    it(`addTransposedProduct ${rows}×${cols}: y += Aᵀv against a naive loop, wasm and JS bit-identical`, () => {
      const { lda, aOff, vOff, yOff, size } = layout(rows, cols);
      const w = gemvWorkspace(size);
      fill(w, rows * 31 + cols, size);
      const plain = w.slice(0, size);
      const want = new Float64Array(cols);
      for (let c = 0; c < cols; c++) {
        let s = 0;
        for (let r = 0; r < rows; r++) s += plain[vOff + r]! * plain[aOff + r * lda + c]!;
        want[c] = plain[yOff + c]! + s;
      }
      addTransposedProduct(w, aOff, lda, rows, cols, vOff, yOff);
      addTransposedProduct(plain, aOff, lda, rows, cols, vOff, yOff);
      for (let c = 0; c < cols; c++) {
        expect(Math.abs(w[yOff + c]! - want[c]!)).toBeLessThan(1e-13 * (rows + 1));
        expect(Object.is(w[yOff + c], plain[yOff + c])).toBe(true);
      }
      // nothing outside y was written
      expect(w[yOff + cols]).toBe(plain[yOff + cols]);
      expect(w[yOff - 1]).toBe(plain[yOff - 1]);
    });

    it(`rowProducts ${rows}×${cols}: x = A·u against a naive loop, wasm and JS bit-identical`, () => {
      const lda = cols + 3;
      const aOff = 5;
      const u0 = aOff + rows * lda;
      const x0 = u0 + cols + 1;
      const big = x0 + rows + 2;
      const w = gemvWorkspace(big);
      fill(w, rows * 17 + cols, big);
      const plain = w.slice(0, big);
      const want = new Float64Array(rows);
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let c = 0; c < cols; c++) s += plain[aOff + r * lda + c]! * plain[u0 + c]!;
        want[r] = s;
      }
      rowProducts(w, aOff, lda, rows, cols, u0, x0);
      rowProducts(plain, aOff, lda, rows, cols, u0, x0);
      for (let r = 0; r < rows; r++) {
        expect(Math.abs(w[x0 + r]! - want[r]!)).toBeLessThan(1e-13 * (cols + 1));
        expect(Object.is(w[x0 + r], plain[x0 + r])).toBe(true);
      }
      expect(w[x0 + rows]).toBe(plain[x0 + rows]);
    });
  }

  it('exact small case: A = [[1, 2], [3, 4]], v = u = [1, 1]', () => {
    const w = gemvWorkspace(8);
    w.set([1, 2, 3, 4, 1, 1, 0, 0]);
    addTransposedProduct(w, 0, 2, 2, 2, 4, 6);
    expect([w[6], w[7]]).toEqual([4, 6]);
    rowProducts(w, 0, 2, 2, 2, 4, 6);
    expect([w[6], w[7]]).toEqual([3, 7]);
  });

  it('is a wasm memory view when SIMD is available, a plain array when it is not', () => {
    const w = gemvWorkspace(16);
    expect(w.length).toBeGreaterThanOrEqual(16);
    expect(gemvFor(w) !== null).toBe(wasmGemmAvailable());
    simulateNoWasmSimd(true);
    const p = gemvWorkspace(16);
    expect(p.length).toBe(16);
    p.set([1, 2, 3, 4, 1, 1, 0, 0]);
    rowProducts(p, 0, 2, 2, 2, 4, 6);
    expect([p[6], p[7]]).toEqual([3, 7]);
  });

  it('zero-sized products leave the output alone', () => {
    const w = gemvWorkspace(4);
    w.set([1, 2, 3, 4]);
    addTransposedProduct(w, 0, 1, 0, 2, 0, 2);
    rowProducts(w, 0, 1, 0, 2, 0, 2);
    expect(Array.from(w.subarray(0, 4))).toEqual([1, 2, 3, 4]);
  });
});

describe('gemv workspace memory', () => {
  it('a workspace above 64 MiB has its own memory (wasm path, released with the view); small ones share', () => {
    const b = gemvWorkspace(32);
    expect(gemvFor(b) !== null).toBe(wasmGemmAvailable());
    if (!wasmGemmAvailable()) return;
    expect(b.buffer).toBe(gemvWorkspace(8).buffer);
    const big = gemvWorkspace(8 * 1024 * 1024 + 8);
    expect(big.length).toBeGreaterThanOrEqual(8 * 1024 * 1024 + 8);
    expect(big.buffer).not.toBe(b.buffer);
    expect(gemvFor(big)).not.toBeNull();
    // A (4×2) at 0, u at 8, x at 10: four rows and one column pair, so the wasm kernel runs
    big.set([1, 2, 3, 4, 5, 6, 7, 8, 1, -1]);
    rowProducts(big, 0, 2, 4, 2, 8, 10);
    expect(Array.from(big.subarray(10, 14))).toEqual([-1, -1, -1, -1]);
  });

  it('a dedicated workspace keeps its contents while shared workspaces are requested and used', () => {
    const own = gemvWorkspace(16, { dedicated: true });
    own.set([1, 2, 3, 4, 5, 6, 7, 8, 1, -1]);
    const shared = gemvWorkspace(64);
    shared.fill(7);
    rowProducts(shared, 0, 2, 4, 2, 8, 10);
    if (wasmGemmAvailable()) {
      expect(own.buffer).not.toBe(shared.buffer);
      expect(gemvFor(own)).not.toBeNull();
    }
    expect(Array.from(own.subarray(0, 10))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 1, -1]);
    rowProducts(own, 0, 2, 4, 2, 8, 10);
    expect(Array.from(own.subarray(10, 14))).toEqual([-1, -1, -1, -1]);
  });
});
