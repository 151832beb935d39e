import { generateComplexReflector } from '../complex/complexHouseholderReflector.js';

/*
 * The small unitary transformations of aggressive early deflation (complexDeflationWindow.ts) on
 * the jw×jw window T (interleaved, row-major) and its Schur vectors kept as rows of Vᵀ: adjacent
 * swaps of diagonal entries (ztrexc), one reflector from either side (zlarf), and the
 * re-reduction of the undeflated block to Hessenberg form (zgehd2).
 */

/**
 * Swaps the adjacent diagonal entries k, k+1 of the upper triangular jw×jw t by a Givens
 * rotation (ztrexc), updating the rows of vt = Vᵀ.
 */
export function swapAdjacent(t: Float64Array, vt: Float64Array, jw: number, k: number): void {
  const d0 = 2 * (k * jw + k);
  const d1 = 2 * ((k + 1) * jw + k + 1);
  const t11r = t[d0]!;
  const t11i = t[d0 + 1]!;
  const t22r = t[d1]!;
  const t22i = t[d1 + 1]!;
  // zlartg(f = T(k, k+1), g = t22 − t11): [c s; −conj(s) c]·[f; g] = [r; 0].
  const fr = t[d0 + 2]!;
  const fi = t[d0 + 3]!;
  const gr = t22r - t11r;
  const gi = t22i - t11i;
  const fa = Math.hypot(fr, fi);
  const ga = Math.hypot(gr, gi);
  if (ga === 0) return;
  let c: number;
  let snr: number;
  let sni: number;
  if (fa === 0) {
    c = 0;
    snr = gr / ga;
    sni = -gi / ga;
  } else {
    const d = Math.hypot(fa, ga);
    c = fa / d;
    // s = (f/|f|)·conj(g)/d
    const ur = fr / fa;
    const ui = fi / fa;
    snr = (ur * gr + ui * gi) / d;
    sni = (ui * gr - ur * gi) / d;
  }
  // Rows k, k+1, columns k+2..: x ← c·x + s·y, y ← c·y − conj(s)·x.
  for (let j = k + 2; j < jw; j++) {
    const p = 2 * (k * jw + j);
    const q = p + 2 * jw;
    const xr = t[p]!;
    const xi = t[p + 1]!;
    const yr = t[q]!;
    const yi = t[q + 1]!;
    t[p] = c * xr + (snr * yr - sni * yi);
    t[p + 1] = c * xi + (snr * yi + sni * yr);
    t[q] = c * yr - (snr * xr + sni * xi);
    t[q + 1] = c * yi - (snr * xi - sni * xr);
  }
  // Columns k, k+1, rows 0..k−1 with (c, conj(s)); the same on the rows of Vᵀ.
  for (let r = 0; r < k; r++) {
    const p = 2 * (r * jw + k);
    rotatePair(t, p, p + 2, c, snr, -sni);
  }
  for (let j = 0; j < jw; j++) {
    const p = 2 * (k * jw + j);
    rotatePair(vt, p, p + 2 * jw, c, snr, -sni);
  }
  t[d0] = t22r;
  t[d0 + 1] = t22i;
  t[d1] = t11r;
  t[d1 + 1] = t11i;
}

/** zrot: x ← c·x + s·y, y ← c·y − conj(s)·x. */
function rotatePair(m: Float64Array, p: number, q: number, c: number, sr: number, si: number): void {
  const xr = m[p]!;
  const xi = m[p + 1]!;
  const yr = m[q]!;
  const yi = m[q + 1]!;
  m[p] = c * xr + (sr * yr - si * yi);
  m[p + 1] = c * xi + (sr * yi + si * yr);
  m[q] = c * yr - (sr * xr + si * xi);
  m[q + 1] = c * yi - (sr * xi - si * xr);
}

/** Rows r0..r0+rows−1, columns c0..c0+cols−1 of m (ld columns): m ← (I − τ·x·xᴴ)·m. */
export function reflectRows(
  m: Float64Array,
  ld: number,
  r0: number,
  rows: number,
  c0: number,
  cols: number,
  x: Float64Array,
  tr: number,
  ti: number,
): void {
  for (let c = c0; c < c0 + cols; c++) {
    let wr = 0;
    let wi = 0;
    for (let r = 0; r < rows; r++) {
      const p = 2 * ((r0 + r) * ld + c);
      const xr = x[2 * r]!;
      const xi = -x[2 * r + 1]!;
      wr += xr * m[p]! - xi * m[p + 1]!;
      wi += xr * m[p + 1]! + xi * m[p]!;
    }
    const gr = tr * wr - ti * wi;
    const gi = tr * wi + ti * wr;
    for (let r = 0; r < rows; r++) {
      const p = 2 * ((r0 + r) * ld + c);
      const xr = x[2 * r]!;
      const xi = x[2 * r + 1]!;
      m[p] = m[p]! - (xr * gr - xi * gi);
      m[p + 1] = m[p + 1]! - (xr * gi + xi * gr);
    }
  }
}

/** Rows r0..r0+rows−1, columns c0..c0+cols−1 of m: m ← m·(I − τ·x·xᴴ). */
export function reflectCols(
  m: Float64Array,
  ld: number,
  r0: number,
  rows: number,
  c0: number,
  cols: number,
  x: Float64Array,
  tr: number,
  ti: number,
): void {
  for (let r = r0; r < r0 + rows; r++) {
    let wr = 0;
    let wi = 0;
    for (let c = 0; c < cols; c++) {
      const p = 2 * (r * ld + c0 + c);
      const xr = x[2 * c]!;
      const xi = x[2 * c + 1]!;
      wr += m[p]! * xr - m[p + 1]! * xi;
      wi += m[p]! * xi + m[p + 1]! * xr;
    }
    const gr = tr * wr - ti * wi;
    const gi = tr * wi + ti * wr;
    for (let c = 0; c < cols; c++) {
      // −= g·conj(x_c)
      const p = 2 * (r * ld + c0 + c);
      const xr = x[2 * c]!;
      const xi = x[2 * c + 1]!;
      m[p] = m[p]! - (gr * xr + gi * xi);
      m[p + 1] = m[p + 1]! - (gi * xr - gr * xi);
    }
  }
}

/** V := V·(I − τ·x·xᴴ) on columns r0..r0+rows−1 of V, done on those rows of vt = Vᵀ. */
export function reflectRowsTransposed(
  vt: Float64Array,
  jw: number,
  r0: number,
  rows: number,
  x: Float64Array,
  tr: number,
  ti: number,
): void {
  for (let c = 0; c < jw; c++) {
    // w = Σᵢ xᵢ·vt[r0 + i, c]
    let wr = 0;
    let wi = 0;
    for (let r = 0; r < rows; r++) {
      const p = 2 * ((r0 + r) * jw + c);
      const xr = x[2 * r]!;
      const xi = x[2 * r + 1]!;
      wr += xr * vt[p]! - xi * vt[p + 1]!;
      wi += xr * vt[p + 1]! + xi * vt[p]!;
    }
    const gr = tr * wr - ti * wi;
    const gi = tr * wi + ti * wr;
    for (let r = 0; r < rows; r++) {
      // −= conj(x_r)·g
      const p = 2 * ((r0 + r) * jw + c);
      const xr = x[2 * r]!;
      const xi = -x[2 * r + 1]!;
      vt[p] = vt[p]! - (xr * gr - xi * gi);
      vt[p + 1] = vt[p + 1]! - (xr * gi + xi * gr);
    }
  }
}

/**
 * zgehd2 on the leading ns×ns block of the jw×jw t (rows of the block over all jw columns),
 * each reflector also applied to V (rows of vt = Vᵀ); `x` (≥ 2·ns) is scratch.
 */
export function windowHessenberg(t: Float64Array, vt: Float64Array, jw: number, ns: number, x: Float64Array): void {
  const tau = new Float64Array(2);
  for (let k = 0; k + 2 < ns; k++) {
    const len = ns - k - 1; // rows k+1..ns−1
    for (let i = 0; i < len; i++) {
      const p = 2 * ((k + 1 + i) * jw + k);
      x[2 * i] = t[p]!;
      x[2 * i + 1] = t[p + 1]!;
    }
    generateComplexReflector(x, 0, len - 1, tau, 0);
    const p0 = 2 * ((k + 1) * jw + k);
    t[p0] = x[0]!;
    t[p0 + 1] = x[1]!;
    for (let i = 1; i < len; i++) t[p0 + 2 * i * jw] = t[p0 + 2 * i * jw + 1] = 0;
    x[0] = 1;
    x[1] = 0;
    const tr = tau[0]!;
    const ti = tau[1]!;
    if (tr === 0 && ti === 0) continue;
    reflectRows(t, jw, k + 1, len, k + 1, jw - k - 1, x, tr, -ti);
    reflectCols(t, jw, 0, ns, k + 1, len, x, tr, ti);
    reflectRowsTransposed(vt, jw, k + 1, len, x, tr, ti);
  }
}
