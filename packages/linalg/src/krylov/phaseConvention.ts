/**
 * The Krylov solvers' phase convention: each column of `v` (row-major rows×k, interleaved when
 * complex) is multiplied by the unit scalar that makes its largest-magnitude entry real and
 * positive (the first on exact ties) — eigh's rule — and the same column of `u` (if given) by the
 * same scalar, so u·vᴴ (the SVD's invariant) is unchanged. Applied to the Krylov and the dense
 * path alike, so the two agree wherever the vectors are unique up to phase.
 */
export function fixPhases(v: Float64Array, rows: number, k: number, w: 1 | 2, u?: Float64Array, uRows = 0): void {
  for (let j = 0; j < k; j++) {
    let best = -1;
    let bestAbs = -1;
    for (let i = 0; i < rows; i++) {
      const p = (i * k + j) * w;
      const a = w === 2 ? Math.hypot(v[p]!, v[p + 1]!) : Math.abs(v[p]!);
      if (a > bestAbs) {
        bestAbs = a;
        best = p;
      }
    }
    if (best < 0 || bestAbs === 0) continue;
    // Multiply by c = conj(v_best) / |v_best|.
    const cr = v[best]! / bestAbs;
    const ci = w === 2 ? -v[best + 1]! / bestAbs : 0;
    scaleColumn(v, rows, k, j, w, cr, ci);
    if (w === 2) v[best + 1] = 0;
    if (u) scaleColumn(u, uRows, k, j, w, cr, ci);
  }
}

function scaleColumn(x: Float64Array, rows: number, k: number, j: number, w: 1 | 2, cr: number, ci: number): void {
  for (let i = 0; i < rows; i++) {
    const p = (i * k + j) * w;
    if (w === 1) {
      x[p] = x[p]! * cr;
      continue;
    }
    const re = x[p]!;
    const im = x[p + 1]!;
    x[p] = re * cr - im * ci;
    x[p + 1] = re * ci + im * cr;
  }
}
