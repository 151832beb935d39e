/** Small dense helpers on row-major Float64Array matrices used by the SVD driver. */

/** Bᵀ of the row-major r×c matrix `a` (result c×r). */
export function transpose(a: Float64Array, r: number, c: number): Float64Array {
  const t = new Float64Array(r * c);
  // Blocked so both the reads and the strided writes stay within a few cache lines.
  const B = 32;
  for (let i0 = 0; i0 < r; i0 += B) {
    const i1 = Math.min(i0 + B, r);
    for (let j0 = 0; j0 < c; j0 += B) {
      const j1 = Math.min(j0 + B, c);
      for (let i = i0; i < i1; i++) {
        const base = i * c;
        for (let j = j0; j < j1; j++) t[j * r + i] = a[base + j]!;
      }
    }
  }
  return t;
}

/**
 * C[0 : p·q] = A·B for row-major A (p×r) and the first r rows of row-major B (row length q),
 * written into `c` starting at offset 0. i-k-j order keeps the inner loop contiguous in B and C.
 */
export function multiplyInto(c: Float64Array, a: Float64Array, b: Float64Array, p: number, r: number, q: number): void {
  c.fill(0, 0, p * q);
  for (let i = 0; i < p; i++) {
    const cRow = i * q;
    for (let k = 0; k < r; k++) {
      const aik = a[i * r + k]!;
      if (aik === 0) continue;
      const bRow = k * q;
      for (let j = 0; j < q; j++) c[cRow + j] = c[cRow + j]! + aik * b[bRow + j]!;
    }
  }
}

/** The n×n identity. */
export function identity(n: number): Float64Array {
  const e = new Float64Array(n * n);
  for (let i = 0; i < n; i++) e[i * n + i] = 1;
  return e;
}
