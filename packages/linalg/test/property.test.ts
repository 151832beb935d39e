/**
 * fast-check properties through the public API: reconstruction and orthogonality of svd, eigh
 * and qr on random small shapes (batched too), at random magnitudes.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { tensor } from '@svd/tensor';
import { eigh, qr, svd } from '../src/index.js';
import {
  clampedRatio,
  EPS,
  f64,
  matmul as mul,
  mulberry32,
  norm1,
  orthRatio,
  svdResidual,
  ULP,
} from './support/index.js';

const shape = fc.record({
  batch: fc.constantFrom<number[]>([], [2], [1, 2]),
  m: fc.integer({ min: 0, max: 9 }),
  n: fc.integer({ min: 0, max: 9 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  mag: fc.constantFrom(1, 1e-150, 1e150, 1e-300, 1e300),
});

function randomData(count: number, seed: number, mag: number): Float64Array {
  const rng = mulberry32(seed);
  return Float64Array.from({ length: count }, () => (2 * rng() - 1) * mag);
}

describe('properties', () => {
  it('svd: ‖A − U S Vᵀ‖ and orthogonality ratios < 50, S descending (thin and full)', () => {
    fc.assert(
      fc.property(shape, fc.boolean(), ({ batch, m, n, seed, mag }, full) => {
        const count = batch.reduce((p, d) => p * d, 1);
        const data = randomData(count * m * n, seed, mag);
        const [U, S, V] = svd(tensor(data, { shape: [...batch, m, n] }), { full });
        const k = Math.min(m, n);
        const uc = full ? m : k;
        const vc = full ? n : k;
        const u = f64(U);
        const s = f64(S);
        const v = f64(V);
        for (let b = 0; b < count; b++) {
          const a = data.subarray(b * m * n, (b + 1) * m * n);
          const ub = u.subarray(b * m * uc, (b + 1) * m * uc);
          const sb = s.subarray(b * k, (b + 1) * k);
          const vb = v.subarray(b * n * vc, (b + 1) * n * vc);
          const res = clampedRatio(svdResidual(a, m, n, ub, uc, sb, vb, vc), norm1(a, m, n), n, ULP);
          if (!(res < 50) || !(orthRatio(ub, m, uc) < 50) || !(orthRatio(vb, n, vc) < 50)) return false;
          for (let i = 1; i < k; i++) if (!(sb[i]! <= sb[i - 1]!)) return false;
        }
        return true;
      }),
      { numRuns: 150 },
    );
  });

  it('eigh: ‖A − V W Vᵀ‖ and orthogonality ratios < 60 on symmetric input', () => {
    fc.assert(
      fc.property(shape, fc.constantFrom('L' as const, 'U' as const), ({ batch, n, seed, mag }, uplo) => {
        const count = batch.reduce((p, d) => p * d, 1);
        const data = randomData(count * n * n, seed, mag);
        for (let b = 0; b < count; b++) {
          for (let i = 0; i < n; i++)
            for (let j = 0; j < i; j++) data[b * n * n + j * n + i] = data[b * n * n + i * n + j]!;
        }
        const [W, V] = eigh(tensor(data, { shape: [...batch, n, n] }), { uplo });
        const w = f64(W);
        const v = f64(V);
        for (let b = 0; b < count; b++) {
          const a = data.subarray(b * n * n, (b + 1) * n * n);
          const vb = v.subarray(b * n * n, (b + 1) * n * n);
          const wb = w.subarray(b * n, (b + 1) * n);
          const res = clampedRatio(svdResidual(a, n, n, vb, n, wb, vb, n), norm1(a, n, n), n, ULP);
          if (!(res < 60) || !(orthRatio(vb, n, n) < 60)) return false;
          for (let i = 1; i < n; i++) if (!(wb[i]! >= wb[i - 1]!)) return false;
        }
        return true;
      }),
      { numRuns: 150 },
    );
  });

  it('qr: ‖A − QR‖/(max(1,m)‖A‖eps) and ‖I − QᵀQ‖/(max(1,m)eps) < 30, diag(R) ≥ 0', () => {
    fc.assert(
      fc.property(
        shape,
        fc.constantFrom('reduced' as const, 'complete' as const),
        ({ batch, m, n, seed, mag }, mode) => {
          const count = batch.reduce((p, d) => p * d, 1);
          const data = randomData(count * m * n, seed, mag);
          const [Q, R] = qr(tensor(data, { shape: [...batch, m, n] }), { mode });
          const qc = mode === 'complete' ? m : Math.min(m, n);
          const q = f64(Q);
          const r = f64(R);
          for (let b = 0; b < count; b++) {
            const a = data.subarray(b * m * n, (b + 1) * m * n);
            const qb = q.subarray(b * m * qc, (b + 1) * m * qc);
            const rb = r.subarray(b * qc * n, (b + 1) * qc * n);
            const diff = mul(qb, rb, m, qc, n).map((x, i) => x - a[i]!);
            const anorm = norm1(a, m, n);
            const res = anorm === 0 ? norm1(diff, m, n) : norm1(diff, m, n) / (Math.max(1, m) * anorm * EPS);
            if (!(res < 30) || !(orthRatio(qb, m, qc, EPS) < 30)) return false;
            for (let i = 0; i < Math.min(m, n); i++) if (!(rb[i * n + i]! >= 0)) return false;
          }
          return true;
        },
      ),
      { numRuns: 150 },
    );
  });
});
