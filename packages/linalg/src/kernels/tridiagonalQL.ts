import { ConvergenceError } from '../errors.js';
import { GivensRotation } from './givensRotation.js';
import { EPS, SAFE_MAX, SAFE_MIN } from './machineConstants.js';
import { safeHypot } from './safeHypot.js';
import { eigen2x2Out, symmetric2x2Eigen } from './symmetric2x2Eigen.js';

/*
 * Eigenvalues (and optionally eigenvectors) of a symmetric tridiagonal matrix by implicit QL/QR
 * with Wilkinson-type shifts, following LAPACK DSTEQR:
 *  - the matrix is split wherever an off-diagonal is negligible, and each unreduced block is
 *    scaled into [SSF_MIN, SSF_MAX] so squares of its entries cannot over/underflow;
 *  - each block is iterated from whichever end has the smaller diagonal entry (QL from the top
 *    when |d_end| ≥ |d_start|, QR from the bottom otherwise), which converges faster and more
 *    accurately for graded matrices;
 *  - at most 30·n sweeps in total (MAXIT = 30 per eigenvalue), then ConvergenceError.
 *
 * Eigenvectors are kept TRANSPOSED: `zt` is row-major n×n and row i is the i-th eigenvector
 * (column i of Z in LAPACK terms). A Givens rotation of Z's columns (i, i+1) is then a rotation
 * of two contiguous rows, which is what makes the O(n³) accumulation fast in row-major JS.
 * Pass zt = Qᵀ from the tridiagonal reduction (or the identity) to get eigenvectors of the
 * original matrix; pass null for eigenvalues only.
 *
 * On return d is sorted ascending (rows of zt permuted along) and e is destroyed.
 */

const MAX_ITER_PER_EIGENVALUE = 30;
const EPS2 = EPS * EPS;
const SSF_MAX = Math.sqrt(SAFE_MAX) / 3;
const SSF_MIN = Math.sqrt(SAFE_MIN) / EPS2;

/** Rows i and j of zt: (zᵢ, zⱼ) ← (c·zᵢ + s·zⱼ, c·zⱼ − s·zᵢ), i.e. DLASR's column update. */
function rotateRows(zt: Float64Array, n: number, i: number, j: number, c: number, s: number): void {
  const oi = i * n;
  const oj = j * n;
  for (let k = 0; k < n; k++) {
    const zi = zt[oi + k]!;
    const zj = zt[oj + k]!;
    zt[oj + k] = c * zj - s * zi;
    zt[oi + k] = s * zj + c * zi;
  }
}

function scaleRange(x: Float64Array, from: number, to: number, factor: number): void {
  for (let i = from; i < to; i++) x[i] = x[i]! * factor;
}

/**
 * Eigenvalues (and, with `zt`, eigenvectors) of the symmetric tridiagonal matrix with diagonal
 * d and off-diagonal e, by implicit QL/QR (LAPACK dsteqr), in place: d ends ascending, e is
 * destroyed, and zt (row-major n×n, or null) has its rows rotated so that row i is the
 * eigenvector of d[i]. Throws ConvergenceError after 30·n sweeps. Details at the top of the file.
 *
 * @example
 * const d = Float64Array.of(2, 2), e = Float64Array.of(1); // T = [[2, 1], [1, 2]]
 * const zt = Float64Array.of(1, 0, 0, 1); // identity: eigenvectors of T itself
 * kernels.tridiagonalQL(d, e, zt, 2);     // d = [1, 3]; row i of zt is the eigenvector of d[i]
 */
export function tridiagonalQL(d: Float64Array, e: Float64Array, zt: Float64Array | null, n: number, op = 'eigh'): void {
  if (n <= 1) return;
  // NaN makes every convergence test false; rather than burn 30·n sweeps and then report a
  // convergence failure, say so up front.
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(d[i]!) || (i < n - 1 && !Number.isFinite(e[i]!))) {
      throw new ConvergenceError(op, 'the tridiagonal matrix contains NaN or Infinity');
    }
  }
  const nmaxit = n * MAX_ITER_PER_EIGENVALUE;
  const rot = new GivensRotation();
  let jtot = 0;
  let l1 = 0;
  while (l1 < n) {
    if (l1 > 0) e[l1 - 1] = 0;
    // Find the end of the unreduced block starting at l1.
    let m = l1;
    for (; m < n - 1; m++) {
      const tst = Math.abs(e[m]!);
      if (tst === 0) break;
      if (tst <= Math.sqrt(Math.abs(d[m]!)) * Math.sqrt(Math.abs(d[m + 1]!)) * EPS) {
        e[m] = 0;
        break;
      }
    }
    let l = l1;
    const lsv = l;
    let lend = m;
    const lendsv = lend;
    l1 = m + 1;
    if (lend === l) continue;

    // Scale the block so that its largest entry is near 1-ish in exponent range.
    let anorm = 0;
    for (let i = l; i <= lend; i++) anorm = Math.max(anorm, Math.abs(d[i]!));
    for (let i = l; i < lend; i++) anorm = Math.max(anorm, Math.abs(e[i]!));
    if (anorm === 0) continue;
    let iscale = 0;
    if (anorm > SSF_MAX) {
      iscale = 1;
      scaleRange(d, l, lend + 1, SSF_MAX / anorm);
      scaleRange(e, l, lend, SSF_MAX / anorm);
    } else if (anorm < SSF_MIN) {
      iscale = 2;
      scaleRange(d, l, lend + 1, SSF_MIN / anorm);
      scaleRange(e, l, lend, SSF_MIN / anorm);
    }

    if (Math.abs(d[lend]!) < Math.abs(d[l]!)) {
      lend = lsv;
      l = lendsv;
    }

    if (lend > l) {
      // QL iteration: chase the bulge upwards, deflating at the top (index l).
      for (;;) {
        for (m = l; m < lend; m++) {
          const tst = e[m]! * e[m]!;
          if (tst <= EPS2 * Math.abs(d[m]!) * Math.abs(d[m + 1]!) + SAFE_MIN) break;
        }
        if (m < lend) e[m] = 0;
        let p = d[l]!;
        if (m === l) {
          // d[l] is an eigenvalue.
          d[l] = p;
          l++;
          if (l <= lend) continue;
          break;
        }
        if (m === l + 1) {
          // A 2×2 block: solve it directly.
          symmetric2x2Eigen(d[l]!, e[l]!, d[l + 1]!);
          if (zt) rotateRows(zt, n, l, l + 1, eigen2x2Out[2]!, eigen2x2Out[3]!);
          d[l] = eigen2x2Out[0]!;
          d[l + 1] = eigen2x2Out[1]!;
          e[l] = 0;
          l += 2;
          if (l <= lend) continue;
          break;
        }
        if (jtot === nmaxit) break;
        jtot++;
        // Shift from the leading 2×2 (Wilkinson), in DSTEQR's overflow-safe form.
        let g = (d[l + 1]! - p) / (2 * e[l]!);
        let r = safeHypot(g, 1);
        g = d[m]! - p + e[l]! / (g + (g >= 0 ? r : -r));
        let s = 1;
        let c = 1;
        p = 0;
        for (let i = m - 1; i >= l; i--) {
          const f = s * e[i]!;
          const b = c * e[i]!;
          rot.compute(g, f);
          c = rot.c;
          s = rot.s;
          r = rot.r;
          if (i !== m - 1) e[i + 1] = r;
          g = d[i + 1]! - p;
          r = (d[i]! - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          // DSTEQR saves (c, −s) and applies them in generation order; applying at once is the same.
          if (zt) rotateRows(zt, n, i, i + 1, c, -s);
        }
        d[l] = d[l]! - p;
        e[l] = g;
      }
    } else {
      // QR iteration: chase the bulge downwards, deflating at the bottom (index l).
      for (;;) {
        for (m = l; m > lend; m--) {
          const tst = e[m - 1]! * e[m - 1]!;
          if (tst <= EPS2 * Math.abs(d[m]!) * Math.abs(d[m - 1]!) + SAFE_MIN) break;
        }
        if (m > lend) e[m - 1] = 0;
        let p = d[l]!;
        if (m === l) {
          d[l] = p;
          l--;
          if (l >= lend) continue;
          break;
        }
        if (m === l - 1) {
          symmetric2x2Eigen(d[l - 1]!, e[l - 1]!, d[l]!);
          if (zt) rotateRows(zt, n, l - 1, l, eigen2x2Out[2]!, eigen2x2Out[3]!);
          d[l - 1] = eigen2x2Out[0]!;
          d[l] = eigen2x2Out[1]!;
          e[l - 1] = 0;
          l -= 2;
          if (l >= lend) continue;
          break;
        }
        if (jtot === nmaxit) break;
        jtot++;
        let g = (d[l - 1]! - p) / (2 * e[l - 1]!);
        let r = safeHypot(g, 1);
        g = d[m]! - p + e[l - 1]! / (g + (g >= 0 ? r : -r));
        let s = 1;
        let c = 1;
        p = 0;
        for (let i = m; i <= l - 1; i++) {
          const f = s * e[i]!;
          const b = c * e[i]!;
          rot.compute(g, f);
          c = rot.c;
          s = rot.s;
          r = rot.r;
          if (i !== m) e[i - 1] = r;
          g = d[i]! - p;
          r = (d[i + 1]! - g) * s + 2 * c * b;
          p = s * r;
          d[i] = g + p;
          g = c * r - b;
          if (zt) rotateRows(zt, n, i, i + 1, c, s);
        }
        d[l] = d[l]! - p;
        e[l - 1] = g;
      }
    }

    // Undo the block scaling.
    if (iscale === 1) {
      scaleRange(d, lsv, lendsv + 1, anorm / SSF_MAX);
      scaleRange(e, lsv, lendsv, anorm / SSF_MAX);
    } else if (iscale === 2) {
      scaleRange(d, lsv, lendsv + 1, anorm / SSF_MIN);
      scaleRange(e, lsv, lendsv, anorm / SSF_MIN);
    }

    if (jtot >= nmaxit) {
      let unconverged = 0;
      for (let i = 0; i < n - 1; i++) if (e[i] !== 0) unconverged++;
      if (unconverged > 0) {
        throw new ConvergenceError(
          op,
          `the QL/QR iteration did not converge in ${nmaxit} sweeps; ${unconverged} off-diagonal ` +
            'elements of the tridiagonal matrix are still non-zero',
          jtot,
        );
      }
    }
  }

  // Selection sort: at most n−1 swaps, each moving one whole eigenvector row.
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i]!;
    for (let j = i + 1; j < n; j++) {
      if (d[j]! < p) {
        k = j;
        p = d[j]!;
      }
    }
    if (k !== i) {
      d[k] = d[i]!;
      d[i] = p;
      if (zt) {
        const oi = i * n;
        const ok = k * n;
        for (let c = 0; c < n; c++) {
          const t = zt[oi + c]!;
          zt[oi + c] = zt[ok + c]!;
          zt[ok + c] = t;
        }
      }
    }
  }
}
