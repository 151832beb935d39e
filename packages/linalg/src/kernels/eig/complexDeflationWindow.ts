import { kernels } from '@svd/tensor';
import { LinAlgError } from '../../errors.js';
import { generateComplexReflector } from '../complex/complexHouseholderReflector.js';
import { SAFE_MIN, ULP } from '../machineConstants.js';
import { complexSchur } from './complexSchur.js';
import { reflectWindow, swapAdjacent, windowHessenberg } from './complexWindowTransforms.js';

const { complexGemm, rowMajor, transposed, conjugated } = kernels;

/*
 * Aggressive early deflation (LAPACK zlaqr3) on the trailing jw×jw window of the active block
 * ktop..kbot of a complex Hessenberg matrix (interleaved, row-major, real subdiagonal): the
 * window is reduced to Schur form T = Vᴴ·W·V by the small QR (complexSchur), which turns the
 * single subdiagonal entry s = H(kwtop, kwtop−1) into the "spike" s·conj(V(0, :)). Eigenvalues
 * of T whose spike component is negligible deflate at once, from the bottom; the others are
 * moved to the top of T (adjacent swaps by Givens rotations, ztrexc) and their part of the
 * window is reduced back to Hessenberg form after the spike is folded by one reflector. The
 * rest of H (right of and above the window) and Z are updated by V with three complex GEMMs.
 * The eigenvalues that did not deflate are good shifts for the next sweeps.
 */

const cabs1 = (re: number, im: number): number => Math.abs(re) + Math.abs(im);

/** What one deflation window did. */
export interface DeflationResult {
  /** Eigenvalues deflated at the bottom of the window (H(kbot−nd+1, kbot−nd) is now 0). */
  readonly deflated: number;
  /** Undeflated eigenvalues of the window, interleaved: shifts for the next sweeps. */
  readonly shifts: Float64Array;
}

/**
 * zlaqr3 on the window kbot−jw+1..kbot (jw ≤ kbot − ktop + 1). `wantT` updates all of H
 * (else only the active block), `zt` (rows of Zᵀ) gets the window's transformation.
 *
 * @example
 * const { deflated, shifts } = kernels.complexDeflationWindow(h, n, 0, n - 1, 16, true, zt);
 */
export function complexDeflationWindow(
  h: Float64Array,
  n: number,
  ktop: number,
  kbot: number,
  jw: number,
  wantT: boolean,
  zt: Float64Array | null,
): DeflationResult {
  const at = (r: number, c: number): number => 2 * (r * n + c);
  const kwtop = kbot - jw + 1;
  const smlnum = SAFE_MIN * (n / ULP);
  let sr = 0;
  let si = 0;
  if (kwtop > ktop) {
    sr = h[at(kwtop, kwtop - 1)]!;
    si = h[at(kwtop, kwtop - 1) + 1]!;
  }
  if (jw === 1) {
    const d = at(kwtop, kwtop);
    if (cabs1(sr, si) <= Math.max(smlnum, ULP * cabs1(h[d]!, h[d + 1]!))) {
      if (kwtop > ktop) {
        h[at(kwtop, kwtop - 1)] = 0;
        h[at(kwtop, kwtop - 1) + 1] = 0;
      }
      return { deflated: 1, shifts: new Float64Array(0) };
    }
    return { deflated: 0, shifts: Float64Array.of(h[d]!, h[d + 1]!) };
  }
  // T: copy of the window (upper Hessenberg), vt = Vᵀ accumulated by the small QR.
  const t = new Float64Array(2 * jw * jw);
  for (let r = 0; r < jw; r++) {
    for (let c = Math.max(r - 1, 0); c < jw; c++) {
      t[2 * (r * jw + c)] = h[at(kwtop + r, kwtop + c)]!;
      t[2 * (r * jw + c) + 1] = h[at(kwtop + r, kwtop + c) + 1]!;
    }
  }
  const vt = new Float64Array(2 * jw * jw);
  for (let r = 0; r < jw; r++) vt[2 * (r * jw + r)] = 1;
  try {
    complexSchur(t, jw, 0, jw - 1, true, vt);
  } catch (e) {
    // The small QR failed. On NaN/Inf input that is final (fail fast, as zlahqr's own cap does);
    // on a finite window (rare) nothing deflates this time and its diagonal serves as shifts.
    if (!(e instanceof LinAlgError) || !windowFinite(h, n, kwtop, kbot)) throw e;
    const shifts = new Float64Array(2 * jw);
    for (let r = 0; r < jw; r++) {
      shifts[2 * r] = h[at(kwtop + r, kwtop + r)]!;
      shifts[2 * r + 1] = h[at(kwtop + r, kwtop + r) + 1]!;
    }
    return { deflated: 0, shifts };
  }
  // Deflation test from the bottom; undeflatable eigenvalues are moved up to position ilst.
  const scs = cabs1(sr, si);
  let ns = jw;
  let ilst = 0;
  for (let knt = 0; knt < jw; knt++) {
    const d = 2 * ((ns - 1) * jw + ns - 1);
    let foo = cabs1(t[d]!, t[d + 1]!);
    if (foo === 0) foo = scs;
    const spike = 2 * (ns - 1) * jw; // V(0, ns−1) = vt[ns−1, 0]
    if (scs * cabs1(vt[spike]!, vt[spike + 1]!) <= Math.max(smlnum, ULP * foo)) {
      ns--;
    } else {
      for (let k = ns - 2; k >= ilst; k--) swapAdjacent(t, vt, jw, k);
      ilst++;
    }
  }
  if (ns === 0) {
    sr = 0;
    si = 0;
  }
  if (ns < jw || (sr === 0 && si === 0)) {
    if (ns > 1 && (sr !== 0 || si !== 0)) {
      // Sort the undeflated eigenvalues by decreasing |·|₁ (accuracy for graded matrices).
      for (let i = 0; i < ns - 1; i++) {
        let ifst = i;
        let big = cabs1(t[2 * (i * jw + i)]!, t[2 * (i * jw + i) + 1]!);
        for (let j = i + 1; j < ns; j++) {
          const m = cabs1(t[2 * (j * jw + j)]!, t[2 * (j * jw + j) + 1]!);
          if (m > big) {
            big = m;
            ifst = j;
          }
        }
        for (let k = ifst - 1; k >= i; k--) swapAdjacent(t, vt, jw, k);
      }
    }
  }
  const shifts = new Float64Array(2 * ns);
  for (let r = 0; r < ns; r++) {
    shifts[2 * r] = t[2 * (r * jw + r)]!;
    shifts[2 * r + 1] = t[2 * (r * jw + r) + 1]!;
  }
  if (ns === jw && (sr !== 0 || si !== 0)) return { deflated: 0, shifts };
  if (ns > 1 && (sr !== 0 || si !== 0)) {
    // Fold the spike s·conj(V(0, 0..ns−1)) onto e₀ with one reflector, then re-Hessenberg.
    const x = new Float64Array(2 * ns);
    for (let j = 0; j < ns; j++) {
      const vr = vt[2 * j * jw]!;
      const vi = -vt[2 * j * jw + 1]!;
      x[2 * j] = sr * vr - si * vi;
      x[2 * j + 1] = sr * vi + si * vr;
    }
    const tau = new Float64Array(2);
    generateComplexReflector(x, 0, ns - 1, tau, 0);
    x[0] = 1;
    x[1] = 0;
    for (let r = 2; r < jw; r++) for (let c = 0; c < r - 1; c++) t[2 * (r * jw + c)] = t[2 * (r * jw + c) + 1] = 0;
    reflectWindow(t, vt, jw, ns, 0, ns, x, tau[0]!, tau[1]!);
    windowHessenberg(t, vt, jw, ns, x);
  }
  // Copy T back into the window; the spike collapses to s·conj(V(0, 0)).
  if (kwtop > ktop) {
    const p = at(kwtop, kwtop - 1);
    const vr = vt[0]!;
    const vi = -vt[1]!;
    h[p] = sr * vr - si * vi;
    h[p + 1] = sr * vi + si * vr;
  }
  for (let r = 0; r < jw; r++) {
    for (let c = 0; c < jw; c++) {
      const p = at(kwtop + r, kwtop + c);
      if (c < r - 1) {
        h[p] = 0;
        h[p + 1] = 0;
      } else {
        h[p] = t[2 * (r * jw + c)]!;
        h[p + 1] = t[2 * (r * jw + c) + 1]!;
      }
    }
  }
  // The rest of H and Z: right of the window Vᴴ·H, above it H·V, Z·V (Zᵀ rows: Vᵀ·Zᵀ).
  const vtOp = rowMajor(vt, jw);
  const right = wantT ? n - 1 : kbot;
  if (right > kbot) {
    const w = right - kbot;
    const tmp = copyBlock(h, n, kwtop, jw, kbot + 1, w);
    complexGemm(jw, w, jw, [1, 0], conjugated(vtOp), rowMajor(tmp, w), [0, 0], rowMajor(h, n, kwtop * n + kbot + 1));
  }
  const top = wantT ? 0 : ktop;
  if (kwtop > top) {
    const hgt = kwtop - top;
    const tmp = copyBlock(h, n, top, hgt, kwtop, jw);
    complexGemm(hgt, jw, jw, [1, 0], rowMajor(tmp, jw), transposed(vtOp), [0, 0], rowMajor(h, n, top * n + kwtop));
  }
  if (zt) {
    const tmp = copyBlock(zt, n, kwtop, jw, 0, n);
    complexGemm(jw, n, jw, [1, 0], vtOp, rowMajor(tmp, n), [0, 0], rowMajor(zt, n, kwtop * n));
  }
  return { deflated: jw - ns, shifts };
}

function windowFinite(h: Float64Array, n: number, first: number, last: number): boolean {
  for (let r = first; r <= last; r++) {
    for (let p = 2 * (r * n + first); p < 2 * (r * n + last + 1); p++) if (!Number.isFinite(h[p]!)) return false;
  }
  return true;
}

/** Reused by `copyBlock`: blocks of n × jw entries would otherwise be three large allocations per window. */
let blockScratch = new Float64Array(0);

/**
 * Rows r0..r0+rows−1, columns c0..c0+cols−1 of the interleaved n-column m, copied into a shared
 * scratch buffer (valid until the next call).
 */
function copyBlock(m: Float64Array, n: number, r0: number, rows: number, c0: number, cols: number): Float64Array {
  if (blockScratch.length < 2 * rows * cols) blockScratch = new Float64Array(2 * rows * cols);
  const out = blockScratch;
  for (let r = 0; r < rows; r++)
    out.set(m.subarray(2 * ((r0 + r) * n + c0), 2 * ((r0 + r) * n + c0 + cols)), 2 * r * cols);
  return out;
}
