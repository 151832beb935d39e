/**
 * The small-matrix SVD's wasm kernels (svdWasm.ts: rotation sweeps, reflector accumulation, the
 * unblocked reduction's trailing loops) against their JavaScript twins — same bits for every
 * shape, including odd lengths, identity rotations and −0 — and the batched svd that writes
 * straight into its outputs: same bits as one call per matrix, deterministic, and LAPACK's
 * ratios plus numpy/scipy's singular values on a stack of the committed fixture matrices
 * (svd_lapack_types.json: zero, identity, repeated and graded spectra, scaled near under- and
 * overflow), and empty batches.
 */
import { Tensor } from '@svd/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import { svd } from '../../../src/index.js';
import { formLeftFactorTransposed, formRightFactorTransposed } from '../../../src/kernels/svd/accumulateReflectors.js';
import { householderBidiagonalize } from '../../../src/kernels/svd/householderBidiagonalize.js';
import { applyRotationsBackward, applyRotationsForward } from '../../../src/kernels/svd/rotationSequence.js';
import { svdKernel } from '../../../src/kernels/svd/svdKernel.js';
import { setSvdWasmEnabled, svdWasm, svdWasmArrays, svdWasmModuleBytes } from '../../../src/kernels/svd/svdWasm.js';
import {
  ULP,
  clampedRatio,
  f64,
  hasNegativeZero,
  loadFixture,
  type Mat,
  mulberry32,
  norm1,
  orthRatio,
  svdResidual,
  valuesRatio,
  sameBits,
} from '../../support/index.js';

afterEach(() => {
  setSvdWasmEnabled(true);
});

/** Views of the wasm memory, filled with NaN (earlier views are reused memory). */
function inWasm(lengths: number[]): Float64Array[] {
  const views = svdWasmArrays(lengths);
  if (views === null) throw new Error('wasm SIMD is expected on this engine');
  for (const v of views) v.fill(Number.NaN); // the kernels must not depend on leftover contents
  return views;
}

describe('svd wasm kernels vs their JavaScript twins', () => {
  it('wasm SIMD is available (Node ≥ 16, Chromium), from a module Chromium compiles synchronously', () => {
    expect(svdWasm()).not.toBeNull();
    // Chromium refuses synchronous compilation of modules over 4 KiB on the main thread.
    expect(svdWasmModuleBytes().length).toBeLessThan(4096);
  });

  const rng = mulberry32(2024);
  for (const rowLen of [2, 3, 5, 8, 9, 16, 17, 31, 32, 33]) {
    it(`rotation sweeps on rows of ${rowLen}: forward and backward give the JS bits`, () => {
      const rows = 12;
      const first = 2;
      const count = 9;
      const x = Float64Array.from({ length: rows * rowLen }, () => 2 * rng() - 1);
      x[first * rowLen] = -0;
      x[(first + 3) * rowLen + 1] = -0;
      const theta = Array.from({ length: count }, () => 6.3 * rng());
      const cs = Float64Array.from(theta, Math.cos);
      const sn = Float64Array.from(theta, Math.sin);
      for (let j = 0; j < count; j += 4) {
        cs[j] = 1;
        sn[j] = 0;
      }
      for (const sweep of [applyRotationsForward, applyRotationsBackward]) {
        const js = x.slice();
        sweep(js, rowLen, first, count, cs, sn);
        const [w] = inWasm([x.length]);
        w!.set(x);
        sweep(w!, rowLen, first, count, cs, sn);
        expect(sameBits(w!, js), sweep.name).toBe(true);
        expect(sameBits(js, x)).toBe(false);
      }
    });
  }

  for (const [m, n] of [
    [32, 32],
    [33, 31],
    [7, 5],
    [2, 2],
    [3, 1],
    [17, 17],
    [40, 30],
    [95, 95],
  ] as Array<[number, number]>) {
    it(`${m}×${n}: bidiagonalisation and Qᵀ, Pᵀ (full and thin) give the JS bits`, () => {
      const a = Float64Array.from({ length: m * n }, () => 2 * rng() - 1);
      if (n > 2) a.fill(0, n, 2 * n); // a zero row: some reflectors are the identity
      const jsA = a.slice();
      const js = householderBidiagonalize(jsA, m, n);
      const jsQt = formLeftFactorTransposed(jsA, m, n, js.tauQ, n, m);
      const jsPt = formRightFactorTransposed(jsA, n, js.tauP);

      const [wa, scratch, qt, pt] = inWasm([m * n, m, m * m, n * n]);
      wa!.set(a);
      const wb = householderBidiagonalize(wa!, m, n, scratch);
      formLeftFactorTransposed(wa!, m, n, wb.tauQ, n, m, qt, scratch);
      formRightFactorTransposed(wa!, n, wb.tauP, pt, scratch);
      for (const key of ['d', 'e', 'tauQ', 'tauP'] as const) expect(sameBits(wb[key], js[key]), key).toBe(true);
      expect(sameBits(wa!, jsA), 'reflectors').toBe(true);
      expect(sameBits(qt!, jsQt), 'Qᵀ').toBe(true);
      expect(sameBits(pt!, jsPt), 'Pᵀ').toBe(true);
      // thin: the first n rows of Qᵀ only (new views reuse the memory: copy the reflectors first)
      const reflectors = wa!.slice();
      const [thin, scratch2] = inWasm([n * m, m]);
      formLeftFactorTransposed(reflectors, m, n, wb.tauQ, n, n, thin, scratch2);
      expect(sameBits(thin!, jsQt.subarray(0, n * m)), 'thin Qᵀ').toBe(true);
    });
  }

  for (const [m, n] of [
    [32, 32],
    [16, 16],
    [64, 64],
    [31, 29],
    [29, 31],
    [120, 30],
    [100, 100],
    [1, 5],
    [2, 1],
  ] as Array<[number, number]>) {
    it(`svdKernel ${m}×${n}: the same bits with and without wasm (none, thin, full)`, () => {
      const a = Float64Array.from({ length: m * n }, () => 2 * rng() - 1);
      for (const job of ['none', 'thin', 'full'] as const) {
        setSvdWasmEnabled(false);
        const js = svdKernel(a, m, n, job);
        setSvdWasmEnabled(true);
        const wasm = svdKernel(a, m, n, job);
        expect(sameBits(wasm.s, js.s), `${job} s`).toBe(true);
        if (job !== 'none') {
          expect(sameBits(wasm.u!, js.u!), `${job} u`).toBe(true);
          expect(sameBits(wasm.v!, js.v!), `${job} v`).toBe(true);
        }
      }
    });
  }
});

interface SvdCase {
  id: string;
  m: number;
  n: number;
  a: Mat;
  s: number[];
}

describe('batched svd', () => {
  const fixture = loadFixture<{ cases: SvdCase[] }>('svd_lapack_types.json');

  for (const [m, n] of [
    [16, 16],
    [40, 30],
    [30, 40],
    [10, 16],
  ] as Array<[number, number]>) {
    const cases = fixture.cases.filter((c) => c.m === m && c.n === n);
    it(`a stack of the ${cases.length} ${m}×${n} LAPACK test matrices: ratios, numpy's S, per-matrix bits`, () => {
      expect(cases.length).toBe(19);
      const k = Math.min(m, n);
      const size = m * n;
      const data = new Float64Array(cases.length * size);
      for (const [i, c] of cases.entries()) data.set(c.a.data, i * size);
      for (const full of [false, true]) {
        const [U, S, V] = svd(new Tensor(data, 'float64', [cases.length, m, n]), { full });
        const uCols = full ? m : k;
        const vCols = full ? n : k;
        expect(U.shape).toEqual([cases.length, m, uCols]);
        expect(V.shape).toEqual([cases.length, n, vCols]);
        const u = f64(U);
        const s = f64(S);
        const v = f64(V);
        expect(hasNegativeZero(u) || hasNegativeZero(s) || hasNegativeZero(v)).toBe(false);
        cases.forEach((c, i) => {
          const a = data.subarray(i * size, (i + 1) * size);
          const ui = u.subarray(i * m * uCols, (i + 1) * m * uCols);
          const si = s.subarray(i * k, (i + 1) * k);
          const vi = v.subarray(i * n * vCols, (i + 1) * n * vCols);
          const anorm = norm1(a, m, n);
          const ratios = {
            residual: clampedRatio(svdResidual(a, m, n, ui, uCols, si, vi, vCols), anorm, n, ULP),
            'U orth': orthRatio(ui, m, uCols),
            'V orth': orthRatio(vi, n, vCols),
            'S vs scipy': valuesRatio(si, c.s),
          };
          for (const [name, r] of Object.entries(ratios)) expect(r, `${c.id} ${name}`).toBeLessThan(50);
          // One batched call gives the bits of a call on the matrix alone.
          const [U1, S1, V1] = svd(new Tensor(a.slice(), 'float64', [m, n]), { full });
          expect(sameBits(si, f64(S1)), `${c.id} S bits`).toBe(true);
          expect(sameBits(ui, f64(U1)), `${c.id} U bits`).toBe(true);
          expect(sameBits(vi, f64(V1)), `${c.id} V bits`).toBe(true);
        });
      }
    });
  }

  it('[64, 32, 32] with repeated, zero and distinct spectra: deterministic, and the bits of the JS path', () => {
    const rng = mulberry32(7);
    const count = 64;
    const n = 32;
    const data = new Float64Array(count * n * n);
    for (let b = 0; b < count; b++) {
      const at = b * n * n;
      if (b % 4 === 0) continue; // the zero matrix: every singular value 0
      if (b % 4 === 1) {
        // rank 1 (31 zero singular values)
        const x = Array.from({ length: n }, () => 2 * rng() - 1);
        const y = Array.from({ length: n }, () => 2 * rng() - 1);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) data[at + i * n + j] = x[i]! * y[j]!;
      } else if (b % 4 === 2) {
        // a signed permutation: 32 equal singular values
        for (let i = 0; i < n; i++) data[at + i * n + ((i * 5 + b) % n)] = i % 3 === 0 ? -2 : 2;
      } else {
        for (let i = 0; i < n * n; i++) data[at + i] = 2 * rng() - 1;
      }
    }
    const A = new Tensor(data, 'float64', [count, n, n]);
    const [U, S, V] = svd(A);
    const [U2, S2, V2] = svd(A);
    expect(sameBits(f64(U), f64(U2)) && sameBits(f64(S), f64(S2)) && sameBits(f64(V), f64(V2))).toBe(true);
    setSvdWasmEnabled(false);
    const [Uj, Sj, Vj] = svd(A);
    setSvdWasmEnabled(true);
    expect(sameBits(f64(S), f64(Sj)), 'S').toBe(true);
    expect(sameBits(f64(U), f64(Uj)), 'U').toBe(true);
    expect(sameBits(f64(V), f64(Vj)), 'V').toBe(true);
    const u = f64(U);
    const s = f64(S);
    const v = f64(V);
    for (let b = 0; b < count; b++) {
      const a = data.subarray(b * n * n, (b + 1) * n * n);
      const ub = u.subarray(b * n * n, (b + 1) * n * n);
      const sb = s.subarray(b * n, (b + 1) * n);
      const vb = v.subarray(b * n * n, (b + 1) * n * n);
      expect(orthRatio(ub, n, n), `U orth ${b}`).toBeLessThan(50);
      expect(orthRatio(vb, n, n), `V orth ${b}`).toBeLessThan(50);
      const anorm = norm1(a, n, n);
      expect(clampedRatio(svdResidual(a, n, n, ub, n, sb, vb, n), anorm, n, ULP), `residual ${b}`).toBeLessThan(50);
      if (b % 4 === 0) expect(Array.from(sb)).toEqual(new Array(n).fill(0));
      if (b % 4 === 1) expect(sb.subarray(1).every((x) => x <= 8 * n * ULP * sb[0]!)).toBe(true);
      if (b % 4 === 2) expect(Array.from(sb)).toEqual(new Array(n).fill(2));
    }
  });

  it('empty batches and empty matrices', () => {
    const [U, S, V] = svd(new Tensor(new Float64Array(0), 'float64', [0, 32, 32]));
    expect(U.shape).toEqual([0, 32, 32]);
    expect(S.shape).toEqual([0, 32]);
    expect(V.shape).toEqual([0, 32, 32]);
    const [Uf, Sf, Vf] = svd(new Tensor(new Float64Array(0), 'float64', [3, 0, 2]), { full: true });
    expect(Sf.shape).toEqual([3, 0]);
    // numpy/LAPACK: the full factors of an empty matrix are identities
    expect(Array.from(f64(Uf))).toEqual([]);
    expect(Array.from(f64(Vf))).toEqual([1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1]);
    const [Ut, St, Vt] = svd(new Tensor(new Float64Array(0), 'float64', [2, 3, 0]));
    expect(Ut.shape).toEqual([2, 3, 0]);
    expect(St.shape).toEqual([2, 0]);
    expect(Vt.shape).toEqual([2, 0, 0]);
  });
});
