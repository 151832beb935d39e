/**
 * Householder QR of a tall row-major matrix, in place (LAPACK dgeqr2).
 *
 * dgesvd's path for m ≥ 1.6·n: factor A = Q·R first, bidiagonalise the small n×n R, and
 * recover U = Q·U_R with one matrix product. The QR costs 2mn² − 2n³/3 flops against the
 * 4mn² − 4n³/3 of bidiagonalising A directly, and the QR sweeps then rotate vectors of length
 * n instead of m.
 *
 * On return the upper triangle holds R and column i below the diagonal holds reflector i
 * (implicit unit leading entry); `tau` receives the n scalar factors.
 */

import { applyColumnReflectorLeft, generateReflector } from './householderReflector.js';

export function householderQR(a: Float64Array, m: number, n: number, tau: Float64Array): void {
  const w = new Float64Array(n);
  const steps = Math.min(m, n);
  for (let i = 0; i < steps; i++) {
    const t = generateReflector(a, i * n + i, (i + 1) * n + i, n, m - i - 1);
    tau[i] = t;
    applyColumnReflectorLeft(a, m, n, i, i, i + 1, t, w);
  }
}

/** The upper triangle of the leading n×n block of the factored `a` (row length n), zeros below. */
export function extractR(a: Float64Array, n: number): Float64Array {
  const r = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const base = i * n;
    for (let j = i; j < n; j++) r[base + j] = a[base + j]!;
  }
  return r;
}
