/**
 * The eigenvectors of a Hermitian matrix from those of its real tridiagonal T = Qᴴ·A·Q, by
 * applying Q = H₀·H₁⋯H_{n−2} (the reflectors hermitianTridiagonalize leaves below the
 * sub-diagonal) to T's real eigenvectors in blocks (LAPACK zunmtr / zunmql-style with zlarft +
 * zlarfb, compact WY; Schreiber & Van Loan 1989):
 *
 *   H_j⋯H_{j+nb−1} = I − V·T·Vᴴ,  T upper triangular,
 *   X ← X − V·(T·(Vᴴ·X)),
 *
 * three products on complexGemm per block of nb reflectors, blocks from the last to the first,
 * instead of forming Q one reflector at a time (a matrix–vector sweep per reflector) and then
 * multiplying Q·Z in scalar loops.
 */

import { kernels } from '@svd/tensor';

const { complexGemm, conjugated, rowMajor, transposed } = kernels;

/** Reflectors per block (measured: 32 balances the gemm's efficiency against T's cost). */
const BLOCK = 32;
const ONE = [1, 0] as const;
const ZERO = [0, 0] as const;
const MINUS_ONE = [-1, 0] as const;

/**
 * X = Q·Z as an interleaved row-major n×n matrix (column i = eigenvector i), for the reflectors
 * in `w` / `tau` (hermitianTridiagonalize's output) and the real eigenvectors of T as the rows of
 * `zt` (row-major n×n).
 *
 * @example
 * kernels.hermitianTridiagonalize(w, n, d, e, tau);
 * const zt = kernels.tridiagonalDivideConquer(d, e, n);
 * const x = kernels.hermitianBackTransform(w, n, tau, zt); // columns: eigenvectors of A
 */
export function hermitianBackTransform(w: Float64Array, n: number, tau: Float64Array, zt: Float64Array): Float64Array {
  const x = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < n; r++) x[2 * (r * n + i)] = zt[i * n + r]!;
  }
  const count = n - 1;
  if (count <= 0) return x;
  const v = new Float64Array(2 * n * BLOCK);
  const t = new Float64Array(2 * BLOCK * BLOCK);
  const vhx = new Float64Array(2 * BLOCK * n);
  const tvhx = new Float64Array(2 * BLOCK * n);
  const lastStart = Math.floor((count - 1) / BLOCK) * BLOCK;
  for (let j0 = lastStart; j0 >= 0; j0 -= BLOCK) {
    const nb = Math.min(BLOCK, count - j0);
    const lead0 = j0 + 1; // reflector j acts on coordinates j+1..n−1
    const len = n - lead0;
    buildBlock(w, n, tau, j0, nb, lead0, v, t);
    const xs = rowMajor(x, n, lead0 * n);
    const vs = rowMajor(v, nb);
    complexGemm(nb, n, len, ONE, conjugated(transposed(vs)), xs, ZERO, rowMajor(vhx, n));
    complexGemm(nb, n, nb, ONE, rowMajor(t, nb), rowMajor(vhx, n), ZERO, rowMajor(tvhx, n));
    complexGemm(len, n, nb, MINUS_ONE, vs, rowMajor(tvhx, n), ONE, rowMajor(x, n, lead0 * n));
  }
  return x;
}

/**
 * V (len×nb interleaved row-major, unit lower trapezoidal: reflector j0+q has its implicit 1 at
 * row q) and T (nb×nb upper triangular) with H_{j0}⋯H_{j0+nb−1} = I − V·T·Vᴴ (zlarft, forward,
 * columnwise): T[q, q] = τ_q, T[0:q, q] = −τ_q·T[0:q, 0:q]·(V[:, 0:q]ᴴ·v_q).
 */
function buildBlock(
  w: Float64Array,
  n: number,
  tau: Float64Array,
  j0: number,
  nb: number,
  lead0: number,
  v: Float64Array,
  t: Float64Array,
): void {
  const len = n - lead0;
  v.fill(0, 0, 2 * len * nb);
  for (let q = 0; q < nb; q++) {
    const k = j0 + q;
    v[2 * (q * nb + q)] = 1;
    // Tail of reflector k: rows k+2.. of column k of w, i.e. block rows q+1..
    for (let row = q + 1; row < len; row++) {
      const src = 2 * ((lead0 + row) * n + k);
      v[2 * (row * nb + q)] = w[src]!;
      v[2 * (row * nb + q) + 1] = w[src + 1]!;
    }
  }
  t.fill(0, 0, 2 * nb * nb);
  const dr = new Float64Array(nb);
  const di = new Float64Array(nb);
  for (let q = 0; q < nb; q++) {
    const tr = tau[2 * (j0 + q)]!;
    const ti = tau[2 * (j0 + q) + 1]!;
    t[2 * (q * nb + q)] = tr;
    t[2 * (q * nb + q) + 1] = ti;
    if ((tr === 0 && ti === 0) || q === 0) continue;
    // dots[s] = v_sᴴ·v_q over rows q.. (v_q is zero above row q).
    dr.fill(0, 0, q);
    di.fill(0, 0, q);
    for (let row = q; row < len; row++) {
      const o = 2 * row * nb;
      const vqr = v[o + 2 * q]!;
      const vqi = v[o + 2 * q + 1]!;
      if (vqr === 0 && vqi === 0) continue;
      for (let s = 0; s < q; s++) {
        const vsr = v[o + 2 * s]!;
        const vsi = v[o + 2 * s + 1]!;
        // conj(v_s)·v_q
        dr[s] = dr[s]! + vsr * vqr + vsi * vqi;
        di[s] = di[s]! + vsr * vqi - vsi * vqr;
      }
    }
    // T[0:q, q] = −τ_q · T[0:q, 0:q] · dots
    for (let s = 0; s < q; s++) {
      let ar = 0;
      let ai = 0;
      for (let p = s; p < q; p++) {
        const o = 2 * (s * nb + p);
        const xr = t[o]!;
        const xi = t[o + 1]!;
        ar += xr * dr[p]! - xi * di[p]!;
        ai += xr * di[p]! + xi * dr[p]!;
      }
      t[2 * (s * nb + q)] = -(tr * ar - ti * ai);
      t[2 * (s * nb + q) + 1] = -(tr * ai + ti * ar);
    }
  }
}
