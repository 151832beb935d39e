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
    rotatePair(t, p, p + 2 * jw, c, snr, sni);
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

/**
 * The similarity T ← Gᴴ·T·G by the reflector G = I − τ·x·xᴴ on rows/columns r0..r0+len−1 of
 * the jw×jw window (rows updated over columns r0..jw−1, columns over rows 0..ns−1), and V ← V·G
 * on those rows of vt = Vᵀ. `x` (2·len, x₀ = 1) is conjugated in place for the column updates
 * and restored (negation is exact).
 */
export function reflectWindow(
  t: Float64Array,
  vt: Float64Array,
  jw: number,
  ns: number,
  r0: number,
  len: number,
  x: Float64Array,
  tr: number,
  ti: number,
): void {
  reflectLines(t, 2 * (r0 * jw + r0), 2, 2 * jw, jw - r0, len, x, tr, -ti);
  // The column form m ← m·G, row by row (w = Σ m_c·x_c, m_c −= τ·w·conj(x_c)), is
  // `reflectLines` on x̄ with τ: the same operations, to the bit.
  conjugate(x, len);
  reflectLines(t, 2 * r0, 2 * jw, 2, ns, len, x, tr, ti);
  reflectLines(vt, 2 * r0 * jw, 2, 2 * jw, jw, len, x, tr, ti);
  conjugate(x, len);
}

/**
 * `lines` lines (`lineStride` doubles apart from `start`), each of `len` entries `inc` apart:
 * line ← (I − τ·x·xᴴ)·line, i.e. w = Σ conj(x_r)·line_r, line_r −= x_r·(τ·w).
 */
function reflectLines(
  m: Float64Array,
  start: number,
  lineStride: number,
  inc: number,
  lines: number,
  len: number,
  x: Float64Array,
  tr: number,
  ti: number,
): void {
  for (let l = 0, base = start; l < lines; l++, base += lineStride) {
    let wr = 0;
    let wi = 0;
    for (let r = 0, p = base; r < len; r++, p += inc) {
      const xr = x[2 * r]!;
      const xi = -x[2 * r + 1]!;
      wr += xr * m[p]! - xi * m[p + 1]!;
      wi += xr * m[p + 1]! + xi * m[p]!;
    }
    const gr = tr * wr - ti * wi;
    const gi = tr * wi + ti * wr;
    for (let r = 0, p = base; r < len; r++, p += inc) {
      const xr = x[2 * r]!;
      const xi = x[2 * r + 1]!;
      m[p] = m[p]! - (xr * gr - xi * gi);
      m[p + 1] = m[p + 1]! - (xr * gi + xi * gr);
    }
  }
}

function conjugate(x: Float64Array, len: number): void {
  for (let r = 0; r < len; r++) x[2 * r + 1] = -x[2 * r + 1]!;
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
    reflectWindow(t, vt, jw, ns, k + 1, len, x, tr, ti);
  }
}
