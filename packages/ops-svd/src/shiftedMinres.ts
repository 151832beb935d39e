import { ConvergenceError } from '@svd/linalg';
import * as T from '@svd/tensor';

/**
 * A block vector: one or more matrices with the same number of columns (the stacked [x; y] of the
 * svds complement system is two blocks, m×k and n×k). Column j of every block together is the
 * j-th right-hand side.
 */
export type Blocks = readonly T.Tensor[];

/** What MINRES needs: the solved system is (σⱼ·I − H)·zⱼ = rⱼ for every column j, H Hermitian. */
export interface ShiftedSystem {
  /** H applied to every column of a block vector (one block application per iteration). */
  readonly apply: (z: Blocks) => Blocks;
  /** The shifts σⱼ, one per column. */
  readonly shifts: Float64Array;
  /** Relative residual tolerance ‖rⱼ − (σⱼ − H)zⱼ‖ ≤ tol·‖rⱼ‖. */
  readonly tol: number;
  /** Iteration cap: ConvergenceError after it. */
  readonly maxIter: number;
  /** For error messages. */
  readonly op: string;
}

/** Raw row-major entries of a block ((re, im) interleaved for complex) and its column count. */
function raw(t: T.Tensor): { d: ArrayLike<number>; k: number; w: number } {
  return { d: t.toTypedArray(false), k: t.shape[1]!, w: T.isComplex(t.dtype) ? 2 : 1 };
}

/**
 * Per-column Re⟨x, y⟩ summed over the blocks, as plain numbers. Written as plain loops over the
 * buffers (the vector work of an iteration would otherwise cost more than the block products);
 * one fixed summation order: block by block, row by row.
 */
function columnDots(x: Blocks, y: Blocks): Float64Array {
  const k = x[0]!.shape[1]!;
  const acc = new Float64Array(k);
  for (let b = 0; b < x.length; b++) {
    const { d: xd, w } = raw(x[b]!);
    const { d: yd } = raw(y[b]!);
    const rows = x[b]!.shape[0]!;
    for (let i = 0; i < rows; i++) {
      const base = i * k * w;
      if (w === 1) {
        for (let j = 0; j < k; j++) acc[j]! += xd[base + j]! * yd[base + j]!;
      } else {
        for (let j = 0; j < k; j++) {
          const p = base + 2 * j;
          acc[j]! += xd[p]! * yd[p]! + xd[p + 1]! * yd[p + 1]!;
        }
      }
    }
  }
  return acc;
}

function columnNorms(x: Blocks): Float64Array {
  return columnDots(x, x).map(Math.sqrt);
}

/** Σ cᵢ·Xᵢ with per-column real coefficients cᵢ, block by block (plain loops, terms in order). */
function combine(terms: readonly (readonly [Float64Array, Blocks])[]): T.Tensor[] {
  const out: T.Tensor[] = [];
  const first = terms[0]![1];
  for (let b = 0; b < first.length; b++) {
    const like = first[b]!;
    const { k, w } = raw(like);
    const rows = like.shape[0]!;
    const acc = new Float64Array(rows * k * w);
    for (const [c, X] of terms) {
      const { d } = raw(X[b]!);
      for (let i = 0; i < rows; i++) {
        const base = i * k * w;
        for (let j = 0; j < k; j++) {
          const cj = c[j]!;
          if (cj === 0) continue;
          const p = base + j * w;
          acc[p]! += cj * d[p]!;
          if (w === 2) acc[p + 1]! += cj * d[p + 1]!;
        }
      }
    }
    out.push(T.tensor(acc, { shape: [rows, k], dtype: like.dtype }));
  }
  return out;
}

function zerosLike(x: Blocks): T.Tensor[] {
  return x.map((b) => T.zeros(b.shape, { dtype: b.dtype }));
}

/**
 * MINRES (Paige & Saunders 1975) for the Hermitian, possibly indefinite systems (σⱼ − H)·zⱼ = rⱼ,
 * all columns in lock-step so that every iteration is one block application of H, each column with
 * its own Lanczos scalars (the shifts differ per column, as S is diagonal in the svds complement
 * system). A column stops updating once its residual estimate is below tol·‖rⱼ‖; the true residual
 * is checked at the end. NaN or no convergence within the cap → ConvergenceError, never a silent NaN.
 */
export function shiftedMinres(sys: ShiftedSystem, rhs: Blocks): T.Tensor[] {
  const k = sys.shifts.length;
  const bnorm = columnNorms(rhs);
  const x = zerosLike(rhs);
  if (k === 0) return x;
  const sigma = sys.shifts;
  const op = (v: Blocks): T.Tensor[] => {
    const hv = sys.apply(v);
    return combine([
      [sigma, v],
      [new Float64Array(k).fill(-1), hv],
    ]);
  };
  const active = Array.from(bnorm, (b) => b > 0);
  const beta1 = Float64Array.from(bnorm);
  let beta: Float64Array = Float64Array.from(bnorm);
  let oldb: Float64Array = new Float64Array(k);
  const dbar = new Float64Array(k);
  const epsln = new Float64Array(k);
  const phibar = Float64Array.from(bnorm);
  const cs = new Float64Array(k).fill(-1);
  const sn = new Float64Array(k);
  let r1: T.Tensor[] = [...rhs];
  let r2: T.Tensor[] = [...rhs];
  let y: T.Tensor[] = [...rhs];
  let w = zerosLike(rhs);
  let w2 = zerosLike(rhs);
  let xs = x;
  let iter = 0;
  while (active.some(Boolean)) {
    if (iter >= sys.maxIter) {
      const worst = Math.max(...Array.from(phibar, (p, j) => (active[j] ? p / beta1[j]! : 0)));
      throw new ConvergenceError(
        sys.op,
        `the iterative complement solve (MINRES) did not reach the relative residual ${sys.tol.toExponential(1)} in ${sys.maxIter} iterations (worst estimate ${worst.toExponential(2)}); raise the solver's maxIter or loosen tol`,
        iter,
      );
    }
    iter++;
    const s = Float64Array.from(beta, (b, j) => (active[j] ? 1 / b : 0));
    const v = combine([[s, y]]);
    let yNew = op(v);
    if (iter >= 2) {
      yNew = combine([
        [new Float64Array(k).fill(1), yNew],
        [Float64Array.from(beta, (b, j) => (active[j] ? -b / oldb[j]! : 0)), r1],
      ]);
    }
    const alfa = columnDots(v, yNew);
    yNew = combine([
      [new Float64Array(k).fill(1), yNew],
      [Float64Array.from(alfa, (a, j) => (active[j] ? -a / beta[j]! : 0)), r2],
    ]);
    r1 = r2;
    r2 = yNew;
    y = yNew;
    oldb = beta;
    beta = columnNorms(yNew);
    const phi = new Float64Array(k);
    const c1 = new Float64Array(k); // coefficient of v in the new w
    const c2 = new Float64Array(k); // of w1 (the w before last)
    const c3 = new Float64Array(k); // of w2 (the last w)
    for (let j = 0; j < k; j++) {
      if (!active[j]) continue;
      const oldeps = epsln[j]!;
      const delta = cs[j]! * dbar[j]! + sn[j]! * alfa[j]!;
      const gbar = sn[j]! * dbar[j]! - cs[j]! * alfa[j]!;
      epsln[j] = sn[j]! * beta[j]!;
      dbar[j] = -cs[j]! * beta[j]!;
      const gamma = Math.max(Math.hypot(gbar, beta[j]!), Number.MIN_VALUE);
      cs[j] = gbar / gamma;
      sn[j] = beta[j]! / gamma;
      phi[j] = cs[j]! * phibar[j]!;
      phibar[j] = sn[j]! * phibar[j]!;
      c1[j] = 1 / gamma;
      c2[j] = -oldeps / gamma;
      c3[j] = -delta / gamma;
    }
    const wNew = combine([
      [c1, v],
      [c2, w2],
      [c3, w],
    ]);
    w2 = w;
    w = wNew;
    xs = combine([
      [new Float64Array(k).fill(1), xs],
      [phi, wNew],
    ]);
    for (let j = 0; j < k; j++) {
      if (!active[j]) continue;
      if (!Number.isFinite(phibar[j]!) || !Number.isFinite(beta[j]!)) {
        throw new ConvergenceError(
          sys.op,
          `the iterative complement solve (MINRES) produced a non-finite value in column ${j} at iteration ${iter}`,
          iter,
        );
      }
      // phibar is MINRES's residual norm; beta = 0 means the Krylov space is exhausted (exact solve).
      if (phibar[j]! <= sys.tol * beta1[j]! || beta[j]! === 0) active[j] = false;
    }
  }
  // The recurrence's residual estimate drifts from the true one in rounding: check the real thing.
  const res = combine([
    [new Float64Array(k).fill(1), rhs],
    [new Float64Array(k).fill(-1), op(xs)],
  ]);
  const rn = columnNorms(res);
  for (let j = 0; j < k; j++) {
    if (!(rn[j]! <= Math.max(100 * sys.tol, 1e-10) * beta1[j]!) && bnorm[j]! > 0) {
      throw new ConvergenceError(
        sys.op,
        `the iterative complement solve (MINRES) stagnated: column ${j} has the relative residual ${(rn[j]! / beta1[j]!).toExponential(2)} after ${iter} iterations (tolerance ${sys.tol.toExponential(1)})`,
        iter,
      );
    }
  }
  return xs;
}
