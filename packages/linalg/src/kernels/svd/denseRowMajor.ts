/** Small dense helpers on row-major Float64Array matrices used by the SVD driver. */

/** Bᵀ of the row-major r×c matrix `a` (result c×r). */
export function transpose(a: Float64Array, r: number, c: number): Float64Array {
  return transposeInto(a, r, c, new Float64Array(r * c));
}

/**
 * Writes the c×r transpose of the row-major r×c matrix `a` into `t` (which must not overlap it).
 * Four rows of `a` at a time: each column j then gives four consecutive writes into row j of t,
 * and blocks of B columns keep the four read streams and the B write streams in cache.
 */
export function transposeInto(a: Float64Array, r: number, c: number, t: Float64Array): Float64Array {
  const B = 64;
  for (let j0 = 0; j0 < c; j0 += B) {
    const j1 = Math.min(j0 + B, c);
    let i = 0;
    for (; i + 3 < r; i += 4) {
      const s0 = i * c;
      const s1 = s0 + c;
      const s2 = s1 + c;
      const s3 = s2 + c;
      for (let j = j0, d = j0 * r + i; j < j1; j++, d += r) {
        t[d] = a[s0 + j]!;
        t[d + 1] = a[s1 + j]!;
        t[d + 2] = a[s2 + j]!;
        t[d + 3] = a[s3 + j]!;
      }
    }
    for (; i < r; i++) {
      const s0 = i * c;
      for (let j = j0, d = j0 * r + i; j < j1; j++, d += r) t[d] = a[s0 + j]!;
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
