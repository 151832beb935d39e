/**
 * Complex eig past the multishift crossover (active blocks over 75 rows: aggressive early
 * deflation + double-shift sweeps, complexMultishiftSchur.ts) on eig_multishift.json
 * (tools/fixtures/generate_eig_multishift.py): random 100/200/300, 1e±150 scaling, clustered
 * eigenvalues, Jordan blocks. Spectra are matched against numpy's (and the exact ones) within the
 * stored tolerance, eigenvectors through dget22's residual ratio and unit norms; eigvals must
 * give eig's eigenvalues bit for bit and two runs the same bits. Plus the Schur form itself
 * (T upper triangular, Z unitary, Z·T·Zᴴ = H), the zero matrix and the NaN-aware cap.
 */
import { describe, expect, it } from 'vitest';
import { tensor } from '@svd/tensor';
import { ConvergenceError, eig, eigvals, kernels } from '../src/index.js';
import { complexMultishiftSchur } from '../src/kernels/eig/complexMultishiftSchur.js';
import { complexHessenbergReduce } from '../src/kernels/eig/hessenbergReduce.js';
import { columnNorm, eigResidualRatio, expectFixtureSpectrum } from './eigSupport.js';
import { ULP, f64, loadFixture } from './support/index.js';

interface MultishiftCase {
  id: string;
  n: number;
  recipe: 'ints' | 'similar';
  seed: number;
  factor?: number;
  diag?: number[];
  upper?: 'random' | 'jordan3';
  w: number[];
  wtol: number;
  w_exact?: number[];
}

const THRESH = 60;
const fixture = loadFixture<{ cases: MultishiftCase[] }>('eig_multishift.json');

/** MINSTD integers in [−9, 9] (the generator's stream; exact in doubles). */
function minstdInts(seed: number, count: number): Float64Array {
  const out = new Float64Array(count);
  let s = seed;
  for (let k = 0; k < count; k++) {
    s = (s * 48271) % 2147483647;
    out[k] = (s % 19) - 9;
  }
  return out;
}

/** The case's matrix, interleaved row-major (exact: see the generator's recipe). */
function build(c: MultishiftCase): Float64Array {
  const { n } = c;
  if (c.recipe === 'ints') {
    const v = minstdInts(c.seed, 2 * n * n);
    return v.map((x) => x * c.factor!);
  }
  const t = new Float64Array(2 * n * n);
  if (c.upper === 'random') {
    const v = minstdInts(c.seed, n * (n - 1));
    let k = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        t[2 * (i * n + j)] = v[k]!;
        t[2 * (i * n + j) + 1] = v[k + 1]!;
        k += 2;
      }
    }
  } else {
    for (let i = 0; i + 1 < n; i++) if ((i + 1) % 3 !== 0) t[2 * (i * n + i + 1)] = 1;
  }
  for (let i = 0; i < n; i++) {
    t[2 * (i * n + i)] = c.diag![2 * i]!;
    t[2 * (i * n + i) + 1] = c.diag![2 * i + 1]!;
  }
  // L·T: row i of T plus row i−1 of T; then (L·T)·L⁻¹, L⁻¹[p, j] = (−1)^(p−j) for p ≥ j.
  const lt = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 2 * n; j++) lt[2 * i * n + j] = t[2 * i * n + j]! + (i > 0 ? t[2 * (i - 1) * n + j]! : 0);
  }
  const a = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let re = 0;
      let im = 0;
      for (let p = j; p < n; p++) {
        const sign = (p - j) % 2 === 0 ? 1 : -1;
        re += sign * lt[2 * (i * n + p)]!;
        im += sign * lt[2 * (i * n + p) + 1]!;
      }
      a[2 * (i * n + j)] = re;
      a[2 * (i * n + j) + 1] = im;
    }
  }
  return a;
}

describe('complex eig past the multishift crossover (eig_multishift.json)', () => {
  it('has the documented cases', () => {
    expect(fixture.cases.map((c) => c.id)).toEqual([
      'random-100',
      'random-200',
      'random-300',
      'range-1e+150-120',
      'range-1e-150-120',
      'clustered-160',
      'jordan-120',
    ]);
  });

  for (const c of fixture.cases) {
    it(c.id, () => {
      const { n } = c;
      const data = build(c);
      const A = tensor(data, { shape: [n, n], dtype: 'complex128' });
      const [W, V] = eig(A);
      const w = f64(W);
      const v = f64(V);
      expectFixtureSpectrum(w, v, c);
      expect(f64(eigvals(A)), 'eigvals = eig W').toEqual(w);
      const [W2, V2] = eig(A);
      expect(f64(W2), 'same bits twice (W)').toEqual(w);
      expect(f64(V2), 'same bits twice (V)').toEqual(v);
      expect(eigResidualRatio(data, n, w, v), 'residual').toBeLessThan(THRESH);
      let worstNorm = 0;
      for (let k = 0; k < n; k++) worstNorm = Math.max(worstNorm, Math.abs(columnNorm(v, n, k) - 1));
      expect(worstNorm, 'max |‖v_k‖ − 1|').toBeLessThan(n * ULP * 10);
    });
  }

  it('the Schur form: T upper triangular, Z unitary, Z·T·Zᴴ = H (n = 160)', () => {
    const n = 160;
    const a = minstdInts(7, 2 * n * n);
    const h = a.slice();
    complexHessenbergReduce(h, n, 0, n - 1, false);
    const h0 = h.slice();
    // The driver accumulates into the rows of Zᵀ: start from Qᵀ... here from the identity, so
    // the result is the Schur vectors of the Hessenberg h0.
    const zt = new Float64Array(2 * n * n);
    for (let i = 0; i < n; i++) zt[2 * (i * n + i)] = 1;
    const w = complexMultishiftSchur(h, n, 0, n - 1, true, zt);
    let below = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < i; j++)
        below = Math.max(below, Math.abs(h[2 * (i * n + j)]!) + Math.abs(h[2 * (i * n + j) + 1]!));
    expect(below).toBe(0);
    expect(w.length).toBe(2 * n);
    // ‖ZᴴZ − I‖ and ‖Z·T·Zᴴ − H0‖ / ‖H0‖ (Z[i, k] = zt[k, i]).
    let orth = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let re = 0;
        let im = 0;
        for (let k = 0; k < n; k++) {
          // (ZᴴZ)[i, j] = Σ_k conj(Z[k, i])·Z[k, j] = Σ_k conj(zt[i, k])·zt[j, k]
          const ar = zt[2 * (i * n + k)]!;
          const ai = -zt[2 * (i * n + k) + 1]!;
          const br = zt[2 * (j * n + k)]!;
          const bi = zt[2 * (j * n + k) + 1]!;
          re += ar * br - ai * bi;
          im += ar * bi + ai * br;
        }
        orth = Math.max(orth, Math.hypot(re - (i === j ? 1 : 0), im));
      }
    }
    expect(orth).toBeLessThan(n * ULP * 10);
    // Z·T (Z[i, k] = zt[k, i]), then (Z·T)·Zᴴ.
    const zt2 = new Float64Array(2 * n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let re = 0;
        let im = 0;
        for (let k = 0; k <= j; k++) {
          const zr = zt[2 * (k * n + i)]!;
          const zi = zt[2 * (k * n + i) + 1]!;
          const tr = h[2 * (k * n + j)]!;
          const ti = h[2 * (k * n + j) + 1]!;
          re += zr * tr - zi * ti;
          im += zr * ti + zi * tr;
        }
        zt2[2 * (i * n + j)] = re;
        zt2[2 * (i * n + j) + 1] = im;
      }
    }
    let err = 0;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let re = 0;
        let im = 0;
        for (let k = 0; k < n; k++) {
          // Σ_k (ZT)[i, k]·conj(Z[j, k]) = Σ_k (ZT)[i, k]·conj(zt[k, j])
          const ar = zt2[2 * (i * n + k)]!;
          const ai = zt2[2 * (i * n + k) + 1]!;
          const br = zt[2 * (k * n + j)]!;
          const bi = -zt[2 * (k * n + j) + 1]!;
          re += ar * br - ai * bi;
          im += ar * bi + ai * br;
        }
        const hr = h0[2 * (i * n + j)]!;
        const hi = h0[2 * (i * n + j) + 1]!;
        err += (re - hr) ** 2 + (im - hi) ** 2;
        norm += hr * hr + hi * hi;
      }
    }
    expect(Math.sqrt(err / norm)).toBeLessThan(n * ULP * 10);
  });

  it('graded matrices converge (the block splits where a subdiagonal becomes negligible)', () => {
    // Entries scaled by 2^−(i+j)/g: the bottom eigenvalues are tiny against the top entries, so the
    // shifts are lost at the top of each sweep; without splitting the block this hit the cap.
    for (const [n, g] of [
      [90, 4],
      [170, 4],
      [200, 2],
    ] as const) {
      const a = minstdInts(n + g, 2 * n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const f = 2 ** (-(i + j) / g);
          a[2 * (i * n + j)] = a[2 * (i * n + j)]! * f;
          a[2 * (i * n + j) + 1] = a[2 * (i * n + j) + 1]! * f;
        }
      }
      const A = tensor(a, { shape: [n, n], dtype: 'complex128' });
      const [W, V] = eig(A);
      const w = f64(W);
      const v = f64(V);
      expect(w.every(Number.isFinite) && v.every(Number.isFinite)).toBe(true);
      expect(f64(eigvals(A))).toEqual(w);
      expect(eigResidualRatio(a, n, w, v), `residual, n = ${n}`).toBeLessThan(THRESH);
    }
  });

  it('the zero matrix straight into the multishift loop (balancing would isolate every row): T = 0, Z = I', () => {
    const n = 100;
    const h = new Float64Array(2 * n * n);
    const zt = new Float64Array(2 * n * n);
    for (let i = 0; i < n; i++) zt[2 * (i * n + i)] = 1;
    const w = complexMultishiftSchur(h, n, 0, n - 1, true, zt);
    expect(w.every((x) => x === 0)).toBe(true);
    expect(h.every((x) => x === 0)).toBe(true);
    for (let k = 0; k < 2 * n * n; k++) expect(zt[k]).toBe(k % 2 === 0 && (k >> 1) % (n + 1) === 0 ? 1 : 0);
  });

  it('the zero matrix (n = 100): zero eigenvalues, the identity as eigenvectors', () => {
    const n = 100;
    const [W, V] = eig(tensor(new Float64Array(2 * n * n), { shape: [n, n], dtype: 'complex128' }));
    expect(f64(W).every((x) => x === 0)).toBe(true);
    const v = f64(V);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        expect(v[2 * (i * n + j)]).toBe(i === j ? 1 : 0);
        expect(v[2 * (i * n + j) + 1]).toBe(0);
      }
    }
  });

  it('NaN reaching the multishift loop: ConvergenceError from the raw kernel, quickly', () => {
    const n = 100;
    for (const at of [9, 2 * n * n - 5, 2 * (50 * n + 20)]) {
      for (const vectors of [true, false]) {
        const a = minstdInts(11, 2 * n * n);
        a[at] = Number.NaN;
        let err: unknown;
        try {
          kernels.generalEigen(a, n, 2, vectors);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(ConvergenceError);
      }
    }
  });
});
