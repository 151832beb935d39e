/**
 * The parts of `gemm` and `complexGemm` that need no packing: C ← beta·C, and the plain loops
 * that small or skinny products (matrix–vector, tiny batches) take instead of the blocked
 * kernels, whose packing would cost more than the arithmetic.
 */
import type { GemmOutput, RealArray, StridedOperand } from './gemmOperand.js';

/** C ← beta·C (beta = 0 writes zeros). */
export function scaleRows(m: number, n: number, beta: number, c: RealArray, cOffset: number, ldc: number): void {
  if (beta === 1) return;
  for (let i = 0; i < m; i++) {
    const row = cOffset + i * ldc;
    if (beta === 0) c.fill(0, row, row + n);
    else for (let j = row; j < row + n; j++) c[j] = beta * c[j]!;
  }
}

/** C ← beta·C for complex beta (beta = 0 writes zeros). */
export function scaleComplexRows(m: number, n: number, betaRe: number, betaIm: number, out: GemmOutput): void {
  if (betaRe === 1 && betaIm === 0) return;
  const { data: c, offset: cOffset, rowStride: ldc } = out;
  for (let i = 0; i < m; i++) {
    const row = 2 * (cOffset + i * ldc);
    if (betaRe === 0 && betaIm === 0) {
      c.fill(0, row, row + 2 * n);
      continue;
    }
    for (let q = row; q < row + 2 * n; q += 2) {
      const re = c[q]!;
      const im = c[q + 1]!;
      c[q] = betaRe * re - betaIm * im;
      c[q + 1] = betaRe * im + betaIm * re;
    }
  }
}

/** Unpacked loops for small or skinny products (matrix-vector, tiny batches). */
export function unpackedGemm(
  m: number,
  n: number,
  k: number,
  alpha: number,
  x: StridedOperand,
  y: StridedOperand,
  out: GemmOutput,
): void {
  const { data: a, offset: aOff, rowStride: ars, colStride: acs } = x;
  const { data: b, offset: bOff, rowStride: brs, colStride: bcs } = y;
  const { data: c, offset: cOff, rowStride: ldc } = out;
  if (bcs === 1 && n > 1) {
    // i-p-j: the innermost loop runs along a row of B and a row of C.
    for (let i = 0; i < m; i++) {
      const ci = cOff + i * ldc;
      for (let p = 0; p < k; p++) {
        const av = alpha * a[aOff + i * ars + p * acs]!;
        if (av === 0) continue;
        const bRow = bOff + p * brs;
        for (let j = 0; j < n; j++) c[ci + j] = c[ci + j]! + av * b[bRow + j]!;
      }
    }
    return;
  }
  // dot products: C[i, j] = Σ_p A[i, p] B[p, j].
  for (let i = 0; i < m; i++) {
    const aRow = aOff + i * ars;
    const ci = cOff + i * ldc;
    for (let j = 0; j < n; j++) {
      const bCol = bOff + j * bcs;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[aRow + p * acs]! * b[bCol + p * brs]!;
      c[ci + j] = c[ci + j]! + alpha * s;
    }
  }
}

/** An operand with offset and strides counted in reals, and the sign of its imaginary parts. */
export interface RealStrides {
  readonly data: RealArray;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
  readonly imSign: number;
}

export function inReals(x: StridedOperand): RealStrides {
  return {
    data: x.data,
    offset: 2 * x.offset,
    rowStride: 2 * x.rowStride,
    colStride: 2 * x.colStride,
    imSign: x.conj ? -1 : 1,
  };
}

/** Unpacked loops for small or skinny products; offsets and strides in reals. */
export function unpackedComplexGemm(
  m: number,
  n: number,
  k: number,
  alphaRe: number,
  alphaIm: number,
  x: RealStrides,
  y: RealStrides,
  out: GemmOutput,
): void {
  const { data: a, offset: aOff, rowStride: ars, colStride: acs, imSign: sa } = x;
  const { data: b, offset: bOff, rowStride: brs, colStride: bcs, imSign: sb } = y;
  const { data: c, offset: cOffset, rowStride: ldc } = out;
  if (bcs === 2 && n > 1) {
    // i-p-j: the innermost loop runs along a row of B and a row of C.
    for (let i = 0; i < m; i++) {
      const ci = 2 * (cOffset + i * ldc);
      for (let p = 0; p < k; p++) {
        const q = aOff + i * ars + p * acs;
        const xr = a[q]!;
        const xi = sa * a[q + 1]!;
        const ar = alphaRe * xr - alphaIm * xi;
        const ai = alphaRe * xi + alphaIm * xr;
        if (ar === 0 && ai === 0) continue;
        const bRow = bOff + p * brs;
        for (let j = 0; j < n; j++) {
          const br = b[bRow + 2 * j]!;
          const bi = sb * b[bRow + 2 * j + 1]!;
          const o = ci + 2 * j;
          c[o] = c[o]! + ar * br - ai * bi;
          c[o + 1] = c[o + 1]! + ar * bi + ai * br;
        }
      }
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    const aRow = aOff + i * ars;
    const ci = 2 * (cOffset + i * ldc);
    for (let j = 0; j < n; j++) {
      const bCol = bOff + j * bcs;
      let sr = 0;
      let si = 0;
      for (let p = 0; p < k; p++) {
        const qa = aRow + p * acs;
        const qb = bCol + p * brs;
        const ar = a[qa]!;
        const ai = sa * a[qa + 1]!;
        const br = b[qb]!;
        const bi = sb * b[qb + 1]!;
        sr += ar * br - ai * bi;
        si += ar * bi + ai * br;
      }
      const o = ci + 2 * j;
      c[o] = c[o]! + alphaRe * sr - alphaIm * si;
      c[o + 1] = c[o + 1]! + alphaRe * si + alphaIm * sr;
    }
  }
}
