/**
 * fast-check properties through the public API, per dtype (float64, complex128): reconstruction
 * and orthogonality ratios of svd, eigh and qr on random small shapes (batched too), at random
 * magnitudes; S descending, W ascending, diag(R) real ≥ 0, no −0.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { tensor } from '@svd/tensor';
import { eigh, qr, svd } from '../src/index.js';
import { API_DTYPES, EPS, ULP, clampedRatio, f64, hasNegativeZero, mulberry32 } from './support/index.js';

const shape = fc.record({
  batch: fc.constantFrom<number[]>([], [2], [1, 2]),
  m: fc.integer({ min: 0, max: 9 }),
  n: fc.integer({ min: 0, max: 9 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  mag: fc.constantFrom(1, 1e-150, 1e150, 1e-300, 1e300),
});

/** U(−1, 1)·mag numbers (for complex data, interleaved parts: the same stream as cdata). */
function randomData(count: number, seed: number, mag: number): Float64Array {
  const rng = mulberry32(seed);
  return Float64Array.from({ length: count }, () => (2 * rng() - 1) * mag);
}

describe.each(API_DTYPES)('$dtype properties', (t) => {
  const { w, kit } = t;

  it('svd: ‖A − U S Vᴴ‖ and orthogonality ratios < 50, S descending, no −0 (thin and full)', () => {
    fc.assert(
      fc.property(shape, fc.boolean(), ({ batch, m, n, seed, mag }, full) => {
        const count = batch.reduce((p, d) => p * d, 1);
        const data = randomData(w * count * m * n, seed, mag);
        const [U, S, V] = svd(tensor(data, { shape: [...batch, m, n], dtype: t.dtype }), { full });
        const k = Math.min(m, n);
        const uc = full ? m : k;
        const vc = full ? n : k;
        const u = f64(U);
        const s = f64(S);
        const v = f64(V);
        if (hasNegativeZero(u) || hasNegativeZero(s) || hasNegativeZero(v)) return false;
        for (let b = 0; b < count; b++) {
          const a = data.subarray(w * b * m * n, w * (b + 1) * m * n);
          const ub = u.subarray(w * b * m * uc, w * (b + 1) * m * uc);
          const sb = s.subarray(b * k, (b + 1) * k);
          const vb = v.subarray(w * b * n * vc, w * (b + 1) * n * vc);
          const res = clampedRatio(kit.svdResidual(a, m, n, ub, uc, sb, vb, vc), kit.norm1(a, m, n), n, ULP);
          if (!(res < 50) || !(kit.orthRatio(ub, m, uc) < 50) || !(kit.orthRatio(vb, n, vc) < 50)) return false;
          for (let i = 1; i < k; i++) if (!(sb[i]! <= sb[i - 1]!)) return false;
        }
        return true;
      }),
      { numRuns: 150 },
    );
  });

  it('eigh: ‖A − V W Vᴴ‖ and orthogonality ratios < 60 on symmetric / Hermitian input (both uplo), W ascending', () => {
    fc.assert(
      fc.property(shape, fc.constantFrom('L' as const, 'U' as const), ({ batch, n, seed, mag }, uplo) => {
        const count = batch.reduce((p, d) => p * d, 1);
        const data = randomData(w * count * n * n, seed, mag);
        // The lower triangle mirrored (conjugated) into the upper one; a real diagonal.
        for (let b = 0; b < count; b++) {
          for (let i = 0; i < n; i++) {
            for (let j = 0; j <= i; j++) {
              const lo = w * (b * n * n + i * n + j);
              const up = w * (b * n * n + j * n + i);
              data[up] = data[lo]!;
              if (w === 2) {
                if (i === j) data[lo + 1] = 0;
                data[up + 1] = i === j ? 0 : -data[lo + 1]!;
              }
            }
          }
        }
        const [W, V] = eigh(tensor(data, { shape: [...batch, n, n], dtype: t.dtype }), { uplo });
        const x = f64(W);
        const v = f64(V);
        for (let b = 0; b < count; b++) {
          const a = data.subarray(w * b * n * n, w * (b + 1) * n * n);
          const vb = v.subarray(w * b * n * n, w * (b + 1) * n * n);
          const wb = x.subarray(b * n, (b + 1) * n);
          const res = clampedRatio(kit.svdResidual(a, n, n, vb, n, wb, vb, n), kit.norm1(a, n, n), n, ULP);
          if (!(res < 60) || !(kit.orthRatio(vb, n, n) < 60)) return false;
          for (let i = 1; i < n; i++) if (!(wb[i]! >= wb[i - 1]!)) return false;
        }
        return true;
      }),
      { numRuns: 150 },
    );
  });

  it('qr: ‖A − QR‖/(max(1,m)‖A‖eps) and ‖I − QᴴQ‖/(max(1,m)eps) < 30, diag(R) real ≥ 0', () => {
    fc.assert(
      fc.property(
        shape,
        fc.constantFrom('reduced' as const, 'complete' as const),
        ({ batch, m, n, seed, mag }, mode) => {
          const count = batch.reduce((p, d) => p * d, 1);
          const data = randomData(w * count * m * n, seed, mag);
          const [Q, R] = qr(tensor(data, { shape: [...batch, m, n], dtype: t.dtype }), { mode });
          const qc = mode === 'complete' ? m : Math.min(m, n);
          const q = f64(Q);
          const r = f64(R);
          for (let b = 0; b < count; b++) {
            const a = data.subarray(w * b * m * n, w * (b + 1) * m * n);
            const qb = q.subarray(w * b * m * qc, w * (b + 1) * m * qc);
            const rb = r.subarray(w * b * qc * n, w * (b + 1) * qc * n);
            const diff = kit.mul(qb, rb, m, qc, n).map((x, i) => x - a[i]!);
            const anorm = kit.norm1(a, m, n);
            const dnorm = kit.norm1(diff, m, n);
            const res = anorm === 0 ? dnorm : dnorm / (Math.max(1, m) * anorm * EPS);
            if (!(res < 30) || !(kit.orthRatio(qb, m, qc, EPS) < 30)) return false;
            for (let i = 0; i < Math.min(m, n); i++) {
              if (!(rb[w * (i * n + i)]! >= 0)) return false;
              if (w === 2 && rb[2 * (i * n + i) + 1] !== 0) return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 150 },
    );
  });
});
