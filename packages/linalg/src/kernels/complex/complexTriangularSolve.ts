import { kernels } from '@svd/tensor';
import type { TriangularSolveOptions } from '../triangularSolve.js';
import { clearNegativeZeros } from '../negativeZero.js';
import { complexDivide } from './complexScalar.js';

const { complexGemm, rowMajor, transposed } = kernels;

/** Rows per diagonal block, and the order from which the solve is blocked (as the real kernel). */
const NB = 32;
const BLOCKED_FROM = 64;
const ONE = [1, 0] as const;
const MINUS_ONE = [-1, 0] as const;

/**
 * Solve op(T)·X = B for complex triangular T (ZTRSM, left side, op = identity or PLAIN
 * transpose — for Tᴴ the caller passes a conjugated T). T is interleaved row-major n×n, B
 * interleaved n×nrhs (not modified). Only the named triangle is read (without the diagonal
 * when unitDiagonal). A zero diagonal gives Inf/NaN; callers check it first.
 * Same structure as the real kernel: blocks of NB rows in solve order, the solved rows'
 * contributions subtracted by one complexGemm per block (ZTRSM's blocked form), and within a
 * diagonal block the dot form for op = identity, the axpy form for the transpose, innermost loop
 * along the right-hand sides.
 *
 * @example
 * const t = Float64Array.of(2, 0, 0, 0, 0, 1, 1, 0); // [[2, 0], [i, 1]]
 * const opts = { lower: true, unitDiagonal: false, transpose: false };
 * kernels.complexTriangularSolve(t, 2, Float64Array.of(2, 0, 1, 1), 1, opts); // [1, 0, 1, 0]: x = [1, 1]
 */
export function complexTriangularSolve(
  t: Float64Array,
  n: number,
  b: Float64Array,
  nrhs: number,
  opts: TriangularSolveOptions,
): Float64Array {
  const x = b.slice(0, 2 * n * nrhs);
  const { lower, unitDiagonal, transpose } = opts;
  const forward = lower !== transpose;
  const q = new Float64Array(2);
  const divideRow = (i: number): void => {
    if (unitDiagonal) return;
    const dr = t[2 * (i * n + i)]!;
    const di = t[2 * (i * n + i) + 1]!;
    const o = 2 * i * nrhs;
    for (let r = 0; r < 2 * nrhs; r += 2) {
      complexDivide(x[o + r]!, x[o + r + 1]!, dr, di, q);
      x[o + r] = q[0]!;
      x[o + r + 1] = q[1]!;
    }
  };
  // x[row dst] −= t_ij · x[row src]
  const axpy = (dst: number, src: number, tr: number, ti: number): void => {
    const od = 2 * dst * nrhs;
    const os = 2 * src * nrhs;
    for (let r = 0; r < 2 * nrhs; r += 2) {
      const xr = x[os + r]!;
      const xi = x[os + r + 1]!;
      x[od + r] = x[od + r]! - (tr * xr - ti * xi);
      x[od + r + 1] = x[od + r + 1]! - (tr * xi + ti * xr);
    }
  };
  const nb = n >= BLOCKED_FROM ? NB : n;
  const blocks = n === 0 ? 0 : Math.ceil(n / nb);
  for (let b = 0; b < blocks; b++) {
    const blk = forward ? b : blocks - 1 - b;
    const i0 = blk * nb;
    const i1 = Math.min(i0 + nb, n);
    // The solved rows: [0, i0) going forward, [i1, n) going backward.
    const d0 = forward ? 0 : i1;
    const d1 = forward ? i0 : n;
    if (d1 > d0 && nrhs > 0) {
      const opT = transpose ? transposed(rowMajor(t, n, d0 * n + i0)) : rowMajor(t, n, i0 * n + d0);
      complexGemm(
        i1 - i0,
        nrhs,
        d1 - d0,
        MINUS_ONE,
        opT,
        rowMajor(x, nrhs, d0 * nrhs),
        ONE,
        rowMajor(x, nrhs, i0 * nrhs),
      );
    }
    for (let s = 0; s < i1 - i0; s++) {
      const i = forward ? i0 + s : i1 - 1 - s;
      if (!transpose) {
        const j0 = forward ? i0 : i + 1;
        const j1 = forward ? i : i1;
        for (let j = j0; j < j1; j++) {
          const tr = t[2 * (i * n + j)]!;
          const ti = t[2 * (i * n + j) + 1]!;
          if (tr === 0 && ti === 0) continue;
          axpy(i, j, tr, ti);
        }
        divideRow(i);
      } else {
        divideRow(i);
        const j0 = forward ? i + 1 : i0;
        const j1 = forward ? i1 : i;
        for (let j = j0; j < j1; j++) {
          const tr = t[2 * (i * n + j)]!;
          const ti = t[2 * (i * n + j) + 1]!;
          if (tr === 0 && ti === 0) continue;
          axpy(j, i, tr, ti);
        }
      }
    }
  }
  return clearNegativeZeros(x);
}
