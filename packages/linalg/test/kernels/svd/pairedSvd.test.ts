/**
 * Batches of small real SVDs two at a time (pairedSvdKernel.ts, pairedBidiagonalQR.ts): the
 * paired bidiagonal QR gives each matrix the bits of its own bidiagonal QR (chases of different
 * lengths, graded blocks with backward chases, zero diagonals with zero-shift chases, values
 * only), a ConvergenceError of either matrix is reported as the first failing one in batch
 * order, `svdKernelPairInto` gives `svdKernel`'s bits (square, tall, wide; none, thin, full;
 * with and without wasm), and the public batched `svd` / `svdvals` give the bits of one call per
 * matrix for odd batch sizes, mixed ranks and nested batch shapes, reconstruct A, and name the
 * batch element of a NaN whether it is the first or the second of a pair.
 */
import { LinAlgError, svd, svdvals } from '@svd/linalg';
import { Tensor } from '@svd/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import { ConvergenceError } from '../../../src/errors.js';
import { BidiagonalQRRun, type RotatedRows, bidiagonalQR } from '../../../src/kernels/svd/bidiagonalQR.js';
import { pairedBidiagonalQR } from '../../../src/kernels/svd/pairedBidiagonalQR.js';
import { pairedSvdApplies, svdKernelPairInto } from '../../../src/kernels/svd/pairedSvdKernel.js';
import { type SvdJob, type SvdTarget, svdKernel } from '../../../src/kernels/svd/svdKernel.js';
import { setSvdWasmEnabled } from '../../../src/kernels/svd/svdWasm.js';
import { ULP, f64, mulberry32, svdResidual, thrown, sameBits } from '../../support/index.js';

afterEach(() => {
  setSvdWasmEnabled(true);
});

function uniform(len: number, seed: number): Float64Array {
  const rnd = mulberry32(seed);
  return Float64Array.from({ length: len }, () => 2 * rnd() - 1);
}

/** An upper bidiagonal: random, graded (|d| growing: backward chases) or with zero diagonals. */
function bidiagonal(n: number, seed: number, kind: 'random' | 'graded' | 'zeros'): [Float64Array, Float64Array] {
  const d = uniform(n, seed);
  const e = uniform(Math.max(n - 1, 0), seed + 1000);
  if (kind === 'graded') for (let i = 0; i < n; i++) d[i] = d[i]! * 4 ** i;
  if (kind === 'zeros') for (let i = 1; i < n; i += 3) d[i] = 0;
  return [d, e];
}

function identityRows(n: number): RotatedRows {
  const x = new Float64Array(n * n);
  for (let i = 0; i < n; i++) x[i * n + i] = 1;
  return { data: x, rowLength: n };
}

/** The bidiagonal QR of (d, e) alone: values and rotated rows. */
function solo(d: Float64Array, e: Float64Array, vectors: boolean): Float64Array[] {
  const n = d.length;
  const dd = d.slice();
  const ut = vectors ? identityRows(n) : null;
  const vt = vectors ? identityRows(n) : null;
  bidiagonalQR(dd, e.slice(), n, ut, vt);
  return vectors ? [dd, ut!.data, vt!.data] : [dd];
}

function run(d: Float64Array, e: Float64Array, vectors: boolean): BidiagonalQRRun {
  const n = d.length;
  return new BidiagonalQRRun(
    d.slice(),
    e.slice(),
    n,
    vectors ? identityRows(n) : null,
    vectors ? identityRows(n) : null,
  );
}

function results(r: BidiagonalQRRun): Float64Array[] {
  return r.vectors ? [r.d, r.ut!.data, r.vt!.data] : [r.d];
}

describe('pairedBidiagonalQR', () => {
  const pairs: [number, number][] = [
    [2, 2],
    [3, 3],
    [5, 30],
    [30, 5],
    [16, 16],
    [31, 32],
    [64, 40],
  ];
  for (const kind of ['random', 'graded', 'zeros'] as const) {
    for (const [na, nb] of pairs) {
      it(`${kind} ${na} with ${nb}: each the bits of its own bidiagonal QR (with and without vectors)`, () => {
        for (const vectors of [true, false]) {
          const [da, ea] = bidiagonal(na, 10 + na, kind);
          const [db, eb] = bidiagonal(nb, 20 + nb, kind);
          const a = run(da, ea, vectors);
          const b = run(db, eb, vectors);
          expect(pairedBidiagonalQR(a, b)).toBeUndefined();
          const wantA = solo(da, ea, vectors);
          const wantB = solo(db, eb, vectors);
          results(a).forEach((x, i) => {
            expect(sameBits(x, wantA[i]!)).toBe(true);
          });
          results(b).forEach((x, i) => {
            expect(sameBits(x, wantB[i]!)).toBe(true);
          });
        }
      });
    }
  }

  it('a non-converging second run is returned after the first has finished; a first one is thrown', () => {
    const [d, e] = bidiagonal(12, 5, 'random');
    const bad = d.slice();
    bad[4] = Number.NaN; // never negligible: the step cap ends it
    const good = run(d, e, true);
    const failed = pairedBidiagonalQR(good, run(bad, e, true));
    expect(failed).toBeInstanceOf(ConvergenceError);
    const want = solo(d, e, true);
    results(good).forEach((x, i) => {
      expect(sameBits(x, want[i]!)).toBe(true);
    });
    expect(thrown(() => pairedBidiagonalQR(run(bad, e, true), run(d, e, true)))).toBeInstanceOf(ConvergenceError);
  });
});

/** Fresh targets for one m×n matrix and job. */
function target(m: number, n: number, job: SvdJob): SvdTarget {
  const k = Math.min(m, n);
  const s = new Float64Array(k);
  if (job === 'none') return { s, sAt: 0, u: null, uAt: 0, v: null, vAt: 0 };
  const uc = job === 'full' ? m : k;
  const vc = job === 'full' ? n : k;
  return { s, sAt: 0, u: new Float64Array(m * uc), uAt: 0, v: new Float64Array(n * vc), vAt: 0 };
}

function targetArrays(t: SvdTarget): Float64Array[] {
  return t.u === null ? [t.s] : [t.u, t.s, t.v!];
}

describe('svdKernelPairInto', () => {
  it('serves the unblocked QR route with at least two singular values', () => {
    expect(pairedSvdApplies(32, 32, 'thin')).toBe(true);
    expect(pairedSvdApplies(13, 20, 'full')).toBe(true);
    expect(pairedSvdApplies(95, 95, 'none')).toBe(true);
    expect(pairedSvdApplies(96, 96, 'thin')).toBe(false); // blocked reduction
    expect(pairedSvdApplies(48, 30, 'thin')).toBe(false); // QR first (48 ≥ 1.6·30)
    expect(pairedSvdApplies(5, 1, 'thin')).toBe(false);
  });

  const shapes: [number, number][] = [
    [2, 2],
    [3, 3],
    [16, 16],
    [20, 13],
    [13, 20],
    [32, 32],
    [47, 31],
    [64, 64],
  ];
  for (const [m, n] of shapes) {
    it(`${m}×${n}: each matrix gets svdKernel's bits (none, thin, full; wasm and JS)`, () => {
      for (const wasm of [true, false]) {
        setSvdWasmEnabled(wasm);
        for (const job of ['none', 'thin', 'full'] as const) {
          const a0 = uniform(m * n, m + 7 * n);
          const a1 = uniform(m * n, m + 7 * n + 1);
          a1[3] = 0;
          const t0 = target(m, n, job);
          const t1 = target(m, n, job);
          expect(svdKernelPairInto(a0, a1, m, n, job, t0, t1)).toBeUndefined();
          for (const [a, t] of [
            [a0, t0],
            [a1, t1],
          ] as const) {
            const want = target(m, n, job);
            svdKernel(a, m, n, job, { target: want });
            const got = targetArrays(t);
            targetArrays(want).forEach((x, i) => {
              expect(sameBits(got[i]!, x)).toBe(true);
            });
          }
        }
      }
    });
  }
});

/** Matrices of the given ranks (0 = zero matrix), m×n each, stacked. */
function mixedRankStack(m: number, n: number, ranks: readonly number[], seed: number): Float64Array {
  const out = new Float64Array(ranks.length * m * n);
  ranks.forEach((r, k) => {
    const x = uniform(m * r, seed + k);
    const y = uniform(r * n, seed + 100 + k);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let l = 0; l < r; l++) s += x[i * r + l]! * y[l * n + j]!;
        out[k * m * n + i * n + j] = s;
      }
  });
  return out;
}

function slice(A: Float64Array, k: number, m: number, n: number): Tensor {
  return new Tensor(A.slice(k * m * n, (k + 1) * m * n), 'float64', [m, n]);
}

describe('batched svd through the paired path', () => {
  for (const count of [1, 2, 3, 5, 7]) {
    it(`[${count}, 16, 16] mixed ranks: the bits of one call per matrix, A reconstructed`, () => {
      const ranks = [16, 0, 1, 3, 16, 15, 8].slice(0, count);
      const data = mixedRankStack(16, 16, ranks, 40 + count);
      const A = new Tensor(data, 'float64', [count, 16, 16]);
      for (const full of [false, true]) {
        const [U, S, V] = svd(A, { full });
        const u = f64(U);
        const s = f64(S);
        const v = f64(V);
        for (let k = 0; k < count; k++) {
          const [Uk, Sk, Vk] = svd(slice(data, k, 16, 16), { full });
          expect(sameBits(u.subarray(k * 256, (k + 1) * 256), f64(Uk))).toBe(true);
          expect(sameBits(s.subarray(k * 16, (k + 1) * 16), f64(Sk))).toBe(true);
          expect(sameBits(v.subarray(k * 256, (k + 1) * 256), f64(Vk))).toBe(true);
          const a = data.subarray(k * 256, (k + 1) * 256);
          const r = svdResidual(a, 16, 16, f64(Uk), 16, f64(Sk), f64(Vk), 16);
          expect(r).toBeLessThan(50 * 16 * ULP * Math.max(1, s[k * 16]!));
          // rank r: the values past it are negligible
          for (let i = ranks[k]!; i < 16; i++) expect(s[k * 16 + i]!).toBeLessThan(1e-13 * Math.max(1, s[k * 16]!));
        }
      }
      const vals = f64(svdvals(A));
      for (let k = 0; k < count; k++)
        expect(sameBits(vals.subarray(k * 16, (k + 1) * 16), f64(svdvals(slice(data, k, 16, 16))))).toBe(true);
    });
  }

  it('[2, 3, 20, 13] and [3, 13, 20] (wide): the bits of one call per matrix', () => {
    for (const [shape, m, n] of [
      [[2, 3, 20, 13], 20, 13],
      [[3, 13, 20], 13, 20],
    ] as const) {
      const count = shape.length === 4 ? 6 : 3;
      const data = uniform(count * m * n, 77 + m);
      const [U, S, V] = svd(new Tensor(data, 'float64', [...shape]));
      const k0 = Math.min(m, n);
      for (let k = 0; k < count; k++) {
        const [Uk, Sk, Vk] = svd(slice(data, k, m, n));
        expect(sameBits(f64(U).subarray(k * m * k0, (k + 1) * m * k0), f64(Uk))).toBe(true);
        expect(sameBits(f64(S).subarray(k * k0, (k + 1) * k0), f64(Sk))).toBe(true);
        expect(sameBits(f64(V).subarray(k * n * k0, (k + 1) * n * k0), f64(Vk))).toBe(true);
      }
    }
  });

  it('a NaN names its batch element, first or second of a pair (LinAlgError, code LINALG)', () => {
    for (const bad of [0, 1, 2, 3, 4]) {
      const data = uniform(5 * 64, 9);
      data[bad * 64 + 10] = Number.NaN;
      for (const f of [
        () => svd(new Tensor(data, 'float64', [5, 8, 8])),
        () => svdvals(new Tensor(data, 'float64', [5, 8, 8])),
      ]) {
        const err = thrown(f);
        expect(err).toBeInstanceOf(LinAlgError);
        expect((err as LinAlgError).code).toBe('LINALG');
        expect(err.message).toMatch(new RegExp(`batch element ${bad}\\b`));
      }
    }
  });
});
