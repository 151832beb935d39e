/**
 * The panel packers of the real GEMM (`gemm.ts`: GotoBLAS layering, 4×4 micro-kernel) and B
 * packed whole for the chunks of a parallel product.
 *
 * A parallel product split by rows (`threads/parallelGemm.ts`) would have every chunk pack all of
 * B again — the same panels, 1.5–1.9 ms per chunk at 1024². Instead the calling thread packs B
 * once into shared memory with {@link packWholeB}, block by block in the order the kernel uses
 * them, counting the blocks done in a shared word; the chunks copy each block from there
 * ({@link copyPackedB}; a worker that gets ahead of the packing waits for the block). The copy is
 * the same values in the same layout as packing, so the bits do not change.
 */
import type { StridedOperand } from './gemmOperand.js';
import { KC, NC } from './gemmWasm.js';

/** The micro-kernel's tile: MR rows of A by NR columns of B. */
export const MR = 4;
export const NR = 4;

const roundUp4 = (x: number): number => (x + 3) & ~3;

/**
 * B (k×n) packed whole, in shared memory: every (KC, NC) block in the panel layout of
 * {@link packPanelsB}, strip by strip (blocks of KC rows within a strip of NC columns).
 */
export interface WholePackedB {
  readonly data: Float64Array;
  /** ready[0]: blocks packed so far, in packing order (strip-major). */
  readonly ready: Int32Array;
}

/** Length of B packed whole: k × n, each NC-wide column strip padded to a multiple of NR columns. */
export function packedBLength(k: number, n: number): number {
  return k * (Math.floor(n / NC) * NC + roundUp4(n % NC));
}

/** Where block (pc, jc) starts: strips of k rows, blocks of KC rows within. */
const blockAt = (k: number, n: number, pc: number, jc: number): number => jc * k + pc * roundUp4(Math.min(NC, n - jc));

/** The block's place in packing order. */
const blockIndex = (k: number, pc: number, jc: number): number => (jc / NC) * Math.ceil(k / KC) + pc / KC;

/**
 * Packs all of B (k×n) into `dst.data`, block by block, raising `dst.ready[0]` (and waking
 * waiting workers) after each block.
 */
export function packWholeB(dst: WholePackedB, b: StridedOperand, k: number, n: number): void {
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      const at = blockAt(k, n, pc, jc);
      packPanelsB(dst.data.subarray(at, at + kc * roundUp4(nc)), b, pc, jc, kc, nc);
      Atomics.add(dst.ready, 0, 1);
      Atomics.notify(dst.ready, 0);
    }
  }
}

/** Copies block (pc, jc) of a B packed whole into the panel buffer `bp`, once it is packed. */
export function copyPackedB(
  bp: Float64Array,
  packed: WholePackedB,
  k: number,
  n: number,
  pc: number,
  jc: number,
  kc: number,
  nc: number,
): void {
  const index = blockIndex(k, pc, jc);
  // Only a worker can get here early (the caller packs all of B before it runs a chunk).
  for (let done = Atomics.load(packed.ready, 0); done <= index; done = Atomics.load(packed.ready, 0)) {
    Atomics.wait(packed.ready, 0, done, 1);
  }
  const at = blockAt(k, n, pc, jc);
  bp.set(packed.data.subarray(at, at + kc * roundUp4(nc)));
}

/**
 * Packs the kc×nc block of B at (p0, j0) into consecutive kc×NR panels, each stored p-major
 * (panel[p·NR + jj]); the last panel is zero-padded to NR columns.
 */
export function packPanelsB(bp: Float64Array, x: StridedOperand, p0: number, j0: number, kc: number, nc: number): void {
  const { data: b, rowStride: rs, colStride: cs } = x;
  const off = x.offset + p0 * rs + j0 * cs;
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = Math.min(NR, nc - jr);
    const base = jr * kc;
    const src = off + jr * cs;
    if (nr === NR && cs === 1) {
      for (let p = 0, d = base, s = src; p < kc; p++, d += NR, s += rs) {
        bp[d] = b[s]!;
        bp[d + 1] = b[s + 1]!;
        bp[d + 2] = b[s + 2]!;
        bp[d + 3] = b[s + 3]!;
      }
    } else if (nr === NR && rs === 1) {
      // Columns contiguous (B = Xᵀ of a row-major X): four read streams, one pass.
      const s1 = src + cs;
      const s2 = s1 + cs;
      const s3 = s2 + cs;
      for (let p = 0, d = base; p < kc; p++, d += NR) {
        bp[d] = b[src + p]!;
        bp[d + 1] = b[s1 + p]!;
        bp[d + 2] = b[s2 + p]!;
        bp[d + 3] = b[s3 + p]!;
      }
    } else {
      for (let jj = 0; jj < NR; jj++) {
        if (jj < nr) {
          for (let p = 0, d = base + jj, s = src + jj * cs; p < kc; p++, d += NR, s += rs) bp[d] = b[s]!;
        } else {
          for (let p = 0, d = base + jj; p < kc; p++, d += NR) bp[d] = 0;
        }
      }
    }
  }
}

/**
 * Packs the mc×kc block of A at (i0, p0) into consecutive MR×kc panels stored p-major
 * (panel[p·MR + ii]); the last panel is zero-padded to MR rows.
 */
export function packPanelsA(ap: Float64Array, x: StridedOperand, i0: number, p0: number, mc: number, kc: number): void {
  const { data: a, rowStride: rs, colStride: cs } = x;
  const off = x.offset + i0 * rs + p0 * cs;
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = Math.min(MR, mc - ir);
    const base = ir * kc;
    const src = off + ir * rs;
    if (mr === MR && rs === 1) {
      for (let p = 0, d = base, s = src; p < kc; p++, d += MR, s += cs) {
        ap[d] = a[s]!;
        ap[d + 1] = a[s + 1]!;
        ap[d + 2] = a[s + 2]!;
        ap[d + 3] = a[s + 3]!;
      }
    } else if (mr === MR && cs === 1) {
      // Rows contiguous (row-major A): four read streams, one pass.
      const s1 = src + rs;
      const s2 = s1 + rs;
      const s3 = s2 + rs;
      for (let p = 0, d = base; p < kc; p++, d += MR) {
        ap[d] = a[src + p]!;
        ap[d + 1] = a[s1 + p]!;
        ap[d + 2] = a[s2 + p]!;
        ap[d + 3] = a[s3 + p]!;
      }
    } else {
      for (let ii = 0; ii < MR; ii++) {
        if (ii < mr) {
          for (let p = 0, d = base + ii, s = src + ii * rs; p < kc; p++, d += MR, s += cs) ap[d] = a[s]!;
        } else {
          for (let p = 0, d = base + ii; p < kc; p++, d += MR) ap[d] = 0;
        }
      }
    }
  }
}
