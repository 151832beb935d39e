import { generateReflector } from '../householderReflector.js';

/*
 * One step of dlahqr's double-shift bulge chase, and a fused pair of steps.
 *
 * A step k generates the 3-element reflector P_k = I − τ·v·vᵀ (v = [1, v₂, v₃]) from the bulge in
 * column k−1 and applies it to rows k..k+2 (columns k..i2), to columns k..k+2 (rows i1..k+3)
 * and to rows k..k+2 of Zᵀ. Those sweeps over whole rows and columns are where dlahqr spends
 * its time once T and Z are wanted, and each reads and writes memory for a handful of flops.
 *
 * `chaseStepPair` performs steps k and k+1 with their far-from-diagonal parts FUSED: rows
 * k..k+3 right of column k+2, rows i1..k−1 of columns k..k+3 and rows k..k+3 of Zᵀ are loaded
 * once, P_k then P_{k+1} applied in registers, and stored once. Only the entries near the
 * diagonal, which step k+1's reflector is generated from, are updated in the original order
 * first. Every entry receives the same operations in the same order as in two single steps, so
 * the result is bit-identical to the unfused chase (tests check this); it only moves less memory.
 */

/**
 * Generates the reflector of step k in v (v[0] ← β, v[1], v[2] the tail; returns τ) and writes
 * the chased bulge back into column k−1 (dlahqr's loop head). For k = m (the first step) v holds
 * the first column of the shift polynomial on entry.
 */
export function stepReflector(
  h: Float64Array,
  n: number,
  k: number,
  m: number,
  l: number,
  i: number,
  v: Float64Array,
): number {
  const nr = Math.min(3, i - k + 1);
  if (k > m) for (let t = 0; t < nr; t++) v[t] = h[(k + t) * n + k - 1]!;
  const t1 = generateReflector(v, 0, 1, 1, nr - 1);
  if (k > m) {
    h[k * n + k - 1] = v[0]!;
    h[(k + 1) * n + k - 1] = 0;
    if (k < i - 1) h[(k + 2) * n + k - 1] = 0;
  } else if (m > l) {
    // dlahqr: H(k, k−1)·(1 − t1) instead of −H(k, k−1), safe when v(2), v(3) underflow.
    h[k * n + k - 1] = h[k * n + k - 1]! * (1 - t1);
  }
  return t1;
}

/** Rows k..k+2 of h, columns from..to, by the 3-element reflector (v₂, v₃, τ). */
function applyRows(
  h: Float64Array,
  n: number,
  k: number,
  from: number,
  to: number,
  v2: number,
  v3: number,
  t1: number,
): void {
  const t2 = t1 * v2;
  const t3 = t1 * v3;
  const r0 = k * n;
  const r1 = r0 + n;
  const r2 = r1 + n;
  for (let j = from; j <= to; j++) {
    const sum = h[r0 + j]! + v2 * h[r1 + j]! + v3 * h[r2 + j]!;
    h[r0 + j] = h[r0 + j]! - sum * t1;
    h[r1 + j] = h[r1 + j]! - sum * t2;
    h[r2 + j] = h[r2 + j]! - sum * t3;
  }
}

/** Columns k..k+2 of h, rows from..to, by the 3-element reflector. */
function applyColumns(
  h: Float64Array,
  n: number,
  k: number,
  from: number,
  to: number,
  v2: number,
  v3: number,
  t1: number,
): void {
  const t2 = t1 * v2;
  const t3 = t1 * v3;
  for (let j = from; j <= to; j++) {
    const p = j * n + k;
    const sum = h[p]! + v2 * h[p + 1]! + v3 * h[p + 2]!;
    h[p] = h[p]! - sum * t1;
    h[p + 1] = h[p + 1]! - sum * t2;
    h[p + 2] = h[p + 2]! - sum * t3;
  }
}

/**
 * Four consecutive lines (stride `step` between them, `len` entries from `start`, entry stride
 * `inc`) by P_k on lines 0..2 then P_{k+1} on lines 1..3, each entry loaded and stored once.
 */
function applyPair(
  x: Float64Array,
  start: number,
  step: number,
  inc: number,
  len: number,
  a2: number,
  a3: number,
  ta: number,
  b2: number,
  b3: number,
  tb: number,
): void {
  const ta2 = ta * a2;
  const ta3 = ta * a3;
  const tb2 = tb * b2;
  const tb3 = tb * b3;
  for (let c = 0, p = start; c < len; c++, p += inc) {
    let x0 = x[p]!;
    let x1 = x[p + step]!;
    let x2 = x[p + 2 * step]!;
    let x3 = x[p + 3 * step]!;
    let sum = x0 + a2 * x1 + a3 * x2;
    x0 -= sum * ta;
    x1 -= sum * ta2;
    x2 -= sum * ta3;
    sum = x1 + b2 * x2 + b3 * x3;
    x1 -= sum * tb;
    x2 -= sum * tb2;
    x3 -= sum * tb3;
    x[p] = x0;
    x[p + step] = x1;
    x[p + 2 * step] = x2;
    x[p + 3 * step] = x3;
  }
}

/**
 * One unfused step k (any reflector length; the last step of a sweep has 2 elements): dlahqr's
 * loop body verbatim.
 */
export function chaseStep(
  h: Float64Array,
  n: number,
  k: number,
  m: number,
  l: number,
  i: number,
  i1: number,
  i2: number,
  zt: Float64Array | null,
  v: Float64Array,
): void {
  const nr = Math.min(3, i - k + 1);
  const t1 = stepReflector(h, n, k, m, l, i, v);
  const v2 = v[1]!;
  const t2 = t1 * v2;
  if (nr === 3) {
    const v3 = v[2]!;
    applyRows(h, n, k, k, i2, v2, v3, t1);
    applyColumns(h, n, k, i1, Math.min(k + 3, i), v2, v3, t1);
    if (zt) applyRows(zt, n, k, 0, n - 1, v2, v3, t1);
  } else if (nr === 2) {
    const r0 = k * n;
    const r1 = r0 + n;
    for (let j = k; j <= i2; j++) {
      const sum = h[r0 + j]! + v2 * h[r1 + j]!;
      h[r0 + j] = h[r0 + j]! - sum * t1;
      h[r1 + j] = h[r1 + j]! - sum * t2;
    }
    for (let j = i1; j <= i; j++) {
      const p = j * n + k;
      const sum = h[p]! + v2 * h[p + 1]!;
      h[p] = h[p]! - sum * t1;
      h[p + 1] = h[p + 1]! - sum * t2;
    }
    if (zt) {
      const q0 = k * n;
      const q1 = q0 + n;
      for (let j = 0; j < n; j++) {
        const sum = zt[q0 + j]! + v2 * zt[q1 + j]!;
        zt[q0 + j] = zt[q0 + j]! - sum * t1;
        zt[q1 + j] = zt[q1 + j]! - sum * t2;
      }
    }
  }
}

/**
 * Steps k and k+1 of the chase, both with 3-element reflectors (k + 1 ≤ i − 2), far parts fused;
 * bit-identical to chaseStep(k) then chaseStep(k+1).
 */
export function chaseStepPair(
  h: Float64Array,
  n: number,
  k: number,
  m: number,
  l: number,
  i: number,
  i1: number,
  i2: number,
  zt: Float64Array | null,
  v: Float64Array,
): void {
  const ta = stepReflector(h, n, k, m, l, i, v);
  const a2 = v[1]!;
  const a3 = v[2]!;
  // Near the diagonal, in the unfused order: P_k on rows k..k+2 (columns k..k+2) and on columns
  // k..k+2 (rows k..k+3); then P_{k+1} is generated from column k and applied to rows k+1..k+3
  // (columns k+1..k+2).
  applyRows(h, n, k, k, k + 2, a2, a3, ta);
  applyColumns(h, n, k, k, Math.min(k + 3, i), a2, a3, ta);
  const tb = stepReflector(h, n, k + 1, m, l, i, v);
  const b2 = v[1]!;
  const b3 = v[2]!;
  applyRows(h, n, k + 1, k + 1, k + 2, b2, b3, tb);
  // Rows k..k+3 right of column k+2: P_k then P_{k+1} in one pass.
  if (i2 >= k + 3) applyPair(h, k * n + k + 3, n, 1, i2 - k - 2, a2, a3, ta, b2, b3, tb);
  // P_{k+1} on columns k+1..k+3, rows k..k+4 (the rest of its column update is fused below).
  applyColumns(h, n, k + 1, k, Math.min(k + 4, i), b2, b3, tb);
  // Rows i1..k−1 of columns k..k+3: P_k then P_{k+1} in one pass.
  if (k - 1 >= i1) applyPair(h, i1 * n + k, 1, n, k - i1, a2, a3, ta, b2, b3, tb);
  if (zt) applyPair(zt, k * n, n, 1, n, a2, a3, ta, b2, b3, tb);
}
