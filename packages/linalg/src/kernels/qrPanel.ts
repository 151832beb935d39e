import { kernels } from '@svd/tensor';
import { type ReflectorBlock, buildTriangularFactor, reflectorBlockScratch } from './compactWY.js';
import { generateReflectorNonNegative } from './householderReflector.js';

const { gemm, rowMajor } = kernels;

/** Panel columns at or below which the reflectors are applied one by one. */
const LEAF = 16;

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
 * Recursive over the panel's columns (Elmroth & Gustavson 2000, as LAPACK's dgeqrt3): the left
 * half is factored, its reflectors are applied to the right half in compact WY form by GEMMs,
 * then the right half is factored; only strips of ≤ LEAF columns run reflector by reflector.
 * For tall-skinny matrices (2000×100) nearly all of QR is panel work, so this is what puts it
 * on the GEMM. Same reflectors as the unblocked loop (DLARFGP, β ≥ 0) up to rounding.
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
  const sub = nb > LEAF ? reflectorBlockScratch(L, nb >> 1, nb) : null;
  factorColumns(p, L, 0, nb, tau, c0, sub);
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

/** Factors panel columns [q0, q1) (rows q0..q1−1 of the transposed panel p, row length L). */
function factorColumns(
  p: Float64Array,
  L: number,
  q0: number,
  q1: number,
  tau: Float64Array,
  c0: number,
  sub: ReflectorBlock | null,
): void {
  if (q1 - q0 <= LEAF || sub === null) {
    factorLeaf(p, L, q0, q1, tau, c0);
    return;
  }
  const h = q0 + ((q1 - q0) >> 1);
  factorColumns(p, L, q0, h, tau, c0, sub);
  // Right half ← Hᵀ·(right half), H = I − V·T·Vᵀ of reflectors q0..h−1 over coordinates q0..L−1.
  // Transposed (rows of p): Cᵀ ← Cᵀ − (Cᵀ·V)·T·Vᵀ.
  const hb = h - q0;
  const Lq = L - q0;
  const { vt, t, w, w2 } = sub;
  for (let q = 0; q < hb; q++) {
    const dst = q * Lq;
    vt.fill(0, dst, dst + q);
    vt[dst + q] = 1;
    const src = (q0 + q) * L + q0;
    for (let i = q + 1; i < Lq; i++) vt[dst + i] = p[src + i]!;
  }
  buildTriangularFactor(Lq, hb, tau, c0 + q0, sub);
  const rows = q1 - h;
  const Ct = rowMajor(p, L, h * L + q0);
  const Vt = rowMajor(vt, Lq);
  // W = Cᵀ·V (rows×hb), W₂ = W·T, Cᵀ −= W₂·Vᵀ.
  gemm(rows, hb, Lq, 1, Ct, { data: vt, offset: 0, rowStride: 1, colStride: Lq }, 0, rowMajor(w, hb));
  gemm(rows, hb, hb, 1, rowMajor(w, hb), rowMajor(t, hb), 0, rowMajor(w2, hb));
  gemm(rows, Lq, hb, -1, rowMajor(w2, hb), Vt, 1, Ct);
  factorColumns(p, L, h, q1, tau, c0, sub);
}

/** Reflector by reflector on panel columns [q0, q1): generate, then apply to the later ones. */
function factorLeaf(p: Float64Array, L: number, q0: number, q1: number, tau: Float64Array, c0: number): void {
  for (let q = q0; q < q1; q++) {
    const oq = q * L;
    const t = generateReflectorNonNegative(p, oq + q, oq + q + 1, 1, L - q - 1);
    tau[c0 + q] = t;
    if (t === 0) continue;
    // Later panel columns c ← (I − τ·v·vᵀ)·c, v = [1; p[oq+q+1 .. oq+L)].
    for (let c = q + 1; c < q1; c++) {
      const oc = c * L;
      // Four partial sums: a single accumulator would make the dot latency-bound.
      let d0 = p[oc + q]!;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      let i = q + 1;
      for (; i + 3 < L; i += 4) {
        d0 += p[oq + i]! * p[oc + i]!;
        d1 += p[oq + i + 1]! * p[oc + i + 1]!;
        d2 += p[oq + i + 2]! * p[oc + i + 2]!;
        d3 += p[oq + i + 3]! * p[oc + i + 3]!;
      }
      for (; i < L; i++) d0 += p[oq + i]! * p[oc + i]!;
      const dot = d0 + d1 + (d2 + d3);
      if (dot === 0) continue;
      const s = t * dot;
      p[oc + q] = p[oc + q]! - s;
      for (let j = q + 1; j < L; j++) p[oc + j] = p[oc + j]! - s * p[oq + j]!;
    }
  }
}
