import type { ReflectorBlock } from './compactWY.js';
import { generateReflectorNonNegative } from './householderReflector.js';

/**
 * DGEQR2 on one panel of blocked QR (householderQR.ts): columns c0..c0+nb−1 of the row-major
 * m×n `qr` (row length n), rows r0..m−1, with the panel's reflectors left in `blk.vt` as Vᵀ
 * (unit diagonal, zeros before it) ready for compactWY.ts, and the panel's R entries and
 * reflector tails written back into `qr` in LAPACK's compact form. τ goes to tau[c0 + q].
 *
 * The panel is factored transposed (one column per contiguous row of length L = m − r0): a
 * column of a row-major matrix is strided, so gathering it costs a cache line per entry, while
 * transposed every reflector generation and application is a contiguous dot product and axpy.
 *
 * Same reflectors as the unblocked loop (DLARFGP, β ≥ 0); the application order within a
 * column differs only by rounding.
 */
export function factorPanel(
  qr: Float64Array,
  n: number,
  r0: number,
  c0: number,
  L: number,
  nb: number,
  tau: Float64Array,
  blk: ReflectorBlock,
): void {
  const p = blk.vt;
  for (let i = 0; i < L; i++) {
    const src = (r0 + i) * n + c0;
    for (let q = 0; q < nb; q++) p[q * L + i] = qr[src + q]!;
  }
  for (let q = 0; q < nb; q++) {
    const oq = q * L;
    const t = generateReflectorNonNegative(p, oq + q, oq + q + 1, 1, L - q - 1);
    tau[c0 + q] = t;
    if (t === 0) continue;
    // Later panel columns c ← (I − τ·v·vᵀ)·c, v = [1; p[oq+q+1 .. oq+L)].
    for (let c = q + 1; c < nb; c++) {
      const oc = c * L;
      let dot = p[oc + q]!;
      for (let i = q + 1; i < L; i++) dot += p[oq + i]! * p[oc + i]!;
      if (dot === 0) continue;
      const s = t * dot;
      p[oc + q] = p[oc + q]! - s;
      for (let i = q + 1; i < L; i++) p[oc + i] = p[oc + i]! - s * p[oq + i]!;
    }
  }
  for (let i = 0; i < L; i++) {
    const dst = (r0 + i) * n + c0;
    for (let q = 0; q < nb; q++) qr[dst + q] = p[q * L + i]!;
  }
  // Vᵀ: the R part of each row becomes the implicit unit diagonal and the zeros before it.
  for (let q = 0; q < nb; q++) {
    p.fill(0, q * L, q * L + q);
    p[q * L + q] = 1;
  }
}
